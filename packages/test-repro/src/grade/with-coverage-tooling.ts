import type { EnvironmentRecipe } from '@swespot/core';

/** The Debian packages a Python environment needs for the grader's coverage: coverage.py. */
export const COVERAGE_DEBIAN_PACKAGES: readonly string[] = ['python3-coverage'];

/**
 * The recipe with what the grader needs to measure coverage: for Python, Debian's
 * `python3-coverage` among the system packages (installed in every dependency mode, no
 * PyPI needed); JavaScript needs nothing (V8 coverage is built into node). Build the
 * environment from the result (`buildEnvironment({ recipe: withCoverageTooling(recipe), ... })`).
 */
export function withCoverageTooling(recipe: EnvironmentRecipe): EnvironmentRecipe {
  if (recipe.language !== 'python') return recipe;
  const missing = COVERAGE_DEBIAN_PACKAGES.filter((name) => !recipe.systemPackages.includes(name));
  return missing.length === 0 ? recipe : { ...recipe, systemPackages: [...recipe.systemPackages, ...missing] };
}
