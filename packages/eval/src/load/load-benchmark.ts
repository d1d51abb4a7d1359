import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  fromSweBenchRow,
  parseWithSchema,
  qaTaskSchema,
  taskInstanceSchema,
  ValidationError,
  type QaTask,
  type TaskInstance,
} from '@swespot/core';
import { VERSION } from '../version';
import { BENCHMARK_KINDS, type BenchmarkTask } from './benchmark-task';

/** A row that could not be loaded: where it is, which field is wrong, and what to do. */
export interface LoadProblem {
  /** The file the row is in. */
  readonly file: string;
  /** The 1-based line of the row; 0 for a problem with the whole file. */
  readonly line: number;
  /** The row key (or instance path) that is wrong; empty for the row as a whole. */
  readonly field: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** Options of {@link loadBenchmark}. */
export interface LoadBenchmarkOptions {
  /** Which benchmark the files hold. */
  readonly task: BenchmarkTask;
  /** The JSONL files, e.g. `rce/sbv/django.jsonl`. */
  readonly files: readonly string[];
  /**
   * SWE-QA reference answers (`{question, answer}` per line), joined on the stripped question.
   * Default: for each data file, `reference/<same name>` in its folder (SWE-Spot's layout).
   */
  readonly references?: readonly string[];
  /** `provenance.createdAt` of the instances made. Default: the current time. */
  readonly createdAt?: string;
  /**
   * `snapshot.cutoff` of SWE-QA instances, whose rows carry no date (the questions ask about a
   * pinned commit). Default: `createdAt`.
   */
  readonly undatedCutoff?: string;
}

/** What {@link loadBenchmark} read. */
export interface LoadedBenchmark {
  /** The rows that loaded, as core TaskInstances, in file order. */
  readonly instances: TaskInstance[];
  /** The rows that did not, one entry per wrong field. */
  readonly problems: LoadProblem[];
  /** Rows read per file (loaded or not). */
  readonly rowsPerFile: Readonly<Record<string, number>>;
}

const QA_COMMIT = /[._-]([0-9a-f]{7,40})$/;

/**
 * Loads benchmark rows into core TaskInstances: SWE-bench Verified rows as `bugfix`,
 * TDD-Bench-Verified as `test-repro`, FEA-Bench as `feature` (all through core's
 * `fromSweBenchRow`, which takes FAIL_TO_PASS/PASS_TO_PASS as JSON strings or lists and
 * `created_at` as ISO strings or epoch milliseconds), SWE-QA questions as `qa` joined with
 * their reference answers, and our own TaskInstance records as they are.
 *
 * Tolerant: a row that does not fit is reported in `problems` with its file, line and field,
 * and the other rows still load. A duplicated instance id is a problem on its second line.
 *
 * @example
 * ```ts
 * const { instances, problems } = await loadBenchmark({ task: 'sbv', files: ['rce/sbv/django.jsonl'] });
 * for (const problem of problems) console.error(`${problem.file}:${problem.line}: ${problem.field}: ${problem.message}`);
 * ```
 */
export async function loadBenchmark(options: LoadBenchmarkOptions): Promise<LoadedBenchmark> {
  const createdAt = options.createdAt ?? new Date().toISOString();
  const instances: TaskInstance[] = [];
  const problems: LoadProblem[] = [];
  const rowsPerFile: Record<string, number> = {};
  const seen = new Map<string, string>();
  const references = options.task === 'qa' ? await readReferences(options, problems) : new Map<string, string>();

  for (const file of options.files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      problems.push({ file, line: 0, field: '', message: `cannot read the file: ${(error as Error).message}` });
      continue;
    }
    const lines = text.split('\n');
    rowsPerFile[file] = 0;
    for (let index = 0; index < lines.length; index++) {
      const raw = lines[index]!.trim();
      if (raw === '') continue;
      rowsPerFile[file]!++;
      const line = index + 1;
      const report = (field: string, message: string) => problems.push({ file, line, field, message });
      let row: unknown;
      try {
        row = JSON.parse(raw);
      } catch (error) {
        report('', `not valid JSON (${(error as Error).message}); each line must be one JSON object`);
        continue;
      }
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        report('', 'expected a JSON object per line');
        continue;
      }
      try {
        const instance = toInstance(options.task, row as Record<string, unknown>, { createdAt, undatedCutoff: options.undatedCutoff ?? createdAt, references, file });
        const first = seen.get(instance.id);
        if (first !== undefined) {
          report('instance_id', `duplicate id ${instance.id} (first at ${first}); instance ids must be unique`);
          continue;
        }
        seen.set(instance.id, `${file}:${line}`);
        instances.push(instance);
      } catch (error) {
        if (!ValidationError.isInstance(error)) throw error;
        for (const issue of error.issues) report(issue.path, issue.message);
      }
    }
  }
  return { instances, problems, rowsPerFile };
}

function toInstance(
  task: BenchmarkTask,
  row: Record<string, unknown>,
  context: { createdAt: string; undatedCutoff: string; references: Map<string, string>; file: string },
): TaskInstance {
  const generator = { name: '@swespot/eval', version: VERSION };
  switch (task) {
    case 'tasks':
      return parseWithSchema(taskInstanceSchema, row, { schema: 'TaskInstance' });
    case 'sbv':
    case 'tdd':
    case 'fea': {
      const { kind, source } = BENCHMARK_KINDS[task];
      return fromSweBenchRow(row, { kind: kind as 'bugfix' | 'feature' | 'test-repro', source, createdAt: context.createdAt, generator });
    }
    case 'qa':
      return qaInstance(row, context, generator);
  }
}

function qaInstance(
  row: Record<string, unknown>,
  context: { createdAt: string; undatedCutoff: string; references: Map<string, string>; file: string },
  generator: { name: string; version: string },
): QaTask {
  const issues: { path: string; message: string }[] = [];
  const text = (key: string) => {
    const value = row[key];
    if (typeof value !== 'string' || value.trim() === '') {
      issues.push({ path: key, message: `expected a non-empty string, got ${value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 40)}` });
      return '';
    }
    return value;
  };
  const id = text('instance_id');
  const repo = text('repo');
  const question = text('problem_statement');
  const image = typeof row.image_name === 'string' ? row.image_name : undefined;
  const commit = typeof row.base_commit === 'string' ? row.base_commit : image ? QA_COMMIT.exec(image)?.[1] : undefined;
  if (commit === undefined) issues.push({ path: 'image_name', message: 'expected an image name ending in the commit (…pylint.44740e5e) or a base_commit, to know which commit the question is about' });
  const answer = question ? context.references.get(question.trim()) : undefined;
  if (question && answer === undefined) {
    issues.push({
      path: 'problem_statement',
      message: `no reference answer for this question; put SWE-QA's {question, answer} file at ${join(dirname(context.file), 'reference', basename(context.file))} or pass it with references`,
    });
  }
  if (issues.length > 0) throw new ValidationError({ issues, schema: 'SweQaRow' });
  const createdAt = typeof row.created_at === 'string' ? row.created_at : undefined;
  return parseWithSchema(
    qaTaskSchema,
    {
      schemaVersion: 1,
      kind: 'qa',
      id,
      repo,
      question,
      referenceAnswer: answer,
      ...(typeof row.ground_truth === 'string' && row.ground_truth !== '' ? { groundTruth: row.ground_truth } : {}),
      snapshot: { commit, cutoff: createdAt ?? context.undatedCutoff },
      environment: { image: image ?? `sweb.eval.x86_64.${id.replaceAll('__', '_1776_').toLowerCase()}:latest`, installCommands: [], workingDirectory: '/testbed' },
      testSpec: { language: 'python', framework: 'pytest', command: 'pytest -rA {tests}', selection: { mode: 'all' }, env: {}, timeoutSeconds: 1800 },
      provenance: { source: 'swe-qa', origin: id, generator, createdAt: context.createdAt },
      seed: 0,
      metadata: { undated: createdAt === undefined },
    },
    { schema: 'QaTask' },
  );
}

async function readReferences(options: LoadBenchmarkOptions, problems: LoadProblem[]): Promise<Map<string, string>> {
  const files = options.references ?? options.files.map((file) => join(dirname(file), 'reference', basename(file)));
  const answers = new Map<string, string>();
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      // A missing default reference file shows up as one problem per question, naming where it was looked for.
      if (options.references !== undefined) problems.push({ file, line: 0, field: '', message: 'cannot read the reference answers file' });
      continue;
    }
    text.split('\n').forEach((raw, index) => {
      if (raw.trim() === '') return;
      try {
        const row = JSON.parse(raw) as { question?: unknown; answer?: unknown };
        if (typeof row.question !== 'string' || typeof row.answer !== 'string') {
          problems.push({ file, line: index + 1, field: typeof row.question !== 'string' ? 'question' : 'answer', message: 'expected {question, answer} strings' });
          return;
        }
        answers.set(row.question.trim(), row.answer);
      } catch (error) {
        problems.push({ file, line: index + 1, field: '', message: `not valid JSON (${(error as Error).message})` });
      }
    });
  }
  return answers;
}
