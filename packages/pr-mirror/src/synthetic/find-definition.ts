import { walk, type ParsedSource, type TreeNode } from './syntax';

const FUNCTION_TYPES = new Set(['function_definition', 'function_declaration', 'generator_function_declaration', 'method_definition', 'function_expression', 'arrow_function', 'generator_function']);
const CLASS_TYPES = new Set(['class_definition', 'class_declaration', 'abstract_class_declaration', 'class']);

/** Whether a node defines a function or method (`function`) or a class (`class`). */
export function definitionKind(node: TreeNode): 'function' | 'class' | undefined {
  if (FUNCTION_TYPES.has(node.type)) return 'function';
  if (CLASS_TYPES.has(node.type)) return 'class';
  return undefined;
}

/**
 * The outermost function or class definition node inside the 1-based, inclusive line range of
 * a code-index entity (decorators may start the range), else undefined.
 */
export function findDefinition(source: ParsedSource, lines: { readonly start: number; readonly end: number }, kind: 'function' | 'class'): TreeNode | undefined {
  const firstRow = lines.start - 1;
  const lastRow = lines.end - 1;
  const lineStarts = [0];
  for (let index = source.text.indexOf('\n'); index !== -1; index = source.text.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  const rowOf = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  };
  let best: TreeNode | undefined;
  for (const node of walk(source.root)) {
    if (definitionKind(node) !== kind || node.startRow < firstRow || node.startRow > lastRow) continue;
    const endRow = rowOf(Math.max(node.start, node.end - 1));
    if (endRow > lastRow) continue;
    if (best === undefined || node.end - node.start > best.end - best.start) best = node;
  }
  return best;
}
