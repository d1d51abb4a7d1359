import { readFileSync } from 'node:fs';

declare const __PACKAGE_VERSION__: string | undefined;

function readVersionFromPackageJson(): string {
  try {
    // `src/version.ts` and every `dist/*.js` chunk sit one folder below package.json.
    const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof packageJson.version === 'string' ? packageJson.version : '0.0.0-source';
  } catch {
    return '0.0.0-source';
  }
}

/**
 * The version of `@swespot/pr-mirror` (recorded as the generator version of every task it writes). Set at build time;
 * when run from source it is read from package.json, or `0.0.0-source` if that fails.
 */
export const VERSION: string =
  typeof __PACKAGE_VERSION__ === 'undefined' ? readVersionFromPackageJson() : __PACKAGE_VERSION__;
