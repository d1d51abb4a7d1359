import { languageFamily } from '../syntax';
import { BINARY_TYPES, lineOf, nodesOfType, operandsOf, operatorOf, operatorText } from './edit-helpers';
import { ALL_LANGUAGES, type MutationSite, type ProceduralMutation } from './procedural-mutation';

/**
 * Breaks an operator chain: in a binary operation whose operand is itself a binary operation,
 * the inner one is replaced by one of its operands (`a + b + c` → `a + c` or `b + c`).
 */
export const breakChain: ProceduralMutation = {
  name: 'break-chain',
  description: 'drop one operand of a chained binary operation',
  target: 'function',
  languages: ALL_LANGUAGES,
  sites(source, scope) {
    const family = languageFamily(source.language);
    const types = BINARY_TYPES[family];
    const sites: MutationSite[] = [];
    for (const node of nodesOfType(scope, types)) {
      const operands = operandsOf(node);
      if (operands === undefined) continue;
      for (const inner of operands) {
        if (!types.has(inner.type)) continue;
        const innerOperands = operandsOf(inner);
        const innerOperator = operatorOf(inner);
        if (innerOperands === undefined || innerOperator === undefined) continue;
        for (const kept of innerOperands) {
          const keptText = source.text.slice(kept.start, kept.end);
          sites.push({
            mutation: 'break-chain',
            description: `${source.text.slice(inner.start, inner.end).replace(/\s+/g, ' ')} → ${keptText.replace(/\s+/g, ' ')} (${operatorText(source, innerOperator)} dropped) at line ${lineOf(inner)}`,
            edits: [{ start: inner.start, end: inner.end, replacement: keptText }],
          });
        }
      }
    }
    return sites;
  },
};
