import { namedChildren, walk, type ParsedSource, type TreeNode } from '../syntax';
import type { TextEdit } from './procedural-mutation';

/** Nodes under `scope` (itself included) of one of `types`, in source order. */
export function nodesOfType(scope: TreeNode, types: ReadonlySet<string> | readonly string[]): TreeNode[] {
  const set = types instanceof Set ? types : new Set(types as readonly string[]);
  return [...walk(scope)].filter((node) => set.has(node.type));
}

/** The 1-based line of a node, for descriptions. */
export function lineOf(node: TreeNode): number {
  return node.startRow + 1;
}

/** Statements of a block (Python `block`, ECMAScript `statement_block`), without comments and braces. */
export function statementsOf(block: TreeNode): TreeNode[] {
  return namedChildren(block).filter((child) => child.type !== 'comment');
}

/**
 * The edit deleting a statement: its whole lines when nothing else is on them (indentation and
 * newline included), else the statement alone. Undefined when a Python block would be left
 * empty (that does not parse).
 */
export function removeStatement(source: ParsedSource, statement: TreeNode): TextEdit | undefined {
  const parent = statement.parent;
  if (source.language === 'python' && parent !== undefined && parent.type === 'block' && statementsOf(parent).length <= 1) return undefined;
  const text = source.text;
  let start = statement.start;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (/^[ \t]*$/.test(text.slice(lineStart, start))) start = lineStart;
  let end = statement.end;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline === -1 ? text.length : newline + 1;
  if (start === lineStart && /^[ \t]*\r?\n?$/.test(text.slice(end, lineEnd))) end = lineEnd;
  else start = statement.start;
  return { start, end, replacement: '' };
}

/**
 * A Python block's text moved out by `columns`: the first line as is (it goes where the
 * wrapper started), the following ones with up to `columns` leading spaces removed.
 */
export function dedentBlock(blockText: string, columns: number): string {
  if (columns <= 0) return blockText;
  const lines = blockText.split('\n');
  return lines.map((line, index) => (index === 0 ? line : line.replace(new RegExp(`^[ \\t]{0,${columns}}`), ''))).join('\n');
}

/** The anonymous operator child of a binary node (`operator` field, or Python's `operators`). */
export function operatorOf(node: TreeNode): TreeNode | undefined {
  return node.children.find((child) => child.field === 'operator' || child.field === 'operators');
}

/** The operator text, with Python's two-word operators (`not in`, `is not`) normalised to one space. */
export function operatorText(source: ParsedSource, operator: TreeNode): string {
  return source.text.slice(operator.start, operator.end).replace(/\s+/g, ' ');
}

/** The two operands of a binary node (Python binary/boolean/comparison with one operator; ECMAScript binary_expression). */
export function operandsOf(node: TreeNode): [TreeNode, TreeNode] | undefined {
  const operands = namedChildren(node).filter((child) => child.type !== 'comment' && child.field !== 'operators');
  if (node.type === 'comparison_operator') {
    const operators = node.children.filter((child) => child.field === 'operators');
    if (operators.length !== 1) return undefined;
  }
  return operands.length === 2 ? [operands[0]!, operands[1]!] : undefined;
}

/** Binary expression node types per language family. */
export const BINARY_TYPES = {
  python: new Set(['binary_operator', 'comparison_operator', 'boolean_operator']),
  ecmascript: new Set(['binary_expression']),
} as const;
