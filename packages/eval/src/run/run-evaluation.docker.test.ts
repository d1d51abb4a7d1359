import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { createDockerSandbox } from '@swespot/repo-sandbox/docker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBenchmark } from '../load/load-benchmark';
import { selectPostCutoff } from '../protocol/select-post-cutoff';
import { writeEvaluationReport } from '../report/write-evaluation-report';
import { createSampleBenchmark, type SampleBenchmark } from '../test/create-sample-benchmark';
import { createEnvironmentResolver } from './resolve-environment';
import { runEvaluation } from './run-evaluation';

let sample: SampleBenchmark;
let work: string;

beforeAll(async () => {
  sample = await createSampleBenchmark();
  work = await mkdtemp(join(tmpdir(), 'swespot-eval-run-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the harness self-check in Docker, on environments built at the base commit', () => {
  it('scores --predictions gold resolved and --predictions empty not resolved, for issue resolution and test generation', async () => {
    const sbv = await loadBenchmark({ task: 'sbv', files: [sample.sbvFile] });
    const tdd = await loadBenchmark({ task: 'tdd', files: [sample.tddFile] });
    expect([...sbv.problems, ...tdd.problems]).toEqual([]);
    const { kept } = selectPostCutoff([...sbv.instances, ...tdd.instances], { cutoff: '2020-12-31' });
    expect(kept).toHaveLength(4);
    const out = join(work, 'self-check');
    const progress: string[] = [];
    const run = await runEvaluation({
      out,
      instances: kept,
      contenders: [
        { type: 'predictions', source: 'gold' },
        { type: 'predictions', source: 'empty' },
      ],
      sandbox: createDockerSandbox({ reapOrphans: false }),
      resolveEnvironment: createEnvironmentResolver({ repositories: { [sample.repo]: sample.repository }, workDirectory: join(work, 'environments') }),
      onProgress: (event) => event.message && progress.push(event.message),
    });
    expect(progress).toEqual([]);
    expect(Object.entries(run.environments).map(([key, environment]) => `${key} ${environment.source}`).sort()).toEqual(['sbv/sample__calc-1 built', 'sbv/sample__calc-2 built', 'tdd/sample__calc-1 built', 'tdd/sample__calc-2 built']);
    expect(run.contenders.map((contender) => contender.gradingFailures)).toEqual([[], [], [], []]);
    // The agent's workspace: the repository at /testbed whose history ends at the base commit, nothing uncommitted.
    const session = await createDockerSandbox({ reapOrphans: false }).createSession({ image: run.environments['sbv/sample__calc-1']!.image! });
    try {
      const state = await session.exec({ command: 'git rev-parse HEAD; git rev-list --count HEAD; git status --porcelain | wc -l' });
      expect(state.stdout.trim().split('\n')).toEqual([sample.baseCommit, '1', '0']);
    } finally {
      await session.destroy();
    }

    const preds = JSON.parse(await readFile(join(out, 'sbv', 'predictions__gold', 'run-0', 'preds.json'), 'utf8')) as Record<string, { model_patch: string; model_name_or_path: string }>;
    expect(Object.keys(preds).sort()).toEqual(['sample__calc-1', 'sample__calc-2']);
    expect(preds['sample__calc-1']!.model_patch).toContain('+    return a + b');

    const summary = await writeEvaluationReport(out);
    const cell = (model: string, task: string) => summary.cells.find((item) => item.model === model && item.task === task && item.repo === 'all')!;
    expect(cell('predictions:gold', 'sbv').resolvedPerRun).toEqual([2]);
    expect(cell('predictions:gold', 'tdd').resolvedPerRun).toEqual([2]);
    expect(cell('predictions:empty', 'sbv').resolvedPerRun).toEqual([0]);
    expect(cell('predictions:empty', 'tdd').resolvedPerRun).toEqual([0]);
    // The empty patch ran: its FAIL_TO_PASS test failed while PASS_TO_PASS passed.
    const results = (await readFile(join(out, 'sbv', 'predictions__empty', 'results.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { taskId: string; taskKind: string; scoreDetails?: Record<string, number> });
    expect(results.find((result) => result.taskId === 'sample__calc-1' && result.taskKind === 'bugfix')!.scoreDetails).toMatchObject({ failToPassPassed: 0, passToPassPassed: 1 });
    const markdown = await readFile(join(out, 'report.md'), 'utf8');
    expect(markdown).toContain('| predictions:gold | 100.0 | 100.0 |');
    // TDD: both resolved, and the gold tests cover every changed line (tddScore 100).
    expect(markdown).toContain('| predictions:gold | 2 of 2 | 100.0 | 100.0 |');
  });
});
