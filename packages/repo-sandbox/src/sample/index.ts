/**
 * `@swespot/repo-sandbox/sample`: the sample repository swespot mines when it is given none,
 * a small Python package with a pytest suite and a history of pull requests that add
 * features and fix bugs, dated on both sides of a cutoff. End-to-end tests use it too.
 */
export {
  createSampleRepository,
  type CreateSampleRepositoryOptions,
  type SampleRepository,
  type SamplePullRequest,
} from './create-sample-repository';
export { SAMPLE_REPOSITORY_CUTOFF } from './sample-history';
