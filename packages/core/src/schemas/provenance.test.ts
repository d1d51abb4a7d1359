import { describe, expect, it } from 'vitest';
import { issuePathsOf } from './__fixtures__/issues-of';
import { provenanceSchema } from './provenance';

describe('provenanceSchema', () => {
  it('accepts a generator-made provenance and one converted from a SWE-bench row', () => {
    const made = { source: 'synthetic', generator: { name: '@swespot/bug-gen', version: '0.2.0' }, createdAt: '2026-01-01T00:00:00Z' };
    expect(provenanceSchema.parse(made)).toEqual(made);
    const converted = provenanceSchema.parse({
      source: 'swe-bench-verified',
      origin: 'django__django-13837',
      createdAt: '2026-01-01T00:00:00Z',
      sweBench: { keyOrder: ['repo', 'instance_id'], testListEncoding: 'json-string' },
    });
    expect(converted.sweBench).toEqual({ keyOrder: ['repo', 'instance_id'], testListEncoding: 'json-string', extraFields: {}, verbatim: {} });
  });

  it('rejects an unknown source, a generator without version and a non-JSON extra field', () => {
    const paths = issuePathsOf(provenanceSchema, {
      source: 'scraped',
      generator: { name: 'x' },
      createdAt: '2026-01-01T00:00:00Z',
      sweBench: { keyOrder: [], extraFields: { when: new Date(0) } },
    });
    expect(paths.sort()).toEqual(['generator.version', 'source', 'sweBench.extraFields.when']);
  });
});
