import { globToRegExp } from './glob-to-regexp';

/** Test-file rules a repository declares in its own configuration. */
export interface TestConfiguration {
  /** pytest `python_files` (basename globs), when configured. */
  readonly pythonFiles?: readonly string[];
  /** jest `testMatch` / vitest `include` globs, when configured (paths from the config's folder). */
  readonly javascriptFiles?: readonly { readonly directory: string; readonly glob: string }[];
  /** jest `testRegex` patterns, when configured. */
  readonly javascriptRegexes?: readonly RegExp[];
  /** Where each rule came from, e.g. `pytest.ini [pytest] python_files`. */
  readonly sources: readonly string[];
}

/** Configuration files that {@link readTestConfiguration} reads, by base name. */
export const testConfigurationFileNames: ReadonlySet<string> = new Set([
  'pytest.ini',
  'tox.ini',
  'setup.cfg',
  'pyproject.toml',
  'package.json',
  'jest.config.js',
  'jest.config.ts',
  'jest.config.mjs',
  'jest.config.cjs',
  'jest.config.json',
  'vitest.config.ts',
  'vitest.config.mts',
  'vitest.config.js',
  'vitest.config.mjs',
  'vite.config.ts',
  'vite.config.js',
]);

/**
 * Reads the test-file rules of pytest (pytest.ini, tox.ini, setup.cfg, pyproject.toml),
 * jest (package.json `jest`, jest.config.*) and vitest (vitest.config.*, vite.config.*)
 * from the given files (path → text). JavaScript config files are not executed: string
 * arrays after `testMatch:` / `include:` are read as written.
 */
export function readTestConfiguration(configFiles: ReadonlyMap<string, string>): TestConfiguration {
  const pythonFiles: string[] = [];
  const javascriptFiles: { directory: string; glob: string }[] = [];
  const javascriptRegexes: RegExp[] = [];
  const sources: string[] = [];
  for (const [path, text] of configFiles) {
    const slash = path.lastIndexOf('/');
    const directory = slash === -1 ? '' : path.slice(0, slash);
    const name = path.slice(slash + 1);
    if (directory === '' && (name === 'pytest.ini' || name === 'tox.ini' || name === 'setup.cfg')) {
      const section = name === 'setup.cfg' ? 'tool:pytest' : 'pytest';
      const value = readIniValue(text, section, 'python_files');
      if (value !== undefined) {
        pythonFiles.push(...value.split(/\s+/).filter((glob) => glob.length > 0));
        sources.push(`${path} [${section}] python_files`);
      }
    } else if (directory === '' && name === 'pyproject.toml') {
      const values = readTomlStrings(text, 'tool.pytest.ini_options', 'python_files');
      if (values !== undefined) {
        pythonFiles.push(...values.flatMap((value) => value.split(/\s+/)).filter((glob) => glob.length > 0));
        sources.push(`${path} [tool.pytest.ini_options] python_files`);
      }
    } else if (name === 'package.json') {
      let manifest: unknown;
      try {
        manifest = JSON.parse(text);
      } catch {
        continue;
      }
      const jest = (manifest as { jest?: { testMatch?: unknown; testRegex?: unknown } } | null)?.jest;
      if (Array.isArray(jest?.testMatch)) {
        for (const glob of jest.testMatch) if (typeof glob === 'string') javascriptFiles.push({ directory, glob: stripRootDir(glob) });
        sources.push(`${path} jest.testMatch`);
      }
      const regexes = typeof jest?.testRegex === 'string' ? [jest.testRegex] : Array.isArray(jest?.testRegex) ? jest.testRegex : [];
      for (const regex of regexes) {
        if (typeof regex !== 'string') continue;
        try {
          javascriptRegexes.push(new RegExp(regex));
          sources.push(`${path} jest.testRegex`);
        } catch {
          // An invalid pattern is jest's error to report; the index ignores it.
        }
      }
    } else if (/^(jest|vitest|vite)\.config\./.test(name)) {
      const key = name.startsWith('jest') ? 'testMatch' : 'include';
      const globs = readStringArrayAfter(text, key);
      if (globs.length > 0) {
        for (const glob of globs) javascriptFiles.push({ directory, glob: stripRootDir(glob) });
        sources.push(`${path} ${key}`);
      }
    }
  }
  return {
    ...(pythonFiles.length > 0 ? { pythonFiles } : {}),
    ...(javascriptFiles.length > 0 ? { javascriptFiles } : {}),
    ...(javascriptRegexes.length > 0 ? { javascriptRegexes } : {}),
    sources,
  };
}

/** A predicate over repository paths built from a configuration and language defaults. */
export function createTestFileMatcher(
  configuration: TestConfiguration,
  defaults: ReadonlyMap<string, readonly string[]>,
): (path: string, language: string) => boolean {
  const defaultPatterns = new Map([...defaults].map(([language, globs]) => [language, globs.map(globToRegExp)]));
  const python = configuration.pythonFiles?.map(globToRegExp);
  const javascript = configuration.javascriptFiles?.map(({ directory, glob }) => ({ directory, pattern: globToRegExp(glob) }));
  const regexes = configuration.javascriptRegexes ?? [];
  return (path, language) => {
    if (language === 'python' && python !== undefined) return python.some((pattern) => pattern.test(path));
    if (language !== 'python' && (javascript !== undefined || regexes.length > 0)) {
      const byGlob = (javascript ?? []).some(({ directory, pattern }) => {
        if (directory !== '' && !path.startsWith(`${directory}/`)) return false;
        return pattern.test(directory === '' ? path : path.slice(directory.length + 1));
      });
      if (byGlob || regexes.some((regex) => regex.test(path))) return true;
    }
    return (defaultPatterns.get(language) ?? []).some((pattern) => pattern.test(path));
  };
}

function stripRootDir(glob: string): string {
  return glob.replace(/^<rootDir>\//, '').replace(/^\.\//, '');
}

function readIniValue(text: string, section: string, key: string): string | undefined {
  const lines = text.split(/\r?\n/);
  let inSection = false;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header !== null) {
      inSection = header[1]?.trim() === section;
      continue;
    }
    if (!inSection) continue;
    const assignment = new RegExp(`^${key}\\s*[=:]\\s*(.*)$`).exec(line);
    if (assignment === null) continue;
    let value = assignment[1] ?? '';
    // INI continuation lines are indented.
    while (index + 1 < lines.length && /^\s+\S/.test(lines[index + 1] ?? '')) {
      index += 1;
      value += ` ${(lines[index] ?? '').trim()}`;
    }
    return value.trim();
  }
  return undefined;
}

function readTomlStrings(text: string, table: string, key: string): string[] | undefined {
  const tableStart = text.search(new RegExp(`^\\[${table.replaceAll('.', '\\.')}\\]\\s*$`, 'm'));
  if (tableStart === -1) return undefined;
  const rest = text.slice(tableStart);
  const nextTable = rest.slice(1).search(/^\[/m);
  const body = nextTable === -1 ? rest : rest.slice(0, nextTable + 1);
  const assignment = new RegExp(`^${key}\\s*=\\s*(\\[[\\s\\S]*?\\]|"[^"]*"|'[^']*')`, 'm').exec(body);
  if (assignment === null) return undefined;
  return [...(assignment[1] ?? '').matchAll(/"([^"]*)"|'([^']*)'/g)].map((match) => match[1] ?? match[2] ?? '');
}

function readStringArrayAfter(text: string, key: string): string[] {
  const match = new RegExp(`\\b${key}\\s*:\\s*\\[([^\\]]*)\\]`).exec(text);
  if (match === null) return [];
  return [...(match[1] ?? '').matchAll(/"([^"]*)"|'([^']*)'|`([^`]*)`/g)].map((entry) => entry[1] ?? entry[2] ?? entry[3] ?? '');
}
