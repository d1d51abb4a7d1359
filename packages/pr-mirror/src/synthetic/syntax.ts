import { extname } from 'node:path';
import { InvalidArgumentError } from '@swespot/core';
import { javascriptLanguage, pythonLanguage, selectParserBackend, tsxLanguage, typescriptLanguage, type LanguageDefinition, type LoadedGrammar } from '@swespot/code-index';

/** The languages the synthetic bug generator mutates. */
export type SyntheticLanguage = 'python' | 'javascript' | 'typescript' | 'tsx';

/**
 * A syntax-tree node copied out of tree-sitter into plain objects: type, field name under its
 * parent, offsets (UTF-16 code units of the parsed text, so `text.slice(start, end)` is the
 * node's text) and children (named and anonymous).
 */
export interface TreeNode {
  readonly type: string;
  readonly named: boolean;
  /** The field this node fills in its parent (`condition`, `body`, ...), when it fills one. */
  readonly field: string | undefined;
  readonly start: number;
  readonly end: number;
  /** 0-based row and column of the start. */
  readonly startRow: number;
  readonly startColumn: number;
  readonly children: readonly TreeNode[];
  readonly parent: TreeNode | undefined;
  /** A tree-sitter ERROR node, or a node tree-sitter inserted as MISSING. */
  readonly error: boolean;
}

/** A parsed source text. */
export interface ParsedSource {
  readonly language: SyntheticLanguage;
  readonly text: string;
  readonly root: TreeNode;
  /** Whether the tree has an ERROR or MISSING node anywhere. */
  readonly hasError: boolean;
}

const definitions: Record<SyntheticLanguage, LanguageDefinition> = {
  python: pythonLanguage,
  javascript: javascriptLanguage,
  typescript: typescriptLanguage,
  tsx: tsxLanguage,
};

const grammars = new Map<SyntheticLanguage, Promise<LoadedGrammar>>();

/** The language of a path by its extension (`.py`, `.js`/`.jsx`/`.mjs`/`.cjs`, `.ts`/`.mts`/`.cts`, `.tsx`), else undefined. */
export function syntheticLanguageOf(path: string): SyntheticLanguage | undefined {
  if (path.endsWith('.d.ts')) return undefined;
  const extension = extname(path);
  for (const [language, definition] of Object.entries(definitions) as [SyntheticLanguage, LanguageDefinition][]) {
    if (language === 'python' && extension === '.pyi') continue;
    if (definition.extensions.includes(extension)) return language;
  }
  return undefined;
}

/** Python or the ECMAScript family (JavaScript, TypeScript, TSX). */
export function languageFamily(language: SyntheticLanguage): 'python' | 'ecmascript' {
  return language === 'python' ? 'python' : 'ecmascript';
}

interface RawNode {
  readonly type: string;
  readonly isNamed: boolean;
  readonly isMissing?: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: { row: number; column: number };
  readonly childCount: number;
  child(index: number): RawNode | null;
  fieldNameForChild(index: number): string | null;
}

function copyNode(raw: RawNode, field: string | undefined, parent: TreeNode | undefined): TreeNode {
  const children: TreeNode[] = [];
  const node: TreeNode = {
    type: raw.type,
    named: raw.isNamed,
    field,
    start: raw.startIndex,
    end: raw.endIndex,
    startRow: raw.startPosition.row,
    startColumn: raw.startPosition.column,
    children,
    parent,
    error: raw.type === 'ERROR' || raw.isMissing === true,
  };
  for (let index = 0; index < raw.childCount; index++) {
    const child = raw.child(index);
    if (child !== null) children.push(copyNode(child, raw.fieldNameForChild(index) ?? undefined, node));
  }
  return node;
}

/**
 * Parses `text` with the real tree-sitter grammar of `language` (the parser backend and
 * grammars `@swespot/code-index` loads: native `tree-sitter`, or WASM when native cannot load).
 *
 * @example
 * ```ts
 * const parsed = await parseSource('python', 'def f(x):\n    return x + 1\n');
 * parsed.hasError; // false
 * ```
 */
export async function parseSource(language: SyntheticLanguage, text: string): Promise<ParsedSource> {
  const definition = definitions[language];
  if (definition === undefined) throw new InvalidArgumentError({ argument: 'language', message: `parseSource: unknown language ${JSON.stringify(language)}; expected python, javascript, typescript or tsx.` });
  let grammar = grammars.get(language);
  if (grammar === undefined) {
    grammar = selectParserBackend().backend.loadGrammar(definition.grammar);
    grammars.set(language, grammar);
  }
  const tree = (await grammar).parse(text);
  try {
    const root = copyNode(tree.rootNode as unknown as RawNode, undefined, undefined);
    return { language, text, root, hasError: tree.rootNode.hasError || containsError(root) };
  } finally {
    tree.dispose();
  }
}

function containsError(node: TreeNode): boolean {
  return node.error || node.children.some(containsError);
}

/** Whether `text` parses in `language` without ERROR or MISSING nodes. */
export async function parsesCleanly(language: SyntheticLanguage, text: string): Promise<boolean> {
  return !(await parseSource(language, text)).hasError;
}

/** Every node under `node` (itself included), depth first, in source order. */
export function* walk(node: TreeNode): Generator<TreeNode> {
  yield node;
  for (const child of node.children) yield* walk(child);
}

/** The first child filling `field`, if any. */
export function fieldChild(node: TreeNode, field: string): TreeNode | undefined {
  return node.children.find((child) => child.field === field);
}

/** The named children. */
export function namedChildren(node: TreeNode): TreeNode[] {
  return node.children.filter((child) => child.named);
}

/** The node's text. */
export function textOf(source: { readonly text: string }, node: TreeNode): string {
  return source.text.slice(node.start, node.end);
}
