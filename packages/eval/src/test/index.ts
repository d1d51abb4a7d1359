/** `@swespot/eval/test`: a small generated benchmark for tests and examples. */
export { createSampleBenchmark, type SampleBenchmark } from './create-sample-benchmark';
export { createSampleTtsRun } from './create-sample-tts-run';
export { rolloutTrajectory, calcDiff, type FixtureStep } from './rollout-trajectory';
