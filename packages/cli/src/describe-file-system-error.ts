const problems: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder, where a file was expected',
  ENOTDIR: 'a part of the path is a file, where a folder was expected',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  ENOTEMPTY: 'the folder is not empty',
  EMFILE: 'too many open files',
};

/**
 * One line for a file-system error (`EISDIR: illegal operation on a directory, open 'x'`, with
 * a stack trace, otherwise): the path when Node gives one, what is wrong, and the code and
 * system call. `undefined` for anything that is not such an error.
 */
export function describeFileSystemError(error: unknown): string | undefined {
  const { code, path, syscall } = (error ?? {}) as { code?: unknown; path?: unknown; syscall?: unknown };
  if (typeof code !== 'string') return undefined;
  const problem = problems[code];
  if (problem === undefined) return undefined;
  const how = `${code}${typeof syscall === 'string' ? ` on ${syscall}` : ''}`;
  return typeof path === 'string'
    ? `${path}: ${problem} (${how}); check the path and its permissions`
    : `a path given ${code === 'EISDIR' ? 'is a folder, where a file was expected' : `failed: ${problem}`} (${how}); check the files and folders on the command line`;
}
