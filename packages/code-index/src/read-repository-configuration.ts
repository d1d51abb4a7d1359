import type { TsconfigPaths, WorkspacePackage } from './resolve/ecmascript-module-resolver';
import { joinPath, parentDirectory } from './resolve/module-target';
import { parseJsonc } from './resolve/parse-jsonc';
import { readTestConfiguration, testConfigurationFileNames, type TestConfiguration } from './tests/read-test-configuration';

/** The repository configuration module resolution and test detection use. */
export interface RepositoryConfiguration {
  readonly tsconfigs: readonly TsconfigPaths[];
  readonly packages: readonly WorkspacePackage[];
  readonly tests: TestConfiguration;
}

/** True for files {@link readRepositoryConfiguration} needs to read. */
export function isConfigurationFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return testConfigurationFileNames.has(name) || /^(tsconfig(\..+)?|jsconfig)\.json$/.test(name);
}

/**
 * Builds the module-resolution and test settings from configuration files (path → text):
 * tsconfig/jsconfig `baseUrl` and `paths` with relative `extends` applied, workspace
 * packages from every package.json with a name, and the test-file rules of pytest, jest
 * and vitest.
 */
export function readRepositoryConfiguration(configurationFiles: ReadonlyMap<string, string>): RepositoryConfiguration {
  const packages: WorkspacePackage[] = [];
  for (const [path, text] of configurationFiles) {
    if (!path.endsWith('package.json') || !(path === 'package.json' || path.endsWith('/package.json'))) continue;
    let manifest: unknown;
    try {
      manifest = JSON.parse(text);
    } catch {
      continue;
    }
    if (manifest === null || typeof manifest !== 'object') continue;
    const name = (manifest as { name?: unknown }).name;
    if (typeof name !== 'string' || name.length === 0) continue;
    packages.push({ directory: parentDirectory(path), name, manifest: manifest as Record<string, unknown> });
  }

  const tsconfigs: TsconfigPaths[] = [];
  for (const path of configurationFiles.keys()) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (name !== 'tsconfig.json' && name !== 'jsconfig.json') continue;
    const options = compilerOptionsOf(path, configurationFiles, 0);
    const directory = parentDirectory(path);
    const baseUrl = options.baseUrl;
    const pathsBase = baseUrl ?? options.pathsDirectory ?? directory;
    tsconfigs.push({
      directory,
      ...(baseUrl === undefined ? {} : { baseUrl }),
      paths: Object.entries(options.paths ?? {}).map(([pattern, targets]) => ({
        pattern,
        targets: targets.map((target) => joinPath(pathsBase, target) ?? target),
      })),
    });
  }
  return { tsconfigs, packages, tests: readTestConfiguration(configurationFiles) };
}

interface ResolvedCompilerOptions {
  baseUrl?: string;
  paths?: Record<string, string[]>;
  /** Folder of the config that declared `paths` (targets are relative to it without baseUrl). */
  pathsDirectory?: string;
}

function compilerOptionsOf(path: string, files: ReadonlyMap<string, string>, depth: number): ResolvedCompilerOptions {
  const text = files.get(path);
  if (text === undefined || depth > 8) return {};
  const parsed = parseJsonc(text) as { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } } | undefined;
  if (parsed === undefined || parsed === null || typeof parsed !== 'object') return {};
  const directory = parentDirectory(path);
  let inherited: ResolvedCompilerOptions = {};
  const parents = typeof parsed.extends === 'string' ? [parsed.extends] : Array.isArray(parsed.extends) ? parsed.extends : [];
  for (const parent of parents) {
    if (typeof parent !== 'string' || !parent.startsWith('.')) continue;
    const parentPath = joinPath(directory, parent.endsWith('.json') ? parent : `${parent}.json`);
    if (parentPath !== undefined) inherited = { ...inherited, ...compilerOptionsOf(parentPath, files, depth + 1) };
  }
  const options = parsed.compilerOptions ?? {};
  const result: ResolvedCompilerOptions = { ...inherited };
  if (typeof options.baseUrl === 'string') {
    const baseUrl = joinPath(directory, options.baseUrl);
    if (baseUrl !== undefined) result.baseUrl = baseUrl;
  }
  if (options.paths !== null && typeof options.paths === 'object') {
    const paths: Record<string, string[]> = {};
    for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
      if (Array.isArray(targets)) paths[pattern] = targets.filter((target): target is string => typeof target === 'string');
    }
    result.paths = paths;
    result.pathsDirectory = directory;
  }
  return result;
}
