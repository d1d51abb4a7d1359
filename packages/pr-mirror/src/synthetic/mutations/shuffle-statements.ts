import { namedChildren, type TreeNode } from '../syntax';
import { lineOf, nodesOfType, statementsOf } from './edit-helpers';
import { ALL_LANGUAGES, type MutationSite, type ProceduralMutation } from './procedural-mutation';

/** Statements that end the flow of a block: moving one of them makes dead code rather than a subtle bug. */
const JUMPS = new Set(['return_statement', 'raise_statement', 'throw_statement', 'break_statement', 'continue_statement', 'pass_statement']);
/** Compound statements move as a whole only within ECMAScript blocks; in Python only simple statements are swapped. */
const PYTHON_SIMPLE = new Set(['expression_statement', 'assert_statement', 'delete_statement', 'global_statement', 'nonlocal_statement']);

function isDocstring(statement: TreeNode, index: number): boolean {
  if (index !== 0 || statement.type !== 'expression_statement') return false;
  const children = namedChildren(statement);
  return children.length === 1 && children[0]!.type === 'string';
}

/**
 * Swaps two adjacent statements of a block (SWE-smith's `ctrl_shuffle`, one transposition at a
 * time): each statement is moved whole, so the result parses; docstrings and jumps
 * (return, raise, throw, break, continue) stay where they are.
 */
export const shuffleStatements: ProceduralMutation = {
  name: 'shuffle-statements',
  description: 'swap two adjacent statements of a block',
  target: 'function',
  languages: ALL_LANGUAGES,
  sites(source, scope) {
    const sites: MutationSite[] = [];
    for (const block of nodesOfType(scope, ['block', 'statement_block'])) {
      const statements = statementsOf(block);
      for (let index = 0; index + 1 < statements.length; index++) {
        const first = statements[index]!;
        const second = statements[index + 1]!;
        if (isDocstring(first, index) || JUMPS.has(first.type) || JUMPS.has(second.type)) continue;
        if (source.language === 'python' && (!PYTHON_SIMPLE.has(first.type) || !PYTHON_SIMPLE.has(second.type) || first.startRow === second.startRow)) continue;
        if (source.language !== 'python' && (first.type.endsWith('_declaration') || second.type.endsWith('_declaration'))) continue;
        const firstText = source.text.slice(first.start, first.end);
        const secondText = source.text.slice(second.start, second.end);
        if (firstText === secondText) continue;
        sites.push({
          mutation: 'shuffle-statements',
          description: `swapped the statements at lines ${lineOf(first)} and ${lineOf(second)}`,
          edits: [
            { start: first.start, end: first.end, replacement: secondText },
            { start: second.start, end: second.end, replacement: firstText },
          ],
        });
      }
    }
    return sites;
  },
};
