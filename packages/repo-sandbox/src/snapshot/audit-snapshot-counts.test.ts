import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitIn } from '../__fixtures__/build-conformance-repository';
import { auditSnapshot, countLeaks, formatAuditSummary, MAX_LISTED_LEAKS_PER_KIND } from './audit-snapshot';
import { SnapshotLeakError } from './snapshot-leak-error';

let work: string;
let repo: string;
const FUTURE_COMMITS = 80;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'swespot-audit-counts-'));
  repo = join(work, 'repo');
  mkdirSync(repo);
  gitIn(repo, ['init', '-q', '-b', 'main']);
  // One commit before the cutoff, then 80 after it, written in one fast-import stream (each
  // commit to the same branch continues it).
  const commits = Array.from({ length: FUTURE_COMMITS + 1 }, (_, index) => {
    const seconds = Date.parse(index === 0 ? '2019-01-01T00:00:00Z' : '2020-01-01T00:00:00Z') / 1000 + index;
    const message = `commit ${index}`;
    const content = `x = ${index}\n`;
    return [
      'commit refs/heads/main',
      `committer Ada <ada@example.com> ${seconds} +0000`,
      `data ${Buffer.byteLength(message)}`,
      message,
      `M 100644 inline a.py`,
      `data ${Buffer.byteLength(content)}`,
      content,
    ].join('\n');
  });
  gitIn(repo, ['fast-import', '--quiet'], undefined, `${commits.join('\n')}\n`);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('auditSnapshot counts', () => {
  it('reports every leak in its totals while listing at most 50 of a kind, with no sentinel entries', async () => {
    const report = await auditSnapshot(repo, '2019-06-01', { throwOnLeak: false });
    expect(report.leakCounts['future-commit']).toBe(FUTURE_COMMITS);
    expect(report.leaks.filter((leak) => leak.kind === 'future-commit')).toHaveLength(MAX_LISTED_LEAKS_PER_KIND);
    expect(report.leaks.every((leak) => !/not listed/.test(leak.detail))).toBe(true);
    expect(countLeaks(report)).toBe(Object.values(report.leakCounts).reduce((sum, count) => sum + (count ?? 0), 0));
    expect(countLeaks(report)).toBeGreaterThanOrEqual(FUTURE_COMMITS);
    expect(formatAuditSummary(report)).toMatch(new RegExp(`^${countLeaks(report)} leak\\(s\\) \\(.*${FUTURE_COMMITS} future-commit`));
    const error = await auditSnapshot(repo, '2019-06-01').catch((caught: unknown) => caught);
    expect(SnapshotLeakError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`${countLeaks(report)} leak(s) past the cutoff`);
  });
});
