/** One file a unified or git diff touches. */
export interface PatchFile {
  /** Path before the change, without the `a/` prefix; undefined for a new file. */
  readonly oldPath?: string;
  /** Path after the change, without the `b/` prefix; undefined for a deleted file. */
  readonly newPath?: string;
  /** The mode git records for the new file, e.g. `100644`, `100755`, `120000` (symbolic link). */
  readonly newMode?: string;
  /** For a symbolic link the patch creates: where it points (the added line of its hunk). */
  readonly symlinkTarget?: string;
  /** Whether the change is a `GIT binary patch`. */
  readonly binary: boolean;
  /** 1-based line of the patch where this file's header starts, for error messages. */
  readonly line: number;
}

const C_ESCAPES: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', r: '\r', v: '\v' };

/** Reads a path token as git writes it: plain, or double-quoted with C escapes (octal bytes for non-ASCII). */
function unquote(token: string): string {
  if (!token.startsWith('"')) return token;
  const bytes: number[] = [];
  for (let index = 1; index < token.length - 1; index++) {
    const character = token[index]!;
    if (character !== '\\') {
      bytes.push(...Buffer.from(character, 'utf8'));
      continue;
    }
    const next = token[++index]!;
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(token.slice(index, index + 3), 8));
      index += 2;
    } else {
      bytes.push(...Buffer.from(C_ESCAPES[next] ?? next, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Splits `a/x b/y` (either side possibly quoted) into its two paths. */
function splitGitHeader(rest: string): [string, string] | undefined {
  if (rest.startsWith('"')) {
    const end = rest.indexOf('" ', 1);
    if (end < 0) return undefined;
    return [unquote(rest.slice(0, end + 1)), unquote(rest.slice(end + 2))];
  }
  if (rest.endsWith('"')) {
    const start = rest.lastIndexOf(' "');
    return [rest.slice(0, start), unquote(rest.slice(start + 1))];
  }
  // Unquoted and symmetric: `a/<p> b/<p>`; the split point is where the second prefix starts.
  const middle = rest.indexOf(' b/');
  if (middle < 0) {
    const space = rest.indexOf(' ');
    return space < 0 ? undefined : [rest.slice(0, space), rest.slice(space + 1)];
  }
  return [rest.slice(0, middle), rest.slice(middle + 1)];
}

function stripPrefix(path: string | undefined, prefix: string): string | undefined {
  if (path === undefined || path === '/dev/null') return undefined;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/** Reads the `---`/`+++` path: up to a tab (timestamps follow one), unquoted. */
function headerPath(rest: string): string {
  const trimmed = rest.startsWith('"') ? rest : rest.split('\t')[0]!.trimEnd();
  return unquote(trimmed);
}

/**
 * Lists the files a patch touches, from its `diff --git`, `---`/`+++`, `rename`/`copy` and
 * mode lines. It reads headers only; hunks are left to `git apply` and `patch`, except the
 * one added line that holds a new symbolic link's target.
 */
export function parsePatchFiles(patch: string): PatchFile[] {
  const lines = patch.split('\n').map((line) => line.replace(/\r$/, ''));
  const files: PatchFile[] = [];
  type Draft = { -readonly [K in keyof PatchFile]: PatchFile[K] } & { git: boolean };
  let current: Draft | undefined;
  // Lines left in the current hunk (old side, new side), from its @@ header.
  let oldLeft = 0;
  let newLeft = 0;
  const flush = () => {
    if (current && (current.oldPath !== undefined || current.newPath !== undefined)) {
      const { git: _git, ...file } = current;
      files.push(file);
    }
    current = undefined;
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (oldLeft > 0 || newLeft > 0) {
      if (line.startsWith('\\')) continue;
      if (line.startsWith('-')) oldLeft--;
      else if (line.startsWith('+')) {
        newLeft--;
        if (current?.newMode === '120000' && current.symlinkTarget === undefined) current.symlinkTarget = line.slice(1);
      } else {
        oldLeft--;
        newLeft--;
      }
      continue;
    }
    if (line.startsWith('diff --git ')) {
      flush();
      const pair = splitGitHeader(line.slice('diff --git '.length));
      current = { oldPath: stripPrefix(pair?.[0], 'a/'), newPath: stripPrefix(pair?.[1], 'b/'), binary: false, line: index + 1, git: true };
      continue;
    }
    const next = lines[index + 1];
    if (line.startsWith('--- ') && next?.startsWith('+++ ')) {
      if (!current?.git) {
        flush();
        current = { binary: false, line: index + 1, git: false };
      }
      current.oldPath = stripPrefix(headerPath(line.slice(4)), 'a/');
      current.newPath = stripPrefix(headerPath(next.slice(4)), 'b/');
      index++;
      continue;
    }
    const hunk = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line);
    if (hunk) {
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      continue;
    }
    if (!current) continue;
    if (line.startsWith('rename from ') || line.startsWith('copy from ')) current.oldPath = unquote(line.slice(line.indexOf(' from ') + 6));
    else if (line.startsWith('rename to ') || line.startsWith('copy to ')) current.newPath = unquote(line.slice(line.indexOf(' to ') + 4));
    else if (line.startsWith('new file mode ')) {
      current.newMode = line.slice('new file mode '.length).trim();
      current.oldPath = undefined;
    } else if (line.startsWith('new mode ')) current.newMode = line.slice('new mode '.length).trim();
    else if (line.startsWith('deleted file mode ')) current.newPath = undefined;
    else if (line.startsWith('GIT binary patch') || line.startsWith('Binary files ')) current.binary = true;
  }
  flush();
  return files;
}
