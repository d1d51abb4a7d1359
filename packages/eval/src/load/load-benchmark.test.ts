import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rceDataRoot } from '../__fixtures__/rce-data-root';
import { loadBenchmark } from './load-benchmark';

const RCE = rceDataRoot;
const REPOS = ['astropy', 'django', 'matplotlib', 'pylint', 'sphinx', 'xarray'] as const;
// Per-repository counts from the reference note (anchors-eval.md §1.7).
const EXPECTED: Record<'sbv' | 'tdd' | 'fea' | 'qa', Record<(typeof REPOS)[number], number>> = {
  sbv: { astropy: 16, django: 118, matplotlib: 32, pylint: 10, sphinx: 23, xarray: 10 },
  tdd: { astropy: 14, django: 106, matplotlib: 30, pylint: 10, sphinx: 21, xarray: 9 },
  fea: { astropy: 25, django: 7, matplotlib: 23, pylint: 7, sphinx: 16, xarray: 12 },
  qa: { astropy: 48, django: 48, matplotlib: 48, pylint: 48, sphinx: 48, xarray: 48 },
};

describe('loadBenchmark on the real RCE rows', () => {
  for (const task of ['sbv', 'tdd', 'fea', 'qa'] as const) {
    it(`loads every ${task} row with the reference note's per-repository counts`, async () => {
      const { instances, problems } = await loadBenchmark({ task, files: REPOS.map((repo) => join(RCE, task, `${repo}.jsonl`)) });
      expect(problems).toEqual([]);
      const counts: Record<string, number> = {};
      for (const instance of instances) counts[instance.repo.split('/')[1]!] = (counts[instance.repo.split('/')[1]!] ?? 0) + 1;
      expect(counts).toEqual(EXPECTED[task]);
      if (task !== 'qa') {
        // Every SBV/TDD/FEA instance is after the paper's cutoff; TDD's epoch-millisecond dates decode too.
        for (const instance of instances) expect(Date.parse((instance as { createdAt: string }).createdAt)).toBeGreaterThan(Date.parse('2020-12-31T23:59:59Z'));
      } else {
        const first = instances[0]!;
        expect(first.kind === 'qa' && first.referenceAnswer.length).toBeGreaterThan(10);
        expect(first.snapshot.commit).toMatch(/^[0-9a-f]{8}$/);
      }
    });
  }

  it('reports a malformed row with its file, line and field, and loads the rest', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'eval-load-'));
    const lines = (await readFile(join(RCE, 'sbv', 'pylint.jsonl'), 'utf8')).trim().split('\n');
    const broken = JSON.parse(lines[2]!) as Record<string, unknown>;
    broken.FAIL_TO_PASS = '["not closed';
    const file = join(folder, 'pylint.jsonl');
    await writeFile(file, [lines[0], lines[1], JSON.stringify(broken), '{oops', ...lines.slice(3)].join('\n'));
    const { instances, problems } = await loadBenchmark({ task: 'sbv', files: [file] });
    expect(instances).toHaveLength(9);
    expect(problems).toEqual([
      expect.objectContaining({ file, line: 3, field: 'FAIL_TO_PASS' }),
      expect.objectContaining({ file, line: 4, field: '' }),
    ]);
  });
});
