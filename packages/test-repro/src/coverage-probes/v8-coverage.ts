import type { SandboxExecutorV1 } from '@swespot/core';
import { COVERAGE_FOLDER, type CoverageProbe, type LinesToMeasure, type MeasuredLines } from './line-coverage';

/** One range of V8 block coverage: character offsets into the script and how often it ran. */
interface V8Range {
  readonly startOffset: number;
  readonly endOffset: number;
  readonly count: number;
}

/** One script in a `NODE_V8_COVERAGE` file. */
interface V8Script {
  readonly url: string;
  readonly functions: readonly { readonly ranges: readonly V8Range[] }[];
}

const V8_FOLDER = `${COVERAGE_FOLDER}/v8`;

/**
 * Whether each line ran in one process's coverage of a script: the count of the innermost
 * range around the line's first non-blank character (V8 nests block ranges inside function
 * ranges; the innermost one holds the count of that spot).
 */
export function linesRunInScript(source: string, ranges: readonly V8Range[], lines: readonly number[]): Map<number, boolean> {
  const starts = [0];
  for (let index = 0; index < source.length; index++) if (source[index] === '\n') starts.push(index + 1);
  const result = new Map<number, boolean>();
  for (const line of lines) {
    const start = starts[line - 1];
    if (start === undefined) continue;
    const end = starts[line] ?? source.length;
    let offset = start;
    while (offset < end && /\s/.test(source[offset]!)) offset++;
    let innermost: V8Range | undefined;
    for (const range of ranges) {
      if (range.startOffset <= offset && offset < range.endOffset && (innermost === undefined || range.endOffset - range.startOffset < innermost.endOffset - innermost.startOffset)) innermost = range;
    }
    result.set(line, innermost !== undefined && innermost.count > 0);
  }
  return result;
}

/**
 * V8's own block coverage (`NODE_V8_COVERAGE`), written by every Node process of the test
 * command (the `node --test` runner's child per file included). A line is covered when
 * any process ran it. Exact for runners that execute the files as written (`node --test`,
 * Mocha on plain JavaScript); Jest and Vitest run transformed code whose offsets differ
 * from the file's, so the grader does not use this probe for them.
 */
export function createV8CoverageProbe(): CoverageProbe {
  return {
    tool: 'v8',
    async prepare(executor: SandboxExecutorV1, _files: readonly LinesToMeasure[], abortSignal?: AbortSignal) {
      const made = await executor.exec({ command: ['mkdir', '-p', V8_FOLDER], abortSignal });
      if (made.exitCode !== 0) return { available: false as const, reason: `cannot make ${V8_FOLDER}: ${made.stderr.trim()}` };
      return { available: true as const, env: { NODE_V8_COVERAGE: V8_FOLDER } };
    },
    async measure(executor: SandboxExecutorV1, files: readonly LinesToMeasure[], abortSignal?: AbortSignal): Promise<MeasuredLines[]> {
      const entries = await executor.listFiles(V8_FOLDER, { abortSignal });
      const scripts: V8Script[] = [];
      for (const entry of entries) {
        if (entry.type !== 'file' || !entry.path.endsWith('.json')) continue;
        const text = Buffer.from(await executor.readFile(`${V8_FOLDER}/${entry.path}`, { abortSignal })).toString('utf8');
        try {
          scripts.push(...((JSON.parse(text) as { result?: V8Script[] }).result ?? []));
        } catch {
          // A process killed while writing leaves a partial file; its data is lost, the others count.
        }
      }
      const measured: MeasuredLines[] = [];
      for (const file of files) {
        const absolute = `${executor.workdir}/${file.path}`;
        const runs = scripts.filter((script) => script.url === `file://${absolute}` || script.url === absolute);
        const source = runs.length === 0 ? '' : Buffer.from(await executor.readFile(absolute, { abortSignal })).toString('utf8');
        const covered = new Set<number>();
        for (const script of runs) {
          for (const [line, ran] of linesRunInScript(source, script.functions.flatMap((fn) => fn.ranges), file.lines)) if (ran) covered.add(line);
        }
        measured.push({
          path: file.path,
          covered: file.lines.filter((line) => covered.has(line)),
          missed: file.lines.filter((line) => !covered.has(line)),
          notExecutable: [],
        });
      }
      return measured;
    },
  };
}
