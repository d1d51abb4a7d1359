/**
 * Converts UTF-16 offsets of a JavaScript string (what tree-sitter reports) to byte offsets
 * of its UTF-8 encoding (what code-index records). Pure ASCII text needs no table.
 */
export interface Utf8Offsets {
  /** The byte offset of UTF-16 offset `index`. */
  toByte(index: number): number;
}

/** Builds the offset table of `text` (none for ASCII text). */
export function createUtf8Offsets(text: string): Utf8Offsets {
  if (Buffer.byteLength(text, 'utf8') === text.length) return { toByte: (index) => index };
  const bytes = new Uint32Array(text.length + 1);
  let byte = 0;
  for (let index = 0; index < text.length; index++) {
    bytes[index] = byte;
    const code = text.charCodeAt(index);
    if (code < 0x80) byte += 1;
    else if (code < 0x800) byte += 2;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      // a surrogate pair is one 4-byte character; its low half sits at the same byte
      bytes[index + 1] = byte;
      byte += 4;
      index++;
    } else byte += 3;
  }
  bytes[text.length] = byte;
  return { toByte: (index) => bytes[index]! };
}
