import { directoriesOf, joinPath, parentDirectory, type ModuleResolver, type ModuleTarget } from './module-target';

const extensions = ['.py', '.pyi'];

/**
 * Python module resolution over the repository's files: absolute imports against every
 * source root (the folder above each top-level package, so `src/` layouts work, and the
 * repository root), relative imports (`.`, `..util`) against the importing package,
 * packages through `__init__.py`, namespace packages (folders without one), and, last, the
 * importing file's own folder (scripts and rootless test folders run with it on `sys.path`).
 * Anything whose first segment is not in the repository is external.
 */
export function createPythonModuleResolver(paths: Iterable<string>): ModuleResolver {
  const files = new Set(paths);
  const directories = directoriesOf(files);
  const roots = new Set<string>(['']);
  for (const path of files) {
    if (!path.endsWith('/__init__.py')) continue;
    const packageDirectory = parentDirectory(path);
    const above = parentDirectory(packageDirectory);
    if (!files.has(above === '' ? '__init__.py' : `${above}/__init__.py`)) roots.add(above);
  }
  // Deeper roots first: `src/pkg` must win over the root's view of it as `src.pkg`.
  const orderedRoots = [...roots].sort((left, right) => right.length - left.length);

  const rootOf = (path: string): string => {
    let directory = parentDirectory(path);
    while (directory !== '' && files.has(`${directory}/__init__.py`)) directory = parentDirectory(directory);
    return directory;
  };

  const findModule = (base: string): ModuleTarget | undefined => {
    for (const extension of extensions) if (files.has(`${base}${extension}`)) return { kind: 'file', path: `${base}${extension}` };
    const prefix = base === '' ? '' : `${base}/`;
    for (const extension of extensions) if (files.has(`${prefix}__init__${extension}`)) return { kind: 'file', path: `${prefix}__init__${extension}` };
    if (base !== '' && directories.has(base)) return { kind: 'directory', path: base };
    return undefined;
  };

  const packageDirectoryOf = (target: ModuleTarget): string | undefined => {
    if (target.kind === 'directory') return target.path;
    if (target.kind === 'file' && /(^|\/)__init__\.pyi?$/.test(target.path)) return parentDirectory(target.path);
    return undefined;
  };

  return {
    resolve(fromPath: string, specifier: string): ModuleTarget {
      const relative = /^(\.+)(.*)$/.exec(specifier);
      if (relative !== null) {
        const level = relative[1]?.length ?? 1;
        let base: string | undefined = parentDirectory(fromPath);
        for (let step = 1; step < level && base !== undefined; step += 1) base = base === '' ? undefined : parentDirectory(base);
        const rest = relative[2] ?? '';
        if (base === undefined) return { kind: 'missing', module: specifier };
        const joined = rest === '' ? base : joinPath(base, rest.replaceAll('.', '/'));
        const found = joined === undefined ? undefined : findModule(joined);
        return found ?? { kind: 'missing', module: specifier };
      }
      const relativePath = specifier.replaceAll('.', '/');
      const importerRoot = rootOf(fromPath);
      const candidates = [importerRoot, ...orderedRoots.filter((root) => root !== importerRoot), parentDirectory(fromPath)];
      for (const root of candidates) {
        const base = joinPath(root, relativePath);
        if (base === undefined) continue;
        const found = findModule(base);
        // A bare folder only counts when it is the start of a package path somewhere below.
        if (found !== undefined) return found;
      }
      const first = specifier.split('.')[0] ?? specifier;
      for (const root of candidates) {
        const base = joinPath(root, first);
        if (base !== undefined && findModule(base) !== undefined) return { kind: 'missing', module: specifier };
      }
      return { kind: 'external', module: specifier };
    },
    submodule(target: ModuleTarget, name: string): ModuleTarget | undefined {
      const directory = packageDirectoryOf(target);
      if (directory === undefined) return undefined;
      return findModule(directory === '' ? name : `${directory}/${name}`);
    },
    moduleName(path: string): string | undefined {
      if (!extensions.some((extension) => path.endsWith(extension))) return undefined;
      const root = rootOf(path);
      const relative = root === '' ? path : path.slice(root.length + 1);
      const dotted = relative
        .replace(/\.pyi?$/, '')
        .replace(/(^|\/)__init__$/, '')
        .replaceAll('/', '.');
      return dotted.length > 0 ? dotted : undefined;
    },
  };
}
