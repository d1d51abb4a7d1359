/** One hunk of a unified diff: old lines `[oldStart, oldStart + oldCount)` became new lines `[newStart, newStart + newCount)`. */
export interface DiffHunk {
  readonly oldStart: number;
  readonly oldCount: number;
  readonly newStart: number;
  readonly newCount: number;
}

/** The change to one file in a unified diff. */
export interface FileDiff {
  /** Path before the change; `null` for an added file. */
  readonly oldPath: string | null;
  /** Path after the change; `null` for a deleted file. */
  readonly newPath: string | null;
  readonly hunks: readonly DiffHunk[];
}

const hunkHeader = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Parses `git diff` output (with `diff --git` headers) into files and hunks. Paths come from
 * the `---`/`+++` lines, or the rename/copy lines and the header for changes without hunks.
 */
export function parseUnifiedDiff(patch: string): FileDiff[] {
  const files: FileDiff[] = [];
  let current: { oldPath: string | null; newPath: string | null; hunks: DiffHunk[] } | undefined;
  const lines = patch.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] as string;
    if (line.startsWith('diff --git ')) {
      if (current !== undefined) files.push(current);
      const paths = parseHeaderPaths(line.slice('diff --git '.length));
      current = { oldPath: paths?.[0] ?? null, newPath: paths?.[1] ?? null, hunks: [] };
      continue;
    }
    if (current === undefined) continue;
    if (line.startsWith('@@')) {
      const match = hunkHeader.exec(line);
      if (match === null) continue;
      current.hunks.push({
        oldStart: Number(match[1]),
        oldCount: match[2] === undefined ? 1 : Number(match[2]),
        newStart: Number(match[3]),
        newCount: match[4] === undefined ? 1 : Number(match[4]),
      });
      continue;
    }
    if (current.hunks.length > 0) continue;
    if (line.startsWith('--- ')) current.oldPath = line === '--- /dev/null' ? null : stripPrefix(unquote(line.slice(4)), 'a/');
    else if (line.startsWith('+++ ')) current.newPath = line === '+++ /dev/null' ? null : stripPrefix(unquote(line.slice(4)), 'b/');
    else if (line.startsWith('rename from ') || line.startsWith('copy from ')) current.oldPath = unquote(line.slice(line.indexOf(' from ') + 6));
    else if (line.startsWith('rename to ') || line.startsWith('copy to ')) current.newPath = unquote(line.slice(line.indexOf(' to ') + 4));
    else if (line.startsWith('new file mode')) current.oldPath = null;
    else if (line.startsWith('deleted file mode')) current.newPath = null;
  }
  if (current !== undefined) files.push(current);
  return files;
}

function parseHeaderPaths(rest: string): [string, string] | undefined {
  if (rest.startsWith('"')) {
    const match = /^("(?:[^"\\]|\\.)*") ("(?:[^"\\]|\\.)*"|\S+)$/.exec(rest);
    if (match === null) return undefined;
    return [stripPrefix(unquote(match[1] ?? ''), 'a/'), stripPrefix(unquote(match[2] ?? ''), 'b/')];
  }
  // `a/x b/x`: without quotes the two paths are equal for modifications; split in the middle.
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === ' ') {
    return [stripPrefix(rest.slice(0, half), 'a/'), stripPrefix(rest.slice(half + 1), 'b/')];
  }
  const separator = rest.indexOf(' b/');
  if (separator === -1) return undefined;
  return [stripPrefix(rest.slice(0, separator), 'a/'), stripPrefix(rest.slice(separator + 1), 'b/')];
}

function stripPrefix(path: string, prefix: string): string {
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

function unquote(path: string): string {
  const trimmed = path.replace(/\t.*$/, '');
  if (!trimmed.startsWith('"')) return trimmed;
  const body = trimmed.slice(1, -1);
  const bytes: number[] = [];
  for (let index = 0; index < body.length; index += 1) {
    const character = body[index] as string;
    if (character !== '\\') {
      bytes.push(...Buffer.from(character, 'utf8'));
      continue;
    }
    const next = body[index + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(body.slice(index + 1, index + 4), 8));
      index += 3;
    } else {
      bytes.push(({ n: 10, t: 9, '"': 34, '\\': 92 } as Record<string, number>)[next] ?? next.charCodeAt(0));
      index += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
