/**
 * A byte sink that keeps at most `maxBytes` of a stream: the first half and the last half,
 * so that both how a command started and how it ended survive. Memory stays bounded by
 * `maxBytes` whatever the stream's length.
 */
export interface CappedOutput {
  /** Appends a chunk. */
  write(chunk: Uint8Array): void;
  /** The kept bytes decoded as UTF-8 (invalid bytes replaced), with a marker line where bytes were cut. */
  text(): string;
  /** Whether bytes were dropped. */
  readonly truncated: boolean;
  /** Bytes written in all, kept or not. */
  readonly totalBytes: number;
}

/**
 * Creates a {@link CappedOutput} that keeps `maxBytes` at most: `floor(maxBytes / 2)` bytes
 * of head and the rest as a rolling tail.
 *
 * @param maxBytes most bytes kept, head and tail together; 0 keeps nothing.
 */
export function createCappedOutput(maxBytes: number): CappedOutput {
  const headLimit = Math.floor(maxBytes / 2);
  const tailLimit = maxBytes - headLimit;
  const head: Buffer[] = [];
  let headBytes = 0;
  // The tail is a list of chunks trimmed from the front once it holds more than tailLimit.
  let tail: Buffer[] = [];
  let tailBytes = 0;
  let totalBytes = 0;

  return {
    write(chunk) {
      let buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      totalBytes += buffer.byteLength;
      if (headBytes < headLimit) {
        const taken = buffer.subarray(0, headLimit - headBytes);
        // Copy: callers may reuse their chunk buffers.
        head.push(Buffer.from(taken));
        headBytes += taken.byteLength;
        buffer = buffer.subarray(taken.byteLength);
      }
      if (buffer.byteLength === 0 || tailLimit === 0) return;
      if (buffer.byteLength >= tailLimit) {
        tail = [Buffer.from(buffer.subarray(buffer.byteLength - tailLimit))];
        tailBytes = tailLimit;
        return;
      }
      tail.push(Buffer.from(buffer));
      tailBytes += buffer.byteLength;
      while (tailBytes > tailLimit) {
        const first = tail[0]!;
        const excess = tailBytes - tailLimit;
        if (first.byteLength <= excess) {
          tail.shift();
          tailBytes -= first.byteLength;
        } else {
          tail[0] = first.subarray(excess);
          tailBytes -= excess;
        }
      }
    },
    text() {
      const headText = Buffer.concat(head).toString('utf8');
      const tailText = Buffer.concat(tail).toString('utf8');
      const dropped = totalBytes - headBytes - tailBytes;
      if (dropped <= 0) return headText + tailText;
      return `${headText}\n[... ${dropped} bytes truncated by swespot ...]\n${tailText}`;
    },
    get truncated() {
      return totalBytes > headBytes + tailBytes;
    },
    get totalBytes() {
      return totalBytes;
    },
  };
}
