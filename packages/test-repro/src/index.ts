/**
 * `@swespot/test-repro`: RCX unit 4 (Semantic-Runtime Alignment): reproduction-test tasks
 * built from bugfix instances, and the fail-before / pass-after grader shared by training-data
 * filtering and evaluation (TDD-Bench's rule and score).
 */
// the grader
export { gradeReproduction, type GradeReproductionOptions, type GradeProgress } from './grade/grade-reproduction';
export { withCoverageTooling, COVERAGE_DEBIAN_PACKAGES } from './grade/with-coverage-tooling';
// tasks
export { buildReproTask, reproTaskIdOf, type BuildReproTaskOptions, type BuiltReproTask } from './task/build-repro-task';
export { reproTaskFromRow } from './task/repro-task-from-row';
export { hideTests, type HideTestsOptions, type HiddenTests } from './task/hide-tests';
// the parts, for custom graders
export { readPatch, type PatchFileChange, type PatchHunk, type PatchLine } from './patch/read-patch';
export { isTestPath } from './patch/is-test-path';
export { changedSourceLines, coverageLanguageOf, type ChangedSourceLines, type CoverageLanguage } from './patch/changed-source-lines';
export { findFailedHunk, type PatchFailure } from './patch/failed-hunk';
export { writeFileDiff } from './patch/write-file-diff';
export { locateTests, type LocatedTest } from './tests/locate-tests';
export { runnerTestIdOf, selectionFor, statusInReport, parseRunnerTestId, type RunnerTest, type ParsedTestId } from './tests/test-ids';
export { createPythonCoverageProbe } from './coverage-probes/python-coverage';
export { createV8CoverageProbe, linesRunInScript } from './coverage-probes/v8-coverage';
export { COVERAGE_FOLDER, type CoverageProbe, type LinesToMeasure, type MeasuredLines, type CoverageUnavailable } from './coverage-probes/line-coverage';
export { VERSION } from './version';
