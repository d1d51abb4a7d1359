import type { CodeIndex } from '@swespot/code-index';
import type { ByteRange, CodeEntity, CrossFileDependency, HoleGranularity, HolePart, LineRange } from '@swespot/core';
import { builtinHoleSyntaxes, holeSyntaxFor, type HoleSyntax } from './hole-syntax';
import { hasGeneratedHeader, skipReasonForPath } from './skip-rules';
import type { SourceParser } from './source-parser';
import { createUtf8Offsets } from './utf8-offsets';

/**
 * A place in the repository that can become a FIM hole: a whole function, method or class,
 * or its body, with the cross-file dependencies code-index resolved inside it.
 */
export interface HoleCandidate {
  /** File, relative to the repository root. */
  readonly path: string;
  /** code-index language name, e.g. `python`. */
  readonly language: string;
  /** Qualified name of the definition, e.g. `Context.invoke`. */
  readonly symbol: string;
  /** What the definition is. */
  readonly granularity: Extract<HoleGranularity, 'function' | 'method' | 'class'>;
  /** The whole definition or only its body. */
  readonly part: HolePart;
  /** Bytes removed (UTF-8 offsets in the file). */
  readonly byteRange: ByteRange;
  /** Lines the removed bytes touch. */
  readonly lineRange: LineRange;
  /** The removed text: the ground truth. */
  readonly removedCode: string;
  /** The definition's header, e.g. `def invoke(self, callback):`. */
  readonly signature: string | undefined;
  /** The definition's docstring or doc comment as written. */
  readonly docstring: string | undefined;
  /** Definitions from other files of the repository the removed code uses. */
  readonly dependencies: readonly CrossFileDependency[];
  /** `positive` when `dependencies` is not empty. */
  readonly classification: 'positive' | 'negative';
  /** Commits that changed the definition in the index's hotness window (0 without hotness). */
  readonly commitCount: number;
  /** Lines of code in the body (no blank, comment-only or docstring lines). */
  readonly bodyLines: number;
}

/** Why definitions were not made candidates, with counts. */
export interface HoleCandidateSkips {
  /** Files skipped by path or header: tests, vendored, documentation, generated. */
  readonly files: Record<'test' | 'vendored' | 'documentation' | 'generated' | 'syntax-error' | 'unsupported-language', number>;
  /** Definitions skipped: nested in a function, abstract or overload stubs, too short, too long, no body found. */
  readonly definitions: Record<'nested' | 'stub' | 'too-short' | 'too-long' | 'no-body', number>;
}

/** Options of {@link findHoleCandidates}. */
export interface FindHoleCandidatesOptions {
  /** The code index of the snapshot. */
  readonly index: CodeIndex;
  /** Reads a file of the snapshot (the same content the index was built from). */
  readonly readFile: (path: string) => Promise<Uint8Array>;
  /** Parses files; one per run keeps grammars and queries compiled. */
  readonly parser: SourceParser;
  /** Which parts to offer. Default: both `whole` and `body`. */
  readonly parts?: readonly HolePart[];
  /** Fewest lines of code a body needs (blank, comment and docstring lines do not count). Default: 3. */
  readonly minimumBodyLines?: number;
  /** Most lines a hole may span. Default: 150. */
  readonly maximumHoleLines?: number;
  /** More paths to leave out, e.g. `(path) => path.startsWith('examples/')`. */
  readonly excludePath?: (path: string) => boolean;
  /** Language syntaxes. Default: Python, JavaScript, TypeScript, TSX. */
  readonly syntaxes?: readonly HoleSyntax[];
  /** Called after each file with the files done and the total. */
  readonly onProgress?: (progress: { readonly done: number; readonly total: number }) => void;
  readonly abortSignal?: AbortSignal;
}

const HOLE_KINDS = new Set(['function', 'method', 'class']);

/**
 * Finds every hole candidate of an indexed snapshot: for each class, function and method of
 * a non-test, non-vendored, non-generated source file, the whole definition and its body,
 * aligned to the syntax tree (tree-sitter nodes, never text spans), with its cross-file
 * dependencies from code-index (`dependenciesIn`). Skips functions nested in functions,
 * abstract and overload stubs (`pass`, `...`, `raise NotImplementedError`), bodies shorter
 * than `minimumBodyLines` and holes longer than `maximumHoleLines`. Candidates come sorted
 * by path, position and part.
 */
export async function findHoleCandidates(options: FindHoleCandidatesOptions): Promise<{ candidates: HoleCandidate[]; skips: HoleCandidateSkips }> {
  const { index, parser } = options;
  const parts = new Set(options.parts ?? ['whole', 'body']);
  const minimumBodyLines = options.minimumBodyLines ?? 3;
  const maximumHoleLines = options.maximumHoleLines ?? 150;
  const syntaxes = options.syntaxes ?? builtinHoleSyntaxes;
  const skips: HoleCandidateSkips = {
    files: { test: 0, vendored: 0, documentation: 0, generated: 0, 'syntax-error': 0, 'unsupported-language': 0 },
    definitions: { nested: 0, stub: 0, 'too-short': 0, 'too-long': 0, 'no-body': 0 },
  };
  const candidates: HoleCandidate[] = [];
  const files = index.files;
  for (let fileNumber = 0; fileNumber < files.length; fileNumber++) {
    options.abortSignal?.throwIfAborted();
    const file = files[fileNumber]!;
    options.onProgress?.({ done: fileNumber, total: files.length });
    const entities = file.entities.filter((entity) => HOLE_KINDS.has(entity.kind));
    if (entities.length === 0) continue;
    const pathReason = file.isTest ? 'test' : skipReasonForPath(file.path);
    if (pathReason !== undefined || options.excludePath?.(file.path) === true) {
      if (pathReason !== undefined) skips.files[pathReason]++;
      continue;
    }
    if (file.hasSyntaxErrors) {
      skips.files['syntax-error']++;
      continue;
    }
    const syntax = holeSyntaxFor(file.language, syntaxes);
    if (syntax === undefined) {
      skips.files['unsupported-language']++;
      continue;
    }
    const bytes = Buffer.from(await options.readFile(file.path));
    const text = bytes.toString('utf8');
    if (hasGeneratedHeader(text.slice(0, 2000))) {
      skips.files.generated++;
      continue;
    }
    const parsed = await parser.parse(file.language, text, syntax.definitionsQuery(file.language));
    if (parsed.hasError) {
      skips.files['syntax-error']++;
      continue;
    }
    const offsets = createUtf8Offsets(text);
    const definitions = collectDefinitions(parsed.matches);
    const definitionStarts = definitions.map((definition) => offsets.toByte(definition.start));
    const lineStarts = lineStartsOf(bytes);
    const kindByName = new Map(file.entities.map((entity) => [entity.qualifiedName, entity.kind]));
    for (const entity of entities) {
      if (entity.parent !== undefined && isFunctionKind(kindByName.get(entity.parent))) {
        skips.definitions.nested++;
        continue;
      }
      const definition = outermostDefinitionIn(entity.byteRange, definitions, definitionStarts, offsets.toByte);
      if (definition === undefined) {
        skips.definitions['no-body']++;
        continue;
      }
      const statements = syntax.statementsOf(text, definition.body, definition.docEnd);
      const statementText = statements === undefined ? '' : text.slice(statements.start, statements.end);
      if (statements === undefined || syntax.isStubBody(statementText) || entity.decorators.some((decorator) => syntax.isStubDecorator(decorator))) {
        skips.definitions.stub++;
        continue;
      }
      const bodyLines = syntax.codeLineCount(statementText);
      if (bodyLines < minimumBodyLines) {
        skips.definitions['too-short']++;
        continue;
      }
      const commitCount = entity.hotness?.commitCount ?? 0;
      const ranges: [HolePart, ByteRange][] = [];
      if (parts.has('whole')) ranges.push(['whole', entity.byteRange]);
      if (parts.has('body')) ranges.push(['body', { start: offsets.toByte(statements.start), end: offsets.toByte(statements.end) }]);
      for (const [part, byteRange] of ranges) {
        const lineRange = { start: lineOf(lineStarts, byteRange.start), end: lineOf(lineStarts, Math.max(byteRange.start, byteRange.end - 1)) };
        if (lineRange.end - lineRange.start + 1 > maximumHoleLines) {
          skips.definitions['too-long']++;
          continue;
        }
        const dependencies = index.dependenciesIn(file.path, { bytes: byteRange });
        candidates.push({
          path: file.path,
          language: file.language,
          symbol: entity.qualifiedName,
          granularity: entity.kind as HoleCandidate['granularity'],
          part,
          byteRange,
          lineRange,
          removedCode: bytes.subarray(byteRange.start, byteRange.end).toString('utf8'),
          signature: entity.signature === undefined ? undefined : dedentContinuation(entity.signature, indentationBefore(bytes, entity.byteRange.start)),
          docstring: entity.docstring,
          dependencies,
          classification: dependencies.length > 0 ? 'positive' : 'negative',
          commitCount,
          bodyLines,
        });
      }
    }
  }
  options.onProgress?.({ done: files.length, total: files.length });
  return { candidates, skips };
}

interface Definition {
  readonly start: number;
  readonly end: number;
  readonly body: { readonly start: number; readonly end: number };
  readonly docEnd: number | undefined;
}

/** One definition per node (the docstring pattern matches the same node again), sorted by start, outer first. */
function collectDefinitions(matches: readonly (readonly { name: string; start: number; end: number }[])[]): Definition[] {
  const byStart = new Map<string, { start: number; end: number; body?: { start: number; end: number }; docEnd?: number }>();
  for (const captures of matches) {
    const node = captures.find((capture) => capture.name === 'definition');
    if (node === undefined) continue;
    const key = `${node.start}:${node.end}`;
    let definition = byStart.get(key);
    if (definition === undefined) {
      definition = { start: node.start, end: node.end };
      byStart.set(key, definition);
    }
    for (const capture of captures) {
      if (capture.name === 'body') definition.body = { start: capture.start, end: capture.end };
      if (capture.name === 'doc') definition.docEnd = capture.end;
    }
  }
  const definitions: Definition[] = [];
  for (const definition of byStart.values()) {
    if (definition.body !== undefined) definitions.push({ start: definition.start, end: definition.end, body: definition.body, docEnd: definition.docEnd });
  }
  return definitions.sort((left, right) => left.start - right.start || right.end - left.end);
}

/** The first (outermost) definition node that lies inside an entity's byte range. */
function outermostDefinitionIn(range: ByteRange, definitions: readonly Definition[], starts: readonly number[], toByte: (index: number) => number): Definition | undefined {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (starts[middle]! < range.start) low = middle + 1;
    else high = middle;
  }
  const definition = definitions[low];
  if (definition === undefined || starts[low]! >= range.end || toByte(definition.end) > range.end) return undefined;
  return definition;
}

function isFunctionKind(kind: CodeEntity['kind'] | undefined): boolean {
  return kind === 'function' || kind === 'method';
}

/** Byte offsets where each line starts. */
export function lineStartsOf(bytes: Uint8Array): number[] {
  const starts = [0];
  for (let offset = bytes.indexOf(0x0a); offset !== -1; offset = bytes.indexOf(0x0a, offset + 1)) starts.push(offset + 1);
  return starts;
}

/** The 1-based line of a byte offset. */
export function lineOf(lineStarts: readonly number[], byte: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (lineStarts[middle]! <= byte) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

/** The white space between the start of the line and `offset`. */
function indentationBefore(bytes: Uint8Array, offset: number): string {
  let start = offset;
  while (start > 0 && (bytes[start - 1] === 0x20 || bytes[start - 1] === 0x09)) start--;
  return start > 0 && bytes[start - 1] !== 0x0a ? '' : Buffer.from(bytes.subarray(start, offset)).toString('utf8');
}

/** A multi-line header with its continuation lines moved left by the indentation of its first line. */
function dedentContinuation(text: string, indentation: string): string {
  if (indentation === '') return text;
  return text
    .split('\n')
    .map((line, index) => (index > 0 && line.startsWith(indentation) ? line.slice(indentation.length) : line))
    .join('\n');
}
