/** Folder names whose code is someone else's, copied in: never a hole. */
const VENDORED_FOLDERS = new Set(['vendor', 'vendored', '_vendor', 'third_party', 'third-party', 'thirdparty', 'node_modules', 'site-packages', 'externals']);

/** Folder names of documentation builds, whose code is configuration, not the project. */
const DOCUMENTATION_FOLDERS = new Set(['docs', 'doc']);

/** Folder names that hold tests (a test file's helpers are not always named like tests). */
const TEST_FOLDERS = new Set(['tests', 'test', 'testing', '__tests__', '__mocks__', 'spec', 'specs']);

const GENERATED_NAMES = [/_pb2(_grpc)?\.py$/, /\.min\.js$/, /\.generated\.[a-z]+$/, /\.d\.ts$/, /\.pyi$/, /(^|\/)conftest\.py$/];

const GENERATED_HEADER = /@generated\b|\bgenerated (by|from|with|automatically)\b|\bauto-?generated\b|\bdo not (edit|modify)\b/i;

/** Why a file yields no holes, or `undefined` when it may. */
export type FileSkipReason = 'test' | 'vendored' | 'documentation' | 'generated';

/**
 * Whether a path is test, vendored, documentation or generated code by its name alone:
 * a folder such as `tests/`, `vendor/`, `docs/`, or a name such as `*_pb2.py`, `*.min.js`,
 * `*.d.ts`, `conftest.py`.
 */
export function skipReasonForPath(path: string): FileSkipReason | undefined {
  const folders = path.split('/').slice(0, -1);
  if (folders.some((folder) => VENDORED_FOLDERS.has(folder))) return 'vendored';
  if (folders.some((folder) => TEST_FOLDERS.has(folder))) return 'test';
  if (folders.length > 0 && DOCUMENTATION_FOLDERS.has(folders[0]!)) return 'documentation';
  if (GENERATED_NAMES.some((pattern) => pattern.test(path))) return 'generated';
  return undefined;
}

/** Whether the first lines of a file say a tool wrote it (`@generated`, "auto-generated", "do not edit"). */
export function hasGeneratedHeader(head: string): boolean {
  return GENERATED_HEADER.test(head.split('\n', 8).join('\n'));
}
