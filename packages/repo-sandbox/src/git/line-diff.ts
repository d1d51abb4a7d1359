/** A run of changed lines: `oldCount` lines from `oldStart` replaced by `newCount` lines from `newStart` (0-based). */
export interface LineChange {
  readonly oldStart: number;
  readonly oldCount: number;
  readonly newStart: number;
  readonly newCount: number;
}

/**
 * Splits bytes into lines, each keeping its `\n`; a last line without one is kept as is.
 * Returns views into `data`, no copies.
 */
export function splitLines(data: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let index = data.indexOf(10); index !== -1; index = data.indexOf(10, start)) {
    lines.push(data.subarray(start, index + 1));
    start = index + 1;
  }
  if (start < data.length) lines.push(data.subarray(start));
  return lines;
}

/**
 * The changes between two line sequences as a shortest edit script (Myers' O(ND)
 * algorithm in linear space, after trimming the common head and tail), as runs of changed
 * lines in order. Lines compare by their bytes, the newline included.
 */
export function diffLines(oldLines: readonly Uint8Array[], newLines: readonly Uint8Array[]): LineChange[] {
  const ids = new Map<string, number>();
  const intern = (line: Uint8Array) => {
    const key = Buffer.from(line.buffer, line.byteOffset, line.byteLength).toString('latin1');
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    return id;
  };
  const a = Int32Array.from(oldLines, intern);
  const b = Int32Array.from(newLines, intern);
  const matched = new Uint8Array(a.length);
  const matchedNew = new Uint8Array(b.length);
  compare(a, 0, a.length, b, 0, b.length, matched, matchedNew);
  const changes: LineChange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && matched[i] && matchedNew[j]) {
      i += 1;
      j += 1;
      continue;
    }
    const oldStart = i;
    const newStart = j;
    while (i < a.length && !matched[i]) i += 1;
    while (j < b.length && !matchedNew[j]) j += 1;
    changes.push({ oldStart, oldCount: i - oldStart, newStart, newCount: j - newStart });
  }
  return changes;
}

/** Lines added and removed between two byte contents, as `git diff --numstat` counts them. */
export function countLineChanges(oldData: Uint8Array, newData: Uint8Array): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const change of diffLines(splitLines(oldData), splitLines(newData))) {
    added += change.newCount;
    removed += change.oldCount;
  }
  return { added, removed };
}

function compare(
  a: Int32Array,
  aStart: number,
  aEnd: number,
  b: Int32Array,
  bStart: number,
  bEnd: number,
  matched: Uint8Array,
  matchedNew: Uint8Array,
): void {
  // Iterative over the common head and tail, recursive on the middle snake.
  for (;;) {
    while (aStart < aEnd && bStart < bEnd && a[aStart] === b[bStart]) {
      matched[aStart++] = 1;
      matchedNew[bStart++] = 1;
    }
    while (aStart < aEnd && bStart < bEnd && a[aEnd - 1] === b[bEnd - 1]) {
      matched[--aEnd] = 1;
      matchedNew[--bEnd] = 1;
    }
    if (aStart === aEnd || bStart === bEnd) return;
    const [x, y, u, v] = middleSnake(a, aStart, aEnd, b, bStart, bEnd);
    for (let k = 0; k < u - x; k += 1) {
      matched[x + k] = 1;
      matchedNew[y + k] = 1;
    }
    compare(a, aStart, x, b, bStart, y, matched, matchedNew);
    aStart = u;
    bStart = v;
  }
}

/** Myers' middle snake of `a[aStart..aEnd)` against `b[bStart..bEnd)`: the snake `(x, y) → (u, v)`. */
function middleSnake(
  a: Int32Array,
  aStart: number,
  aEnd: number,
  b: Int32Array,
  bStart: number,
  bEnd: number,
): [number, number, number, number] {
  const n = aEnd - aStart;
  const m = bEnd - bStart;
  const delta = n - m;
  const odd = (delta & 1) !== 0;
  const max = Math.ceil((n + m) / 2);
  const offset = max + 1;
  const forward = new Int32Array(2 * max + 3);
  const backward = new Int32Array(2 * max + 3);
  forward[offset + 1] = 0;
  backward[offset + 1] = 0;
  for (let d = 0; d <= max; d += 1) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && forward[offset + k - 1]! < forward[offset + k + 1]!) ? forward[offset + k + 1]! : forward[offset + k - 1]! + 1;
      let y = x - k;
      const startX = x;
      const startY = y;
      while (x < n && y < m && a[aStart + x] === b[bStart + y]) {
        x += 1;
        y += 1;
      }
      forward[offset + k] = x;
      const reverseK = delta - k;
      if (odd && reverseK >= -(d - 1) && reverseK <= d - 1 && x + backward[offset + reverseK]! >= n) {
        return [aStart + startX, bStart + startY, aStart + x, bStart + y];
      }
    }
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && backward[offset + k - 1]! < backward[offset + k + 1]!) ? backward[offset + k + 1]! : backward[offset + k - 1]! + 1;
      let y = x - k;
      const endX = x;
      const endY = y;
      while (x < n && y < m && a[aEnd - 1 - x] === b[bEnd - 1 - y]) {
        x += 1;
        y += 1;
      }
      backward[offset + k] = x;
      const forwardK = delta - k;
      if (!odd && forwardK >= -d && forwardK <= d && x + forward[offset + forwardK]! >= n) {
        return [aEnd - x, bEnd - y, aEnd - endX, bEnd - endY];
      }
    }
  }
  throw new Error('unreachable: Myers middle snake not found');
}
