/** `@swespot/eval/test`: a small generated benchmark for tests and examples. */
export { createSampleBenchmark, type SampleBenchmark } from './create-sample-benchmark';
