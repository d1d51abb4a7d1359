import { parseShardJobSpec, SHARD_INDEX_PLACEHOLDER, type ShardJobSpec, type ShardJobSpecInput } from '../shard-job-spec';

/** Kubernetes settings of the shard jobs. */
export interface KubernetesShardJobOptions {
  /** The container image, with swespot and the stage's tools in it. */
  readonly image: string;
  /** A ReadWriteMany PersistentVolumeClaim holding the run folder, mounted at the spec's `runDirectory` in every pod. */
  readonly persistentVolumeClaim: string;
  /** `metadata.namespace`. Default: the one `kubectl` uses. */
  readonly namespace?: string;
  /** The pods' service account. Default: the namespace's default. */
  readonly serviceAccountName?: string;
  /** Seconds after which a finished Job and its pods are deleted. Default: kept (inspect with kubectl, delete by hand). */
  readonly ttlSecondsAfterFinished?: number;
}

/** Writes a literal `$(` as `$$(`, so Kubernetes leaves it alone (a function, because `$$` in a replacement string means `$`). */
function escapeVariableReferences(text: string): string {
  return text.replaceAll('$(', () => '$$(');
}

/** `$(NAME)` is Kubernetes' variable reference in `command`/`args`; a literal `$(` is written `$$(`. */
function toKubernetesArgument(word: string): string {
  return escapeVariableReferences(word).replaceAll(SHARD_INDEX_PLACEHOLDER, () => '$(JOB_COMPLETION_INDEX)');
}

function podSpec(spec: ShardJobSpec, options: KubernetesShardJobOptions, name: string, argv: readonly string[]) {
  const { resources } = spec;
  const requests: Record<string, string> = { cpu: String(resources.cpus), memory: `${Math.ceil(resources.memoryGiB * 1024)}Mi` };
  const limits: Record<string, string> = { memory: requests.memory!, ...(resources.gpus > 0 ? { 'nvidia.com/gpu': String(resources.gpus) } : {}) };
  return {
    restartPolicy: 'Never',
    ...(options.serviceAccountName ? { serviceAccountName: options.serviceAccountName } : {}),
    containers: [
      {
        name,
        image: options.image,
        command: [toKubernetesArgument(argv[0]!)],
        args: argv.slice(1).map(toKubernetesArgument),
        workingDir: spec.runDirectory,
        env: Object.entries(spec.environment).map(([variable, value]) => ({ name: variable, value: escapeVariableReferences(value) })),
        resources: { requests, limits },
        volumeMounts: [{ name: 'run', mountPath: spec.runDirectory }],
      },
    ],
    volumes: [{ name: 'run', persistentVolumeClaim: { claimName: options.persistentVolumeClaim } }],
  };
}

function metadata(name: string, spec: ShardJobSpec, options: KubernetesShardJobOptions, role: string) {
  return {
    name,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    labels: { 'app.kubernetes.io/name': 'swespot', 'app.kubernetes.io/instance': spec.name, 'swespot.dev/role': role },
  };
}

/**
 * The Indexed Job of a sharded stage: `completions: N`, `parallelism: M`,
 * `completionMode: Indexed`, so pod `i` gets `JOB_COMPLETION_INDEX=i` and runs shard `i`
 * (the spec's `{shard}` becomes `$(JOB_COMPLETION_INDEX)` in the container's arguments);
 * `backoffLimitPerIndex: retries` (each shard retried on its own, `restartPolicy: Never`),
 * the run folder from the claim, resource requests (and a memory limit).
 */
export function createShardIndexedJob(input: ShardJobSpecInput, options: KubernetesShardJobOptions): Record<string, unknown> {
  const spec = parseShardJobSpec(input);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadata(spec.name, spec, options, 'shards'),
    spec: {
      completionMode: 'Indexed',
      completions: spec.shards,
      parallelism: Math.min(spec.parallel ?? spec.shards, spec.shards),
      backoffLimitPerIndex: spec.retries,
      ...(options.ttlSecondsAfterFinished === undefined ? {} : { ttlSecondsAfterFinished: options.ttlSecondsAfterFinished }),
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'swespot', 'app.kubernetes.io/instance': spec.name, 'swespot.dev/role': 'shards' } },
        spec: podSpec(spec, options, 'shard', spec.shardCommand),
      },
    },
  };
}

/**
 * The follow-up Job that merges the shards (`<name>-merge`): one pod running the spec's
 * merge command in the run folder, `backoffLimit: retries`. Apply it once the Indexed Job
 * is complete (`kubectl wait --for=condition=complete`); applied early, the merge refuses
 * the unfinished shards and fails.
 */
export function createShardMergeJob(input: ShardJobSpecInput, options: KubernetesShardJobOptions): Record<string, unknown> {
  const spec = parseShardJobSpec(input);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadata(`${spec.name}-merge`, spec, options, 'merge'),
    spec: {
      completions: 1,
      parallelism: 1,
      backoffLimit: spec.retries,
      ...(options.ttlSecondsAfterFinished === undefined ? {} : { ttlSecondsAfterFinished: options.ttlSecondsAfterFinished }),
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'swespot', 'app.kubernetes.io/instance': spec.name, 'swespot.dev/role': 'merge' } },
        spec: podSpec(spec, options, 'merge', spec.mergeCommand),
      },
    },
  };
}
