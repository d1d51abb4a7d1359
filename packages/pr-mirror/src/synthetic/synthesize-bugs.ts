import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CodeIndex } from '@swespot/code-index';
import { bugfixTaskSchema, createRandom, formatShard, InvalidArgumentError, isInShard, openJsonlWriter, parseWithSchema, type BugfixTask, type EnvironmentBuild, type ModelV1, type Random, type ShardSpec } from '@swespot/core';
import pLimit from 'p-limit';
import { toBugfixTask } from '../output/to-bugfix-task';
import { writeProblemStatement } from '../problem-statement/write-problem-statement';
import type { BugCandidate } from '../validate/bug-candidate';
import type { BugValidation, BugValidationStatus, BugValidator } from '../validate/create-bug-validator';
import { VERSION } from '../version';
import { planCombinedBugs, type ValidatedSingleBug } from './combine-bugs';
import { makeModelBug } from './model-bug';
import { makeProceduralBug } from './procedural-bug';
import { orderTargets, selectBugTargets, type BugTarget } from './select-targets';
import { SYNTHETIC_STRATEGIES, syntheticBugPatch, syntheticCandidate, type SyntheticBug, type SyntheticStrategy } from './synthetic-bug';
import { parseSource, type ParsedSource } from './syntax';

/** Yield of one strategy: the funnel from attempts to kept instances, and the validation time. */
export interface StrategyYield {
  /** Attempts that produced an output (a mutation applied, a model replied, a combination planned). */
  tried: number;
  /** Outputs that parse without ERROR nodes and differ from the clean code. */
  parsed: number;
  /** Distinct candidates handed to the validator (duplicates of an earlier patch are not). */
  validated: number;
  /** Candidates with at least one FAIL_TO_PASS test (before flaky tests were dropped). */
  changedBehaviour: number;
  /** Instances kept: written now or already in the output file. */
  kept: number;
  /** Kept instances that were already in the output file (a resumed run). */
  alreadyWritten: number;
  /** Why attempts made no candidate (`does-not-parse`, `no-code-block`, `duplicate`, ...). */
  dropped: Record<string, number>;
  /** Validator outcomes by status, plus `too-few-pass-to-pass` for valid ones below `minimumPassToPass`. */
  outcomes: Partial<Record<BugValidationStatus | 'too-few-pass-to-pass', number>>;
  /**
   * With a shard ({@link SynthesizeBugsOptions.shard}): distinct candidates that hash to another
   * shard and were left to it (`tried` and `parsed` count the whole sequence, `validated` and
   * `kept` this shard only). Absent without a shard.
   */
  inOtherShards?: number;
  /** Wall-clock milliseconds spent validating this strategy's candidates. */
  validationMs: number;
  /** `validationMs` per instance kept by this run's validation (already written ones excluded), or null with none. */
  msPerKept: number | null;
}

/** Validation settings of {@link synthesizeBugs}; without them candidates are made and counted, not validated or written. */
export interface SynthesizeValidation {
  /** pr-mirror's validator (`createBugValidator({ environment })`). */
  readonly validator: BugValidator;
  readonly environment: Pick<EnvironmentBuild, 'environment' | 'testSpec'>;
  /** The JSONL file of `bugfix` TaskInstances; ids already in it are kept as they are, so a killed run resumes. */
  readonly out: string;
  /** Candidates validated at once. Default: 2. */
  readonly concurrency?: number;
  /** Writes problem statements; without one, the deterministic template. */
  readonly problemStatementModel?: ModelV1;
  /**
   * PASS_TO_PASS tests a kept instance needs at least (SWE-smith keeps ≥ 1, so a bug that breaks
   * every test is dropped). Default: 0, pr-mirror's rule (≥ 1 FAIL_TO_PASS only).
   */
  readonly minimumPassToPass?: number;
}

/** Options of {@link synthesizeBugs}. */
export interface SynthesizeBugsOptions {
  /** The snapshot folder the index was built from (files are read from it). */
  readonly snapshotDirectory: string;
  readonly index: CodeIndex;
  /** owner/name. */
  readonly repo: string;
  readonly snapshot: { readonly commit: string; readonly cutoff: string };
  /** Default: procedural and combine. */
  readonly strategies?: readonly SyntheticStrategy[];
  /** Instances to keep per strategy (candidates per strategy without validation). Ignored with `attempts`. */
  readonly count: number;
  /** Default: 0. The same seed, snapshot and validation outcomes give byte-identical output. */
  readonly seed?: number;
  /** The model of llm-modify and llm-rewrite. */
  readonly model?: ModelV1;
  readonly validation?: SynthesizeValidation;
  /** Attempts per strategy before giving up. Default: 10 × count (at least 20). Ignored with `attempts`. */
  readonly maxAttempts?: number;
  /**
   * Order-free mode: each strategy makes the candidates of exactly the first `attempts`
   * attempts of its seeded sequence, validates every one and keeps every valid one (no
   * `count` cap; combine plans up to `attempts` combinations). Which bugs are kept then no
   * longer depends on earlier validations, so the run can be split with `shard`. Default:
   * none (each strategy stops once `count` are kept or `maxAttempts` are spent).
   */
  readonly attempts?: number;
  /**
   * Runs one shard of an `attempts` run: the whole candidate sequence is made (procedural
   * generation is cheap, and dropping duplicate patches needs all of it), but only the
   * candidates whose id hashes to this shard (`isInShard` of core) are validated and written,
   * so the union of the N shards' records is the unsharded run's records. Needs `attempts`
   * and `validation`; refused with `combine` (it joins the run's kept bugs, which a shard
   * sees only part of: merge the shards, then run combine alone on the merged file) and with
   * the model strategies (every shard would call the model for every attempt, and the
   * replies differ run to run, so the shards would not agree on the sequence).
   */
  readonly shard?: ShardSpec;
  /**
   * Called in `attempts` mode once a strategy's candidates are made, before any is validated:
   * the distinct candidates made and how many of them this run validates (its shard's).
   */
  readonly onPlan?: (plan: { readonly strategy: SyntheticStrategy; readonly candidates: number; readonly selected: number }) => void | Promise<void>;
  /** Procedural mutations per bug (non-overlapping, one entity). Default: 1. */
  readonly mutationsPerBug?: number;
  /** Test files per target. Default: 8. */
  readonly maxTestFiles?: number;
  /**
   * Progress per strategy. In `attempts` mode `count` is the number of candidates this run
   * validates and `checked` how many of them are done (validated, or found already written).
   */
  readonly onProgress?: (progress: { readonly strategy: SyntheticStrategy; readonly tried: number; readonly kept: number; readonly count: number; readonly checked?: number }) => void;
  readonly abortSignal?: AbortSignal;
}

/** What {@link synthesizeBugs} did. */
export interface SynthesizeBugsResult {
  readonly targets: number;
  readonly yields: Partial<Record<SyntheticStrategy, StrategyYield>>;
  /** Every candidate handed to the validator (or, without validation, made), in order. */
  readonly candidates: readonly BugCandidate[];
  /** The bug behind each candidate, by candidate id, in the same order. */
  readonly bugs: readonly ValidatedSingleBug[];
  /** Instances written by this run. */
  readonly written: number;
  /**
   * Combine alone in `attempts` mode: procedural bugs it joined that were already in `out` (e.g.
   * merged shards), taken as they are and not validated again. 0 otherwise.
   */
  readonly reusedSingles: number;
  readonly durationMs: number;
}

function emptyYield(): StrategyYield {
  return { tried: 0, parsed: 0, validated: 0, changedBehaviour: 0, kept: 0, alreadyWritten: 0, dropped: {}, outcomes: {}, validationMs: 0, msPerKept: null };
}

function countInto(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}

/**
 * Makes synthetic bugs in a snapshot and validates them with pr-mirror's validator, as
 * `bugfix` TaskInstances whose origin names the strategy (`procedural/<mutation>`,
 * `llm-modify`, `llm-rewrite`, `combine`) and the entity; metadata lists every mutation.
 *
 * Targets are the functions, methods and classes that tests exercise (code-index
 * `testsFor`), drawn weighted by hotness for the seed. Each strategy runs until `count`
 * instances are kept or `maxAttempts` are spent; combine then joins 2–3 kept single bugs
 * (from the other strategies, or from procedural ones made for it and not written).
 * Candidates are validated `concurrency` at a time, and written in the order they were made,
 * so the same seed gives the same file; records carry no wall-clock times (timings are in
 * the yield statistics). A resumed run keeps what the file has and validates only the rest.
 *
 * With `attempts` each strategy instead validates every candidate of its first `attempts`
 * attempts and keeps every valid one; that run can be split into shards (`shard`) whose
 * records together are the unsharded run's. With combine alone in `attempts` mode and
 * procedural records already in `out` (e.g. merged shards), combine joins those records
 * (re-made from the same seed, matched by id) and validates only the combined bugs.
 *
 * @example
 * ```ts
 * const validator = createBugValidator({ environment: build });
 * const result = await synthesizeBugs({ snapshotDirectory, index, repo: 'pallets/click', snapshot: { commit, cutoff }, count: 30, seed: 1,
 *   validation: { validator, environment: build, out: 'bugs.jsonl', concurrency: 2 } });
 * console.log(result.yields.procedural);
 * ```
 */
export async function synthesizeBugs(options: SynthesizeBugsOptions): Promise<SynthesizeBugsResult> {
  const startedAt = Date.now();
  const strategies = options.strategies ?? ['procedural', 'combine'];
  for (const strategy of strategies) {
    if (!SYNTHETIC_STRATEGIES.includes(strategy)) throw new InvalidArgumentError({ argument: 'strategies', message: `synthesizeBugs: unknown strategy ${JSON.stringify(strategy)}; expected ${SYNTHETIC_STRATEGIES.join(', ')}.` });
    if ((strategy === 'llm-modify' || strategy === 'llm-rewrite') && options.model === undefined) {
      throw new InvalidArgumentError({ argument: 'model', message: `synthesizeBugs: strategy ${strategy} needs a model (--model PROVIDER:MODEL).` });
    }
  }
  const { attempts, shard } = options;
  if (attempts !== undefined && (!Number.isInteger(attempts) || attempts < 1)) {
    throw new InvalidArgumentError({ argument: 'attempts', message: `synthesizeBugs: 'attempts' must be a whole number of 1 or more, got ${attempts}.` });
  }
  if (shard !== undefined) {
    const problem =
      attempts === undefined
        ? `needs 'attempts' (--attempts A, e.g. ${Math.max(20, options.count * 10)}, about 10 x count): with a count of kept bugs, when to stop depends on every earlier validation, so the shards could not split the run`
        : options.validation === undefined
          ? 'needs validation (a shard validates and writes its part of the candidates)'
          : strategies.includes('combine')
            ? 'cannot run combine: combine joins the run\'s kept bugs and a shard holds only its part of them; merge the shards, then run combine alone (unsharded, same seed and attempts) on the merged file'
            : strategies.some((strategy) => strategy !== 'procedural')
              ? `runs procedural only: ${strategies.filter((strategy) => strategy !== 'procedural').join(', ')} would call the model for every attempt in every shard, and the replies differ run to run, so the shards would not agree on the candidates`
              : undefined;
    if (problem !== undefined) throw new InvalidArgumentError({ argument: 'shard', message: `synthesizeBugs: ${formatShard(shard)} ${problem}.` });
  }
  const seed = options.seed ?? 0;
  const root = createRandom(seed);
  const targets = selectBugTargets(options.index, { ...(options.maxTestFiles === undefined ? {} : { maxTestFiles: options.maxTestFiles }) });
  const maxAttempts = options.maxAttempts ?? Math.max(20, options.count * 10);
  const signal = options.abortSignal;
  const sources = new Map<string, ParsedSource>();
  const cleanTexts = new Map<string, string>();
  const sourceOf = async (target: BugTarget) => {
    let source = sources.get(target.path);
    if (source === undefined) {
      const text = await readFile(join(options.snapshotDirectory, target.path), 'utf8');
      source = await parseSource(target.language, text);
      sources.set(target.path, source);
      cleanTexts.set(target.path, text);
    }
    return source;
  };
  const writer = options.validation === undefined ? undefined : await openJsonlWriter(options.validation.out, { schema: bugfixTaskSchema, schemaName: 'BugfixTask', ...(signal ? { abortSignal: signal } : {}) });
  const limit = pLimit(Math.max(1, options.validation?.concurrency ?? 2));
  const batchSize = Math.max(4, 2 * Math.max(1, options.validation?.concurrency ?? 2));
  const yields: Partial<Record<SyntheticStrategy, StrategyYield>> = {};
  const candidates: BugCandidate[] = [];
  const bugs: ValidatedSingleBug[] = [];
  const seenPatches = new Set<string>();
  const singles: ValidatedSingleBug[] = [];
  let written = 0;
  let reusedSingles = 0;

  /** Validates one batch in parallel, then writes the valid ones in batch order. */
  const validateBatch = async (strategy: SyntheticStrategy, stats: StrategyYield, batch: { bug: SyntheticBug; candidate: BugCandidate }[], write: boolean) => {
    const batchStarted = Date.now();
    const validations = await Promise.all(
      batch.map(({ candidate }) =>
        limit(async (): Promise<BugValidation | 'existing'> => {
          signal?.throwIfAborted();
          if (writer!.has(candidate.id)) return 'existing';
          return options.validation!.validator.validate(candidate, signal ? { abortSignal: signal } : {});
        }),
      ),
    );
    for (const [position, validation] of validations.entries()) {
      const { bug, candidate } = batch[position]!;
      if (attempts === undefined && stats.kept >= options.count) break;
      if (validation === 'existing') {
        stats.kept++;
        stats.alreadyWritten++;
        singles.push({ id: candidate.id, bug });
        continue;
      }
      const tooFewPassToPass = validation.status === 'valid' && validation.passToPass.length < (options.validation!.minimumPassToPass ?? 0);
      const outcome = tooFewPassToPass ? 'too-few-pass-to-pass' : validation.status;
      stats.outcomes[outcome] = (stats.outcomes[outcome] ?? 0) + 1;
      if (validation.status === 'valid' || validation.status === 'flaky') stats.changedBehaviour++;
      if (outcome !== 'valid') continue;
      stats.kept++;
      if (strategy !== 'combine') singles.push({ id: candidate.id, bug });
      if (!write) continue;
      const problemStatement = await writeProblemStatement({
        bugPatch: candidate.bugPatch,
        failToPass: validation.failToPass,
        failingOutput: validation.buggyOutputTail,
        ...(candidate.context ? { context: candidate.context } : {}),
        ...(options.validation!.problemStatementModel ? { model: options.validation!.problemStatementModel } : {}),
        ...(signal ? { abortSignal: signal } : {}),
      });
      const task = toBugfixTask({
        candidate,
        validation,
        problemStatement,
        environment: options.validation!.environment,
        generator: { name: '@swespot/pr-mirror/synthetic', version: VERSION },
        createdAt: options.snapshot.cutoff,
      });
      if (await writer!.write(withoutTimings(task), signal ? { abortSignal: signal } : {})) written++;
    }
    stats.validationMs += Date.now() - batchStarted;
  };

  type MakeNext = (attempt: number) => Promise<{ bug?: SyntheticBug; refusal?: string; tried: boolean } | 'exhausted'>;

  /** Counts one attempt's outcome and turns a new bug into a candidate; undefined when it made none (refused, or a duplicate patch). */
  const toCandidate = (stats: StrategyYield, made: { bug?: SyntheticBug; refusal?: string; tried: boolean }): { bug: SyntheticBug; candidate: BugCandidate } | undefined => {
    if (made.tried) stats.tried++;
    if (made.bug === undefined) {
      countInto(stats.dropped, made.refusal ?? 'no-bug');
      return undefined;
    }
    stats.parsed++;
    for (const path of made.bug.parts.map((part) => part.path)) if (!cleanTexts.has(path)) throw new Error(`synthesizeBugs: ${path} was not read`);
    const bugPatch = syntheticBugPatch(made.bug, cleanTexts);
    if (bugPatch === '' || seenPatches.has(bugPatch)) {
      countInto(stats.dropped, 'duplicate');
      return undefined;
    }
    seenPatches.add(bugPatch);
    return { bug: made.bug, candidate: syntheticCandidate({ bug: made.bug, bugPatch, repo: options.repo, snapshot: options.snapshot, seed }) };
  };

  const finishStrategy = (strategy: SyntheticStrategy, stats: StrategyYield, progress: { count: number; checked?: number }) => {
    const validatedKept = stats.kept - stats.alreadyWritten;
    stats.msPerKept = validatedKept === 0 ? null : Math.round(stats.validationMs / validatedKept);
    options.onProgress?.({ strategy, tried: stats.tried, kept: stats.kept, ...progress });
  };

  /** Runs one strategy: `next` makes the following bug (or a refusal), until count is kept or attempts run out. */
  const runStrategy = async (strategy: SyntheticStrategy, write: boolean, next: MakeNext) => {
    if (attempts !== undefined) return runOrderFree(strategy, write, next, attempts);
    const stats = emptyYield();
    yields[strategy] = stats;
    let attempt = 0;
    let batch: { bug: SyntheticBug; candidate: BugCandidate }[] = [];
    const wanted = () => (writer === undefined ? candidates.filter((candidate) => candidate.metadata?.['synthetic'] !== undefined && (candidate.metadata['synthetic'] as { strategy: string }).strategy === strategy).length : stats.kept);
    while (wanted() < options.count && attempt < maxAttempts) {
      signal?.throwIfAborted();
      const made = await next(attempt++);
      if (made === 'exhausted') break;
      const entry = toCandidate(stats, made);
      if (entry === undefined) continue;
      candidates.push(entry.candidate);
      bugs.push({ id: entry.candidate.id, bug: entry.bug });
      stats.validated += writer === undefined ? 0 : 1;
      if (writer === undefined) continue;
      batch.push(entry);
      if (batch.length >= Math.min(batchSize, Math.max(1, options.count - stats.kept))) {
        await validateBatch(strategy, stats, batch, write);
        batch = [];
      }
      options.onProgress?.({ strategy, tried: stats.tried, kept: stats.kept, count: options.count });
    }
    if (batch.length > 0) await validateBatch(strategy, stats, batch, write);
    finishStrategy(strategy, stats, { count: options.count });
  };

  /**
   * The `attempts` mode of a strategy: makes the candidates of all `limit` attempts first (the
   * sequence depends only on the seed and the snapshot, never on a validation), then validates
   * those of this shard in batches, written in sequence order.
   */
  const runOrderFree = async (strategy: SyntheticStrategy, write: boolean, next: MakeNext, limit: number) => {
    const stats = emptyYield();
    yields[strategy] = stats;
    if (shard !== undefined) stats.inOtherShards = 0;
    let planned: { bug: SyntheticBug; candidate: BugCandidate }[] = [];
    for (let attempt = 0; attempt < limit; attempt++) {
      signal?.throwIfAborted();
      const made = await next(attempt);
      if (made === 'exhausted') break;
      const entry = toCandidate(stats, made);
      if (entry === undefined) continue;
      if (shard !== undefined && !isInShard(entry.candidate.id, shard)) {
        stats.inOtherShards!++;
        continue;
      }
      planned.push(entry);
    }
    // Singles made for combine alone: when the output already holds some of them (merged shards of a procedural run), those are the kept ones and nothing else is validated again.
    if (!write && writer !== undefined && planned.some(({ candidate }) => writer.has(candidate.id))) {
      planned = planned.filter(({ candidate }) => writer.has(candidate.id));
      reusedSingles = planned.length;
    }
    for (const { bug, candidate } of planned) {
      candidates.push(candidate);
      bugs.push({ id: candidate.id, bug });
    }
    await options.onPlan?.({ strategy, candidates: planned.length + (stats.inOtherShards ?? 0), selected: planned.length });
    if (writer === undefined) {
      finishStrategy(strategy, stats, { count: planned.length });
      return;
    }
    stats.validated = planned.length;
    for (let start = 0; start < planned.length; start += batchSize) {
      signal?.throwIfAborted();
      options.onProgress?.({ strategy, tried: stats.tried, kept: stats.kept, count: planned.length, checked: start });
      await validateBatch(strategy, stats, planned.slice(start, start + batchSize), write);
    }
    finishStrategy(strategy, stats, { count: planned.length, checked: planned.length });
  };

  /** A single-bug strategy over the targets in weighted order, pass after pass (each pass draws anew). */
  const runSingles = async (strategy: Exclude<SyntheticStrategy, 'combine'>, write: boolean) => {
    const random = root.fork(strategy);
    const eligible = strategy === 'procedural' ? targets : targets.filter((target) => target.kind === 'function');
    let order: BugTarget[] = [];
    let idlePass = true;
    await runStrategy(strategy, write, async (attempt) => {
      if (eligible.length === 0) return 'exhausted';
      if (attempt % eligible.length === 0) {
        if (attempt > 0 && idlePass) return 'exhausted';
        order = orderTargets(eligible, random);
        idlePass = true;
      }
      const target = order[attempt % eligible.length]!;
      const source = await sourceOf(target);
      const draw: Random = random.fork(`${target.id}#${Math.floor(attempt / eligible.length)}`);
      if (strategy === 'procedural') {
        const result = await makeProceduralBug({ target, source, random: draw, ...(options.mutationsPerBug === undefined ? {} : { mutationsPerBug: options.mutationsPerBug }) });
        if ('bug' in result) {
          idlePass = false;
          return { bug: result.bug, tried: true };
        }
        return { refusal: result.refusal, tried: result.refusal === 'does-not-parse' };
      }
      const result = await makeModelBug({ strategy, target, source, model: options.model!, random: draw, ...(signal ? { abortSignal: signal } : {}) });
      idlePass = false;
      if ('bug' in result) return { bug: result.bug, tried: true };
      return { refusal: result.refusal, tried: result.refusal !== 'no-definition' && result.refusal !== 'not-a-function' };
    });
  };

  try {
    for (const strategy of strategies) if (strategy !== 'combine') await runSingles(strategy, true);
    if (strategies.includes('combine')) {
      // Combine joins validated single bugs; with no single strategy asked for, procedural ones are made for it (not written).
      if (singles.length < 2 && !strategies.some((strategy) => strategy !== 'combine') && writer !== undefined) {
        await runSingles('procedural', false);
        delete yields.procedural;
      }
      const plans = planCombinedBugs({ singles, random: root.fork('combine'), limit: attempts ?? maxAttempts });
      for (const plan of plans) for (const part of plan.parts) if (!cleanTexts.has(part.path)) await sourceOf(targets.find((target) => target.path === part.path)!);
      await runStrategy('combine', true, async (attempt) => (attempt < plans.length ? { bug: plans[attempt]!, tried: true } : 'exhausted'));
    }
  } finally {
    limit.clearQueue();
    await writer?.close();
  }
  return { targets: targets.length, yields, candidates, bugs, written, reusedSingles, durationMs: Date.now() - startedAt };
}

/** The task without wall-clock timings in its metadata (they vary run to run; the yield statistics have them). */
function withoutTimings(task: BugfixTask): BugfixTask {
  const metadata = { ...(task.metadata ?? {}) } as Record<string, unknown>;
  const validation = metadata['validation'];
  if (validation !== null && typeof validation === 'object') {
    const { timings: _timings, ...rest } = validation as Record<string, unknown>;
    metadata['validation'] = rest;
  }
  return parseWithSchema(bugfixTaskSchema, { ...task, metadata }, { schema: 'BugfixTask' });
}
