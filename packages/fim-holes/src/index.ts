/**
 * `@swespot/fim-holes`: RCX unit 2, agentic fill-in-the-middle. Holes aligned to the syntax
 * tree (whole functions, methods and classes, or their bodies), classified by the cross-file
 * dependencies code-index resolves in them, sampled coverage-greedy and hotness-weighted,
 * written as core `FimTask` records; and a checker for a filled hole.
 */
export { mineFimTasks, dependencyCountBucket, holeKind, type MineFimTasksOptions, type FimMiningStatistics, type FimSnapshot } from './mine-fim-tasks';
export { findHoleCandidates, type FindHoleCandidatesOptions, type HoleCandidate, type HoleCandidateSkips } from './find-hole-candidates';
export { sampleHoles, candidateWeight, type SampleHolesOptions, type SampledTask } from './sample-holes';
export { describeHoles, cleanDocstring, type DescribeHolesOptions, type HoleInstruction, type HoleToDescribe, type InstructionSource } from './describe-holes';
export { findCoveringTests, coveringTestSelection, type CoveringTests, type FindCoveringTestsOptions } from './find-covering-tests';
export { makeHoledFile, restoreHoledFile, fillHoledFile, extractFills, placeholderRanges, type PlacedHole } from './holed-file';
export { builtinHoleSyntaxes, pythonHoleSyntax, ecmascriptHoleSyntax, holeSyntaxFor, holeMarker, type HoleSyntax } from './hole-syntax';
export { skipReasonForPath, hasGeneratedHeader, type FileSkipReason } from './skip-rules';
export { createSourceParser, type SourceParser, type ParsedSource, type CapturedNode } from './source-parser';
export { VERSION } from './version';
export {
  checkFimFill,
  judgeTestReport,
  type CheckFimFillOptions,
  type FimCheckResult,
  type FimTestOutcome,
  type FimTestRunner,
  type HoleSimilarity,
} from './check-fim-fill';
export { createSandboxTestRunner, type SandboxTestRunnerSettings } from './create-sandbox-test-runner';
export { editSimilarity, normalizeCode, nodeTypeSequence, sequenceSimilarity } from './similarity';
export { prepareFimWorkspace } from './prepare-fim-workspace';
