import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Options } from 'tsup';

/**
 * The one tsup base every published `@swespot/*` package builds with:
 * ESM only, bundled `.d.ts`, sourcemaps, Node 20 target, and `__PACKAGE_VERSION__`
 * defined from the package's own package.json (read by `src/version.ts`).
 *
 * @param entry entry points keyed by output path without extension,
 *   e.g. `{ index: 'src/index.ts', 'docker/index': 'src/docker/index.ts' }`.
 * @param overrides tsup options merged over the base (e.g. `banner` for a bin).
 */
export function defineSwespotConfig(entry: Record<string, string>, overrides: Options = {}) {
  const packageJson = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
    version: string;
  };
  return defineConfig({
    entry,
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    tsconfig: 'tsconfig.build.json',
    define: { __PACKAGE_VERSION__: JSON.stringify(packageJson.version) },
    ...overrides,
  });
}
