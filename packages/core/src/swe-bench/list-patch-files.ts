/**
 * Lists the files a unified diff changes, in order of first appearance, using the new path
 * of each file (`b/...`); deleted files are listed by their old path. Reads `diff --git`
 * headers, and `---`/`+++` headers for plain unified diffs.
 */
export function listPatchFiles(patch: string): string[] {
  const files: string[] = [];
  const add = (file: string | undefined) => {
    if (file !== undefined && file !== '/dev/null' && !files.includes(file)) files.push(file);
  };
  let oldPath: string | undefined;
  for (const line of patch.split('\n')) {
    const gitHeader = /^diff --git a\/(.+) b\/(.+)$/.exec(line);
    if (gitHeader) {
      add(gitHeader[2]);
      oldPath = undefined;
      continue;
    }
    const oldHeader = /^--- (?:a\/)?(\S+)/.exec(line);
    if (oldHeader) {
      oldPath = oldHeader[1];
      continue;
    }
    const newHeader = /^\+\+\+ (?:b\/)?(\S+)/.exec(line);
    if (newHeader) {
      add(newHeader[1] === '/dev/null' ? oldPath : newHeader[1]);
      oldPath = undefined;
    }
  }
  return files;
}
