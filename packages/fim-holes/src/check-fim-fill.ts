import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { languageForPath, type ParserBackendName } from '@swespot/code-index';
import { InvalidArgumentError, type FimTask, type TestReport } from '@swespot/core';
import { extractFills, fillHoledFile, makeHoledFile, placeholderRanges } from './holed-file';
import { editSimilarity, nodeTypeSequence, sequenceSimilarity } from './similarity';
import { createSourceParser, type SourceParser } from './source-parser';

/** What a filled file is compared on, per hole. */
export interface HoleSimilarity {
  readonly symbol: string | undefined;
  /** The fill is the removed code, byte for byte. */
  readonly exactMatch: boolean;
  /** 1 − normalised Levenshtein distance of the texts with white space runs collapsed (0 to 1). */
  readonly editSimilarity: number;
  /** The fill's syntax tree has the same named node types, in the same order, as the removed code's (comments aside). */
  readonly syntaxTreeMatch: boolean;
  /** 1 − normalised edit distance of the two node type sequences (0 to 1). */
  readonly syntaxTreeSimilarity: number;
}

/** How the hole's tests went. */
export interface FimTestOutcome {
  /** Whether the tests were run (not when no runner was given or the file does not parse). */
  readonly ran: boolean;
  /** Every test of a trusted report passed (skipped tests aside) and at least one ran. */
  readonly passed: boolean;
  /** Why the tests did not run, or why they count as failed. */
  readonly reason?: string;
  /** The report, when they ran. */
  readonly report?: TestReport;
}

/** The verdict on one filled FIM task. */
export interface FimCheckResult {
  readonly taskId: string;
  /** The filled file parses without syntax errors. */
  readonly parses: boolean;
  /** Per hole, in file order. */
  readonly holes: readonly HoleSimilarity[];
  readonly tests: FimTestOutcome;
  /** The file parses and, when the tests ran, they passed. */
  readonly passed: boolean;
}

/**
 * Runs a task's tests against a workspace: the snapshot with the filled file in place. The
 * seam between the checker and the environment that runs tests: {@link createSandboxTestRunner}
 * is the implementation over a core sandbox provider.
 */
export type FimTestRunner = (input: {
  readonly task: FimTask;
  /** The snapshot folder (never changed). */
  readonly snapshotDirectory: string;
  /** The filled file's path (the task's `file`) and bytes, to put in place of the snapshot's. */
  readonly file: { readonly path: string; readonly content: Uint8Array };
  readonly abortSignal?: AbortSignal;
}) => Promise<TestReport>;

/** Options of {@link checkFimFill}. */
export interface CheckFimFillOptions {
  readonly task: FimTask;
  /** A snapshot of `task.snapshot.commit`: the original file is read from it. */
  readonly snapshotDirectory: string;
  /** The agent's answer: the whole filled file, or the text of each hole in order. */
  readonly fill: { readonly filledFile: Uint8Array } | { readonly fills: readonly string[] };
  /** Runs the hole's tests. Default: none (parse and similarity only). */
  readonly runTests?: FimTestRunner;
  /** The tree-sitter backend or a parser to reuse. Default: `auto`. */
  readonly parser?: SourceParser | ParserBackendName;
  readonly abortSignal?: AbortSignal;
}

/**
 * Checks a filled FIM hole: does the filled file parse, do the hole's tests pass (through
 * `runTests`, in the task's environment), and how close is each fill to the ground truth
 * (exact match, normalised edit similarity, syntax-tree match). A filled file that changed
 * outside its holes is refused: its fills cannot be told apart from other edits.
 *
 * @throws {InvalidArgumentError} when the filled file changed outside the holes (argument
 *   `fill`), the task has no placeholders (schema version 1), or the snapshot lacks the file.
 */
export async function checkFimFill(options: CheckFimFillOptions): Promise<FimCheckResult> {
  const { task } = options;
  const parser = typeof options.parser === 'object' ? options.parser : createSourceParser({ backend: options.parser ?? 'auto' });
  const original = await readFile(join(options.snapshotDirectory, task.file)).catch((error: unknown) => {
    throw new InvalidArgumentError({
      argument: 'snapshotDirectory',
      message: `${options.snapshotDirectory}: no file ${task.file}; give a snapshot of ${task.repo} at ${task.snapshot.commit}.`,
      cause: error,
    });
  });
  const holed = makeHoledFile(original, task.holes);
  let fills: readonly string[];
  if ('fills' in options.fill) fills = options.fill.fills;
  else {
    const extracted = extractFills(holed, task.holes, options.fill.filledFile);
    if (extracted === undefined) {
      throw new InvalidArgumentError({
        argument: 'fill',
        message: `fill: the filled ${task.file} differs from the holed file outside the holes (task ${task.id}); change only the lines marked FIM HOLE.`,
      });
    }
    fills = extracted;
  }
  const filled = fillHoledFile(holed, task.holes, fills);
  const language = languageForPath(task.file)?.name;
  if (language === undefined) {
    throw new InvalidArgumentError({ argument: 'task', message: `task ${task.id}: ${task.file} is not in a language FIM holes support (Python, JavaScript, TypeScript, TSX).` });
  }
  const [originalTree, filledTree] = await Promise.all([parser.namedNodes(language, original.toString('utf8')), parser.namedNodes(language, filled.toString('utf8'))]);
  const parses = !filledTree.hasError;

  const alphabet = new Map<string, string>();
  const originalText = original;
  const fillRanges = placeholderRanges(task.holes.map((hole, index) => ({ ...hole, placeholder: fills[index]! })));
  const holes = task.holes.map((hole, index): HoleSimilarity => {
    const fill = fills[index]!;
    const truthRange = utf16Range(originalText, hole.byteRange);
    const fillRange = utf16Range(filled, fillRanges[index]!);
    const truthSequence = nodeTypeSequence(originalTree.nodes, truthRange, alphabet);
    const fillSequence = fill.trim() === '' ? '' : nodeTypeSequence(filledTree.nodes, fillRange, alphabet);
    return {
      symbol: hole.symbol,
      exactMatch: fill === hole.removedCode,
      editSimilarity: editSimilarity(fill, hole.removedCode),
      syntaxTreeMatch: parses && truthSequence === fillSequence,
      syntaxTreeSimilarity: parses ? sequenceSimilarity(truthSequence, fillSequence) : 0,
    };
  });

  let tests: FimTestOutcome;
  if (options.runTests === undefined) tests = { ran: false, passed: false, reason: 'no test runner was given' };
  else if (!parses) tests = { ran: false, passed: false, reason: `the filled ${task.file} does not parse` };
  else {
    const report = await options.runTests({ task, snapshotDirectory: options.snapshotDirectory, file: { path: task.file, content: filled }, ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}) });
    tests = judgeTestReport(report);
  }
  return { taskId: task.id, parses, holes, tests, passed: parses && (!tests.ran || tests.passed) };
}

/** Whether a report shows the hole's tests passing: it ran tests, none failed or errored, and its evidence is consistent. */
export function judgeTestReport(report: TestReport): FimTestOutcome {
  const failing = report.tests.filter((test) => test.status === 'failed' || test.status === 'error');
  const ran = report.tests.filter((test) => test.status === 'passed' || test.status === 'failed' || test.status === 'error');
  if (report.timedOut) return { ran: true, passed: false, reason: 'the tests timed out', report };
  if (ran.length === 0) return { ran: true, passed: false, reason: 'no test ran (collection failed, or every test was skipped)', report };
  if (failing.length > 0) {
    const names = failing.slice(0, 5).map((test) => test.testId).join(', ');
    return { ran: true, passed: false, reason: `${failing.length} test(s) failed: ${names}${failing.length > 5 ? ', ...' : ''}`, report };
  }
  if (report.exitCode !== 0) return { ran: true, passed: false, reason: `the test command exited with ${report.exitCode}`, report };
  return { ran: true, passed: true, report };
}

function utf16Range(bytes: Uint8Array, range: { readonly start: number; readonly end: number }): { start: number; end: number } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = buffer.subarray(0, range.start).toString('utf8').length;
  return { start, end: start + buffer.subarray(range.start, range.end).toString('utf8').length };
}
