/**
 * Where an import's module points: a repository file, a repository folder (a Python
 * namespace package), a module outside the repository, or nothing that could be found.
 */
export type ModuleTarget =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'directory'; readonly path: string }
  | { readonly kind: 'external'; readonly module: string }
  | { readonly kind: 'missing'; readonly module: string };

/** Resolves module specifiers of one module system against the repository's files. */
export interface ModuleResolver {
  /** Resolves `specifier` as written in `fromPath`. */
  resolve(fromPath: string, specifier: string): ModuleTarget;
  /** A submodule `name` of a package (Python: `pkg/name.py`), or undefined where the system has none. */
  submodule(target: ModuleTarget, name: string): ModuleTarget | undefined;
  /** The importable name of a file, e.g. `pkg.sub.util`, when the system has one. */
  moduleName(path: string): string | undefined;
}

/** Parent folder of a `/`-separated path (`''` for top-level paths). */
export function parentDirectory(path: string): string {
  const index = path.lastIndexOf('/');
  return index === -1 ? '' : path.slice(0, index);
}

/** Joins `/`-separated segments, resolving `.` and `..`; `undefined` when it climbs above the root. */
export function joinPath(base: string, relative: string): string | undefined {
  const segments = base === '' ? [] : base.split('/');
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return undefined;
      segments.pop();
    } else segments.push(segment);
  }
  return segments.join('/');
}

/** Every folder that holds at least one of `paths`, including `''` for the root. */
export function directoriesOf(paths: Iterable<string>): Set<string> {
  const directories = new Set<string>(['']);
  for (const path of paths) {
    let directory = parentDirectory(path);
    while (directory !== '' && !directories.has(directory)) {
      directories.add(directory);
      directory = parentDirectory(directory);
    }
  }
  return directories;
}
