/**
 * Converts UTF-16 offsets of a JavaScript string (what both tree-sitter bindings report) to
 * UTF-8 byte offsets (what index records store) and to 1-based line numbers.
 */
export interface TextPositions {
  /** UTF-8 byte offset of a UTF-16 offset. */
  byteOffset(index: number): number;
  /** 1-based line of a UTF-16 offset. */
  line(index: number): number;
  /** Number of lines (a trailing newline does not start a new line). */
  readonly lineCount: number;
  /** Length of the text in UTF-8 bytes. */
  readonly byteLength: number;
}

const nonAscii = /[^\u0000-\u007f]/;

/** Builds {@link TextPositions} for `text` in one pass (offset table only for non-ASCII text). */
export function createTextPositions(text: string): TextPositions {
  const lineStarts: number[] = [0];
  let position = text.indexOf('\n');
  while (position !== -1) {
    lineStarts.push(position + 1);
    position = text.indexOf('\n', position + 1);
  }
  const lineCount = text.length === 0 ? 0 : text.endsWith('\n') ? lineStarts.length - 1 : lineStarts.length;
  let byteOffsets: Uint32Array | undefined;
  let byteLength = text.length;
  if (nonAscii.test(text)) {
    byteOffsets = new Uint32Array(text.length + 1);
    let bytes = 0;
    for (let index = 0; index < text.length; index += 1) {
      byteOffsets[index] = bytes;
      const code = text.charCodeAt(index);
      if (code < 0x80) bytes += 1;
      else if (code < 0x800) bytes += 2;
      else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
        // A surrogate pair is one 4-byte code point; its low half maps to the same byte offset.
        bytes += 4;
        index += 1;
        byteOffsets[index] = bytes - 4;
      } else bytes += 3;
    }
    byteOffsets[text.length] = bytes;
    byteLength = bytes;
  }
  return {
    byteOffset: byteOffsets === undefined ? (index) => index : (index) => byteOffsets[index] ?? byteLength,
    line(index: number): number {
      let low = 0;
      let high = lineStarts.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if ((lineStarts[middle] ?? 0) <= index) low = middle;
        else high = middle - 1;
      }
      return low + 1;
    },
    lineCount,
    byteLength,
  };
}
