import { languageFamily } from '../syntax';
import { BINARY_TYPES, lineOf, nodesOfType, operandsOf, operatorOf, operatorText } from './edit-helpers';
import { ALL_LANGUAGES, type MutationSite, type ProceduralMutation } from './procedural-mutation';

/** Operators whose operands do not commute (swapping them changes the result), per family. */
const NON_COMMUTATIVE = {
  python: new Set(['-', '/', '//', '%', '**', '<<', '>>', '<', '<=', '>', '>=', 'in', 'not in', 'and', 'or']),
  ecmascript: new Set(['-', '/', '%', '**', '<<', '>>', '>>>', '<', '<=', '>', '>=', 'in', 'instanceof', '&&', '||', '??']),
} as const;

/** Swaps the operands of a non-commutative binary, comparison or boolean operation (`a - b` → `b - a`). */
export const swapOperands: ProceduralMutation = {
  name: 'swap-operands',
  description: 'swap the left and right operands of a non-commutative operation',
  target: 'function',
  languages: ALL_LANGUAGES,
  sites(source, scope) {
    const family = languageFamily(source.language);
    const sites: MutationSite[] = [];
    for (const node of nodesOfType(scope, BINARY_TYPES[family])) {
      const operands = operandsOf(node);
      const operator = operatorOf(node);
      if (operands === undefined || operator === undefined) continue;
      const text = operatorText(source, operator);
      if (!NON_COMMUTATIVE[family].has(text)) continue;
      const [left, right] = operands;
      const leftText = source.text.slice(left.start, left.end);
      const rightText = source.text.slice(right.start, right.end);
      if (leftText === rightText) continue;
      sites.push({
        mutation: 'swap-operands',
        description: `swapped the operands of ${text} at line ${lineOf(node)}`,
        edits: [
          { start: left.start, end: left.end, replacement: rightText },
          { start: right.start, end: right.end, replacement: leftText },
        ],
      });
    }
    return sites;
  },
};
