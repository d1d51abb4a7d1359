import { describe, expect, it } from 'vitest';
import { codeIndexRecordSchema, codeReferenceSchema } from './code-index-record';

const entity = {
  kind: 'function',
  name: 'helper',
  qualifiedName: 'helper',
  byteRange: { start: 0, end: 30 },
  lineRange: { start: 1, end: 2 },
  signature: 'def helper():',
  decorators: [],
  properties: ['has-return'],
  complexity: 1,
};

const record = {
  schemaVersion: 1,
  type: 'code-index',
  commit: 'a'.repeat(40),
  backend: 'native',
  extractorVersion: 1,
  createdAt: '2024-05-01T00:00:00.000Z',
  files: [
    {
      path: 'pkg/util.py',
      language: 'python',
      blobSha: 'b'.repeat(40),
      byteLength: 30,
      lineCount: 2,
      hasSyntaxErrors: false,
      moduleName: 'pkg.util',
      isTest: false,
      entities: [entity],
      imports: [{ kind: 'name', source: '.core', name: 'Base', line: 1, reexport: false, resolvedPath: 'pkg/core.py', external: false }],
      references: [
        { name: 'Base', byteRange: { start: 5, end: 9 }, line: 1, status: 'resolved', via: 'import', targetPath: 'pkg/core.py', targetName: 'Base', targetKind: 'class', targetLine: 3 },
      ],
      tests: [],
      testedFiles: [],
    },
  ],
};

describe('codeIndexRecordSchema', () => {
  it('accepts a code index record', () => {
    expect(codeIndexRecordSchema.parse(record)).toEqual(record);
  });

  it('names the field of each problem', () => {
    const broken = { ...record, files: [{ ...record.files[0], blobSha: 'xyz', entities: [{ ...entity, kind: 'lambda' }] }] };
    const result = codeIndexRecordSchema.safeParse(broken);
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['files.0.blobSha', 'files.0.entities.0.kind']));
  });

  it('rejects unknown reference statuses', () => {
    expect(codeReferenceSchema.safeParse({ name: 'x', byteRange: { start: 0, end: 1 }, line: 1, status: 'maybe' }).success).toBe(false);
  });
});
