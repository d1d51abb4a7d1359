import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { validateMsSwiftRecord } from '@swespot/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

function trajectory(number: number, kind: string, steps: Array<[string | null, string, number | null]>) {
  return {
    schemaVersion: 1,
    id: `trajectory-${number}`,
    taskId: `task-${number}`,
    taskKind: kind,
    model: { provider: 'openai', modelId: 'teacher' },
    settings: {},
    systemPrompt: 'You can run bash.',
    initialMessages: [{ role: 'user', content: `Task ${number}` }],
    steps: steps.map(([action, observation, exitCode], index) => ({
      index,
      thought: `step ${index}`,
      action,
      rawOutput: action === null ? `step ${index}` : `step ${index}\n\`\`\`bash\n${action}\n\`\`\``,
      observation,
      exitCode,
      modelDurationMs: 1,
      actionDurationMs: 1,
      inputTokens: 1,
      outputTokens: 1,
      flags: { malformed: action === null },
    })),
    outcome: 'submitted',
    submission: { type: 'report', text: 'done' },
    usage: { inputTokens: 1, outputTokens: 1, modelCalls: steps.length, costUsd: null },
    startedAt: '2026-01-01T00:00:00Z',
    endedAt: '2026-01-01T00:01:00Z',
  };
}

describe('swespot export', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-export-cli-'));
    const rows = [
      trajectory(1, 'bugfix', [['ls', 'a.py', 0], ['bad(', 'bash: -c: line 1: syntax error near unexpected token', 2], ['echo done', 'done', 0]]),
      trajectory(2, 'fim', [['cat a.py', 'x = 1', 0], ['echo done', 'done', 0]]),
      trajectory(3, 'test-repro', [['cat GITHUB', `GITHUB_TOKEN=ghp_${'Ab3'.repeat(12)}`, 0], ['echo done', 'done', 0]]),
    ];
    await writeFile(join(folder, 'trajectories.jsonl'), `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function swespot(argv: string[]) {
    const stdout = capture();
    const stderr = capture();
    const exitCode = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream, cwd: folder, env: {} });
    return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
  }

  it('writes a masked, mixed ms-swift dataset, refuses the leaked token without printing it, and prints the stats', async () => {
    const result = await swespot(['export', 'trajectories.jsonl', '--format', 'ms-swift', '--mask-errors', '--mix', 'evolutionary-replay=3,fim=1', '--seed', '5', '--out', 'data']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('kept 2 of 3 trajectories; wrote train.jsonl (4 rows) in data');
    expect(result.stdout).toMatch(/masked turns 20\.0%/);
    expect(result.stderr).toContain('refused trajectory-3');
    expect(result.stderr).toContain('secret: github-token in steps.0.observation');
    expect(result.stderr).not.toContain('Ab3Ab3');
    const lines = (await readFile(join(folder, 'data', 'train.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { messages: Array<{ role: string; loss?: boolean }> });
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(validateMsSwiftRecord(line)).toEqual([]);
    expect(lines.filter((line) => line.messages.some((message) => message.loss === false))).toHaveLength(3);
    const statistics = JSON.parse(await readFile(join(folder, 'data', 'stats.json'), 'utf8')) as { units: Record<string, { trainRows: number }> };
    expect(statistics.units.evo_replay?.trainRows).toBe(3);
    expect(statistics.units.ctx_impl?.trainRows).toBe(1);
  });

  it('reports a bad --mix and a bad input line as issues with exit code 1', async () => {
    const mix = await swespot(['export', 'trajectories.jsonl', '--mix', 'nonsense=4', '--out', 'data']);
    expect(mix.exitCode).toBe(1);
    expect(mix.stderr).toContain("export: --mix: 'nonsense=4' is not unit=N");
    await writeFile(join(folder, 'bad.jsonl'), '{"schemaVersion":1,"steps":[]}\n');
    const bad = await swespot(['export', 'bad.jsonl', '--out', 'data', '--strict']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/bad\.jsonl:1: invalid Trajectory/);
    // No progress line before the error.
    expect(bad.stderr).not.toMatch(/trajectories: 0/);
  });

  it('exports the good trajectories of a batch with a cut-off file, lists the bad one in rejected.jsonl and exits 3; --strict keeps all or nothing', async () => {
    const good = await readFile(join(folder, 'trajectories.jsonl'), 'utf8');
    await writeFile(join(folder, 'cut.jsonl'), `${good.split('\n')[0]}\n${good.split('\n')[1]?.slice(0, 200)}`);
    await writeFile(join(folder, 'dump.json'), '[1, 2, 3]');
    const batch = await swespot(['export', 'trajectories.jsonl', 'cut.jsonl', 'dump.json', '--out', 'batch']);
    expect(batch.exitCode).toBe(3);
    expect(batch.stdout).toContain('kept 2 of 4 trajectories; wrote train.jsonl (2 rows) in batch');
    expect(batch.stderr).not.toContain('0/0');
    expect(batch.stderr).toContain('export: 2 input file(s) or line(s) could not be read; they are listed in batch/rejected.jsonl');
    expect(batch.stderr).toMatch(/could not read .*dump\.json: [\s\S]*not a list of chat messages; expected a swespot Trajectory/);
    const rejected = (await readFile(join(folder, 'batch', 'rejected.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { file: string; line?: number; reason: string; message: string });
    expect(rejected.filter((entry) => entry.reason === 'unreadable').map((entry) => [entry.file, entry.line])).toEqual([
      [join(folder, 'cut.jsonl'), 2],
      [join(folder, 'dump.json'), undefined],
    ]);
    const strict = await swespot(['export', 'trajectories.jsonl', 'cut.jsonl', '--out', 'strict', '--strict']);
    expect(strict.exitCode).toBe(1);
    expect(strict.stderr).toMatch(/cut\.jsonl:2/);
    await expect(readFile(join(folder, 'strict', 'train.jsonl'), 'utf8')).rejects.toThrow(/ENOENT/);
    // A failed export leaves no partial files, says 'stopped' rather than 'done', and keeps what the folder held.
    expect(existsSync(join(folder, 'strict'))).toBe(false);
    expect(strict.stderr).not.toMatch(/trajectories: done/);
    await mkdir(join(folder, 'mine'));
    await writeFile(join(folder, 'mine', 'notes.md'), 'my notes\n');
    const intoMine = await swespot(['export', 'trajectories.jsonl', 'cut.jsonl', '--out', 'mine', '--strict']);
    expect(intoMine.exitCode).toBe(1);
    expect(await readdir(join(folder, 'mine'))).toEqual(['notes.md']);
  });

  it('fails on an empty result and on an --out that is a file, leaving no output files', async () => {
    const empty = await swespot(['export', 'trajectories.jsonl', '--max-turns', '1', '--out', 'empty']);
    expect(empty.exitCode).toBe(1);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('export: no trajectory was kept (3 read; refused: ');
    expect(empty.stderr).toContain('nothing was written to empty (--keep-unsuccessful keeps every outcome)');
    expect(empty.stderr).not.toMatch(/trajectories: done/);
    expect(existsSync(join(folder, 'empty'))).toBe(false);
    await writeFile(join(folder, 'taken'), 'mine\n');
    const file = await swespot(['export', 'trajectories.jsonl', '--out', 'taken']);
    expect(file).toMatchObject({ exitCode: 1, stdout: '' });
    expect(file.stderr).toBe(`export: --out: ${join(folder, 'taken')} is a file, not a folder; give a new or empty folder (the file was left as it is).\n`);
    expect(await readFile(join(folder, 'taken'), 'utf8')).toBe('mine\n');
  });
});
