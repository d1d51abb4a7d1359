import type { CodeIndex } from '@swespot/code-index';
import type { TestFramework, TestSelection } from '@swespot/core';

/** The tests that exercise a definition: test cases that use it, and the test files that import its file. */
export interface CoveringTests {
  /** Test ids in the runner's format (pytest: `tests/test_x.py::TestY::test_z`) of the cases that use the definition. */
  readonly testIds: readonly string[];
  /** Test files that import the definition's file (code-index's `testsFor`). */
  readonly testFiles: readonly string[];
}

/** Options of {@link findCoveringTests}. */
export interface FindCoveringTestsOptions {
  /** Reads a test file of the snapshot (for calls of a method on an object, which static resolution cannot follow). */
  readonly readFile: (path: string) => Promise<Uint8Array>;
  /** Most test ids kept (the first in path and file order). Default: 50. */
  readonly maximumTestIds?: number;
}

interface Span {
  readonly start: number;
  readonly end: number;
}

const inside = (ranges: readonly Span[], span: Span) => ranges.some((range) => range.start >= span.start && range.end <= span.end);


const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The tests of definitions in one file, from code-index: among the test files that import
 * the file (`testsFor`), the test cases that use a definition, directly or through a helper
 * of the same test file (`cart = make_cart()`), and, for a method, the cases that call a
 * member of its name (`cart.total()`) in a test file that uses its class: calls on local
 * objects are not resolved statically, so they are found in the test's text.
 */
export async function findCoveringTests(index: CodeIndex, path: string, symbols: readonly string[], options: FindCoveringTestsOptions): Promise<CoveringTests> {
  const maximum = options.maximumTestIds ?? 50;
  const testFiles = index.testsFor(path).map((file) => file.path).filter((file) => file !== path);
  const wanted = new Set(symbols);
  const classes = new Set(symbols.filter((symbol) => symbol.includes('.')).map((symbol) => symbol.slice(0, symbol.lastIndexOf('.'))));
  const members = [...new Set(symbols.filter((symbol) => symbol.includes('.')).map((symbol) => symbol.slice(symbol.lastIndexOf('.') + 1)))];
  const memberCall = members.length === 0 ? undefined : new RegExp(`\\.(${members.map(escapeRegExp).join('|')})\\b`);
  const testIds: string[] = [];
  for (const testFile of testFiles) {
    const file = index.file(testFile);
    if (file === undefined) continue;
    const direct: Span[] = [];
    const viaClass: Span[] = [];
    const sameFile: { readonly span: Span; readonly target: string }[] = [];
    for (const reference of file.references) {
      if (reference.status === 'resolved' && reference.targetPath === path && reference.targetName !== undefined) {
        const target = reference.targetName;
        if (wanted.has(target) || symbols.some((symbol) => target.startsWith(`${symbol}.`))) direct.push(reference.byteRange);
        else if (classes.has(target)) viaClass.push(reference.byteRange);
      } else if (reference.status === 'same-file' && reference.targetName !== undefined) {
        sameFile.push({ span: reference.byteRange, target: reference.targetName });
      }
    }
    if (direct.length === 0 && viaClass.length === 0) continue;
    // Helpers of the test file (fixtures, factories) that use a definition or its class.
    const helpers = new Set(
      file.entities
        .filter((entity) => entity.kind === 'function' || entity.kind === 'method')
        .filter((entity) => inside(direct, entity.byteRange) || inside(viaClass, entity.byteRange))
        .map((entity) => entity.qualifiedName),
    );
    const usesHelper = (span: Span) => sameFile.some((use) => helpers.has(use.target) && use.span.start >= span.start && use.span.end <= span.end);
    const text = memberCall === undefined ? '' : Buffer.from(await options.readFile(testFile)).toString('utf8');
    const bytes = Buffer.from(text, 'utf8');
    for (const test of file.tests) {
      const span = test.byteRange;
      let covers = inside(direct, span) || (members.length === 0 && usesHelper(span));
      if (!covers && memberCall !== undefined && (viaClass.length > 0 || usesHelper(span))) {
        covers = memberCall.test(bytes.subarray(span.start, span.end).toString('utf8'));
      }
      if (covers) testIds.push(`${testFile}::${test.qualifiedName.split('.').join('::')}`);
    }
  }
  return { testIds: testIds.slice(0, maximum), testFiles };
}

/**
 * The test selection of a hole: its test ids for pytest (whose ids this package writes),
 * else the test files that import the file, else `fallback` (the environment's own selection).
 */
export function coveringTestSelection(covering: CoveringTests, framework: TestFramework, fallback: TestSelection): TestSelection {
  if (framework === 'pytest' && covering.testIds.length > 0) return { mode: 'tests', testIds: [...covering.testIds] };
  if (covering.testFiles.length > 0) return { mode: 'files', files: [...covering.testFiles] };
  return fallback;
}
