import { InvalidArgumentError, type ByteRange, type FimHole } from '@swespot/core';

/** What locating a hole in a holed file needs: its range in the original file and its placeholder. */
export type PlacedHole = Pick<FimHole, 'byteRange' | 'removedCode'> & { readonly placeholder: string };

const utf8 = new TextEncoder();

function placeholderOf(hole: Pick<FimHole, 'placeholder'>, index: number): string {
  if (hole.placeholder === undefined) {
    throw new InvalidArgumentError({
      argument: `holes.${index}.placeholder`,
      message: `holes.${index}.placeholder: a schema version 1 FIM task has no placeholder, so its holed file cannot be rebuilt; regenerate the task with @swespot/fim-holes.`,
    });
  }
  return hole.placeholder;
}

/** Checks that holes are in file order, do not overlap and lie inside a file of `length` bytes. */
function checkHoles(holes: readonly Pick<FimHole, 'byteRange'>[], length: number): void {
  let previousEnd = 0;
  holes.forEach((hole, index) => {
    if (hole.byteRange.start < previousEnd || hole.byteRange.end > length) {
      throw new InvalidArgumentError({
        argument: `holes.${index}.byteRange`,
        message: `holes.${index}.byteRange ${hole.byteRange.start}-${hole.byteRange.end} overlaps the previous hole or lies past the end of the ${length}-byte file.`,
      });
    }
    previousEnd = hole.byteRange.end;
  });
}

/**
 * The file the agent sees: `original` with each hole's bytes replaced by its placeholder.
 * Holes are in file order and do not overlap.
 */
export function makeHoledFile(original: Uint8Array, holes: readonly Pick<FimHole, 'byteRange' | 'placeholder'>[]): Buffer {
  checkHoles(holes, original.length);
  const pieces: Uint8Array[] = [];
  let position = 0;
  holes.forEach((hole, index) => {
    pieces.push(original.subarray(position, hole.byteRange.start), utf8.encode(placeholderOf(hole, index)));
    position = hole.byteRange.end;
  });
  pieces.push(original.subarray(position));
  return Buffer.concat(pieces);
}

/** Where each placeholder sits in the holed file made by {@link makeHoledFile}. */
export function placeholderRanges(holes: readonly Pick<FimHole, 'byteRange' | 'placeholder'>[]): ByteRange[] {
  let shift = 0;
  return holes.map((hole, index) => {
    const length = utf8.encode(placeholderOf(hole, index)).length;
    const start = hole.byteRange.start + shift;
    shift += length - (hole.byteRange.end - hole.byteRange.start);
    return { start, end: start + length };
  });
}

/** The holed file with each placeholder replaced by the matching fill (`fills[i]` for hole `i`). */
export function fillHoledFile(holed: Uint8Array, holes: readonly Pick<FimHole, 'byteRange' | 'placeholder'>[], fills: readonly string[]): Buffer {
  if (fills.length !== holes.length) {
    throw new InvalidArgumentError({ argument: 'fills', message: `fills: expected one fill per hole (${holes.length}), got ${fills.length}.` });
  }
  const ranges = placeholderRanges(holes);
  const pieces: Uint8Array[] = [];
  let position = 0;
  ranges.forEach((range, index) => {
    pieces.push(holed.subarray(position, range.start), utf8.encode(fills[index]!));
    position = range.end;
  });
  pieces.push(holed.subarray(position));
  return Buffer.concat(pieces);
}

/** The original file again: the holed file with every placeholder replaced by the hole's ground truth. */
export function restoreHoledFile(holed: Uint8Array, holes: readonly PlacedHole[]): Buffer {
  return fillHoledFile(
    holed,
    holes,
    holes.map((hole) => hole.removedCode),
  );
}

/**
 * What a filled file put in each hole: the text between the holed file's unchanged
 * neighbours of each placeholder. `undefined` when the filled file changed outside the
 * holes (then its fills cannot be told apart from other edits).
 */
export function extractFills(holed: Uint8Array, holes: readonly Pick<FimHole, 'byteRange' | 'placeholder'>[], filled: Uint8Array): string[] | undefined {
  const ranges = placeholderRanges(holes);
  const fills: string[] = [];
  let position = 0; // in filled
  let holedPosition = 0;
  for (let index = 0; index < ranges.length; index++) {
    const range = ranges[index]!;
    const before = holed.subarray(holedPosition, range.start);
    if (!Buffer.from(filled.subarray(position, position + before.length)).equals(before)) return undefined;
    position += before.length;
    // The fill ends where the text up to the next placeholder (or the end of file) starts.
    const nextStart = index + 1 < ranges.length ? ranges[index + 1]!.start : holed.length;
    const after = holed.subarray(range.end, nextStart);
    const searchFrom = position;
    let fillEnd: number;
    if (index + 1 < ranges.length) {
      fillEnd = Buffer.from(filled).indexOf(after, searchFrom);
      if (fillEnd === -1) return undefined;
    } else {
      fillEnd = filled.length - after.length;
      if (fillEnd < searchFrom || !Buffer.from(filled.subarray(fillEnd)).equals(after)) return undefined;
    }
    fills.push(Buffer.from(filled.subarray(position, fillEnd)).toString('utf8'));
    position = fillEnd;
    holedPosition = range.end;
  }
  return fills;
}
