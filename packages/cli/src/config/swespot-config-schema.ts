import { z } from 'zod';
import { environmentOverridesSchema } from '@swespot/core';

/** The model providers a `teacher` or `student` can name. */
export const modelProviderSchema = z
  .enum(['anthropic', 'google', 'openai'])
  .describe('Which model package serves the model: `anthropic`, `google` or `openai` (also any OpenAI-compatible server through `baseUrl`).');

/** Default sampling values of one model role; a value left out means the provider's own default. */
export interface SamplingDefaults {
  /** Default temperature. */
  temperature?: number;
  /** Default nucleus sampling mass. */
  topP?: number;
  /** Default top-k. */
  topK?: number;
  /** Default repetition penalty. */
  repetitionPenalty?: number;
  /** Default most output tokens per response. Default 8192. */
  maxOutputTokens?: number;
}

function withDefault<Schema extends z.ZodType>(schema: Schema, value: z.output<Schema> | undefined, unit = '') {
  return value === undefined
    ? schema.optional().describe(`${schema.description ?? ''} Default: the provider's own.`.trim())
    : schema.default(value as never).describe(`${schema.description ?? ''} Default ${String(value)}${unit}.`.trim());
}

/**
 * Builds the schema of the sampling settings sent with every request to one model,
 * with the given per-field defaults (fields without one use the provider's default).
 */
export function createSamplingConfigSchema(defaults: SamplingDefaults) {
  return z
    .strictObject({
      temperature: withDefault(z.number().min(0).max(2).describe('Sampling temperature, 0 to 2.'), defaults.temperature),
      topP: withDefault(
        z.number().gt(0).max(1).describe('Nucleus sampling: sample from the most likely tokens whose probabilities sum to topP, in (0, 1].'),
        defaults.topP,
      ),
      topK: withDefault(
        z.int().positive().describe('Sample only from the topK most likely tokens (not every provider supports it).'),
        defaults.topK,
      ),
      repetitionPenalty: withDefault(
        z.number().positive().describe('Penalty on repeated tokens, 1 = none (OpenAI-compatible servers such as vLLM).'),
        defaults.repetitionPenalty,
      ),
      maxOutputTokens: withDefault(
        z.int().positive().describe('Most tokens one response may have.'),
        defaults.maxOutputTokens ?? 8192,
        ' tokens',
      ),
    })
    .describe('Sampling settings for every request to this model.');
}

/** Sampling defaults of the teacher: the provider's own, except at most 8192 output tokens. */
export const TEACHER_SAMPLING_DEFAULTS: SamplingDefaults = { maxOutputTokens: 8192 };

/**
 * Sampling defaults of the student (an open-weight model): the paper's settings for its
 * open-weight runs, temperature 1.0, topP 0.8, topK 20, repetitionPenalty 1.05.
 */
export const STUDENT_SAMPLING_DEFAULTS: SamplingDefaults = {
  temperature: 1,
  topP: 0.8,
  topK: 20,
  repetitionPenalty: 1.05,
  maxOutputTokens: 8192,
};

/**
 * Builds the schema of a model the run talks to (provider, model id, endpoint, the env
 * variable holding its key, sampling), with the given sampling defaults.
 */
export function createModelConfigSchema(samplingDefaults: SamplingDefaults) {
  return z
    .strictObject({
      provider: modelProviderSchema,
      model: z.string().min(1).describe("The provider's model id, e.g. `claude-sonnet-4-5` or `Qwen/Qwen3-4B-Instruct-2507`."),
      baseUrl: z
        .url({ protocol: /^https?$/ })
        .optional()
        .describe("Endpoint to call instead of the provider's public API, e.g. a local vLLM server. Default: the provider's own."),
      apiKeyEnv: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the NAME of an environment variable (letters, digits, _), never the key itself')
        .optional()
        .describe(
          "Name of the environment variable that holds the API key, e.g. `ANTHROPIC_API_KEY`. Never put the key itself here. Default: the provider's usual variable.",
        ),
      sampling: createSamplingConfigSchema(samplingDefaults).prefault({}),
    })
    .describe('A model reference.');
}

/** One RCX unit (design, fim, bugfix, test-repro): whether to generate it and how many instances. */
export const unitConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether this unit is generated. Default true.'),
    count: z
      .int()
      .nonnegative()
      .default(2048)
      .describe('How many instances of this unit to generate. Default 2048, as in the SWE-Spot paper.'),
  })
  .describe('Settings of one RCX unit.');

/** A Docker engine as DOCKER_HOST writes it: `unix:///path`, `tcp://host:port` or `ssh://[user@]host[:port]`. */
export const DOCKER_ENGINE_ADDRESS = /^(unix:\/\/\/.+|tcp:\/\/[^/:@]+:\d+\/?|ssh:\/\/([^/@]+@)?[^/@:]+(:\d+)?\/?)$/;

/** How {@link DOCKER_ENGINE_ADDRESS} is explained in messages. */
export const DOCKER_ENGINE_ADDRESS_HELP = 'unix:///path/docker.sock, tcp://host:port or ssh://user@host';

const dockerEngineAddressSchema = z.string().regex(DOCKER_ENGINE_ADDRESS, `expected a Docker engine as DOCKER_HOST writes it: ${DOCKER_ENGINE_ADDRESS_HELP}`);

/**
 * A pool of Docker engines (`sandbox.engines`): addresses (`"tcp://box-1:2376"`) or objects
 * with that engine's TLS folder (`{ "host": "tcp://box-1:2376", "tlsDirectory": "/etc/docker/certs/box-1" }`)
 * or SSH key and known_hosts (`{ "host": "ssh://ci@box-2", "identityFile": "/etc/swespot/ci_key" }`).
 */
export const dockerEnginesConfigSchema = z
  .array(
    z.union([
      dockerEngineAddressSchema,
      z.strictObject({
        host: dockerEngineAddressSchema,
        tlsDirectory: z.string().min(1).optional().describe('Folder with ca.pem, cert.pem and key.pem of this engine, as DOCKER_CERT_PATH.'),
        identityFile: z
          .string()
          .min(1)
          .optional()
          .describe('For an ssh:// engine: the private key to log in with, as ssh -i. Default: the ssh-agent at SSH_AUTH_SOCK, else ~/.ssh/id_ed25519, id_ecdsa or id_rsa.'),
        knownHostsFile: z
          .string()
          .min(1)
          .optional()
          .describe("For an ssh:// engine: the known_hosts file its host key must be in. Default: ~/.ssh/known_hosts. An unknown or changed host key is refused."),
      }),
    ]),
  )
  .min(1, 'list at least one engine, or leave sandbox.engines out to use sandbox.dockerHost or DOCKER_HOST')
  .describe('A pool of Docker engines: each sandbox session goes to the least busy engine that has its image, and images are copied to engines that lack them (rollout, eval run, mirror, bugs synth, mine; the environment image is built on the first). Default: sandbox.dockerHost, then DOCKER_HOST, then the local socket.');

/** Where repository code runs: the sandbox backend and its resource limits. */
export const sandboxConfigSchema = z
  .strictObject({
    provider: z
      .enum(['docker', 'bubblewrap', 'local'])
      .default('docker')
      .describe('Sandbox backend: `docker` (isolated, needs a Docker engine), `bubblewrap` (Linux namespaces, no daemon) or `local` (no isolation). Default `docker`.'),
    dockerHost: z
      .string()
      .regex(/^(unix|tcp|npipe):\/\//, 'must start with unix://, tcp:// or npipe://')
      .optional()
      .describe('Docker engine address, e.g. `unix:///var/run/docker.sock` or `tcp://127.0.0.1:2375`. Default: the DOCKER_HOST env variable, then unix:///var/run/docker.sock.'),
    engines: dockerEnginesConfigSchema.optional(),
    memoryMb: z.int().positive().default(4096).describe('Memory limit per sandbox, in MiB. Default 4096.'),
    cpus: z.number().positive().default(2).describe('CPU limit per sandbox, in cores (fractions allowed). Default 2.'),
    pidsLimit: z.int().positive().default(512).describe('Most processes per sandbox. Default 512.'),
    network: z
      .boolean()
      .default(false)
      .describe('Whether code in the sandbox may use the network. Default false (off).'),
  })
  .describe('Sandbox settings.');

const unitsSchema = z
  .strictObject({
    design: unitConfigSchema.prefault({}).describe('Design-rationale questions about the repository.'),
    fim: unitConfigSchema.prefault({}).describe('Fill-in-the-middle holes in the repository\'s code.'),
    bugfix: unitConfigSchema.prefault({}).describe('Bug-fix tasks from injected or mirrored bugs.'),
    'test-repro': unitConfigSchema.prefault({}).describe('Tasks that write a test reproducing a bug.'),
  })
  .describe('The RCX units to generate, each enabled with 2048 instances by default.');

/**
 * The schema of `swespot.config.json`: everything a run needs. Strict: unknown keys
 * are errors. A `$schema` key (for editors) is allowed and ignored.
 */
export const swespotConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe('URL or path of this JSON Schema, for editors. Ignored by swespot.'),
    repo: z
      .string()
      .min(1)
      .describe('The repository to learn: a local path (relative to the config file) or a git URL.'),
    cutoff: z
      .iso.date('must be a date as YYYY-MM-DD')
      .describe('Knowledge cutoff as YYYY-MM-DD: training data uses only history before it, evaluations only after.'),
    outDir: z
      .string()
      .min(1)
      .default('.swespot')
      .describe('Folder for run outputs (relative to the config file). Default `.swespot`.'),
    sandbox: sandboxConfigSchema.prefault({}),
    deps: z
      .enum(['online', 'offline-debian'])
      .optional()
      .describe(
        'Where the dependencies of built environments come from: `online` (the package index) or `offline-debian` (Debian packages, no network). Default: the command\'s own `--deps` default.',
      ),
    environment: environmentOverridesSchema
      .optional()
      .describe('Environment recipe overrides (as in swespot.env.json) for `swespot env infer|build`. Default: none.'),
    teacher: createModelConfigSchema(TEACHER_SAMPLING_DEFAULTS).describe(
      'The large model that writes training data (trajectories, answers).',
    ),
    student: createModelConfigSchema(STUDENT_SAMPLING_DEFAULTS).describe(
      'The small repo-expert model that is trained and evaluated.',
    ),
    units: unitsSchema.prefault({}),
    concurrency: z
      .int()
      .positive()
      .max(1024)
      .default(8)
      .describe('Most model calls and sandboxes in flight at once. Default 8.'),
    seed: z
      .int()
      .nonnegative()
      .max(2 ** 32 - 1)
      .default(0)
      .describe('Seed of every random choice, so a run can be repeated. Default 0.'),
  })
  .describe('Configuration of a swespot run (swespot.config.json).');

/** A validated `swespot.config.json` with every default filled in. */
export type SwespotConfig = z.output<typeof swespotConfigSchema>;

/** What may be written in `swespot.config.json` (defaults not yet filled in). */
export type SwespotConfigInput = z.input<typeof swespotConfigSchema>;
