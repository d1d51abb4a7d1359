import { languageFamily } from '../syntax';
import { BINARY_TYPES, lineOf, nodesOfType, operatorOf, operatorText } from './edit-helpers';
import { ALL_LANGUAGES, type MutationSite, type ProceduralMutation } from './procedural-mutation';

/** Each operator's replacements within its family (arithmetic, bitwise, shift, comparison, logical). */
const PYTHON_CHANGES: Readonly<Record<string, readonly string[]>> = {
  '+': ['-'], '-': ['+'], '*': ['/', '//'], '/': ['*', '//'], '//': ['/', '%'], '%': ['//'], '**': ['*'],
  '<<': ['>>'], '>>': ['<<'], '&': ['|'], '|': ['&'], '^': ['|'],
  '<': ['<=', '>'], '<=': ['<', '>='], '>': ['>=', '<'], '>=': ['>', '<='], '==': ['!='], '!=': ['=='],
  'in': ['not in'], 'not in': ['in'], 'is': ['is not'], 'is not': ['is'],
  'and': ['or'], 'or': ['and'],
};
const ECMASCRIPT_CHANGES: Readonly<Record<string, readonly string[]>> = {
  '+': ['-'], '-': ['+'], '*': ['/'], '/': ['*'], '%': ['/'], '**': ['*'],
  '<<': ['>>'], '>>': ['<<'], '>>>': ['>>'], '&': ['|'], '|': ['&'], '^': ['|'],
  '<': ['<=', '>'], '<=': ['<', '>='], '>': ['>=', '<'], '>=': ['>', '<='],
  '==': ['!='], '!=': ['=='], '===': ['!=='], '!==': ['==='],
  '&&': ['||'], '||': ['&&'], '??': ['||'],
};

/** The replacements of `operator` in a language family (empty when it has none). */
export function operatorChanges(family: 'python' | 'ecmascript', operator: string): readonly string[] {
  return (family === 'python' ? PYTHON_CHANGES : ECMASCRIPT_CHANGES)[operator] ?? [];
}

/** Replaces a binary, comparison or boolean operator by another of its family (`+` → `-`, `<` → `<=`, `and` → `or`). */
export const changeOperator: ProceduralMutation = {
  name: 'change-operator',
  description: 'replace an operator by another of its family',
  target: 'function',
  languages: ALL_LANGUAGES,
  sites(source, scope) {
    const family = languageFamily(source.language);
    const sites: MutationSite[] = [];
    for (const node of nodesOfType(scope, BINARY_TYPES[family])) {
      const operators = node.children.filter((child) => child.field === 'operator' || child.field === 'operators');
      if (operators.length !== 1) continue;
      const operator = operatorOf(node)!;
      const text = operatorText(source, operator);
      for (const replacement of operatorChanges(family, text)) {
        sites.push({ mutation: 'change-operator', description: `${text} → ${replacement} at line ${lineOf(node)}`, edits: [{ start: operator.start, end: operator.end, replacement }] });
      }
    }
    return sites;
  },
};
