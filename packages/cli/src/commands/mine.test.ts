import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createTestServer } from '@swespot-tools/test-server';
import { bugfixTaskSchema, designTaskSchema, fimTaskSchema, mineSummarySchema, testReproTaskSchema, trajectorySchema, type MineSummary } from '@swespot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';

const packageFolder = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(packageFolder, 'dist', 'bin.js');

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

let folder: string;

async function swespot(argv: string[]) {
  const stdout = capture();
  const stderr = capture();
  const exitCode = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream, cwd: folder, env: { PATH: process.env.PATH ?? '', ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}) } });
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

/** The records of every task file of a run folder, sorted, by file. */
async function records(run: string): Promise<Record<string, string[]>> {
  const files = (await readdir(join(run, 'tasks'))).sort();
  const result: Record<string, string[]> = {};
  for (const file of files) {
    const lines = (await readFile(join(run, 'tasks', file), 'utf8')).split('\n').filter(Boolean);
    result[file] = lines.sort();
  }
  return result;
}

// Small counts: the sample repository has few targets anyway, and CI time is shared.
const MINE = ['mine', '--count', '3', '--units', 'design,fim,mirror,synth,repro', '--sandbox', 'docker', '--no-progress'];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'swespot-cli-mine-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('swespot mine', () => {
  it('mines the built-in sample repository end to end in Docker into one run folder with a summary, and a rerun adds nothing', async () => {
    const first = await swespot([...MINE, '--out', 'runs/sample']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^mine runs\/sample: tinyshop-dev\/tinyshop at [0-9a-f]{12} \(cutoff 2024-06-01/);
    expect(first.stdout).toMatch(/skipped teacher rollouts and the ms-swift export: no --teacher/);
    const run = join(folder, 'runs', 'sample');
    const summary: MineSummary = mineSummarySchema.parse(JSON.parse(await readFile(join(run, 'summary.json'), 'utf8')));
    expect(summary.repository).toMatchObject({ name: 'tinyshop-dev/tinyshop', sample: true });
    expect(summary.stages.map((stage) => stage.name)).toEqual(['sample', 'snapshot', 'index', 'environment', 'design', 'fim', 'mirror', 'synth', 'repro', 'rollout', 'export']);
    const environment = summary.stages.find((stage) => stage.name === 'environment')!;
    // The sample's suite at the cutoff, built offline from Debian's pytest.
    expect(environment).toMatchObject({ status: 'done', counts: { tests: 22, passed: 22, failed: 0 } });
    expect(summary.stages.find((stage) => stage.name === 'snapshot')!.counts.leaks).toBe(0);
    const byUnit = Object.fromEntries(summary.units.map((unit) => [unit.unit, unit]));
    for (const unit of ['design', 'fim', 'mirror', 'synth', 'repro'] as const) expect(byUnit[unit]!.status, unit).toBe('done');
    // The task files hold valid records, as many as the summary says: all four units, with validated bugs and their reproduction tasks.
    const read = <T>(name: string, parse: (value: unknown) => T) => readFileSync(join(run, 'tasks', name), 'utf8').split('\n').filter(Boolean).map((line) => parse(JSON.parse(line)));
    const design = read('design.jsonl', (value) => designTaskSchema.parse(value));
    const fim = read('fim.jsonl', (value) => fimTaskSchema.parse(value));
    const mirrored = read('mirror.jsonl', (value) => bugfixTaskSchema.parse(value));
    const synthetic = read('synth.jsonl', (value) => bugfixTaskSchema.parse(value));
    const repro = read('repro.jsonl', (value) => testReproTaskSchema.parse(value));
    expect(design).toHaveLength(3);
    expect(fim.length).toBeGreaterThan(0);
    expect(mirrored.length).toBeGreaterThan(0);
    expect(synthetic.length).toBeGreaterThan(0);
    expect(mirrored.every((bug) => bug.bugOrigin.type === 'pr-mirror' && bug.failToPass.length > 0)).toBe(true);
    expect(synthetic.every((bug) => bug.bugOrigin.type === 'synthetic' && bug.failToPass.length > 0)).toBe(true);
    expect(repro).toHaveLength(mirrored.length + synthetic.length);
    for (const [unit, tasks] of [['design', design], ['fim', fim], ['mirror', mirrored], ['synth', synthetic], ['repro', repro]] as const) expect(byUnit[unit]!.tasks, unit).toBe(tasks.length);
    expect(fim[0]!.repo).toBe('tinyshop-dev/tinyshop');
    expect(summary.totals.tasks).toBe(design.length + fim.length + mirrored.length + synthetic.length + repro.length);
    // A person's summary: Markdown tables, and an HTML page with a funnel chart per unit and a sample task.
    const markdown = await readFile(join(run, 'summary.md'), 'utf8');
    expect(markdown).toContain('| fim | done |');
    expect(markdown).toMatch(/\| environment \| done \| \d+\.\d s \|/);
    const html = await readFile(join(run, 'summary.html'), 'utf8');
    expect(html.match(/<svg /g)!.length).toBe(5);
    expect(html).toContain(`sample task ${fim[0]!.id}`);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);

    const again = await swespot([...MINE, '--out', 'runs/sample']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/resuming the run/);
    expect(again.stderr).toMatch(/environment: finished in an earlier run/);
    const before = await records(run);
    expect(Object.keys(before)).toEqual(['design.jsonl', 'fim.jsonl', 'mirror.jsonl', 'repro.jsonl', 'synth.jsonl']);
    expect(before['design.jsonl']).toEqual(design.map((task) => JSON.stringify(task)).sort());
    expect(await records(run)).toEqual(before);

    const other = await swespot([...MINE.map((argument) => (argument === '3' ? '4' : argument)), '--out', 'runs/sample']);
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toMatch(/holds a run with other options \(count: 3, now 4\)/);
  }, 900_000);

  it('with --teacher, rolls the teacher out on every task (against a fake OpenAI-compatible server) and exports the ms-swift dataset', async () => {
    const seen: string[] = [];
    // The teacher looks once, then submits; the scripted answer says which task it saw.
    const server = await createTestServer({
      'POST /v1/chat/completions': (call) => {
        const messages = (call.bodyJson as { messages: { role: string; content: string }[] }).messages;
        seen.push(JSON.stringify(messages));
        const step = messages.filter((message) => message.role === 'assistant').length;
        const content = step === 0 ? 'THOUGHT: look around.\n\n```bash\nls\n```' : 'THOUGHT: done.\n\n```bash\necho COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git diff\n```';
        return { type: 'json', body: { id: `chatcmpl-${call.routeCallIndex}`, object: 'chat.completion', created: 1, model: 'teacher', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 120, completion_tokens: 12, total_tokens: 132 } } };
      },
    });
    try {
      const run = join(folder, 'runs', 'teacher');
      const argv = ['mine', '--count', '2', '--units', 'design,fim', '--sandbox', 'docker', '--no-progress', '--teacher', 'vllm:teacher', '--teacher-base-url', `${server.url}/v1`, '--docker-host', 'unix:///var/run/docker.sock', '--concurrency', '2', '--out', 'runs/teacher'];
      const first = await swespot(argv);
      expect(first.exitCode, first.stderr).toBe(0);
      const summary: MineSummary = mineSummarySchema.parse(JSON.parse(await readFile(join(run, 'summary.json'), 'utf8')));
      const tasks = Object.values(await records(run)).flat().map((line) => JSON.parse(line) as { id: string });
      expect(tasks.length).toBeGreaterThanOrEqual(3);
      expect(summary.stages.find((stage) => stage.name === 'rollout')).toMatchObject({ status: 'done', counts: { tasks: tasks.length, trajectories: tasks.length, failed: 0 } });
      const trajectories = readFileSync(join(run, 'rollout', 'trajectories.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => trajectorySchema.parse(JSON.parse(line)));
      expect(trajectories.map((trajectory) => trajectory.taskId).sort()).toEqual(tasks.map((task) => task.id).sort());
      expect(trajectories.every((trajectory) => trajectory.outcome === 'submitted' && trajectory.steps.length === 2)).toBe(true);
      // Two model calls per task; the teacher saw each task's own prompt.
      expect(seen).toHaveLength(2 * tasks.length);
      const export_ = summary.stages.find((stage) => stage.name === 'export')!;
      expect(export_).toMatchObject({ status: 'done', counts: { read: tasks.length } });
      expect(summary.totals).toMatchObject({ trajectories: tasks.length, datasetRows: export_.counts.kept });
      expect(export_.counts.kept).toBeGreaterThan(0);
      const datasetFiles = (await readdir(join(run, 'dataset'))).filter((name) => name.endsWith('.jsonl'));
      const rows = datasetFiles.flatMap((name) => readFileSync(join(run, 'dataset', name), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { messages: { role: string }[] }));
      expect(rows.length).toBe(export_.counts.kept);
      expect(rows.every((row) => row.messages[0]!.role === 'system' && row.messages.some((message) => message.role === 'assistant'))).toBe(true);
      // A rerun rolls nothing out again.
      const callsBefore = seen.length;
      const again = await swespot(argv);
      expect(again.exitCode, again.stderr).toBe(0);
      expect(seen.length).toBe(callsBefore);
    } finally {
      await server.close();
    }
  }, 900_000);

  it('resumes a run killed (SIGKILL) in the middle of bug validation, ending with the same task ids as the run that was not killed, each once', async () => {
    if (!existsSync(bin)) throw new Error(`${bin} does not exist: run \`pnpm build\` in packages/cli first`);
    // Killed as soon as the first validated bug is in tasks/mirror.jsonl: validation is under way.
    // When the last validations finish within the moment the kill takes to land (a loaded
    // machine), the stage is complete and nothing was interrupted: start again in a new folder.
    const killMidValidation = async (run: string) => {
      const child = spawn(process.execPath, [bin, ...MINE, '--out', run], { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      const mirrorFile = join(run, 'tasks', 'mirror.jsonl');
      const poll = setInterval(() => {
        if (child.exitCode === null && existsSync(mirrorFile) && readFileSync(mirrorFile, 'utf8').includes('\n')) child.kill('SIGKILL');
      }, 25);
      await new Promise<void>((resolve) => child.on('exit', () => resolve()));
      clearInterval(poll);
      expect(child.signalCode, stderr).toBe('SIGKILL');
      return !existsSync(join(run, 'stages', 'mirror.json'));
    };
    let attempt = 1;
    while (!(await killMidValidation(join(folder, 'runs', `killed-${attempt}`))) && attempt < 3) attempt++;
    const run = join(folder, 'runs', `killed-${attempt}`);
    const mirrorFile = join(run, 'tasks', 'mirror.jsonl');
    expect(existsSync(join(run, 'stages', 'environment.json'))).toBe(true);
    expect(existsSync(join(run, 'stages', 'mirror.json'))).toBe(false);
    expect(existsSync(join(run, 'summary.json'))).toBe(false);
    const killedLines = readFileSync(mirrorFile, 'utf8').split('\n').filter(Boolean);

    const resumed = await swespot([...MINE, '--out', `runs/killed-${attempt}`]);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/environment: finished in an earlier run/);
    const after = await records(run);
    const ids = (byFile: Record<string, string[]>) => Object.fromEntries(Object.entries(byFile).map(([file, lines]) => [file, lines.map((line) => (JSON.parse(line) as { id: string }).id).sort()]));
    const unkilled = await records(join(folder, 'runs', 'sample'));
    expect(ids(after)).toEqual(ids(unkilled));
    // Byte-equal, image tags included (the snapshot's content key no longer depends on how git packed it).
    expect(after['design.jsonl']).toEqual(unkilled['design.jsonl']);
    expect(after['fim.jsonl']).toEqual(unkilled['fim.jsonl']);
    // What the killed run had written is kept, and nothing is there twice.
    const kept = (await readFile(mirrorFile, 'utf8')).split('\n');
    for (const line of killedLines) expect(kept).toContain(line);
    for (const lines of Object.values(after)) expect(new Set(lines.map((line) => (JSON.parse(line) as { id: string }).id)).size).toBe(lines.length);
    const summary = mineSummarySchema.parse(JSON.parse(await readFile(join(run, 'summary.json'), 'utf8')));
    expect(summary.stages.find((stage) => stage.name === 'environment')!.status).toBe('done');
  }, 900_000);
});
