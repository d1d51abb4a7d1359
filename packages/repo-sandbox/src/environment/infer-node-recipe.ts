import type { EnvironmentRecipe, TestFramework } from '@swespot/core';
import { EnvironmentInferenceError } from './environment-inference-error';
import type { RecipeContext } from './recipe-context';

interface PackageJson {
  readonly name?: string;
  readonly scripts?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly engines?: { readonly node?: string };
  readonly packageManager?: string;
  readonly workspaces?: unknown;
}

const LOCKFILES = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
] as const;

/** How each runner is run so that its parser can read the output; `{tests}` is the selection. */
const RUNNER_COMMANDS: Readonly<Record<'jest' | 'vitest' | 'mocha' | 'node-test', string>> = {
  jest: 'npx --no-install jest --verbose --ci {tests}',
  vitest: 'npx --no-install vitest run --reporter=verbose {tests}',
  mocha: 'npx --no-install mocha --reporter spec --no-colors {tests}',
  'node-test': 'node --test --test-reporter=tap {tests}',
};

/** The runner a script line starts, e.g. `vitest run` → vitest, `node --test` → node-test. */
function runnerOfScript(script: string): keyof typeof RUNNER_COMMANDS | undefined {
  if (/\bvitest\b/.test(script)) return 'vitest';
  if (/\bjest\b/.test(script)) return 'jest';
  if (/\bmocha\b/.test(script)) return 'mocha';
  if (/\bnode\b[^&|;]*--test\b/.test(script)) return 'node-test';
  return undefined;
}

/**
 * Infers a JavaScript or TypeScript recipe from `package.json` and the lockfile: the package
 * manager (pnpm, yarn or npm, from the lockfile or `packageManager`), its install command
 * (frozen when there is a lockfile), the test runner (Jest, Vitest, Mocha, `node --test`)
 * from the `test` script or the dev dependencies, and a command whose output its parser reads.
 */
export async function inferNodeRecipe(context: RecipeContext): Promise<EnvironmentRecipe | undefined> {
  const text = await context.readText('package.json');
  if (text === undefined) return undefined;
  let manifest: PackageJson;
  try {
    manifest = JSON.parse(text) as PackageJson;
  } catch (error) {
    const position = Number(/position (\d+)/.exec((error as Error).message)?.[1] ?? Number.NaN);
    const line = Number.isFinite(position) ? text.slice(0, position).split('\n').length : undefined;
    throw new EnvironmentInferenceError({
      message: `package.json${line ? `:${line}` : ''}: does not parse as JSON (${(error as Error).message}); fix the file or give the recipe in swespot.env.json.`,
      file: 'package.json',
      line,
      cause: error,
    });
  }
  const dependencies = { ...manifest.dependencies, ...manifest.devDependencies };
  const typescript = 'typescript' in dependencies || (await context.readText('tsconfig.json')) !== undefined;
  if (typescript) context.from('language', 'typescript' in dependencies ? 'package.json' : 'tsconfig.json', 'typescript' in dependencies ? 'devDependencies.typescript' : undefined);
  else context.from('language', 'package.json');

  let packageManager: 'npm' | 'pnpm' | 'yarn' = 'npm';
  let lockfile: string | undefined;
  for (const [file, manager] of LOCKFILES) {
    if ((await context.readText(file)) !== undefined) {
      packageManager = manager;
      lockfile = file;
      context.from('packageManager', file);
      break;
    }
  }
  const declared = /^(npm|pnpm|yarn)@(\d[^\s+]*)/.exec(manifest.packageManager ?? '');
  if (!lockfile && declared) {
    packageManager = declared[1] as typeof packageManager;
    context.from('packageManager', 'package.json', 'packageManager');
  }
  if (!context.origins.packageManager) context.from('packageManager', '(default)', 'no lockfile');
  const version = declared && declared[1] === packageManager ? declared[2] : undefined;

  const dependencyCommands: string[] = [];
  if (packageManager === 'pnpm') {
    dependencyCommands.push(`npm install --global pnpm@${version ?? '9'}`, `pnpm install ${lockfile ? '--frozen-lockfile' : '--no-frozen-lockfile'}`);
  } else if (packageManager === 'yarn') {
    const berry = version !== undefined && !version.startsWith('1.');
    dependencyCommands.push(berry ? `npm install --global @yarnpkg/cli-dist@${version}` : 'npm install --global yarn@1', berry ? 'yarn install --immutable' : `yarn install ${lockfile ? '--frozen-lockfile' : ''}`.trim());
  } else {
    dependencyCommands.push(lockfile ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund');
  }
  const dependencyFiles = ['package.json', ...(lockfile ? [lockfile] : []), ...((await context.readText('.npmrc')) !== undefined ? ['.npmrc'] : [])];
  if (manifest.workspaces !== undefined || (await context.readText('pnpm-workspace.yaml')) !== undefined) {
    context.notes.push('This is a workspace (monorepo): its member packages are installed with the whole snapshot, after the dependency layer.');
  }

  const script = manifest.scripts?.test ?? '';
  let runner = runnerOfScript(script);
  if (runner) context.from('test.framework', 'package.json', 'scripts.test');
  else {
    runner = (['vitest', 'jest', 'mocha'] as const).find((name) => name in dependencies);
    if (runner) context.from('test.framework', 'package.json', `devDependencies.${runner}`);
  }
  if (!runner) {
    runner = 'node-test';
    context.from('test.framework', '(default)', 'no jest, vitest or mocha in package.json');
  }
  context.from('test.command', context.origins['test.framework']!.file, context.origins['test.framework']!.key);
  if (manifest.engines?.node) context.from('languageVersion', 'package.json', 'engines.node');
  const framework: TestFramework = runner;
  const suite = runner === 'node-test' || runner === 'mocha' ? await defaultNodeSuite(context, runner) : [];
  return {
    schemaVersion: 1,
    language: typescript ? 'typescript' : 'javascript',
    languageVersion: manifest.engines?.node ?? null,
    base: 'node',
    systemPackages: [],
    packageManager,
    dependencies: [],
    dependencyFiles,
    dependencyCommands,
    projectInstall: [],
    fallbackEnv: {},
    test: { framework, command: RUNNER_COMMANDS[runner], suite, env: { CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' }, timeoutSeconds: 1800 },
    sources: [],
    origins: {},
    notes: [],
  };
}

/** What `{tests}` is for a whole mocha or `node --test` run: mocha reads `test/` itself; node needs its files named. */
async function defaultNodeSuite(context: RecipeContext, runner: 'mocha' | 'node-test'): Promise<string[]> {
  if (runner === 'mocha') return [];
  for (const folder of ['test', 'tests']) {
    const names = (await context.list(folder)).filter((name) => /\.(?:test|spec)?\.?[cm]?js$/.test(name) && !name.startsWith('.'));
    if (names.length > 0) {
      context.from('test.suite', folder, '*.js');
      return names.map((name) => `${folder}/${name}`);
    }
  }
  return [];
}
