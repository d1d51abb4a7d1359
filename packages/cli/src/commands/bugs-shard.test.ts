import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { readShardManifest, selectShard } from '@swespot/core';
import { createSampleRepository, SAMPLE_REPOSITORY_CUTOFF } from '@swespot/repo-sandbox/sample';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

let folder: string;

async function swespot(argv: string[], abortSignal?: AbortSignal) {
  const stdout = capture();
  const stderr = capture();
  const exitCode = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream, cwd: folder, env: { PATH: process.env.PATH ?? '' }, ...(abortSignal ? { abortSignal } : {}) });
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

const lines = async (file: string) => (await readFile(join(folder, file), 'utf8').catch(() => '')).split('\n').filter((line) => line !== '');
const idOf = (line: string) => (JSON.parse(line) as { id: string }).id;

// Few attempts keep CI time small: 8 attempts give 8 candidates on the sample repository (about 20 s of validation unsharded).
const ATTEMPTS = '8';
const synth = (out: string, ...extra: string[]) => ['bugs', 'synth', 'tinyshop', '--cutoff', SAMPLE_REPOSITORY_CUTOFF, '--strategies', 'procedural', '--attempts', ATTEMPTS, '--seed', '1', '--environment', 'build.json', '--repo-name', 'tinyshop-dev/tinyshop', '--out', out, '--no-progress', ...extra];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'swespot-cli-bugs-shard-'));
  await createSampleRepository({ directory: join(folder, 'tinyshop') });
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('swespot bugs synth --shard: refusals', () => {
  it('refuses --shard without --attempts, with combine, with a model strategy and a bad I/N, saying what to run instead', async () => {
    const base = ['bugs', 'synth', 'tinyshop', '--cutoff', SAMPLE_REPOSITORY_CUTOFF, '--out', 'refused.jsonl', '--no-progress'];
    const noAttempts = await swespot([...base, '--strategies', 'procedural', '--count', '30', '--shard', '0/3']);
    expect(noAttempts.exitCode).toBe(2);
    expect(noAttempts.stderr).toMatch(/^error: shard 0 of 3: --shard needs --attempts A \(e\.g\. --attempts 300, about 10 x --count\)/);
    const combine = await swespot([...base, '--strategies', 'procedural,combine', '--attempts', '300', '--shard', '1/3']);
    expect(combine.exitCode).toBe(2);
    expect(combine.stderr).toContain('error: shard 1 of 3: --shard cannot run combine');
    expect(combine.stderr).toContain('swespot merge DIR --out merged.jsonl), then run combine unsharded on the merged file: swespot bugs synth REPO --strategies combine --attempts 300 --out merged.jsonl');
    const model = await swespot([...base, '--strategies', 'llm-modify', '--model', 'vllm:qwen', '--attempts', '10', '--shard', '0/2']);
    expect(model.exitCode).toBe(2);
    expect(model.stderr).toMatch(/--shard runs --strategies procedural only: llm-modify would call the model for every attempt in every shard/);
    const bad = await swespot([...base, '--attempts', '10', '--shard', '3/3']);
    expect(bad).toMatchObject({ exitCode: 2, stderr: "error: --shard: the shard index must be less than the shard count (3 is not < 3; shards of 3 are numbered 0 to 2); got '3/3'\n" });
    expect(existsSync(join(folder, 'refused.jsonl'))).toBe(false);
  });
});

describe('swespot bugs synth --attempts --shard and swespot merge (Docker, offline-debian)', () => {
  let whole: string[];
  beforeAll(async () => {
    // One environment for every run of this file.
    const build = await swespot(['env', 'build', 'tinyshop', '--cutoff', SAMPLE_REPOSITORY_CUTOFF, '--deps', 'offline-debian', '--out', 'build.json']);
    expect(build.exitCode, build.stderr).toBe(0);
    const run = await swespot(synth('whole.jsonl'));
    expect(run.exitCode, run.stderr).toBe(0);
    whole = (await lines('whole.jsonl')).sort();
  }, 900_000);

  it('the merge of N shards is the unsharded --attempts run: the same records, byte for byte, each once, for N in 1, 3 and 7', async () => {
    // No count cap: every valid candidate of the 8 attempts is kept (--count is ignored with --attempts).
    expect(whole.length).toBeGreaterThanOrEqual(4);
    const ids = whole.map(idOf);
    expect(new Set(ids).size).toBe(ids.length);
    for (const count of [1, 3, 7]) {
      for (let index = 0; index < count; index += 1) {
        const result = await swespot([...synth(`n${count}/shard-${index}.jsonl`, '--json'), '--shard', `${index}/${count}`]);
        expect(result.exitCode, result.stderr).toBe(0);
        const report = JSON.parse(result.stdout) as { shard: unknown; attempts: number; yields: { procedural: { tried: number; validated: number; inOtherShards: number } } };
        expect(report).toMatchObject({ shard: { index, count }, attempts: 8 });
        // The whole sequence is walked in every shard; the candidates split between this shard and the others.
        expect(report.yields.procedural.tried).toBe(8);
        const selected = report.yields.procedural.validated;
        expect(selected + report.yields.procedural.inOtherShards).toBe(8);
        expect(result.stderr).toContain(`shard ${index} of ${count}: ${selected} of 8 procedural candidates`);
        expect(await readShardManifest(join(folder, `n${count}/shard-${index}.shard.json`))).toMatchObject({ stage: 'bugs synth', shard: { index, count }, records: { schema: 'TaskInstance', keyField: 'id' }, selected, status: 'complete' });
        const written = (await lines(`n${count}/shard-${index}.jsonl`)).map(idOf);
        expect(written).toEqual(selectShard(written, { index, count }, (id) => id));
      }
      const merged = await swespot(['merge', `n${count}`, '--out', `merged-${count}.jsonl`]);
      expect(merged.exitCode, merged.stderr).toBe(0);
      expect(merged.stdout).toContain(`merged ${count} shards of bugs synth (${whole.length} TaskInstance records`);
      expect((await lines(`merged-${count}.jsonl`)).sort()).toEqual(whole);
    }
    // Combine alone on the merged shards: it joins the merged bugs as they are and validates only combined ones.
    const combine = await swespot(['bugs', 'synth', 'tinyshop', '--cutoff', SAMPLE_REPOSITORY_CUTOFF, '--strategies', 'combine', '--attempts', ATTEMPTS, '--seed', '1', '--environment', 'build.json', '--repo-name', 'tinyshop-dev/tinyshop', '--out', 'merged-3.jsonl', '--no-progress', '--json']);
    expect(combine.exitCode, combine.stderr).toBe(0);
    const combined = JSON.parse(combine.stdout) as { reusedSingles: number; written: number; yields: Record<string, { validated: number; kept: number }> };
    expect(combined.reusedSingles).toBe(whole.length);
    expect(Object.keys(combined.yields)).toEqual(['combine']);
    expect(combined.yields['combine']!.validated).toBeGreaterThan(0);
    const after = await lines('merged-3.jsonl');
    expect(after.slice(whole.length).map(idOf).every((id) => /\.synth\.combine\./.test(id))).toBe(true);
    expect(after).toHaveLength(whole.length + combined.written);
    const text = await swespot([...synth('n3/shard-1.jsonl'), '--shard', '1/3']);
    expect(text.stdout).toMatch(/procedural +tried 8, parsed 8 \(whole sequence, 8 candidates\); shard 1 of 3: validated \d+, changed behaviour \d+, kept \d+ \(\d+ already written\)/);
  }, 1_800_000);

  it('a shard aborted mid-validation is refused by merge, then re-run completes without duplicates', async () => {
    // One validation at a time: the first batch (4 candidates) is written while the second is being validated, and then the run is aborted.
    const controller = new AbortController();
    const killed = swespot([...synth('killed/shard-0.jsonl', '--concurrency', '1'), '--shard', '0/1'], controller.signal);
    await expect.poll(async () => (await lines('killed/shard-0.jsonl')).length, { timeout: 600_000, interval: 100 }).toBeGreaterThan(0);
    controller.abort();
    const aborted = await killed;
    expect(aborted.exitCode, aborted.stderr).toBe(130);
    const before = await lines('killed/shard-0.jsonl');
    expect(before.length).toBeLessThan(whole.length);
    expect((await readShardManifest(join(folder, 'killed/shard-0.shard.json'))).status).toBe('running');
    const refused = await swespot(['merge', 'killed', '--out', 'killed-merged.jsonl']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/shard 0 of 1 .* did not finish \(status running/);

    const rerun = await swespot([...synth('killed/shard-0.jsonl', '--json'), '--shard', '0/1']);
    expect(rerun.exitCode, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout).yields.procedural.alreadyWritten).toBe(before.length);
    const after = await lines('killed/shard-0.jsonl');
    expect(after.slice(0, before.length)).toEqual(before);
    expect([...after].sort()).toEqual(whole);
    expect((await readShardManifest(join(folder, 'killed/shard-0.shard.json'))).status).toBe('complete');
    const merged = await swespot(['merge', 'killed', '--out', 'killed-merged.jsonl']);
    expect(merged.exitCode, merged.stderr).toBe(0);
  }, 1_800_000);
});
