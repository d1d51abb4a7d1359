import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitRepositorySource, indexRepository, type CodeIndex } from '@swespot/code-index';
import { bugfixTaskSchema, readJsonlToArray, type BugfixTask, type EnvironmentBuild } from '@swespot/core';
import { buildEnvironment, copySnapshot, createSnapshot, inferEnvironment, openGitReader, runEnvironmentTests } from '@swespot/repo-sandbox';
import { buildPythonBaseImage } from '@swespot/repo-sandbox/docker';
import { createSampleRepository } from '@swespot/repo-sandbox/sample';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBugValidator, type BugValidator } from '../validate/create-bug-validator';
import { synthesizeBugs, type SynthesizeBugsOptions, type SynthesizeBugsResult } from './synthesize-bugs';

let work: string;
let snapshotDirectory: string;
let index: CodeIndex;
let snapshot: { commit: string; cutoff: string };
let build: EnvironmentBuild;
let validator: BugValidator;
let first: SynthesizeBugsResult;
let tasks: BugfixTask[];

const options = (out: string): SynthesizeBugsOptions => ({
  snapshotDirectory,
  index,
  repo: 'tinyshop-dev/tinyshop',
  snapshot,
  strategies: ['procedural', 'combine'],
  count: 3,
  seed: 7,
  validation: { validator, environment: build, out, concurrency: 2 },
});

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'swespot-synth-e2e-'));
  const sample = await createSampleRepository({ directory: join(work, 'repo') });
  const info = await createSnapshot({ repo: sample.directory, cutoff: sample.cutoff, history: 'truncated', into: join(work, 'snapshot') });
  snapshotDirectory = info.directory;
  snapshot = { commit: info.sourceCommit, cutoff: info.cutoff };
  const git = await openGitReader({ directory: info.directory });
  ({ index } = await indexRepository({ source: createGitRepositorySource({ git, commit: info.commit }), hotness: { git, commit: info.commit } }));
  (git as { close?: () => void }).close?.();
  build = await buildEnvironment({ recipe: await inferEnvironment(snapshotDirectory), snapshotPath: snapshotDirectory, dependencies: 'offline-debian', baseImage: await buildPythonBaseImage({}) });
  expect(build.usable).toBe(true);
  validator = createBugValidator({ environment: build });
  first = await synthesizeBugs(options(join(work, 'first.jsonl')));
  tasks = await readJsonlToArray(join(work, 'first.jsonl'), { schema: bugfixTaskSchema });
}, 1_800_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('synthetic bugs end to end (tinyshop: pytest, Docker, offline-debian)', () => {
  it('keeps procedural bugs with FAIL_TO_PASS tests and combines validated ones; origins name the strategy and the mutation', () => {
    const procedural = first.yields.procedural!;
    const combine = first.yields.combine!;
    expect(procedural.kept).toBe(3);
    expect(procedural.tried).toBeGreaterThanOrEqual(3);
    expect(procedural.changedBehaviour).toBeGreaterThanOrEqual(3);
    expect(combine.kept).toBeGreaterThanOrEqual(1);
    expect(procedural.msPerKept).toBeGreaterThan(0);
    expect(tasks).toHaveLength(procedural.kept + combine.kept);
    expect(first.written).toBe(tasks.length);
    for (const task of tasks) {
      expect(task.failToPass.length).toBeGreaterThan(0);
      expect(task.provenance.source).toBe('synthetic');
      expect(task.bugOrigin.type).toBe('synthetic');
      const synthetic = task.metadata!['synthetic'] as { strategy: string; mutations: { entity: string; mutation: string }[]; combines?: string[] };
      if (task.bugOrigin.type !== 'synthetic') continue;
      if (synthetic.strategy === 'combine') {
        expect(task.bugOrigin.strategy).toBe('combine');
        expect(synthetic.combines!.length).toBeGreaterThanOrEqual(2);
        expect(new Set(synthetic.mutations.map((mutation) => mutation.entity)).size).toBe(synthetic.mutations.length);
        // Every single bug it joins was kept on its own.
        for (const id of synthetic.combines!) expect(tasks.map((other) => other.id)).toContain(id);
      } else {
        expect(task.bugOrigin.strategy).toBe(`procedural/${synthetic.mutations[0]!.mutation}`);
        expect(task.bugOrigin.entity).toBe(synthetic.mutations[0]!.entity);
      }
    }
  });

  it('each kept instance: the fix (the bug reversed) passes every FAIL_TO_PASS and PASS_TO_PASS test in a fresh sandbox', async () => {
    for (const task of tasks) {
      const workspace = join(work, `fixed-${task.id}`);
      await copySnapshot({ from: snapshotDirectory, into: workspace });
      for (const patch of [task.bugPatch!, task.goldPatch]) execFileSync('git', ['apply', '-'], { cwd: workspace, input: patch });
      const fixed = await runEnvironmentTests({ environment: task.environment, testSpec: task.testSpec, selection: { mode: 'tests', testIds: [...task.failToPass, ...task.passToPass] }, workspace });
      const passed = new Set(fixed.tests.filter((test) => test.status === 'passed').map((test) => test.testId));
      for (const id of [...task.failToPass, ...task.passToPass]) expect(passed, `${task.id}: ${id}`).toContain(id);
    }
  });

  it('the same seed gives a byte-identical file; run again on its own output it writes nothing and validates only what was dropped', async () => {
    const second = await synthesizeBugs(options(join(work, 'second.jsonl')));
    expect(await readFile(join(work, 'second.jsonl'), 'utf8')).toBe(await readFile(join(work, 'first.jsonl'), 'utf8'));
    expect(second.written).toBe(tasks.length);
    const resumed = await synthesizeBugs(options(join(work, 'first.jsonl')));
    expect(resumed.written).toBe(0);
    expect(resumed.yields.procedural).toMatchObject({ kept: 3, alreadyWritten: 3 });
    // Only the candidates dropped before are validated again (a dropped candidate is not recorded).
    const validatedCount = (result: SynthesizeBugsResult) => Object.values(result.yields.procedural!.outcomes).reduce((sum, count) => sum + count, 0);
    expect(validatedCount(resumed)).toBe(validatedCount(first) - 3);
  });

  it('minimumPassToPass drops a bug that breaks more than it leaves passing (SWE-smith keeps >= 1 PASS_TO_PASS)', async () => {
    const strict = await synthesizeBugs({ ...options(join(work, 'strict.jsonl')), strategies: ['procedural'], count: 1, maxAttempts: 3, validation: { validator, environment: build, out: join(work, 'strict.jsonl'), minimumPassToPass: 10_000 } });
    expect(strict.yields.procedural!.kept).toBe(0);
    expect(strict.yields.procedural!.outcomes['too-few-pass-to-pass']).toBeGreaterThanOrEqual(1);
    expect(strict.yields.procedural!.outcomes.valid).toBeUndefined();
    expect(strict.written).toBe(0);
  });
});
