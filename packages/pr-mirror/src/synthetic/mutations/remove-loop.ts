import { lineOf, nodesOfType, removeStatement } from './edit-helpers';
import { ALL_LANGUAGES, type MutationSite, type ProceduralMutation } from './procedural-mutation';

const LOOPS = ['for_statement', 'while_statement', 'for_in_statement', 'do_statement'];

/** Deletes a whole `for` / `while` (and ECMAScript `for...in/of`, `do...while`) loop. */
export const removeLoop: ProceduralMutation = {
  name: 'remove-loop',
  description: 'delete a for or while loop',
  target: 'function',
  languages: ALL_LANGUAGES,
  sites(source, scope) {
    const sites: MutationSite[] = [];
    for (const node of nodesOfType(scope, LOOPS)) {
      const edit = removeStatement(source, node);
      if (edit !== undefined) sites.push({ mutation: 'remove-loop', description: `removed the ${node.type.replace(/_statement$/, '').replace(/_/g, '-')} loop at line ${lineOf(node)}`, edits: [edit] });
    }
    return sites;
  },
};
