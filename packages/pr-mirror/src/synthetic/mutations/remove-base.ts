import { fieldChild, namedChildren, walk, type TreeNode } from '../syntax';
import { lineOf } from './edit-helpers';
import { ALL_LANGUAGES, type MutationSite, type ProceduralMutation, type TextEdit } from './procedural-mutation';

const CLASS_TYPES = new Set(['class_definition', 'class_declaration', 'class', 'abstract_class_declaration']);

/** Widens an edit over the whitespace before it, so `class A extends B {` becomes `class A {`. */
function withLeadingSpace(text: string, node: TreeNode): TextEdit {
  let start = node.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { start, end: node.end, replacement: '' };
}

function callsSuper(node: TreeNode): boolean {
  for (const inner of walk(node)) if (inner.type === 'call_expression' && inner.children[0]?.type === 'super') return true;
  return false;
}

/**
 * Removes a base class: one Python base (`class A(B, C)` → `class A(C)`, or `class A` when it
 * was the only one; `object` and keyword arguments such as `metaclass=` are left alone), or an
 * ECMAScript `extends` clause (refused when the class calls `super(...)`, which would no longer load).
 */
export const removeBase: ProceduralMutation = {
  name: 'remove-base',
  description: 'remove a base class (Python) or the extends clause (JavaScript, TypeScript)',
  target: 'class',
  languages: ALL_LANGUAGES,
  sites(source, scope) {
    const sites: MutationSite[] = [];
    if (!CLASS_TYPES.has(scope.type)) return sites;
    if (source.language === 'python') {
      const bases = fieldChild(scope, 'superclasses');
      if (bases === undefined) return sites;
      const all = namedChildren(bases).filter((child) => child.type !== 'comment');
      const positional = all.filter((child) => child.type !== 'keyword_argument' && child.type !== 'dictionary_splat' && child.type !== 'list_splat');
      for (const base of positional) {
        const name = source.text.slice(base.start, base.end);
        if (name === 'object') continue;
        let edit: TextEdit;
        if (all.length === 1) edit = { start: bases.start, end: bases.end, replacement: '' };
        else {
          const index = all.indexOf(base);
          // Delete the base with the comma after it, or (last) the comma before it.
          edit = index + 1 < all.length ? { start: base.start, end: all[index + 1]!.start, replacement: '' } : { start: all[index - 1]!.end, end: base.end, replacement: '' };
        }
        sites.push({ mutation: 'remove-base', description: `removed the base ${name} of the class at line ${lineOf(scope)}`, edits: [edit] });
      }
      return sites;
    }
    const heritage = scope.children.find((child) => child.type === 'class_heritage');
    if (heritage === undefined || callsSuper(scope)) return sites;
    const extendsClause = heritage.children.find((child) => child.type === 'extends_clause');
    const clauses = namedChildren(heritage);
    let edit: TextEdit;
    if (extendsClause === undefined) {
      // JavaScript: the heritage is `extends X` itself.
      if (!source.text.slice(heritage.start, heritage.end).startsWith('extends')) return sites;
      edit = withLeadingSpace(source.text, heritage);
    } else if (clauses.length === 1) edit = withLeadingSpace(source.text, heritage);
    else edit = { start: extendsClause.start, end: clauses[clauses.indexOf(extendsClause) + 1]!.start, replacement: '' };
    sites.push({ mutation: 'remove-base', description: `removed ${source.text.slice((extendsClause ?? heritage).start, (extendsClause ?? heritage).end)} from the class at line ${lineOf(scope)}`, edits: [edit] });
    return sites;
  },
};
