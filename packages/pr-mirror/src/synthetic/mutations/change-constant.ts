import { lineOf, nodesOfType } from './edit-helpers';
import { ALL_LANGUAGES, type MutationSite, type ProceduralMutation } from './procedural-mutation';

/** Where an integer literal is an operand: arithmetic, comparisons, indexes, slices, augmented assignments. */
const OPERAND_PARENTS = new Set([
  'binary_operator', 'comparison_operator', 'subscript', 'slice', 'augmented_assignment', 'unary_operator',
  'binary_expression', 'subscript_expression', 'augmented_assignment_expression', 'unary_expression',
]);

/** Changes a decimal integer literal that is an operand by one (`n - 1` → `n - 2` or `n - 0`). */
export const changeConstant: ProceduralMutation = {
  name: 'change-constant',
  description: 'change an integer operand by one',
  target: 'function',
  languages: ALL_LANGUAGES,
  sites(source, scope) {
    const sites: MutationSite[] = [];
    for (const node of nodesOfType(scope, ['integer', 'number'])) {
      const text = source.text.slice(node.start, node.end);
      if (!/^(0|[1-9][0-9]{0,8})$/.test(text) || node.parent === undefined || !OPERAND_PARENTS.has(node.parent.type)) continue;
      const value = Number(text);
      for (const changed of [value + 1, value - 1]) {
        if (changed < 0) continue;
        sites.push({ mutation: 'change-constant', description: `${value} → ${changed} at line ${lineOf(node)}`, edits: [{ start: node.start, end: node.end, replacement: String(changed) }] });
      }
    }
    return sites;
  },
};
