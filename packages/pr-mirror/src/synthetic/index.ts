/**
 * Synthetic bugs (SWE-smith's procedural mutations, LM modify / rewrite and combine), validated
 * by the same validator as PR mirrors.
 */
export { parseSource, parsesCleanly, syntheticLanguageOf, languageFamily, walk, fieldChild, namedChildren, textOf, type SyntheticLanguage, type TreeNode, type ParsedSource } from './syntax';
export { applyEdits, editsOverlap, spanOf } from './apply-edits';
export { findDefinition, definitionKind } from './find-definition';
export type { ProceduralMutation, MutationSite, TextEdit } from './mutations/procedural-mutation';
export {
  PROCEDURAL_MUTATIONS,
  breakChain,
  changeConstant,
  changeOperator,
  invertIf,
  removeAssignment,
  removeBase,
  removeCondition,
  removeLoop,
  removeWrapper,
  shuffleStatements,
  swapOperands,
} from './mutations/index';
