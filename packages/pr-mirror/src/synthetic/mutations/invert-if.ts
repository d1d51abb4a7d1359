import { fieldChild, namedChildren, type TreeNode } from '../syntax';
import { lineOf, nodesOfType } from './edit-helpers';
import { ALL_LANGUAGES, type MutationSite, type ProceduralMutation } from './procedural-mutation';

function elseBody(ifNode: TreeNode): TreeNode | undefined {
  const alternatives = ifNode.children.filter((child) => child.field === 'alternative');
  if (alternatives.length !== 1 || alternatives[0]!.type !== 'else_clause') return undefined;
  const clause = alternatives[0]!;
  const body = fieldChild(clause, 'body') ?? namedChildren(clause).find((child) => child.type !== 'comment');
  // `else if` in ECMAScript is an else clause holding an if statement: not a plain else.
  if (body === undefined || body.type === 'if_statement') return undefined;
  return body;
}

/** Swaps the if-body and the else-body of an `if ... else` (plain else only; `elif` / `else if` chains are skipped). */
export const invertIf: ProceduralMutation = {
  name: 'invert-if',
  description: 'swap the if-body and the else-body of an if/else',
  target: 'function',
  languages: ALL_LANGUAGES,
  sites(source, scope) {
    const sites: MutationSite[] = [];
    for (const node of nodesOfType(scope, ['if_statement'])) {
      const consequence = fieldChild(node, 'consequence');
      const alternative = elseBody(node);
      if (consequence === undefined || alternative === undefined) continue;
      // Python blocks swap as text only at one indentation, both on their own lines.
      if (source.language === 'python' && (consequence.startColumn !== alternative.startColumn || consequence.startRow === node.startRow)) continue;
      const first = source.text.slice(consequence.start, consequence.end);
      const second = source.text.slice(alternative.start, alternative.end);
      if (first === second) continue;
      sites.push({
        mutation: 'invert-if',
        description: `swapped the branches of the if at line ${lineOf(node)}`,
        edits: [
          { start: consequence.start, end: consequence.end, replacement: second },
          { start: alternative.start, end: alternative.end, replacement: first },
        ],
      });
    }
    return sites;
  },
};
