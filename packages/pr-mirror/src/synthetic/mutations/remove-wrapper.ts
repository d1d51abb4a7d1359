import { fieldChild } from '../syntax';
import { dedentBlock, lineOf, nodesOfType } from './edit-helpers';
import { ALL_LANGUAGES, type MutationSite, type ProceduralMutation } from './procedural-mutation';

/**
 * Removes a `try` (its handlers, else and finally go) or a Python `with`, keeping the body:
 * Python's body moves out one level; an ECMAScript body stays a `{ ... }` block, so its
 * `let`/`const` stay scoped.
 */
export const removeWrapper: ProceduralMutation = {
  name: 'remove-wrapper',
  description: 'remove a try or with wrapper, keeping its body',
  target: 'function',
  languages: ALL_LANGUAGES,
  sites(source, scope) {
    const sites: MutationSite[] = [];
    for (const node of nodesOfType(scope, ['try_statement', 'with_statement'])) {
      const body = fieldChild(node, 'body');
      if (body === undefined) continue;
      const bodyText = source.text.slice(body.start, body.end);
      let replacement: string;
      if (source.language === 'python') {
        if (body.startRow === node.startRow) continue;
        replacement = dedentBlock(bodyText, body.startColumn - node.startColumn);
      } else replacement = bodyText;
      sites.push({ mutation: 'remove-wrapper', description: `removed the ${node.type.replace(/_statement$/, '')} wrapper at line ${lineOf(node)}`, edits: [{ start: node.start, end: node.end, replacement }] });
    }
    return sites;
  },
};
