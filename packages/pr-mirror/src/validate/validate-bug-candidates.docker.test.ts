import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJsonlToArray, bugfixTaskSchema, toSweBenchRow, type BugfixTask, type EnvironmentBuild } from '@swespot/core';
import { createOpenAI } from '@swespot/model-openai';
import { buildEnvironment, copySnapshot, createSnapshot, inferEnvironment, runEnvironmentTests } from '@swespot/repo-sandbox';
import { buildPythonBaseImage, reapDockerSandboxes } from '@swespot/repo-sandbox/docker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCalcRepository, CALC_CUTOFF, CALC_TEXT_UNFIXED } from '../test/build-calc-repository';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../__fixtures__/fake-openai-server';
import { prepareMirrorCandidates, type MirrorFunnel } from '../mirror/prepare-mirror-candidates';
import { toSweSmithRow } from '../output/to-swe-smith-row';
import { findProblemStatementLeak } from '../problem-statement/find-problem-statement-leak';
import type { BugCandidate } from './bug-candidate';
import { createBugValidator } from './create-bug-validator';
import { validateBugCandidates, type BugValidationSummary } from './validate-bug-candidates';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const made: string[] = [];
let work: string;
let snapshotDirectory: string;
let build: EnvironmentBuild;
let server: FakeOpenAIServer;
let candidates: BugCandidate[];
let funnel: MirrorFunnel;
let summary: BugValidationSummary;
let tasks: BugfixTask[];

beforeAll(async () => {
  const repository = await buildCalcRepository();
  work = await mkdtemp(join(tmpdir(), 'swespot-mirror-e2e-'));
  made.push(repository, work);
  snapshotDirectory = (await createSnapshot({ repo: repository, cutoff: CALC_CUTOFF, history: 'truncated', into: join(work, 'snapshot') })).directory;
  const recipe = await inferEnvironment(snapshotDirectory);
  build = await buildEnvironment({ recipe, snapshotPath: snapshotDirectory, dependencies: 'offline-debian', baseImage: await buildPythonBaseImage({}) });
  expect(build.usable).toBe(true);
  // The model undoes PR #3 (its lines changed since, so it does not reverse-apply) by answering the un-fixed file.
  server = await startFakeOpenAIServer((request) => {
    const prompt = request.messages.map((message) => message.content).join('\n');
    if (prompt.includes('Current `calc/text.py`')) return `\`\`\`python\n${CALC_TEXT_UNFIXED}\`\`\``;
    return 'Odd results from calc\n\nSince updating, calc gives me results I did not expect in some calls.';
  });
  const model = createOpenAI({ baseURL: server.baseURL, apiKey: 'test-key' }).model('mirror-model');
  ({ candidates, funnel } = await prepareMirrorCandidates({ snapshotDirectory, repo: 'acme/calc', cutoff: CALC_CUTOFF, model }));
  summary = await validateBugCandidates({ candidates, validator: createBugValidator({ environment: build }), environment: build, out: join(work, 'bugs.jsonl'), concurrency: 2 });
  tasks = await readJsonlToArray(join(work, 'bugs.jsonl'), { schema: bugfixTaskSchema });
}, 1_800_000);

afterAll(async () => {
  await server?.close();
  for (const folder of made) await rm(folder, { recursive: true, force: true });
});

describe('PR mirror end to end (calc: pytest, Docker, offline-debian)', () => {
  it('mirrors PRs directly by 3-way merge and through the model when they no longer reverse-apply', () => {
    expect(funnel).toMatchObject({ mined: 6, kept: 4, sampled: 4, mirroredDirectly: 3, mirroredByModel: 1, mirrorFailed: 0, withoutTests: 0 });
    const byPr = new Map(candidates.map((candidate) => [candidate.origin.type === 'pr-mirror' ? candidate.origin.prNumber : 0, candidate]));
    expect(byPr.get(3)!.origin).toEqual({ type: 'pr-mirror', prNumber: 3, direct: false });
    expect(byPr.get(2)!.origin).toEqual({ type: 'pr-mirror', prNumber: 2, direct: true });
    expect(byPr.get(2)!.testReasons).toEqual({ 'tests/test_core.py': 'pr-test-file' });
    // One model call, at temperature 0, for calc/text.py only; no bug touches a test file.
    const mirrorCalls = server.requests.filter((request) => request.messages.some((message) => message.content.includes('Current `calc/text.py`')));
    expect(mirrorCalls).toHaveLength(1);
    expect(mirrorCalls[0]!.temperature).toBe(0);
    for (const candidate of candidates) expect(candidate.bugPatch).not.toMatch(/^diff --git a\/tests\//m);
  });

  it('keeps the bugs some test catches, with FAIL_TO_PASS and PASS_TO_PASS, and says why the others were dropped', () => {
    expect(summary.outcomes).toEqual({ valid: 3, 'no-fail-to-pass': 1 });
    expect(summary.dropped.map((validation) => validation.candidateId)).toEqual(['acme__calc.pr-mirror.4']);
    const byId = new Map(tasks.map((task) => [task.id, task]));
    expect([...byId.keys()].sort()).toEqual(['acme__calc.pr-mirror.1', 'acme__calc.pr-mirror.2', 'acme__calc.pr-mirror.3']);
    expect(byId.get('acme__calc.pr-mirror.2')).toMatchObject({
      failToPass: ['tests/test_core.py::test_divide_by_zero_raises_value_error'],
      passToPass: expect.arrayContaining(['tests/test_core.py::test_add', 'tests/test_core.py::test_divide', 'tests/test_core.py::test_multiply']),
      bugOrigin: { type: 'pr-mirror', prNumber: 2, direct: true },
      prNumber: 2,
      linkedIssues: [{ number: 10 }],
      problemStatementOrigin: 'template',
    });
    expect(byId.get('acme__calc.pr-mirror.3')).toMatchObject({
      failToPass: ['tests/test_text.py::test_slugify_strips_surrounding_spaces'],
      passToPass: ['tests/test_text.py::test_slugify_simple', 'tests/test_text.py::test_shout'],
      bugOrigin: { type: 'pr-mirror', prNumber: 3, direct: false },
    });
    // Undoing multiply breaks the import of the whole test file: every test there goes missing, so fails.
    expect(byId.get('acme__calc.pr-mirror.1')!.failToPass).toContain('tests/test_core.py::test_multiply');
    for (const task of tasks) expect(findProblemStatementLeak(task.problemStatement, { bugPatch: task.bugPatch!, failToPass: task.failToPass })).toBeUndefined();
  });

  it('the fix (the bug reversed) passes FAIL_TO_PASS and PASS_TO_PASS in a fresh sandbox; the bug alone fails FAIL_TO_PASS', async () => {
    for (const task of tasks) {
      const workspace = join(work, `fixed-${task.id}`);
      await copySnapshot({ from: snapshotDirectory, into: workspace });
      for (const patch of [task.bugPatch!, task.goldPatch]) execFileSync('git', ['apply', '-'], { cwd: workspace, input: patch });
      const selection = { mode: 'tests' as const, testIds: [...task.failToPass, ...task.passToPass] };
      const fixed = await runEnvironmentTests({ environment: task.environment, testSpec: task.testSpec, selection, workspace });
      const passed = new Set(fixed.tests.filter((test) => test.status === 'passed').map((test) => test.testId));
      for (const id of [...task.failToPass, ...task.passToPass]) expect(passed, `${task.id}: ${id}`).toContain(id);
      const buggy = await runEnvironmentTests({ environment: task.environment, testSpec: task.testSpec, patch: task.bugPatch! });
      const buggyPassed = new Set(buggy.tests.filter((test) => test.status === 'passed').map((test) => test.testId));
      for (const id of task.failToPass) expect(buggyPassed.has(id), `${task.id}: ${id}`).toBe(false);
    }
  });

  it('writes SWE-bench rows (patch = the fix) and SWE-smith rows (patch = the bug)', () => {
    const task = tasks.find((candidate) => candidate.id === 'acme__calc.pr-mirror.2')!;
    const row = toSweBenchRow(task);
    expect(row).toMatchObject({ instance_id: task.id, repo: 'acme/calc', base_commit: task.snapshot.commit, patch: task.goldPatch, FAIL_TO_PASS: task.failToPass });
    expect(row.patch).toContain('+        raise ValueError("division by zero")');
    const smith = toSweSmithRow(task);
    expect(smith).toMatchObject({ instance_id: task.id, patch: task.bugPatch, image_name: build.environment.image, problem_statement: task.problemStatement });
    expect(smith.patch).toContain('-        raise ValueError("division by zero")');
  });

  it('killed (SIGKILL) during validation and run again: every instance once', async () => {
    const out = join(work, 'killed.jsonl');
    const candidatesFile = join(work, 'candidates.json');
    const environmentFile = join(work, 'environment.json');
    await writeFile(candidatesFile, JSON.stringify(candidates));
    await writeFile(environmentFile, JSON.stringify({ environment: build.environment, testSpec: build.testSpec }));
    const killedAfterFirst = await new Promise<boolean>((resolve, reject) => {
      const child = spawn(process.execPath, ['--conditions=@swespot/source', '--import', 'tsx', join(packageRoot, 'src/__fixtures__/validate-child.ts'), candidatesFile, environmentFile, out], { cwd: packageRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let killed = false;
      child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        if (!killed && text.includes('written ')) {
          killed = true;
          child.kill('SIGKILL');
        }
      });
      child.on('error', reject);
      child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(killed) : reject(new Error(`the child was not killed: ${stderr}`))));
    });
    expect(killedAfterFirst).toBe(true);
    await reapDockerSandboxes();
    const before = (await readFile(out, 'utf8')).split('\n').filter((line) => line !== '').length;
    expect(before).toBeGreaterThanOrEqual(1);
    expect(before).toBeLessThan(3);
    const resumed = await validateBugCandidates({ candidates, validator: createBugValidator({ environment: build }), environment: build, out, concurrency: 2 });
    expect(resumed.skipped).toBe(before);
    const ids = (await readJsonlToArray(out, { schema: bugfixTaskSchema })).map((task) => task.id);
    expect(ids.sort()).toEqual(['acme__calc.pr-mirror.1', 'acme__calc.pr-mirror.2', 'acme__calc.pr-mirror.3']);
  });
});
