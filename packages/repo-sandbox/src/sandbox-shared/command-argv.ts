/**
 * The argument vector for a sandbox command: a string runs in a fresh `bash -c` (pipes and
 * redirects work, nothing carries over between calls), an array runs that program directly.
 */
export function commandArgv(command: string | readonly string[]): string[] {
  return typeof command === 'string' ? ['bash', '-c', command] : [...command];
}
