import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  environmentOverridesSchema,
  environmentRecipeSchema,
  InvalidConfigError,
  type EnvironmentOverrides,
  type EnvironmentRecipe,
} from '@swespot/core';

/** Options of {@link loadEnvironmentOverrides}. */
export interface LoadEnvironmentOverridesOptions {
  /** A file to read: a `swespot.env.json`, or a `swespot.config.json` whose `environment` section is used. */
  readonly path?: string;
  /** A repository folder in which `swespot.env.json`, then `swespot.config.json` (its `environment` section) are looked for. */
  readonly repository?: string;
}

/** Overrides and the file they came from. */
export interface LoadedEnvironmentOverrides {
  readonly overrides: EnvironmentOverrides;
  readonly file: string;
}

async function readJson(file: string): Promise<unknown | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InvalidConfigError({ file, issues: [{ path: '', message: `cannot read (${(error as Error).message})` }], cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = Number(/position (\d+)/.exec((error as Error).message)?.[1] ?? Number.NaN);
    const line = Number.isFinite(position) ? text.slice(0, position).split('\n').length : undefined;
    throw new InvalidConfigError({ file, issues: [{ path: '', message: `not JSON${line ? ` (line ${line})` : ''}: ${(error as Error).message}` }], cause: error });
  }
}

/**
 * Validates overrides, reporting every issue at once as `path: message` (an
 * `InvalidConfigError` naming the file).
 */
export function parseEnvironmentOverrides(value: unknown, file: string): EnvironmentOverrides {
  const result = environmentOverridesSchema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidConfigError({
    file,
    issues: result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
    cause: result.error,
  });
}

/**
 * Reads recipe overrides: the file at `path` (a `swespot.env.json`, or a `swespot.config.json`
 * whose `environment` section holds them), else `swespot.env.json` or the `environment`
 * section of `swespot.config.json` in `repository`. Returns undefined when there are none.
 *
 * @throws InvalidConfigError listing every issue as `path: message`.
 */
export async function loadEnvironmentOverrides(options: LoadEnvironmentOverridesOptions): Promise<LoadedEnvironmentOverrides | undefined> {
  const candidates = options.path ? [options.path] : options.repository ? [join(options.repository, 'swespot.env.json'), join(options.repository, 'swespot.config.json')] : [];
  for (const file of candidates) {
    const value = await readJson(file);
    if (value === undefined) {
      if (options.path) throw new InvalidConfigError({ file, issues: [{ path: '', message: 'no such file' }] });
      continue;
    }
    const isConfig = basename(file) === 'swespot.config.json' || (typeof value === 'object' && value !== null && 'environment' in value && !('test' in value));
    if (isConfig) {
      const section = (value as Record<string, unknown>).environment;
      if (section === undefined) continue;
      return { overrides: parseEnvironmentOverrides(section, `${file} (environment)`), file };
    }
    return { overrides: parseEnvironmentOverrides(value, file), file };
  }
  return undefined;
}

/**
 * A recipe with overrides applied: `test` merged key by key, every other field replaced. Each
 * overridden field's origin becomes the overrides file and the field's key.
 */
export function applyEnvironmentOverrides(recipe: EnvironmentRecipe, overrides: EnvironmentOverrides, file = 'swespot.env.json'): EnvironmentRecipe {
  const origins = { ...recipe.origins };
  const { test, dependencies, ...rest } = overrides;
  for (const key of Object.keys(rest)) origins[key] = { file, key };
  for (const key of Object.keys(test ?? {})) origins[`test.${key}`] = { file, key: `test.${key}` };
  if (dependencies) origins.dependencies = { file, key: 'dependencies' };
  return environmentRecipeSchema.parse({
    ...recipe,
    ...rest,
    ...(dependencies ? { dependencies: dependencies.map((dependency) => ({ ...dependency, source: dependency.source ?? { file, key: 'dependencies' } })) } : {}),
    test: { ...recipe.test, ...test },
    origins,
  });
}
