import { fieldChild, namedChildren } from '../syntax';
import { lineOf, nodesOfType, removeStatement } from './edit-helpers';
import { ALL_LANGUAGES, type MutationSite, type ProceduralMutation } from './procedural-mutation';

const ASSIGNMENTS = new Set(['assignment', 'augmented_assignment', 'assignment_expression', 'augmented_assignment_expression']);

/** Deletes an assignment statement (`x = ...`, `x += ...`); declarations (`let x = ...`) and bare annotations are kept. */
export const removeAssignment: ProceduralMutation = {
  name: 'remove-assignment',
  description: 'delete an assignment or augmented assignment statement',
  target: 'function',
  languages: ALL_LANGUAGES,
  sites(source, scope) {
    const sites: MutationSite[] = [];
    for (const node of nodesOfType(scope, ['expression_statement'])) {
      const children = namedChildren(node).filter((child) => child.type !== 'comment');
      if (children.length !== 1 || !ASSIGNMENTS.has(children[0]!.type)) continue;
      // `x: int` alone declares, it assigns nothing.
      if (children[0]!.type === 'assignment' && fieldChild(children[0]!, 'right') === undefined) continue;
      const edit = removeStatement(source, node);
      if (edit !== undefined) sites.push({ mutation: 'remove-assignment', description: `removed the assignment at line ${lineOf(node)}`, edits: [edit] });
    }
    return sites;
  },
};
