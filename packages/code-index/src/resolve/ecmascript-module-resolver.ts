import { joinPath, parentDirectory, type ModuleResolver, type ModuleTarget } from './module-target';

/** The parsed parts of a tsconfig.json or jsconfig.json the resolver uses. */
export interface TsconfigPaths {
  /** Folder of the config file, from the repository root. */
  readonly directory: string;
  /** `compilerOptions.baseUrl` resolved from the repository root, if set. */
  readonly baseUrl?: string;
  /** `compilerOptions.paths`, with targets resolved from the repository root. */
  readonly paths: readonly { readonly pattern: string; readonly targets: readonly string[] }[];
}

/** A workspace package: its `package.json` folder, name and entry fields. */
export interface WorkspacePackage {
  readonly directory: string;
  readonly name: string;
  readonly manifest: Record<string, unknown>;
}

/** Settings of {@link createEcmascriptModuleResolver}. */
export interface EcmascriptModuleResolverSettings {
  readonly paths: Iterable<string>;
  /** tsconfig/jsconfig files; the nearest one above an importing file applies. Default: none. */
  readonly tsconfigs?: readonly TsconfigPaths[];
  /** Packages of the repository's workspace, resolved by name. Default: none. */
  readonly packages?: readonly WorkspacePackage[];
}

const sourceExtensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.d.ts'];
const outputToSource: Record<string, readonly string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/**
 * JavaScript/TypeScript module resolution over the repository's files: relative paths with
 * or without extensions (including TypeScript's `./x.js` → `x.ts`), folder `index` files and
 * folder `package.json` entries, tsconfig `paths` and `baseUrl` (nearest config above the
 * importer, `extends` already applied), and workspace packages by name (their `exports`,
 * `source`, `module`, `main` or `types` entry, mapped from build output back to `src/` when
 * only the source is in the repository). Other bare specifiers and `node:` modules are external.
 */
export function createEcmascriptModuleResolver(settings: EcmascriptModuleResolverSettings): ModuleResolver {
  const files = new Set(settings.paths);
  const tsconfigs = [...(settings.tsconfigs ?? [])].sort((left, right) => right.directory.length - left.directory.length);
  const packages = [...(settings.packages ?? [])].sort((left, right) => right.name.length - left.name.length);
  const manifests = new Map((settings.packages ?? []).map((entry) => [entry.directory, entry]));

  const asFile = (base: string): string | undefined => {
    if (files.has(base) && sourceExtensions.some((extension) => base.endsWith(extension))) return base;
    for (const [output, sources] of Object.entries(outputToSource)) {
      if (!base.endsWith(output)) continue;
      const stem = base.slice(0, -output.length);
      for (const source of sources) if (files.has(stem + source)) return stem + source;
    }
    for (const extension of sourceExtensions) if (files.has(base + extension)) return base + extension;
    return undefined;
  };

  const asDirectory = (base: string): string | undefined => {
    const manifest = manifests.get(base);
    if (manifest !== undefined) {
      const entry = packageEntry(manifest, '.');
      if (entry !== undefined) return entry;
    }
    const prefix = base === '' ? '' : `${base}/`;
    for (const extension of sourceExtensions) if (files.has(`${prefix}index${extension}`)) return `${prefix}index${extension}`;
    return undefined;
  };

  const asFileOrDirectory = (base: string): string | undefined => asFile(base) ?? asDirectory(base);

  const fromOutput = (packageDirectory: string, target: string): string | undefined => {
    const path = joinPath(packageDirectory, target);
    if (path === undefined) return undefined;
    const direct = asFileOrDirectory(path);
    if (direct !== undefined && !direct.endsWith('.d.ts')) return direct;
    // Build output (dist/, lib/, build/, out/) is rarely committed; map it back to src/.
    const mapped = path.replace(/(^|\/)(dist|lib|build|out|esm|cjs)\//, '$1src/').replace(/\.d\.ts$/, '');
    return asFileOrDirectory(mapped) ?? direct;
  };

  function packageEntry(workspacePackage: WorkspacePackage, subpath: string): string | undefined {
    const { manifest, directory } = workspacePackage;
    const exportsField = manifest['exports'];
    const exportTargets: string[] = [];
    if (typeof exportsField === 'string' && subpath === '.') exportTargets.push(exportsField);
    else if (exportsField !== null && typeof exportsField === 'object') {
      const keys = Object.keys(exportsField);
      const entry = keys.some((key) => key.startsWith('.'))
        ? (exportsField as Record<string, unknown>)[subpath]
        : subpath === '.'
          ? exportsField
          : undefined;
      collectStrings(entry, exportTargets);
    }
    const fields = subpath === '.' ? ['source', 'module', 'main', 'types', 'typings'] : [];
    for (const field of fields) {
      const value = manifest[field];
      if (typeof value === 'string') exportTargets.push(value);
    }
    for (const target of exportTargets) {
      const resolved = fromOutput(directory, target);
      if (resolved !== undefined) return resolved;
    }
    if (subpath === '.') {
      return asFile(joinPath(directory, 'src/index') ?? 'src/index') ?? asFile(joinPath(directory, 'index') ?? 'index');
    }
    const relative = joinPath(directory, subpath);
    return relative === undefined ? undefined : (fromOutput(directory, subpath) ?? asFileOrDirectory(relative));
  }

  const resolveBare = (fromPath: string, specifier: string): string | undefined => {
    const fromDirectory = parentDirectory(fromPath);
    const config = tsconfigs.find(
      (candidate) => candidate.directory === '' || fromDirectory === candidate.directory || fromDirectory.startsWith(`${candidate.directory}/`),
    );
    if (config !== undefined) {
      for (const { pattern, targets } of config.paths) {
        const star = pattern.indexOf('*');
        let captured: string | undefined;
        if (star === -1) captured = pattern === specifier ? '' : undefined;
        else {
          const prefix = pattern.slice(0, star);
          const suffix = pattern.slice(star + 1);
          if (specifier.startsWith(prefix) && specifier.endsWith(suffix) && specifier.length >= prefix.length + suffix.length) {
            captured = specifier.slice(prefix.length, specifier.length - suffix.length);
          }
        }
        if (captured === undefined) continue;
        for (const target of targets) {
          const found = asFileOrDirectory(target.replace('*', captured));
          if (found !== undefined) return found;
        }
      }
      if (config.baseUrl !== undefined) {
        const base = joinPath(config.baseUrl, specifier);
        const found = base === undefined ? undefined : asFileOrDirectory(base);
        if (found !== undefined) return found;
      }
    }
    for (const workspacePackage of packages) {
      if (specifier !== workspacePackage.name && !specifier.startsWith(`${workspacePackage.name}/`)) continue;
      const subpath = specifier === workspacePackage.name ? '.' : `./${specifier.slice(workspacePackage.name.length + 1)}`;
      return packageEntry(workspacePackage, subpath);
    }
    return undefined;
  };

  return {
    resolve(fromPath: string, specifier: string): ModuleTarget {
      if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
        const base = joinPath(parentDirectory(fromPath), specifier);
        const found = base === undefined ? undefined : asFileOrDirectory(base);
        return found === undefined ? { kind: 'missing', module: specifier } : { kind: 'file', path: found };
      }
      if (specifier.startsWith('/')) {
        const found = asFileOrDirectory(specifier.slice(1));
        return found === undefined ? { kind: 'missing', module: specifier } : { kind: 'file', path: found };
      }
      const found = resolveBare(fromPath, specifier);
      if (found !== undefined) return { kind: 'file', path: found };
      const isWorkspaceName = packages.some(
        (workspacePackage) => specifier === workspacePackage.name || specifier.startsWith(`${workspacePackage.name}/`),
      );
      return isWorkspaceName ? { kind: 'missing', module: specifier } : { kind: 'external', module: specifier };
    },
    submodule(): ModuleTarget | undefined {
      return undefined;
    },
    moduleName(): string | undefined {
      return undefined;
    },
  };
}

function collectStrings(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // Source-like conditions first, type declarations last.
    const keys = Object.keys(record).sort((left, right) => conditionRank(left) - conditionRank(right));
    for (const key of keys) collectStrings(record[key], into);
  }
}

function conditionRank(condition: string): number {
  if (condition.includes('source')) return 0;
  if (condition === 'types' || condition === 'typings') return 3;
  if (condition === 'import' || condition === 'default' || condition === 'module') return 1;
  return 2;
}
