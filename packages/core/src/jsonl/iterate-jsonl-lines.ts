import { createReadStream } from 'node:fs';

const newline = 0x0a;

/** One line of a JSONL file as raw text, with where it sits in the file. */
export interface JsonlLine {
  /** The line's text, decoded as UTF-8, without its `\n` (nor a `\r` before it, nor a leading BOM). */
  text: string;
  /** The 1-based line number. */
  number: number;
  /** Whether the line ended with `\n`; only the file's last line can be `false`. */
  terminated: boolean;
  /** Byte offset of the line's first byte in the file. */
  startByte: number;
  /** Byte offset just past the line's `\n` (or past its last byte when not terminated). */
  endByte: number;
}

/** Options of {@link iterateJsonlLines}. */
export interface IterateJsonlLinesOptions {
  /** Stops the read; the iteration then throws the signal's reason. */
  abortSignal?: AbortSignal;
}

/**
 * Streams the lines of `file` with their byte offsets, holding one chunk (64 KiB) plus the
 * current line in memory. Splits on `\n` bytes before decoding, so a multi-byte UTF-8
 * character cut by a chunk boundary is decoded whole; `readline` is not used because it
 * cannot say whether the last line had a newline, which is how a torn write is recognised.
 *
 * Internal to the JSONL reader and writer; not exported from the package.
 */
export async function* iterateJsonlLines(
  file: string,
  { abortSignal }: IterateJsonlLinesOptions = {},
): AsyncGenerator<JsonlLine, void, undefined> {
  abortSignal?.throwIfAborted();
  const stream = createReadStream(file, { highWaterMark: 64 * 1024, signal: abortSignal });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineStart = 0;
  let lineNumber = 0;

  const makeLine = (bytes: Buffer, terminated: boolean): JsonlLine => {
    lineNumber += 1;
    let text = bytes.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (lineNumber === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
    const startByte = lineStart;
    const endByte = lineStart + bytes.length + (terminated ? 1 : 0);
    lineStart = endByte;
    return { text, number: lineNumber, terminated, startByte, endByte };
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let position = 0;
      while (position < chunk.length) {
        const newlineAt = chunk.indexOf(newline, position);
        if (newlineAt === -1) {
          pending.push(chunk.subarray(position));
          pendingBytes += chunk.length - position;
          break;
        }
        const piece = chunk.subarray(position, newlineAt);
        const bytes = pending.length === 0 ? piece : Buffer.concat([...pending, piece], pendingBytes + piece.length);
        pending = [];
        pendingBytes = 0;
        position = newlineAt + 1;
        yield makeLine(bytes, true);
      }
    }
    if (pendingBytes > 0) yield makeLine(Buffer.concat(pending, pendingBytes), false);
  } finally {
    stream.destroy();
  }
}
