import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import {
  bugfixTaskSchema,
  designTaskSchema,
  environmentBuildSchema,
  fimTaskSchema,
  formatShard,
  isInShard,
  openJsonlWriter,
  parseWithSchema,
  readJsonlToArray,
  selectShard,
  taskInstanceSchema,
  testReproTaskSchema,
  type BugfixTask,
  type EnvironmentBuild,
  type EnvironmentSpec,
  type MineStageSummary,
  type MineUnitName,
  type MineUnitSummary,
  type ModelV1,
  type SandboxProviderV1,
  type ShardSpec,
  type TestSpec,
  writeShardManifest,
} from '@swespot/core';
import { countFolderCommits, mineDesignTasks } from '@swespot/design-probes';
import { mineFimTasks } from '@swespot/fim-holes';
import { buildEnvironment, createSnapshot, inferEnvironment, SnapshotLeakError, taskEnvironmentOf } from '@swespot/repo-sandbox';
import type { DockerSandboxSettings } from '@swespot/repo-sandbox/docker';
import { buildReproTask, reproTaskIdOf } from '@swespot/test-repro';
import type { CommandContext } from '../commands/command-context';
import { createProgressReporter, type ProgressReporter } from '../progress/create-progress-reporter';
import { closeReader, prepareRcxSnapshot, rcxEnvironment, repositoryNameOf, type RcxSnapshot } from '../rcx/prepare-rcx-snapshot';
import { createRolloutModel } from '../rollout/create-rollout-model';
import type { RolloutOptions } from '../rollout/rollout-options-schema';
import { prepareRolloutSession } from '../rollout/prepare-rollout-session';
import { buildEngineOf, hasDockerEngines } from '../sandbox/docker-engines-option';
import { MineRunFolder, skippedStage, skippedUnit, type MineStageMarker } from './mine-run-folder';
import { writeMineSummary } from './write-mine-summary';

/** Every unit `swespot mine` knows, in pipeline order. */
export const MINE_UNITS: readonly MineUnitName[] = ['design', 'fim', 'mirror', 'synth', 'repro'];

/** Units whose package API is not in this build yet, with the reason the summary gives. */
const UNAVAILABLE_UNITS: Partial<Record<MineUnitName, string>> = {};

/** The resolved options of one `swespot mine` run. */
export interface MineRunOptions {
  /** The clone to mine. */
  readonly repo: string;
  /** Whether `repo` is the built-in sample repository made for this run. */
  readonly sample: boolean;
  readonly repoName?: string;
  /** YYYY-MM-DD or ISO date-time. */
  readonly cutoff: string;
  readonly units: readonly MineUnitName[];
  readonly sandbox: 'docker' | 'bubblewrap';
  readonly dependencies: 'online' | 'offline-debian';
  readonly seed: number;
  /** Most tasks per unit. */
  readonly count: number;
  /** provider:model that writes FIM instructions (and mirrors, problem statements when available). */
  readonly model?: string;
  /** provider:model of the teacher rollouts. */
  readonly teacher?: string;
  readonly baseUrl?: string;
  readonly apiKeyEnv?: string;
  readonly teacherBaseUrl?: string;
  readonly teacherApiKeyEnv?: string;
  /** Most teacher runs at once. */
  readonly concurrency: number;
  /**
   * Run only this shard of the work (`--shard I/N`): design probes and FIM holes whose id,
   * and pull requests whose instance id, hash to it (core's `selectShard`), the synthetic
   * bugs of its share of the attempts, and the repro tasks and rollouts of those. Each unit's
   * file gets a manifest beside it for `swespot merge`. Default: everything.
   */
  readonly shard?: ShardSpec;
  /** The synth unit validates every procedural mutation among this many attempts (no count cap); required with `shard`. */
  readonly synthAttempts?: number;
  /** The Docker engine, or pool of engines, of the teacher's sessions and of bug validation (`--docker-host`). Default: DOCKER_HOST or the local socket. */
  readonly dockerEngines?: Pick<DockerSandboxSettings, 'docker' | 'engines' | 'shareImages'>;
  readonly progress: boolean;
}

interface StageResult<T> {
  readonly data: T;
  readonly summary: MineStageSummary;
  readonly unit?: MineUnitSummary;
}

function entityCount(rcx: RcxSnapshot): number {
  return Object.values(rcx.index.counts().entitiesByKind as Record<string, number>).reduce((sum, value) => sum + value, 0);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Runs `swespot mine` into `folder`: snapshot and audit, index, environment (built and
 * verified by its suite), the asked-for units, then with a teacher the rollouts and the
 * ms-swift export; then `summary.json`, `summary.md` and `summary.html`. A stage that has
 * its marker in `stages/` is not run again; JSONL outputs skip the ids they already hold, so
 * a run killed anywhere resumes without duplicates.
 */
export async function runMine(folder: MineRunFolder, options: MineRunOptions, context: CommandContext, extraStages: readonly MineStageSummary[] = []): Promise<void> {
  const abort = context.abortSignal ? { abortSignal: context.abortSignal } : {};
  const log = (line: string) => context.stderr.write(`mine: ${line}\n`);
  const stages: MineStageSummary[] = [...extraStages];
  const units: MineUnitSummary[] = [];
  const skipped: Array<{ what: string; reason: string }> = [];

  /** Runs a stage unless its marker says it finished; `rebuild` gives a finished stage's data again. */
  async function stage<T>(name: string, run: () => Promise<StageResult<T>>, rebuild?: (marker: MineStageMarker) => Promise<T>): Promise<T | undefined> {
    const marker = await folder.marker(name);
    if (marker !== undefined) {
      log(`${name}: finished in an earlier run (${marker.stage.status}${marker.stage.reason ? `: ${marker.stage.reason}` : ''})`);
      stages.push(marker.stage);
      if (marker.unit) units.push(marker.unit);
      return rebuild ? rebuild(marker) : undefined;
    }
    log(`${name}: started`);
    const started = Date.now();
    const result = await run();
    const summary = { ...result.summary, durationMs: result.summary.status === 'skipped' ? 0 : Date.now() - started };
    await folder.mark({ stage: summary, ...(result.unit ? { unit: result.unit } : {}) });
    stages.push(summary);
    if (result.unit) units.push(result.unit);
    log(`${name}: ${summary.status}${summary.reason ? ` (${summary.reason})` : ''}${summary.status === 'done' ? ` in ${seconds(summary.durationMs)}` : ''}`);
    return result.data;
  }

  const repoName = await repositoryNameOf(options.repo, options.repoName ?? (options.sample ? 'tinyshop-dev/tinyshop' : undefined));
  const model: ModelV1 | undefined =
    options.model === undefined ? undefined : await createRolloutModel({ model: options.model, baseUrl: options.baseUrl, apiKeyEnv: options.apiKeyEnv } as RolloutOptions, context.env);
  if (model === undefined) skipped.push({ what: 'model-written FIM instructions', reason: 'no --model: definitions without a docstring get a fixed template' });

  // 1. snapshot with its history up to the cutoff, audited (prepareRcxSnapshot reuses it and
  // falls back to no history on clock skew, as `swespot fim` does).
  await stage('snapshot', async () => {
    let info;
    try {
      info = await createSnapshot({ repo: options.repo, cutoff: options.cutoff, history: 'truncated', into: folder.path('snapshot'), ...abort });
    } catch (error) {
      if (!SnapshotLeakError.isInstance(error)) throw error;
      info = await createSnapshot({ repo: options.repo, cutoff: options.cutoff, history: 'none', into: `${folder.path('snapshot')}-no-history`, ...abort });
    }
    return {
      data: undefined,
      summary: { name: 'snapshot', status: 'done', durationMs: 0, counts: { commits: info.audit.objects.commits, objects: info.audit.objects.total, leaks: info.audit.leaks.length, historyKept: info.history === 'truncated' ? 1 : 0 } },
    };
  });

  // 2. index: cheap to redo, so a resumed run makes it again and keeps the first run's figures.
  let prepared: RcxSnapshot | undefined;
  const prepare = async () => {
    prepared ??= await prepareRcxSnapshot({ repo: options.repo, cutoff: options.cutoff, progress: options.progress, context, snapshotDirectory: folder.path('snapshot') });
    return prepared;
  };
  let rcx!: RcxSnapshot;
  await stage(
    'index',
    async () => {
      rcx = await prepare();
      const counts = rcx.index.counts();
      return {
        data: undefined,
        summary: {
          name: 'index',
          status: 'done',
          durationMs: 0,
          counts: {
            files: counts.files,
            entities: entityCount(rcx),
            testFiles: counts.testFiles,
            testCases: counts.testCases,
            crossFileReferences: counts.references.resolved,
          },
        },
      };
    },
    async () => {
      rcx = await prepare();
    },
  );
  try {

    // 3. environment: built and verified by the whole suite (Docker), else the suite run once in bubblewrap.
    const environmentSelection = await stage<{ environment: EnvironmentSpec; testSpec: TestSpec; usable: boolean; build?: EnvironmentBuild }>(
      'environment',
      async () => {
        if (options.sandbox !== 'docker') {
          const fallback = await rcxEnvironment(undefined, rcx.index, context);
          skipped.push({ what: 'environment image', reason: 'bubblewrap sandbox: environments are Docker images; tasks name the Python or Node base image' });
          return { data: { ...fallback, usable: false }, summary: skippedStage('environment', 'bubblewrap sandbox: no image built (environments are Docker images)') };
        }
        const recipe = await inferEnvironment(rcx.snapshot.directory);
        let last = '';
        const build = await buildEnvironment({
          recipe,
          snapshotPath: rcx.snapshot.directory,
          dependencies: options.dependencies,
          ...buildEngineOf(options.dockerEngines),
          onProgress: (progress) => {
            if (!options.progress || progress.message === last) return;
            last = progress.message;
            context.stderr.write(`  [${seconds(progress.elapsedMs).padStart(8)}] ${progress.message}\n`);
          },
          ...abort,
        });
        await folder.writeJson('environment/build.json', build);
        const tests = build.baseline?.tests ?? [];
        const count = (status: string) => tests.filter((test) => test.status === status).length;
        return {
          data: { ...taskEnvironmentOf(build), usable: build.usable, build },
          summary: {
            name: 'environment',
            status: build.usable ? 'done' : 'failed',
            durationMs: 0,
            ...(build.usable ? {} : { reason: `not usable: ${build.reasons.join('; ') || 'too few tests pass'}` }),
            counts: { tests: tests.length, passed: count('passed'), failed: count('failed') + count('error'), skipped: count('skipped'), buildMs: Math.round(build.timings.buildMs), testMs: Math.round(build.timings.testMs) },
          },
        };
      },
      async (marker) => {
        if (marker.stage.status === 'skipped') return { ...(await rcxEnvironment(undefined, rcx.index, context)), usable: false };
        const file = folder.path('environment', 'build.json');
        const build: EnvironmentBuild = parseWithSchema(environmentBuildSchema, JSON.parse(await readFile(file, 'utf8')), { file, schema: 'EnvironmentBuild' });
        return { ...taskEnvironmentOf(build), usable: build.usable, build };
      },
    );
    const { environment, testSpec, build } = environmentSelection!;

    // 4. units
    const wanted = new Set(options.units);
    const unitFile = (unit: MineUnitName) => join('tasks', `${unit}.jsonl`);
    const shardFiles = [...options.units.map((unit) => ({ stage: `mine ${unit}`, file: folder.path(unitFile(unit)), schema: 'TaskInstance' as const, keyed: unit !== 'repro' })), ...(options.teacher === undefined ? [] : [{ stage: 'mine rollout', file: folder.path('rollout', 'trajectories.jsonl'), schema: 'Trajectory' as const, keyed: false }])];
    // A sharded run says which shard each file holds, `running` until the run ends (then `complete` when nothing failed).
    const markShardFiles = async (done: (file: string) => boolean) => {
      if (options.shard === undefined) return;
      for (const { stage: name, file, schema, keyed } of shardFiles) {
        // A unit skipped in this shard (no bugs to reproduce, say) still has a file, empty, so that merge finds every shard.
        await mkdir(dirname(file), { recursive: true });
        await appendFile(file, '');
        // Repro tasks and trajectories follow their bugs and tasks, whose ids were hashed: their own ids are not.
        await writeShardManifest({ out: file, stage: name, shard: options.shard, schema, ...(keyed ? { keyField: 'id' } : {}), selected: await countLines(file), status: done(file) ? 'complete' : 'running' });
      }
    };
    await markShardFiles(() => false);
    if (options.shard !== undefined) log(`${formatShard(options.shard)}: manifests beside ${shardFiles.map(({ file }) => relative(folder.root, file)).join(', ')} for \`swespot merge\``);
    for (const unit of MINE_UNITS) {
      if (!wanted.has(unit)) continue;
      const unavailable = UNAVAILABLE_UNITS[unit];
      if (unavailable !== undefined) {
        await stage(unit, async () => ({ data: undefined, summary: skippedStage(unit, unavailable), unit: skippedUnit(unit, unavailable) }));
        continue;
      }
      if (unit === 'design') {
        await stage('design', async () => {
          const folderCommits = rcx.info.history === 'truncated' ? await countFolderCommits({ reader: rcx.git, ...(rcx.hotnessSince === undefined ? {} : { since: rcx.hotnessSince }), ...abort }) : undefined;
          const mined = mineDesignTasks({ snapshot: rcx.snapshot, index: rcx.index, repo: repoName, count: options.count, seed: options.seed, ...(folderCommits === undefined ? {} : { folderCommits }), environment, testSpec });
          const { statistics } = mined;
          const tasks = selectShard(mined.tasks, options.shard, (task) => task.id);
          const writer = await openJsonlWriter(folder.path(unitFile('design')), { schema: designTaskSchema, schemaName: 'DesignTask', ...abort });
          const progress = options.progress ? createProgressReporter({ label: 'design probes', total: tasks.length, stream: context.stderr }) : undefined;
          try {
            for (const task of tasks) {
              await writer.write(task, abort);
              progress?.increment();
            }
          } finally {
            progress?.stop();
            await writer.close();
          }
          return {
            data: undefined,
            summary: { name: 'design', status: 'done', durationMs: 0, counts: { tasks: tasks.length, withHistory: statistics.withHistory } },
            unit: {
              unit: 'design',
              status: 'done',
              file: unitFile('design'),
              tasks: tasks.length,
              byKind: { ...statistics.byTargetGranularity },
              funnel: [
                { step: 'entities indexed', count: entityCount(rcx) },
                { step: 'probes', count: tasks.length },
                { step: 'targets with history', count: statistics.withHistory },
              ],
            },
          };
        });
      } else if (unit === 'fim') {
        await stage('fim', async () => {
          const writer = await openJsonlWriter(folder.path(unitFile('fim')), { schema: fimTaskSchema, schemaName: 'FimTask', ...abort });
          let progress: ProgressReporter | undefined;
          let phase: string | undefined;
          let statistics;
          try {
            ({ statistics } = await mineFimTasks({
              snapshot: rcx.snapshot,
              index: rcx.index,
              repo: repoName,
              count: options.count,
              seed: options.seed,
              environment,
              testSpec,
              ...(model === undefined ? {} : { model }),
              // Another shard's hole is skipped before any work on it (a model-written instruction).
              skipId: (id) => writer.has(id) || (options.shard !== undefined && !isInShard(id, options.shard)),
              onTask: async (task) => {
                await writer.write(task);
              },
              onProgress: ({ phase: current, done, total }) => {
                if (!options.progress) return;
                if (progress === undefined || phase !== current) {
                  progress?.stop();
                  progress = createProgressReporter({ label: `fim ${current}`, total, stream: context.stderr });
                  phase = current;
                }
                progress.update(done);
              },
              ...abort,
            }));
          } finally {
            progress?.stop();
            await writer.close();
          }
          // Sharded, the statistics count every shard's tasks (the others' as skipped); the file holds this shard's.
          const tasks = options.shard === undefined ? statistics.tasks : await countLines(folder.path(unitFile('fim')));
          return {
            data: undefined,
            summary: { name: 'fim', status: 'done', durationMs: 0, counts: { tasks, written: options.shard === undefined ? statistics.tasks - statistics.skippedExisting : tasks, withTests: statistics.tasksWithTests } },
            unit: {
              unit: 'fim',
              status: 'done',
              file: unitFile('fim'),
              tasks,
              byKind: { ...statistics.byClassification, ...Object.fromEntries(Object.entries(statistics.holesByKind).map(([kind, count]) => [`hole:${kind}`, count])) },
              funnel: [
                { step: 'hole candidates', count: statistics.candidates.positive + statistics.candidates.negative },
                { step: 'with cross-file dependencies', count: statistics.candidates.positive },
                { step: 'tasks', count: statistics.tasks },
                ...(options.shard === undefined ? [] : [{ step: `in ${formatShard(options.shard)}`, count: tasks }]),
                { step: 'tasks with tests', count: statistics.tasksWithTests },
              ],
            },
          };
        });
      } else if (unit === 'mirror' || unit === 'synth') {
        await stage(unit, async () => {
          if (build === undefined) {
            const reason = 'bug validation runs in the environment image, and the bubblewrap sandbox has none (use Docker)';
            return { data: undefined, summary: skippedStage(unit, reason), unit: skippedUnit(unit, reason) };
          }
          if (rcx.info.history !== 'truncated' && unit === 'mirror') {
            const reason = 'the snapshot has no history (its audit failed with the history kept), so there are no pull requests to mirror';
            return { data: undefined, summary: skippedStage(unit, reason), unit: skippedUnit(unit, reason) };
          }
          const result = unit === 'mirror' ? await mineMirroredBugs(folder, rcx, build, repoName, unitFile(unit), options, model, context) : await mineSyntheticBugs(folder, rcx, build, repoName, unitFile(unit), options, model, context);
          if (unit === 'synth' && options.synthAttempts !== undefined) {
            skipped.push({ what: 'synthetic strategies combine, llm-modify and llm-rewrite', reason: `--synth-attempts keeps the procedural mutations of ${options.synthAttempts} attempts; combine them after merging the shards' synth.jsonl with \`swespot bugs synth REPO --cutoff CUTOFF --seed SEED --strategies combine --attempts ${options.synthAttempts} --out MERGED\` (it re-uses the merged bugs and validates only the combined ones)` });
          } else if (model === undefined) skipped.push({ what: unit === 'mirror' ? 'mirroring pull requests that no longer reverse-apply, and model-written problem statements' : 'synthetic strategies llm-modify and llm-rewrite', reason: 'no --model' });
          return result;
        });
      } else if (unit === 'repro') {
        await stage('repro', async () => {
          const bugs: BugfixTask[] = [];
          for (const source of ['mirror', 'synth'] as const) {
            const file = folder.path(unitFile(source));
            if (!(await stat(file).then(() => true, () => false))) continue;
            bugs.push(...(await readJsonlToArray(file, { schema: bugfixTaskSchema, schemaName: 'BugfixTask', ...abort })));
          }
          if (bugs.length === 0) {
            const reason = 'no validated bugs to reproduce: the mirror and synth units gave none in this run';
            return { data: undefined, summary: skippedStage('repro', reason), unit: skippedUnit('repro', reason) };
          }
          const writer = await openJsonlWriter(folder.path(unitFile('repro')), { schema: testReproTaskSchema, schemaName: 'TestReproTask', ...abort });
          const progress = options.progress ? createProgressReporter({ label: 'repro tasks', total: bugs.length, stream: context.stderr }) : undefined;
          let hidden = 0;
          try {
            for (const bugfix of bugs) {
              if (!writer.has(reproTaskIdOf(bugfix.id))) {
                const built = await buildReproTask({ bugfix, hideTests: true, createdAt: rcx.snapshot.committedAt, readSnapshotFile: (path) => readFile(join(rcx.snapshot.directory, path), 'utf8').catch(() => undefined) });
                await writer.write(built.task);
                if (built.hiddenTests.length > 0) hidden++;
              }
              progress?.increment();
            }
          } finally {
            progress?.stop();
            await writer.close();
          }
          return {
            data: undefined,
            summary: { name: 'repro', status: 'done', durationMs: 0, counts: { tasks: bugs.length } },
            unit: {
              unit: 'repro',
              status: 'done',
              file: unitFile('repro'),
              tasks: bugs.length,
              byKind: { 'test-repro': bugs.length },
              funnel: [
                { step: 'validated bugs', count: bugs.length },
                { step: 'tasks', count: bugs.length },
                { step: 'with failing tests hidden', count: hidden },
              ],
            },
          };
        });
      }
    }

    // 5-6. teacher rollouts and the ms-swift export
    let trajectories = 0;
    let datasetRows = 0;
    if (options.teacher === undefined) {
      const reason = 'no --teacher: rollouts need a model';
      skipped.push({ what: 'teacher rollouts and the ms-swift export', reason });
      stages.push(skippedStage('rollout', reason), skippedStage('export', reason));
    } else {
      const taskFiles = units.filter((unit) => unit.status === 'done' && unit.file !== null).map((unit) => folder.path(unit.file!));
      trajectories =
        (await stage(
          'rollout',
          async () => {
            const written = await runTeacherRollouts(folder, taskFiles, options, context);
            return { data: written.trajectories, summary: { name: 'rollout', status: written.failed > 0 ? 'failed' : 'done', durationMs: 0, ...(written.failed > 0 ? { reason: `${written.failed} runs failed (logs in rollout/trajectories.logs); run again to retry them` } : {}), counts: { tasks: written.tasks, trajectories: written.trajectories, failed: written.failed } } };
          },
          async (marker) => marker.stage.counts.trajectories ?? 0,
        )) ?? 0;
      datasetRows =
        (await stage(
          'export',
          async () => {
            const { exportDataset } = await import('@swespot/trajectory');
            const statistics = await exportDataset({ inputs: [folder.path('rollout', 'trajectories.jsonl')], outDir: folder.path('dataset'), format: 'ms-swift', filter: { temporal: { cutoff: rcx.snapshot.cutoff } }, ...abort });
            return { data: statistics.kept, summary: { name: 'export', status: 'done', durationMs: 0, counts: { read: statistics.read, kept: statistics.kept } } };
          },
          async (marker) => marker.stage.counts.kept ?? 0,
        )) ?? 0;
    }

    for (const unit of units) if (unit.status === 'skipped' && unit.reason) skipped.push({ what: `unit ${unit.unit}`, reason: unit.reason });
    await writeMineSummary(folder, {
      repository: { name: repoName, path: options.repo, sample: options.sample },
      cutoff: rcx.snapshot.cutoff,
      snapshotCommit: rcx.snapshot.commit,
      options: { units: [...options.units], sandbox: options.sandbox, dependencies: options.dependencies, seed: options.seed, count: options.count, model: options.model ?? null, teacher: options.teacher ?? null },
      stages,
      units,
      trajectories,
      datasetRows,
      skipped,
    });
    const failedStages = new Set(stages.filter((summary) => summary.status === 'failed').map((summary) => summary.name));
    await markShardFiles((file) => !failedStages.has(file.endsWith('trajectories.jsonl') ? 'rollout' : (file.split('/').pop() ?? '').replace(/\.jsonl$/, '')));
  } finally {
    closeReader(rcx.git);
  }
}

/** Tasks in a JSONL file (0 when it is not there). */
async function countLines(path: string): Promise<number> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line.trim() !== '').length;
}

/** RCX unit 3a: merged pull requests before the cutoff mirrored back onto the snapshot and validated in the environment. */
async function mineMirroredBugs(folder: MineRunFolder, rcx: RcxSnapshot, build: EnvironmentBuild, repo: string, file: string, options: MineRunOptions, model: ModelV1 | undefined, context: CommandContext): Promise<StageResult<undefined>> {
  const { createBugValidator, prepareMirrorCandidates, SELECTION_PRESETS, validateBugCandidates } = await import('@swespot/pr-mirror');
  const abort = context.abortSignal ? { abortSignal: context.abortSignal } : {};
  let progress: ProgressReporter | undefined;
  const { candidates, funnel } = await prepareMirrorCandidates({
    snapshotDirectory: rcx.snapshot.directory,
    repo,
    cutoff: rcx.snapshot.cutoff,
    settings: SELECTION_PRESETS.relaxed,
    index: rcx.index,
    seed: options.seed,
    limit: options.count,
    ...(options.shard === undefined ? {} : { shard: options.shard }),
    ...(model === undefined ? {} : { model }),
    onProgress: ({ stage, done, total }) => {
      if (!options.progress || stage !== 'mirror') return;
      progress ??= createProgressReporter({ label: 'mirror PRs', total, stream: context.stderr });
      progress.update(done);
    },
    ...abort,
  });
  progress?.stop();
  progress = undefined;
  const summary = await validateBugCandidates({
    candidates,
    validator: createBugValidator({ environment: build, timeoutSeconds: 600, ...(await validationSandbox(options)) }),
    environment: build,
    out: folder.path(file),
    concurrency: validationConcurrency(options),
    ...(model === undefined ? {} : { model }),
    onProgress: ({ done, total }) => {
      if (!options.progress) return;
      progress ??= createProgressReporter({ label: 'validate mirrored bugs', total, stream: context.stderr });
      progress.update(done);
    },
    ...abort,
  });
  (progress as ProgressReporter | undefined)?.stop();
  const tasks = await countLines(folder.path(file));
  const outcomes = Object.fromEntries(Object.entries(summary.outcomes).filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0));
  return {
    data: undefined,
    summary: { name: 'mirror', status: 'done', durationMs: 0, counts: { mined: funnel.mined, kept: funnel.kept, mirrored: funnel.mirroredDirectly + funnel.mirroredByModel, validated: tasks, validationMs: Math.round(summary.durationMs) } },
    unit: {
      unit: 'mirror',
      status: 'done',
      file,
      tasks,
      byKind: { 'mirrored directly': funnel.mirroredDirectly, 'mirrored by model': funnel.mirroredByModel, ...Object.fromEntries(Object.entries(outcomes).map(([outcome, count]) => [`validation:${outcome}`, count])) },
      funnel: [
        { step: 'pull requests mined', count: funnel.mined },
        { step: 'kept (relaxed)', count: funnel.kept },
        { step: 'sampled', count: funnel.sampled },
        ...(funnel.shard === undefined ? [] : [{ step: `in ${formatShard(funnel.shard)}`, count: funnel.shard.selected }]),
        { step: 'mirrored', count: funnel.mirroredDirectly + funnel.mirroredByModel },
        { step: 'with tests', count: Math.max(0, funnel.mirroredDirectly + funnel.mirroredByModel - funnel.withoutTests) },
        { step: 'validated', count: tasks },
      ],
    },
  };
}

/** RCX unit 3b: synthetic bugs (procedural mutations and their combinations, model rewrites with --model) validated in the environment. */
async function mineSyntheticBugs(folder: MineRunFolder, rcx: RcxSnapshot, build: EnvironmentBuild, repo: string, file: string, options: MineRunOptions, model: ModelV1 | undefined, context: CommandContext): Promise<StageResult<undefined>> {
  const { createBugValidator, synthesizeBugs } = await import('@swespot/pr-mirror');
  // An attempt budget is order-free (shards can split it); combine joins kept bugs and the model strategies' replies differ per run, so both stay out.
  const strategies = options.synthAttempts !== undefined ? (['procedural'] as const) : model === undefined ? (['procedural', 'combine'] as const) : (['procedural', 'combine', 'llm-modify', 'llm-rewrite'] as const);
  let progress: ProgressReporter | undefined;
  let label: string | undefined;
  const result = await synthesizeBugs({
    snapshotDirectory: rcx.snapshot.directory,
    index: rcx.index,
    repo,
    snapshot: { commit: rcx.snapshot.commit, cutoff: rcx.snapshot.cutoff },
    strategies,
    count: Math.max(1, Math.ceil(options.count / strategies.length)),
    ...(options.synthAttempts === undefined ? {} : { attempts: options.synthAttempts }),
    ...(options.shard === undefined ? {} : { shard: options.shard }),
    seed: options.seed,
    ...(model === undefined ? {} : { model }),
    validation: {
      validator: createBugValidator({ environment: build, timeoutSeconds: 600, ...(await validationSandbox(options)) }),
      environment: build,
      out: folder.path(file),
      concurrency: validationConcurrency(options),
      ...(model === undefined ? {} : { problemStatementModel: model }),
    },
    onProgress: ({ strategy, kept, count }) => {
      if (!options.progress) return;
      if (progress === undefined || label !== strategy) {
        progress?.stop();
        progress = createProgressReporter({ label: `synth ${strategy} kept`, total: count, stream: context.stderr });
        label = strategy;
      }
      progress.update(kept);
    },
    ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
  });
  (progress as ProgressReporter | undefined)?.stop();
  const tasks = await countLines(folder.path(file));
  const yields = Object.entries(result.yields);
  const total = (field: 'tried' | 'parsed' | 'validated' | 'changedBehaviour' | 'kept') => yields.reduce((sum, [, stats]) => sum + (stats?.[field] ?? 0), 0);
  return {
    data: undefined,
    summary: { name: 'synth', status: 'done', durationMs: 0, counts: { targets: result.targets, tried: total('tried'), kept: tasks } },
    unit: {
      unit: 'synth',
      status: 'done',
      file,
      tasks,
      byKind: Object.fromEntries(yields.map(([strategy, stats]) => [strategy, stats?.kept ?? 0])),
      funnel: [
        { step: 'targets exercised by tests', count: result.targets },
        { step: 'mutations tried', count: total('tried') },
        { step: 'parsed', count: total('parsed') },
        { step: 'validated', count: total('validated') },
        { step: 'changed behaviour', count: total('changedBehaviour') },
        { step: 'kept', count: tasks },
      ],
    },
  };
}

/** The Docker sandbox of each mine run: one provider, so its pool's engine counts and image copies are shared by every stage. */
const dockerSandboxes = new WeakMap<MineRunOptions, Promise<SandboxProviderV1>>();

/** The run's Docker sandbox: the engines of `--docker-host`, else DOCKER_HOST or the local socket. */
function dockerSandboxOf(options: MineRunOptions): Promise<SandboxProviderV1> {
  let sandbox = dockerSandboxes.get(options);
  if (sandbox === undefined) {
    sandbox = import('@swespot/repo-sandbox/docker').then(({ createDockerSandbox }) => createDockerSandbox({ ...options.dockerEngines }));
    dockerSandboxes.set(options, sandbox);
  }
  return sandbox;
}

/**
 * The sandbox of bug validation (mirror, synth): the run's Docker sandbox when `--docker-host`
 * named engines, else nothing, and the validator uses Docker's default engine.
 */
async function validationSandbox(options: MineRunOptions): Promise<{ sandbox?: SandboxProviderV1 }> {
  return options.sandbox === 'docker' && hasDockerEngines(options.dockerEngines) ? { sandbox: await dockerSandboxOf(options) } : {};
}

/** Candidates validated at once: 2 per Docker engine of the pool (2 on one engine). */
function validationConcurrency(options: MineRunOptions): number {
  return options.sandbox === 'docker' ? 2 * Math.max(1, options.dockerEngines?.engines?.length ?? 1) : 2;
}

/** Runs the teacher on every task of the run's task files; FIM tasks see their holes, not the original file. */
async function runTeacherRollouts(folder: MineRunFolder, taskFiles: readonly string[], options: MineRunOptions, context: CommandContext): Promise<{ tasks: number; trajectories: number; failed: number }> {
  const { createBashAgent, runRollouts } = await import('@swespot/agent');
  const tasks = [];
  for (const file of taskFiles) tasks.push(...(await readJsonlToArray(file, { schema: taskInstanceSchema, schemaName: 'TaskInstance', ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}) })));
  const model = await createRolloutModel({ model: options.teacher!, baseUrl: options.teacherBaseUrl, apiKeyEnv: options.teacherApiKeyEnv } as RolloutOptions, context.env);
  const sandbox =
    options.sandbox === 'docker' ? await dockerSandboxOf(options) : (await import('@swespot/repo-sandbox/bubblewrap')).createBubblewrapSandbox();
  const agent = createBashAgent({ model, sampling: { seed: options.seed } });
  const out = folder.path('rollout', 'trajectories.jsonl');
  let progress: ProgressReporter | undefined;
  const summary = await runRollouts({
    tasks,
    agent,
    sandbox,
    out,
    concurrency: options.concurrency,
    sessionOptions: (task) => ({
      ...(sandbox.capabilities.containerImages && task.environment.image !== undefined ? { image: task.environment.image } : {}),
      // Without images the workspace is the snapshot itself, copied per run.
      ...(sandbox.capabilities.containerImages ? {} : { workspace: { hostPath: folder.path('snapshot'), mode: 'copy' as const } }),
      labels: { 'swespot.task-id': task.id },
    }),
    // FIM holes and bug patches put into the session before the agent starts.
    prepareSession: prepareRolloutSession,
    onPlan: ({ scheduled }) => {
      if (options.progress) progress = createProgressReporter({ label: 'rollouts', total: scheduled, stream: context.stderr });
    },
    onRunEnd: () => progress?.increment(),
    ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
  });
  progress?.stop();
  const trajectories = (await readJsonlToArray(out, { schema: (await import('@swespot/core')).trajectorySchema, schemaName: 'Trajectory' }).catch(() => [])).length;
  return { tasks: tasks.length, trajectories, failed: summary.failed };
}

/** The run folder's path of a file, for messages. */
export function inRunFolder(folder: MineRunFolder, path: string): string {
  return relative(folder.root, resolve(path));
}
