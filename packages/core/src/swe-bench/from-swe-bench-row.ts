import { ValidationError, type ValidationIssue } from '../errors/validation-error';
import type { BugOrigin } from '../schemas/bugfix-task';
import type { EnvironmentSpec } from '../schemas/environment-spec';
import type { Generator, TaskSource } from '../schemas/provenance';
import type { SweBenchOrigin } from '../schemas/swe-bench-origin';
import { taskInstanceSchema, type TaskInstance } from '../schemas/task-instance';
import type { TestSpec } from '../schemas/test-spec';
import { parseWithSchema } from '../schemas/zod-issues';
import { VERSION } from '../version';
import { listPatchFiles } from './list-patch-files';
import {
  findSweBenchFieldCodec,
  sweBenchFieldCodecs,
  setAtPath,
  type SweBenchEncodings,
  type SweBenchTaskKind,
} from './swe-bench-field-codecs';
import { sweBenchRowSchema, type SweBenchRowInput } from './swe-bench-row';

/** Options of {@link fromSweBenchRow}. */
export interface FromSweBenchRowOptions<Kind extends SweBenchTaskKind = SweBenchTaskKind> {
  /**
   * The kind of instance to make. Default: `feature` when the row has `new_components` or
   * `non_py_patch` (FEA-Bench), else `bugfix`. Pass `test-repro` for TDD-Bench rows.
   */
  kind?: Kind;
  /**
   * Where the row comes from. Default by kind: `swe-bench-verified` for bugfix,
   * `fea-bench` for feature, `tdd-bench` for test-repro.
   */
  source?: TaskSource;
  /** `provenance.createdAt`, an ISO date-time. Default: the current time. */
  createdAt?: string;
  /** `snapshot.cutoff`, an ISO date-time. Default: the row's `created_at`; required when the row has none. */
  cutoff?: string;
  /**
   * The environment. Default: the image the SWE-bench harness builds for the instance,
   * `sweb.eval.x86_64.<instance id, __ as _1776_>:latest`, working directory `/testbed`.
   */
  environment?: EnvironmentSpec;
  /**
   * The test spec. Default: Python with the SWE-bench command for the repository (Django's
   * `tests/runtests.py`, SymPy's `bin/test`, else pytest `-rA`), selecting the files the test
   * patch touches, timeout 1800 seconds.
   */
  testSpec?: TestSpec;
  /** How the bug came to be, for bugfix instances. Default: `{ type: 'historical' }`. */
  bugOrigin?: BugOrigin;
  /** `seed`. Default: 0. */
  seed?: number;
  /** `split`, e.g. `test`. Default: none. */
  split?: string;
  /** `provenance.generator`. Default: `{ name: '@swespot/core', version: VERSION }`. */
  generator?: Generator;
}

const defaultSources: Record<SweBenchTaskKind, TaskSource> = {
  bugfix: 'swe-bench-verified',
  feature: 'fea-bench',
  'test-repro': 'tdd-bench',
};

/**
 * The repositories whose TDD-Bench score is `fail_before · pass_after` without the coverage
 * factor (TDD-Bench-Verified's harness: sympy's `bin/test` is not run under coverage).
 */
export const TDD_BENCH_COVERAGE_EXEMPT: ReadonlySet<string> = new Set(['sympy/sympy']);

const requiredKeys: Record<SweBenchTaskKind, readonly string[]> = {
  bugfix: ['base_commit', 'patch', 'test_patch', 'problem_statement', 'FAIL_TO_PASS', 'PASS_TO_PASS'],
  feature: ['base_commit', 'patch', 'test_patch', 'problem_statement', 'FAIL_TO_PASS', 'PASS_TO_PASS'],
  'test-repro': ['base_commit', 'patch', 'test_patch', 'problem_statement'],
};

/**
 * Converts one SWE-bench-style row (SWE-bench Verified, FEA-Bench, TDD-Bench, SWE-smith),
 * validated here with `sweBenchRowSchema`, into a `bugfix`, `feature` or `test-repro` task instance, valid against
 * `taskInstanceSchema`.
 *
 * Lossless: whatever the instance has no typed field for (unknown keys, the key order, the
 * JSON-string or array encoding of FAIL_TO_PASS/PASS_TO_PASS, `created_at` as epoch
 * milliseconds) is kept in `provenance.sweBench`, so `toSweBenchRow` gives the same row back,
 * keys in the same order. The typed fields are decoded: `failToPass` is always an array.
 * Pure apart from the default `provenance.createdAt` (the current time).
 *
 * @throws {ValidationError} when the row is not a SWE-bench-style row, lacks a key the kind
 * needs, or the instance made from it is invalid; issues name the row key or instance path.
 *
 * @example
 * ```ts
 * const task = fromSweBenchRow(JSON.parse(line), { createdAt: '2026-01-01T00:00:00Z' });
 * task.failToPass; // ['test_run_as_non_django_module (utils_tests.test_autoreload.TestChildArguments)']
 * ```
 */
export function fromSweBenchRow<Kind extends SweBenchTaskKind = 'bugfix' | 'feature'>(
  row: SweBenchRowInput | Readonly<Record<string, unknown>>,
  options: FromSweBenchRowOptions<Kind> = {},
): Extract<TaskInstance, { kind: Kind }> {
  const parsed = parseWithSchema(sweBenchRowSchema, row, { schema: 'SweBenchRow' });
  const kind: SweBenchTaskKind =
    options.kind ?? (isPresent(parsed.new_components) || isPresent(parsed.non_py_patch) ? 'feature' : 'bugfix');

  const issues: ValidationIssue[] = [];
  for (const key of requiredKeys[kind]) {
    if (!isPresent((row as Record<string, unknown>)[key])) {
      const hint = kind !== 'test-repro' && key.endsWith('_TO_PASS') ? "; for TDD-Bench rows pass kind: 'test-repro'" : '';
      issues.push({ path: key, message: `Required for a ${kind} instance${hint}` });
    }
  }
  if (issues.length > 0) throw new ValidationError({ issues, schema: 'SweBenchRow' });

  const encodings: SweBenchEncodings = {
    testList: typeof (parsed.FAIL_TO_PASS ?? parsed.PASS_TO_PASS) === 'string' ? 'json-string' : 'array',
    createdAt: typeof parsed.created_at === 'number' ? 'epoch-milliseconds' : 'iso-string',
  };
  const origin: SweBenchOrigin = { keyOrder: [], extraFields: {}, verbatim: {} };
  if (isPresent(parsed.FAIL_TO_PASS) || isPresent(parsed.PASS_TO_PASS)) origin.testListEncoding = encodings.testList;
  if (isPresent(parsed.created_at)) origin.createdAtEncoding = encodings.createdAt;

  const draft: Record<string, unknown> = { schemaVersion: 1, kind };
  for (const [key, raw] of Object.entries(row)) {
    // JSON has no undefined: such a key would not survive a write to disk either.
    if (raw === undefined) continue;
    origin.keyOrder.push(key);
    const codec = findSweBenchFieldCodec(key, kind);
    if (codec === undefined) {
      origin.extraFields[key] = raw as SweBenchOrigin['extraFields'][string];
      continue;
    }
    const decoded = codec.decode(raw);
    if (!decoded.ok) {
      issues.push({ path: key, message: decoded.message });
      continue;
    }
    if (decoded.value !== undefined) setAtPath(draft, codec.path, decoded.value);
    const encoded = decoded.value === undefined ? undefined : codec.encode(decoded.value, encodings);
    if (JSON.stringify(encoded) !== JSON.stringify(raw)) {
      origin.verbatim[key] = raw as SweBenchOrigin['verbatim'][string];
    }
  }
  if (issues.length > 0) throw new ValidationError({ issues, schema: 'SweBenchRow' });

  for (const codec of sweBenchFieldCodecs) {
    if (!codec.kinds.includes(kind) || origin.keyOrder.includes(codec.key) || codec.impliedWhenAbsent === undefined) continue;
    const implied = codec.impliedWhenAbsent(draft);
    if (implied !== undefined) setAtPath(draft, codec.path, implied);
  }

  const cutoff = options.cutoff ?? (draft.createdAt as string | undefined);
  if (cutoff === undefined) {
    throw new ValidationError({
      issues: [{ path: 'created_at', message: 'Missing: pass options.cutoff for rows without created_at' }],
      schema: 'SweBenchRow',
    });
  }
  setAtPath(draft, ['snapshot', 'cutoff'], cutoff);

  const id = parsed.instance_id;
  const testPatch = typeof draft.testPatch === 'string' ? draft.testPatch : '';
  const testFiles = listPatchFiles(testPatch);
  const prNumber = draft.prNumber as number | undefined;
  draft.environment = options.environment ?? {
    image: `sweb.eval.x86_64.${id.replaceAll('__', '_1776_').toLowerCase()}:latest`,
    installCommands: [],
    workingDirectory: '/testbed',
  };
  draft.testSpec = options.testSpec ?? defaultTestSpec(parsed.repo, testFiles);
  draft.provenance = {
    source: options.source ?? defaultSources[kind],
    origin: prNumber === undefined ? id : `https://github.com/${parsed.repo}/pull/${prNumber}`,
    generator: options.generator ?? { name: '@swespot/core', version: VERSION },
    createdAt: options.createdAt ?? new Date().toISOString(),
    sweBench: origin,
  };
  draft.seed = options.seed ?? 0;
  if (options.split !== undefined) draft.split = options.split;
  if (kind === 'bugfix') draft.bugOrigin = options.bugOrigin ?? { type: 'historical' };
  if (kind === 'test-repro') {
    draft.testFiles = testFiles;
    // TDD-Bench's rule: the score is weighed by coverage (so resolving needs coverage > 0), except for sympy.
    draft.grading = { failBefore: 'any', passAfter: 'all', weighByCoverage: !TDD_BENCH_COVERAGE_EXEMPT.has(parsed.repo) };
  }

  return parseWithSchema(taskInstanceSchema, draft, { schema: 'TaskInstance' }) as Extract<TaskInstance, { kind: Kind }>;
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** The SWE-bench harness's test command for a Python repository (harness constants, v4). */
function defaultTestSpec(repo: string, testFiles: string[]): TestSpec {
  const selection: TestSpec['selection'] = testFiles.length > 0 ? { mode: 'files', files: testFiles } : { mode: 'all' };
  if (repo === 'django/django') {
    return {
      language: 'python',
      framework: 'django',
      command: './tests/runtests.py --verbosity 2 --settings=test_sqlite --parallel 1 {tests}',
      selection,
      env: {},
      timeoutSeconds: 1800,
    };
  }
  if (repo === 'sympy/sympy') {
    return {
      language: 'python',
      framework: 'sympy',
      command: 'bin/test -C --verbose {tests}',
      selection,
      env: { PYTHONWARNINGS: 'ignore::UserWarning,ignore::SyntaxWarning' },
      timeoutSeconds: 1800,
    };
  }
  return {
    language: 'python',
    framework: 'pytest',
    command: 'pytest --no-header -rA --tb=no -p no:cacheprovider {tests}',
    selection,
    env: {},
    timeoutSeconds: 1800,
  };
}
