import { lineOf, nodesOfType, removeStatement } from './edit-helpers';
import { ALL_LANGUAGES, type MutationSite, type ProceduralMutation } from './procedural-mutation';

/** Deletes a whole `if` statement (with its elif/else branches). */
export const removeCondition: ProceduralMutation = {
  name: 'remove-condition',
  description: 'delete an if statement',
  target: 'function',
  languages: ALL_LANGUAGES,
  sites(source, scope) {
    const sites: MutationSite[] = [];
    for (const node of nodesOfType(scope, ['if_statement'])) {
      if (node.parent?.type === 'else_clause') continue;
      const edit = removeStatement(source, node);
      if (edit !== undefined) sites.push({ mutation: 'remove-condition', description: `removed the if statement at line ${lineOf(node)}`, edits: [edit] });
    }
    return sites;
  },
};
