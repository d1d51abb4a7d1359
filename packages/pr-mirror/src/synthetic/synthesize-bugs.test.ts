import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileSystemRepositorySource, createGitRepositorySource, indexRepository, type CodeIndex } from '@swespot/code-index';
import { createRandom, selectShard, type TestReport } from '@swespot/core';
import { createOpenAI } from '@swespot/model-openai';
import { createSnapshot, openGitReader } from '@swespot/repo-sandbox';
import { createSampleRepository } from '@swespot/repo-sandbox/sample';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../__fixtures__/fake-openai-server';
import { readPatchFiles } from '../diff/patch-files';
import { isTestPath } from '../mining/classify-path';
import { createBugValidator, type RunBugTests } from '../validate/create-bug-validator';
import { editsOverlap } from './apply-edits';
import { planCombinedBugs } from './combine-bugs';
import { selectBugTargets } from './select-targets';
import { synthesizeBugs, type SynthesizeBugsOptions } from './synthesize-bugs';
import { parseSource } from './syntax';
import { applyEdits } from './apply-edits';

let work: string;
let snapshotDirectory: string;
let index: CodeIndex;
let snapshot: { commit: string; cutoff: string };
let server: FakeOpenAIServer;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'swespot-synth-'));
  const sample = await createSampleRepository({ directory: join(work, 'repo') });
  const info = await createSnapshot({ repo: sample.directory, cutoff: sample.cutoff, history: 'truncated', into: join(work, 'snapshot') });
  snapshotDirectory = info.directory;
  snapshot = { commit: info.sourceCommit, cutoff: info.cutoff };
  const git = await openGitReader({ directory: info.directory });
  ({ index } = await indexRepository({ source: createGitRepositorySource({ git, commit: info.commit }), hotness: { git, commit: info.commit } }));
  (git as { close?: () => void }).close?.();
}, 300_000);

afterAll(async () => {
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

const base = (): SynthesizeBugsOptions => ({ snapshotDirectory, index, repo: 'tinyshop-dev/tinyshop', snapshot, strategies: ['procedural'], count: 8 });

function applies(patch: string): boolean {
  try {
    execFileSync('git', ['apply', '--check', '-'], { cwd: snapshotDirectory, input: patch, stdio: ['pipe', 'ignore', 'pipe'] });
    return true;
  } catch {
    return false;
  }
}

describe('target selection and procedural candidates (tinyshop, real tree-sitter and git)', () => {
  it('targets the functions, methods and classes tests exercise, weighted by hotness, with their test files', () => {
    const targets = selectBugTargets(index);
    expect(targets.length).toBeGreaterThanOrEqual(10);
    for (const target of targets) {
      expect(isTestPath(target.path)).toBe(false);
      expect(target.testFiles.length).toBeGreaterThan(0);
      expect(target.weight).toBeGreaterThanOrEqual(1);
    }
    // receipt.py is tested by test_receipt.py only; applies_to was touched by more commits than most.
    expect(targets.find((target) => target.id === 'tinyshop/receipt.py::_row')!.testFiles).toEqual(['tests/test_receipt.py']);
    expect(targets.find((target) => target.id === 'tinyshop/discounts.py::BulkDiscount.applies_to')!.weight).toBeGreaterThan(1);
  });

  it('the same seed gives the same candidates, another seed others; every patch applies to the snapshot and leaves tests alone', async () => {
    const first = await synthesizeBugs({ ...base(), seed: 3 });
    const again = await synthesizeBugs({ ...base(), seed: 3 });
    const other = await synthesizeBugs({ ...base(), seed: 4 });
    expect(first.candidates).toHaveLength(8);
    expect(JSON.stringify(again.candidates)).toBe(JSON.stringify(first.candidates));
    expect(other.candidates.map((candidate) => candidate.id)).not.toEqual(first.candidates.map((candidate) => candidate.id));
    expect(first.yields.procedural).toMatchObject({ tried: 8, parsed: 8, kept: 0 });
    for (const candidate of first.candidates) {
      expect(candidate.origin).toMatchObject({ type: 'synthetic', strategy: expect.stringMatching(/^procedural\/[a-z-]+$/), entity: expect.stringMatching(/^tinyshop\/.+::/) });
      expect(candidate.id).toMatch(/^tinyshop-dev__tinyshop\.synth\.[a-z-]+\.[0-9a-f]{8}$/);
      expect(applies(candidate.bugPatch), candidate.bugPatch).toBe(true);
      for (const file of readPatchFiles(candidate.bugPatch)) expect(isTestPath(file.path)).toBe(false);
    }
    expect(new Set(first.candidates.map((candidate) => candidate.bugPatch)).size).toBe(8);
  });

  it('several mutations of one entity in one bug never overlap', async () => {
    const result = await synthesizeBugs({ ...base(), seed: 1, count: 10, mutationsPerBug: 3 });
    const multi = result.candidates.filter((candidate) => (candidate.metadata!['synthetic'] as { mutations: unknown[] }).mutations.length > 1);
    expect(multi.length).toBeGreaterThan(0);
    for (const candidate of result.candidates) {
      const { mutations } = candidate.metadata!['synthetic'] as { mutations: { entity: string; mutation: string }[] };
      expect(new Set(mutations.map((mutation) => mutation.entity)).size).toBe(1);
      expect(candidate.origin.type === 'synthetic' && candidate.origin.strategy).toBe(`procedural/${mutations.map((mutation) => mutation.mutation).join('+')}`);
      expect(applies(candidate.bugPatch)).toBe(true);
    }
  });

  it('combine joins 2-3 single bugs of distinct entities whose edits do not overlap, same file first', async () => {
    const { bugs } = await synthesizeBugs({ ...base(), seed: 5, count: 12 });
    const plans = planCombinedBugs({ singles: bugs, random: createRandom(1), limit: 4 });
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) {
      expect(plan.parts.length).toBeGreaterThanOrEqual(2);
      expect(plan.parts.length).toBeLessThanOrEqual(3);
      expect(new Set(plan.parts.map((part) => part.entity)).size).toBe(plan.parts.length);
      for (const [position, part] of plan.parts.entries()) for (const other of plan.parts.slice(position + 1)) if (other.path === part.path) expect(editsOverlap(part.edits, other.edits)).toBe(false);
      expect(plan.combines).toHaveLength(plan.parts.length);
    }
    // Same file first: the first plan's parts share a file.
    expect(new Set(plans[0]!.parts.map((part) => part.path)).size).toBe(1);
    expect(JSON.stringify(planCombinedBugs({ singles: bugs, random: createRandom(1), limit: 4 }))).toBe(JSON.stringify(plans));
  });
});

describe('TypeScript targets', () => {
  it('mutates the TypeScript functions and classes a test file imports; every output parses', async () => {
    const directory = join(work, 'ts-project');
    await mkdir(join(directory, 'src'), { recursive: true });
    await mkdir(join(directory, 'test'), { recursive: true });
    const cart = [
      'export class Base {',
      '  label(): string {',
      '    return "base";',
      '  }',
      '}',
      '',
      'export class Cart extends Base {',
      '  items: number[] = [];',
      '  total(): number {',
      '    let sum = 0;',
      '    for (const item of this.items) {',
      '      if (item > 0) {',
      '        sum += item;',
      '      } else {',
      '        sum -= 1;',
      '      }',
      '    }',
      '    return sum * 2 - 1;',
      '  }',
      '}',
      '',
      'export function last(values: number[]): number | undefined {',
      '  try {',
      '    return values[values.length - 1];',
      '  } catch (error) {',
      '    return undefined;',
      '  }',
      '}',
      '',
    ].join('\n');
    await writeFile(join(directory, 'src/cart.ts'), cart);
    await writeFile(join(directory, 'test/cart.test.ts'), "import { Cart, last } from '../src/cart';\nimport { test } from 'node:test';\ntest('total', () => { new Cart().total(); last([1]); });\n");
    const { index: tsIndex } = await indexRepository({ source: createFileSystemRepositorySource({ directory }) });
    const result = await synthesizeBugs({ snapshotDirectory: directory, index: tsIndex, repo: 'acme/cart', snapshot, strategies: ['procedural'], count: 12, seed: 1 });
    expect(result.targets).toBeGreaterThanOrEqual(4);
    expect(result.candidates.length).toBeGreaterThanOrEqual(8);
    const mutations = new Set<string>();
    for (const { bug } of result.bugs) {
      expect(bug.parts[0]!.path).toBe('src/cart.ts');
      expect(bug.testFiles).toEqual(['test/cart.test.ts']);
      mutations.add(bug.parts[0]!.mutation);
      expect((await parseSource('typescript', applyEdits(cart, bug.parts.flatMap((part) => part.edits)))).hasError).toBe(false);
    }
    expect(mutations.size).toBeGreaterThanOrEqual(4);
  });
});

describe('model strategies through ModelV1 (the real openai client against a fake server on 127.0.0.1)', () => {
  it('llm-modify: a reply with the bug becomes a candidate; a reply that does not parse or has no code block is dropped with the reason counted', async () => {
    server = await startFakeOpenAIServer((request, position) => {
      const user = request.messages.find((message) => message.role === 'user')!.content;
      const code = /```python\n([\s\S]*?)```/.exec(user)![1]!;
      if (position === 1) return 'Explanation: broken.\n\n```python\ndef broken(:\n    return\n```';
      if (position === 2) return 'I would rather not.';
      return `Explanation: the result is dropped.\n\n\`\`\`python\n${code.includes('return ') ? code.replace('return ', 'return None and ') : code}\`\`\``;
    });
    const model = createOpenAI({ baseURL: server.baseURL, apiKey: 'test-key' }).model('bug-model');
    const result = await synthesizeBugs({ ...base(), strategies: ['llm-modify'], count: 3, seed: 2, model });
    const stats = result.yields['llm-modify']!;
    expect(stats.dropped['does-not-parse']).toBe(1);
    expect(stats.dropped['no-code-block']).toBe(1);
    expect(result.candidates).toHaveLength(3);
    expect(stats.tried).toBe(stats.parsed + (stats.dropped['does-not-parse'] ?? 0) + (stats.dropped['no-code-block'] ?? 0) + (stats.dropped['unchanged'] ?? 0));
    for (const candidate of result.candidates) {
      expect(candidate.origin).toMatchObject({ type: 'synthetic', strategy: 'llm-modify' });
      expect(candidate.bugPatch).toContain('+');
      expect(candidate.bugPatch).toContain('return None and ');
      expect(applies(candidate.bugPatch)).toBe(true);
      expect((candidate.metadata!['synthetic'] as { explanation: string }).explanation).toBe('the result is dropped.');
    }
    expect(server.requests[0]!.temperature).toBe(1);
    expect(server.requests[0]!.messages[0]!.content).toContain('chaos-monkey');
    await server.close();
  });

  it('llm-rewrite: the model sees the file with the function stubbed (docstring kept) and its implementation replaces the function', async () => {
    server = await startFakeOpenAIServer((request) => {
      const user = request.messages.find((message) => message.role === 'user')!.content;
      const name = /The function `([^`]+)`/.exec(user)![1]!;
      return `\`\`\`python\ndef ${name}(*args, **kwargs):\n    value = None\n    return value\n\`\`\``;
    });
    const model = createOpenAI({ baseURL: server.baseURL, apiKey: 'test-key' }).model('bug-model');
    const result = await synthesizeBugs({ ...base(), strategies: ['llm-rewrite'], count: 2, seed: 2, model });
    expect(result.candidates).toHaveLength(2);
    const prompt = server.requests[0]!.messages.find((message) => message.role === 'user')!.content;
    expect(prompt).toContain('raise NotImplementedError("TODO: Implement this function")');
    expect(server.requests[0]!.temperature).toBe(0);
    for (const candidate of result.candidates) {
      expect(candidate.origin).toMatchObject({ type: 'synthetic', strategy: 'llm-rewrite' });
      expect(candidate.bugPatch).toMatch(/^\+\s+value = None$/m);
      expect(applies(candidate.bugPatch)).toBe(true);
    }
    await server.close();
  });

  it('a model strategy without a model is refused up front', async () => {
    await expect(synthesizeBugs({ ...base(), strategies: ['llm-modify'] })).rejects.toThrow(/needs a model/);
  });
});

/** A test report in which every test of the selected files passes, except `failing`. */
function scriptedReport(files: readonly string[], failing: string | undefined): TestReport {
  const tests = files.flatMap((file) => [`${file}::test_one`, `${file}::test_two`]).map((testId) => ({ testId, status: testId === failing ? ('failed' as const) : ('passed' as const) }));
  return { schemaVersion: 2, id: 'report', command: 'python3 -m pytest', exitCode: 0, tests, evidence: { runner: 'pytest', summary: null, countsAgree: null, exitCodeAgrees: true }, durationMs: 1, timedOut: false, stdoutTruncated: false, stderrTruncated: false, startedAt: '2026-01-01T00:00:00.000Z', outputTail: { stdout: '', stderr: '' } };
}

/**
 * pr-mirror's real validator over scripted test runs: a bug breaks the first test of its first
 * file when its patch's SHA-256 starts with 0-a (about 2 in 3), else no test (dropped). The
 * buggy runs are counted by candidate id, so a test sees what was validated, and how often.
 */
function scriptedValidation(out: string) {
  const buggyRuns: string[] = [];
  const runTests: RunBugTests = async (request) => {
    const files = request.selection.mode === 'files' ? request.selection.files : [];
    if (request.patch === undefined) return scriptedReport(files, undefined);
    buggyRuns.push(request.taskId);
    const breaks = /^[0-9a]/.test(createHash('sha256').update(request.patch).digest('hex'));
    return scriptedReport(files, breaks ? `${files[0]}::test_one` : undefined);
  };
  const environment = { environment: { image: 'tinyshop:latest', installCommands: [], workingDirectory: '/testbed' }, testSpec: { language: 'python', framework: 'pytest' as const, command: 'python3 -m pytest {tests}', selection: { mode: 'all' as const }, env: {}, timeoutSeconds: 60 } };
  return { buggyRuns, validation: { validator: createBugValidator({ environment, runTests, rerun: false }), environment, out } };
}

const lines = async (file: string) => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter((line) => line !== '');
const idOf = (line: string) => (JSON.parse(line) as { id: string }).id;

describe('attempts mode and shards (the real validator over scripted test runs)', () => {
  it('--attempts keeps every valid bug of the first A attempts; the union of N shards is that run, each record once and each candidate validated once, for N in 1, 3 and 7', async () => {
    const folder = join(work, 'attempts');
    const whole = scriptedValidation(join(folder, 'whole.jsonl'));
    const unsharded = await synthesizeBugs({ ...base(), count: 1, seed: 3, attempts: 30, validation: whole.validation });
    const expected = (await lines(join(folder, 'whole.jsonl'))).sort();
    const stats = unsharded.yields.procedural!;
    // No count cap: far more than count 1 kept, and every candidate of the 30 attempts validated.
    expect(stats.kept).toBeGreaterThan(5);
    expect(stats.validated).toBe(unsharded.candidates.length);
    expect(stats.validated).toBeLessThan(stats.parsed + 1);
    expect(expected).toHaveLength(stats.kept);
    expect(whole.buggyRuns.sort()).toEqual(unsharded.candidates.map((candidate) => candidate.id).sort());
    expect(stats.kept).toBeLessThan(stats.validated);

    for (const count of [1, 3, 7]) {
      const union: string[] = [];
      const validatedIds: string[] = [];
      for (let index = 0; index < count; index++) {
        const shard = scriptedValidation(join(folder, `n${count}`, `shard-${index}.jsonl`));
        const plans: unknown[] = [];
        const result = await synthesizeBugs({ ...base(), count: 1, seed: 3, attempts: 30, shard: { index, count }, validation: shard.validation, onPlan: (plan) => void plans.push(plan) });
        const part = result.yields.procedural!;
        // The whole sequence is walked (tried, parsed), only this shard's part validated.
        expect(part).toMatchObject({ tried: stats.tried, parsed: stats.parsed, validated: result.candidates.length, inOtherShards: stats.validated - result.candidates.length });
        const mine = selectShard(unsharded.candidates, { index, count }, (candidate) => candidate.id).map((candidate) => candidate.id);
        expect(result.candidates.map((candidate) => candidate.id)).toEqual(mine);
        expect(plans).toEqual([{ strategy: 'procedural', candidates: stats.validated, selected: mine.length }]);
        validatedIds.push(...shard.buggyRuns);
        const written = await lines(join(folder, `n${count}`, `shard-${index}.jsonl`));
        for (const line of written) expect(selectShard([idOf(line)], { index, count }, (id) => id)).toHaveLength(1);
        union.push(...written);
      }
      expect(union.sort()).toEqual(expected);
      expect(validatedIds.sort()).toEqual([...whole.buggyRuns].sort());
    }
  });

  it('combine alone on the merged shards re-uses their records (validating only combined bugs) and gives the unsharded procedural+combine run', async () => {
    const folder = join(work, 'combine');
    const full = scriptedValidation(join(folder, 'full.jsonl'));
    const unsharded = await synthesizeBugs({ ...base(), strategies: ['procedural', 'combine'], count: 1, seed: 4, attempts: 24, validation: full.validation });
    expect(unsharded.yields.combine!.kept).toBeGreaterThan(0);
    const merged: string[] = [];
    for (let index = 0; index < 3; index++) {
      const shard = scriptedValidation(join(folder, `shard-${index}.jsonl`));
      await synthesizeBugs({ ...base(), count: 1, seed: 4, attempts: 24, shard: { index, count: 3 }, validation: shard.validation });
      merged.push(...(await lines(join(folder, `shard-${index}.jsonl`))));
    }
    await writeFile(join(folder, 'merged.jsonl'), merged.map((line) => `${line}\n`).join(''));
    const follow = scriptedValidation(join(folder, 'merged.jsonl'));
    const combined = await synthesizeBugs({ ...base(), strategies: ['combine'], count: 1, seed: 4, attempts: 24, validation: follow.validation });
    expect(follow.buggyRuns.length).toBeGreaterThan(0);
    for (const id of follow.buggyRuns) expect(id).toMatch(/\.synth\.combine\.[0-9a-f]{8}$/);
    expect(follow.buggyRuns).toHaveLength(combined.yields.combine!.validated);
    expect(combined.yields.procedural).toBeUndefined();
    expect(combined.reusedSingles).toBe(merged.length);
    expect(unsharded.reusedSingles).toBe(0);
    expect((await lines(join(folder, 'merged.jsonl'))).sort()).toEqual((await lines(join(folder, 'full.jsonl'))).sort());
  });

  it('a shard is refused without attempts, without validation, with combine and with a model strategy, saying what to do', async () => {
    const { validation } = scriptedValidation(join(work, 'refused.jsonl'));
    const shard = { index: 0, count: 3 };
    await expect(synthesizeBugs({ ...base(), shard, validation })).rejects.toThrow("synthesizeBugs: shard 0 of 3 needs 'attempts' (--attempts A, e.g. 80, about 10 x count)");
    await expect(synthesizeBugs({ ...base(), shard, attempts: 10 })).rejects.toThrow(/needs validation/);
    await expect(synthesizeBugs({ ...base(), strategies: ['procedural', 'combine'], shard, attempts: 10, validation })).rejects.toThrow(/cannot run combine: .* merge the shards, then run combine alone/);
    const model = createOpenAI({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'test-key' }).model('bug-model');
    await expect(synthesizeBugs({ ...base(), strategies: ['llm-modify'], model, shard, attempts: 10, validation })).rejects.toThrow(/runs procedural only: llm-modify would call the model/);
  });
});
