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
export { selectBugTargets, orderTargets, type BugTarget, type SelectBugTargetsOptions } from './select-targets';
export { makeProceduralBug, type MakeProceduralBugOptions, type ProceduralBugResult, type ProceduralRefusal } from './procedural-bug';
export {
  makeModelBug,
  modifyMessages,
  rewriteMessages,
  stubDefinition,
  extractCodeBlock,
  BUG_ARCHETYPES,
  type MakeModelBugOptions,
  type ModelBugResult,
  type ModelRefusal,
  type ModelStrategy,
} from './model-bug';
export { planCombinedBugs, type PlanCombinedBugsOptions, type ValidatedSingleBug } from './combine-bugs';
export {
  SYNTHETIC_STRATEGIES,
  syntheticBugPatch,
  syntheticCandidate,
  syntheticInstanceId,
  type SyntheticBug,
  type SyntheticBugPart,
  type SyntheticStrategy,
} from './synthetic-bug';
export { synthesizeBugs, type SynthesizeBugsOptions, type SynthesizeBugsResult, type SynthesizeValidation, type StrategyYield } from './synthesize-bugs';
