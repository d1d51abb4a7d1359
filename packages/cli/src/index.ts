/**
 * `@swespot/cli`: the `swespot` command, and the pieces later stages reuse: the
 * `swespot.config.json` schema and loader, the progress reporter and the doctor checks.
 */
export { VERSION } from './version';

// running the command line
export { runCli, USAGE_EXIT_CODE, ABORTED_EXIT_CODE, type RunCliOptions } from './run-cli';
export { createProgram } from './create-program';
export type { CommandContext, GlobalOptions, RegisterCommand } from './commands/command-context';

// config file
export {
  swespotConfigSchema,
  createModelConfigSchema,
  createSamplingConfigSchema,
  modelProviderSchema,
  sandboxConfigSchema,
  unitConfigSchema,
  TEACHER_SAMPLING_DEFAULTS,
  STUDENT_SAMPLING_DEFAULTS,
  type SamplingDefaults,
  type SwespotConfig,
  type SwespotConfigInput,
} from './config/swespot-config-schema';
export {
  loadSwespotConfig,
  parseSwespotConfig,
  toConfigIssues,
  SWESPOT_CONFIG_FILE_NAME,
  type LoadSwespotConfigOptions,
  type LoadedSwespotConfig,
} from './config/load-swespot-config';
export { createSwespotConfigJsonSchema } from './config/create-swespot-config-json-schema';
export { bindConfigKeys, installConfigDefaults, type ConfigBinding, type ConfigView } from './config/config-backed-options';
export { locateJsonSyntaxError, type JsonSyntaxErrorLocation } from './config/locate-json-syntax-error';

// progress
export {
  createProgressReporter,
  type ProgressReporter,
  type ProgressReporterSettings,
  type ProgressStream,
} from './progress/create-progress-reporter';

// doctor
export { runDoctorChecks, type DoctorReport, type RunDoctorChecksOptions } from './doctor/run-doctor-checks';
export { formatDoctorReport, toDoctorJson } from './doctor/format-doctor-report';
export type { DoctorCheck, DoctorCheckStatus } from './doctor/doctor-check';
export { checkDockerEngine, DEFAULT_DOCKER_HOST, type CheckDockerEngineOptions } from './doctor/check-docker-engine';
export { checkNode, isVersionAtLeast, MINIMUM_NODE_VERSION } from './doctor/check-node';
