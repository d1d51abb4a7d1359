/**
 * `@swespot/design-probes`: RCX unit 1, software design probes. Targets at three
 * granularities (modules, files, classes and functions) drawn by commit-history hotness, a
 * prompt for active code analysis, the structured report's schema, and a grounding check
 * of finished reports against the snapshot and its code index.
 */
export { mineDesignTasks, designPrompt, describeTarget, groundTarget, type MineDesignTasksOptions, type DesignMiningStatistics, type DesignSnapshot } from './mine-design-tasks';
export {
  selectDesignTargets,
  designTargetCandidates,
  granularityGroup,
  type SelectDesignTargetsOptions,
  type DesignGranularityGroup,
} from './select-design-targets';
export { countFolderCommits, type CountFolderCommitsOptions } from './count-folder-commits';
export {
  designReportSchema,
  designInteractionSchema,
  parseDesignReport,
  parseInteractionBullet,
  DESIGN_REPORT_FORMAT,
  DESIGN_REPORT_SECTIONS,
  type DesignReport,
  type DesignInteraction,
} from './design-report';
export { checkReportGrounding, type CheckReportGroundingOptions, type GroundingClaim, type GroundingResult } from './check-report-grounding';
export { VERSION } from './version';
