import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors/validation-error';
import { iterateJsonlLines } from './iterate-jsonl-lines';
import { parseJsonlLine } from './parse-jsonl-line';

/** Options of {@link readJsonl}. */
export interface ReadJsonlOptions<Schema extends z.ZodType> {
  /** The zod schema every record must match. */
  schema: Schema;
  /** A name for the schema in error messages, e.g. `TaskInstance`. Default: `record`. */
  schemaName?: string;
  /**
   * What to do with a complete line that is not JSON or does not match the schema:
   * `throw` a {@link ValidationError} naming the file, line and zod paths, or `skip` it and
   * list it in {@link JsonlReadStats.skippedLines}. Default: `throw`.
   */
  onInvalid?: 'throw' | 'skip';
  /**
   * What to do with a last line that has no trailing newline and is not valid JSON, which
   * is what a writer killed mid-write leaves: `ignore` it (reported in
   * {@link JsonlReadStats.truncatedTail}) or `throw` a {@link ValidationError}.
   * A last line without newline that is valid JSON is an ordinary record. Default: `ignore`.
   */
  onTruncatedTail?: 'ignore' | 'throw';
  /** Stops the read; the iteration then throws the signal's reason. */
  abortSignal?: AbortSignal;
}

/** A line that {@link readJsonl} skipped with `onInvalid: 'skip'`. */
export interface JsonlSkippedLine {
  /** The 1-based line number. */
  line: number;
  /** The full error message, e.g. `tasks.jsonl:17: invalid TaskInstance:\n  steps.3.action: ...`. */
  message: string;
  /** The schema problems (one issue with an empty path for a JSON syntax error). */
  issues: readonly ValidationIssue[];
}

/** A torn last line that {@link readJsonl} ignored. */
export interface JsonlTruncatedTail {
  /** The 1-based line number of the torn line. */
  line: number;
  /** Byte offset where the torn line starts, i.e. the length of the file's complete part. */
  startByte: number;
  /** Length of the torn line in bytes. */
  byteLength: number;
}

/** What {@link readJsonl} saw, complete once the iteration has ended. */
export interface JsonlReadStats {
  /** Lines read, counting blank, skipped and torn lines. */
  linesRead: number;
  /** Records yielded to the caller. */
  recordsYielded: number;
  /** Blank (whitespace-only) lines, which are ignored. */
  blankLines: number;
  /** Lines skipped as invalid with `onInvalid: 'skip'`, in file order. */
  skippedLines: JsonlSkippedLine[];
  /** The torn last line that was ignored, or `undefined` when the file ended cleanly. */
  truncatedTail: JsonlTruncatedTail | undefined;
}

/**
 * A streaming read of one JSONL file: an async iterable of validated records whose
 * {@link JsonlReader.stats} describe the read once the iteration ends. Each
 * `for await` starts a fresh read of the file and resets the stats.
 */
export interface JsonlReader<Record> extends AsyncIterable<Record> {
  /** The file being read. */
  readonly file: string;
  /** Figures of the latest iteration; live while it runs, final when it ends. */
  readonly stats: Readonly<JsonlReadStats>;
}

function emptyStats(): JsonlReadStats {
  return { linesRead: 0, recordsYielded: 0, blankLines: 0, skippedLines: [], truncatedTail: undefined };
}

/**
 * Reads a JSONL file as a stream of records, each validated with `options.schema`.
 * Memory stays constant whatever the file size: one 64 KiB chunk and one line at a time.
 * Nothing is read until the iteration starts.
 *
 * Blank lines are ignored. A last line without a trailing newline that is not valid JSON
 * (a torn write from a killed process) is ignored and reported in `stats.truncatedTail`
 * unless `onTruncatedTail` is `throw`.
 *
 * @throws {ValidationError} during the iteration, for an invalid line (with `onInvalid:
 *   'throw'`), naming the file, the 1-based line and the zod paths.
 *
 * @example
 * ```ts
 * const reader = readJsonl('tasks.jsonl', { schema: TaskInstanceSchema, schemaName: 'TaskInstance' });
 * for await (const task of reader) console.log(task.id);
 * console.log(reader.stats.recordsYielded);
 * ```
 */
export function readJsonl<Schema extends z.ZodType>(
  file: string,
  options: ReadJsonlOptions<Schema>,
): JsonlReader<z.output<Schema>> {
  const { schema, schemaName, onInvalid = 'throw', onTruncatedTail = 'ignore', abortSignal } = options;
  let stats = emptyStats();

  async function* records(): AsyncGenerator<z.output<Schema>, void, undefined> {
    stats = emptyStats();
    for await (const line of iterateJsonlLines(file, { abortSignal })) {
      stats.linesRead += 1;
      if (line.text.trim() === '') {
        stats.blankLines += 1;
        continue;
      }
      let record: z.output<Schema>;
      try {
        record = parseJsonlLine(line.text, { schema, schemaName, file, line: line.number });
      } catch (error) {
        if (!ValidationError.isInstance(error)) throw error;
        // A torn write is a prefix of one line, never valid JSON: an object's closing brace comes last.
        if (!line.terminated && error.cause instanceof SyntaxError) {
          if (onTruncatedTail === 'throw') {
            throw new ValidationError({
              message: `${file}:${line.number}: the last line is cut off (no trailing newline, not valid JSON), as a writer killed mid-write leaves it; read with onTruncatedTail: 'ignore' or reopen the file with openJsonlWriter to repair it.`,
              issues: error.issues,
              file,
              line: line.number,
              schema: schemaName,
              cause: error,
            });
          }
          stats.truncatedTail = {
            line: line.number,
            startByte: line.startByte,
            byteLength: line.endByte - line.startByte,
          };
          continue;
        }
        if (onInvalid === 'throw') throw error;
        stats.skippedLines.push({ line: line.number, message: error.message, issues: error.issues });
        continue;
      }
      stats.recordsYielded += 1;
      yield record;
    }
  }

  return {
    file,
    get stats() {
      return stats;
    },
    [Symbol.asyncIterator]: () => records(),
  };
}
