import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { environmentRecipeSchema, InvalidArgumentError, type EnvironmentOverrides, type EnvironmentRecipe } from '@swespot/core';
import { applyEnvironmentOverrides } from './environment-overrides';
import { EnvironmentInferenceError } from './environment-inference-error';
import { inferNodeRecipe } from './infer-node-recipe';
import { inferPythonRecipe } from './infer-python-recipe';
import { hashNames, RecipeContext } from './recipe-context';

/** Options of {@link inferEnvironment}. */
export interface InferEnvironmentOptions {
  /**
   * A recipe inferred earlier for another snapshot of the same repository. When none of the
   * files it was inferred from changed (same hashes), it is returned as it is, without reading
   * anything else: mining many commits re-infers only where the project files changed.
   */
  readonly previous?: EnvironmentRecipe;
  /** Fields to set or replace after inference (see `loadEnvironmentOverrides`). */
  readonly overrides?: EnvironmentOverrides;
  /** Where the overrides came from, recorded as their origin. Default: `swespot.env.json`. */
  readonly overridesFile?: string;
}

/**
 * Whether the files a recipe was inferred from are unchanged in `snapshotPath`: every
 * recorded file has the same SHA-256 (or is still absent), every recorded folder the same
 * names. Reads only those files.
 */
export async function recipeSourcesUnchanged(recipe: EnvironmentRecipe, snapshotPath: string): Promise<boolean> {
  if (recipe.sources.length === 0) return false;
  for (const source of recipe.sources) {
    let current: string | null;
    if (source.path.endsWith('/')) {
      const names = await readdir(join(snapshotPath, source.path)).catch(() => []);
      current = hashNames(names);
    } else {
      current = await readFile(join(snapshotPath, source.path)).then(
        (bytes) => createHash('sha256').update(bytes).digest('hex'),
        () => null,
      );
    }
    if (current !== source.sha256) return false;
  }
  return true;
}

/**
 * Reads a repository snapshot's own files and returns the recipe of an environment in which
 * its test suite runs: language and version range, base image, system packages, dependencies,
 * how the project is installed, the test runner, its command (a `{tests}` template) and so the
 * parser of its output. Every inferred field records where it came from (`origins`), and the
 * files read are listed with their hashes (`sources`). Python (pyproject.toml in its PEP 621,
 * Poetry, Hatch, flit and setuptools forms, setup.py, setup.cfg, requirements files, tox.ini,
 * noxfile.py; pytest, unittest, Django, SymPy) and JavaScript/TypeScript (package.json,
 * npm/pnpm/yarn lockfiles; Jest, Vitest, Mocha, node --test) are understood.
 *
 * @throws EnvironmentInferenceError when no project file is recognised, or one does not parse (with its file and line).
 *
 * @example
 * ```ts
 * const recipe = await inferEnvironment('snapshots/click-2023');
 * console.log(recipe.test.command, recipe.origins['test.framework']); // python3 -m pytest -rA ... { file: 'setup.cfg', key: '[tool:pytest]' }
 * ```
 */
export async function inferEnvironment(snapshotPath: string, options: InferEnvironmentOptions = {}): Promise<EnvironmentRecipe> {
  const folder = await stat(snapshotPath).catch(() => undefined);
  if (!folder?.isDirectory()) {
    throw new InvalidArgumentError({ argument: 'snapshotPath', message: `snapshotPath: no such folder: ${snapshotPath}.` });
  }
  if (options.previous && (await recipeSourcesUnchanged(options.previous, snapshotPath))) {
    return options.overrides ? applyEnvironmentOverrides(options.previous, options.overrides, options.overridesFile) : options.previous;
  }
  const context = new RecipeContext(snapshotPath);
  const strongPython = (await Promise.all(['pyproject.toml', 'setup.py', 'setup.cfg'].map((file) => context.readText(file)))).some((text) => text !== undefined);
  const recipe = strongPython ? await inferPythonRecipe(context) : ((await inferNodeRecipe(context)) ?? (await inferPythonRecipe(context)));
  if (!recipe) {
    throw new EnvironmentInferenceError({
      message: `${snapshotPath}: no project files found (pyproject.toml, setup.py, setup.cfg, requirements*.txt, package.json or Python files at the top); write the recipe in swespot.env.json (language, base, packageManager, test.framework, test.command).`,
    });
  }
  for (const field of ['language', 'base', 'packageManager', 'dependencies', 'systemPackages', 'projectInstall', 'dependencyCommands']) {
    context.origins[field] ??= field === 'dependencies' ? { file: '(each dependency records its source)' } : { file: '(default)' };
  }
  const inferred = environmentRecipeSchema.parse({
    ...recipe,
    sources: context.sources(),
    origins: { ...context.origins, ...recipe.origins },
    notes: [...recipe.notes, ...context.notes],
  });
  return options.overrides ? applyEnvironmentOverrides(inferred, options.overrides, options.overridesFile) : inferred;
}
