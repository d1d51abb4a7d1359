import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { DoctorCheck } from './doctor-check';

/** Options of {@link checkTreeSitter}. */
export interface CheckTreeSitterOptions {
  /**
   * Files or `file:` URLs to resolve `tree-sitter` from, in order. Default:
   * `@swespot/code-index` (the package that loads the binding), this package, then
   * `package.json` in `cwd` (the workspace).
   */
  searchFrom?: readonly (string | URL)[];
  /** The workspace folder. Default: `process.cwd()`. */
  cwd?: string;
}

const missingHint =
  'optional: pnpm add tree-sitter (builds a native module, needs a C++ toolchain); without it the code-index package will fall back to web-tree-sitter';

/**
 * Checks that the native `tree-sitter` binding can be loaded, resolving it from the cli
 * package and from the workspace. Optional: code-index falls back to web-tree-sitter.
 */
export function checkTreeSitter(options: CheckTreeSitterOptions = {}): DoctorCheck {
  const searchFrom = options.searchFrom ?? [
    ...codeIndexPackageJson(),
    import.meta.url,
    join(options.cwd ?? process.cwd(), 'package.json'),
  ];
  for (const origin of searchFrom) {
    const require = createRequire(origin);
    let resolved: string;
    try {
      resolved = require.resolve('tree-sitter');
    } catch {
      continue;
    }
    let version: string | undefined;
    try {
      version = (require('tree-sitter/package.json') as { version?: string }).version;
    } catch {
      version = undefined;
    }
    try {
      require(resolved);
    } catch (error) {
      return {
        name: 'tree-sitter',
        status: 'warning',
        required: false,
        ...(version ? { version } : {}),
        detail: `tree-sitter${version ? ` ${version}` : ''} is installed at ${resolved} but its native binding failed to load: ${(error as Error).message.split('\n')[0]}`,
        hint: 'rebuild it with pnpm rebuild tree-sitter (needs a C++ toolchain); until then the code-index package will fall back to web-tree-sitter',
      };
    }
    return {
      name: 'tree-sitter',
      status: 'ok',
      required: false,
      ...(version ? { version } : {}),
      detail: `native tree-sitter ${version ?? '(unknown version)'} loads from ${resolved}`,
    };
  }
  return {
    name: 'tree-sitter',
    status: 'missing',
    required: false,
    detail: 'the native tree-sitter module is not installed',
    hint: missingHint,
  };
}

/** Where `@swespot/code-index` is installed, when it is: tree-sitter is its dependency. */
function codeIndexPackageJson(): string[] {
  try {
    return [createRequire(import.meta.url).resolve('@swespot/code-index/package.json')];
  } catch {
    return [];
  }
}
