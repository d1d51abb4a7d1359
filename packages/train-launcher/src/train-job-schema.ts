import { z } from 'zod';
import { modelArchitectureSchema } from './model-architecture';
import { LATEST_SWIFT_VERSION } from './swift-version';

const datasetObjectSchema = z.strictObject({
  path: z.string().min(1).describe('A local JSONL file of ms-swift records (relative paths resolve against the job file).'),
  samples: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Rows to draw (`path#N`): fewer than the file samples without replacement, more repeats the file and tops up at random.'),
});

/**
 * One training dataset: `path` or `path#N` (N rows drawn from it, ms-swift's own syntax), or
 * `{ path, samples }`. Parsed into `{ path, samples? }`.
 */
export const datasetEntrySchema = z.union([
  z
    .string()
    .min(1)
    .transform((text) => {
      const match = /^(.*)#(\d+)$/.exec(text);
      return match ? { path: match[1] as string, samples: Number(match[2]) } : { path: text };
    }),
  datasetObjectSchema,
]);

/** One training dataset after parsing. */
export type DatasetEntry = z.infer<typeof datasetObjectSchema>;

/** Full-parameter training. */
const fullTunerSchema = z.strictObject({ type: z.literal('full') });

/** LoRA adapters (Megatron and ms-swift defaults: rank 8, alpha 32, dropout 0.05, all-linear). */
const loraTunerSchema = z.strictObject({
  type: z.literal('lora'),
  rank: z.number().int().positive().default(8).describe('LoRA rank r (`--lora_rank`). Default 8.'),
  alpha: z.number().positive().default(32).describe('LoRA alpha (`--lora_alpha`). Default 32.'),
  dropout: z.number().min(0).max(1).optional().describe('LoRA dropout (`--lora_dropout`); ms-swift default 0.05.'),
  targets: z.array(z.string().min(1)).min(1).default(['all-linear']).describe('Modules to adapt (`--target_modules`). Default all-linear.'),
  merge: z
    .boolean()
    .optional()
    .describe('`megatron sft` only (3.10 on): merge the adapter into the saved safetensors (`--merge_lora`; ms-swift default: the value of --save_safetensors, true here).'),
});

const slurmTimePattern = /^(\d+-)?\d{1,2}(:\d{2}){0,2}$|^\d+$/;

/**
 * Where the job runs: nodes and GPUs, the scheduler fields (Slurm partition/account/time, a
 * container image), storage every node shares, and Kubernetes placement.
 */
export const clusterSchema = z.strictObject({
  nodes: z.number().int().positive().default(1).describe('Nodes (machines). Default 1.'),
  gpusPerNode: z.number().int().positive().describe('GPUs on each node (NPROC_PER_NODE: ms-swift starts one process per GPU).'),
  gpuType: z.string().optional().describe('GPU model, e.g. H200, H100, A100-80GB; fills gpuMemoryGiB when that is unset.'),
  gpuMemoryGiB: z.number().positive().optional().describe('Memory of one GPU as the driver reports it, in GiB (2^30 bytes).'),
  cpusPerTask: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('CPU cores for each node task: Slurm --cpus-per-task (on sbatch and every srun), the Kubernetes CPU request. Default 8 per GPU.'),
  memoryPerNodeGiB: z
    .number()
    .positive()
    .optional()
    .describe('Host memory for each node task in GiB: Slurm --mem, the Kubernetes memory request. Default: Slurm all of the node (--mem=0), Kubernetes 64 GiB per GPU.'),
  partition: z.string().min(1).optional().describe('Slurm partition.'),
  account: z.string().min(1).optional().describe('Slurm account.'),
  timeLimit: z
    .string()
    .regex(slurmTimePattern, 'write minutes, HH:MM:SS or D-HH:MM:SS')
    .optional()
    .describe('Wall-clock limit: Slurm --time (default 2-00:00:00), Kubernetes runPolicy.activeDeadlineSeconds (none by default), e.g. 1-12:00:00.'),
  containerImage: z
    .string()
    .min(1)
    .optional()
    .describe('Image with ms-swift installed: the pod image on Kubernetes, `srun --container-image` (pyxis) on Slurm.'),
  masterPort: z.number().int().min(1).max(65_535).default(29_500).describe('Rendezvous port on the first node. Default 29500.'),
  workingDirectory: z.string().min(1).optional().describe('Directory the job runs in on every node; relative dataset and output paths resolve there.'),
  sharedStorage: z
    .strictObject({
      modelscopeCache: z.string().min(1).optional().describe('MODELSCOPE_CACHE on storage every node sees; multi-node runs hang without it.'),
      huggingfaceHome: z.string().min(1).optional().describe('HF_HOME on storage every node sees.'),
      mounts: z.array(z.string().min(1)).default([]).describe('Paths every node shares (Slurm container mounts).'),
    })
    .prefault({})
    .describe('Caches and paths on storage that every node shares.'),
  nccl: z
    .strictObject({
      socketInterface: z
        .string()
        .regex(/^\S+$/, 'an interface name or list without spaces, e.g. ib0 or ^docker0,lo')
        .optional()
        .describe('NCCL_SOCKET_IFNAME (and GLOO_SOCKET_IFNAME): the network interface for bootstrap and socket traffic, e.g. ib0, eth0 or ^docker0,lo.'),
      ibHca: z
        .string()
        .regex(/^\S+$/, 'HCA names without spaces, e.g. mlx5_0,mlx5_1 or ^mlx5_2')
        .optional()
        .describe('NCCL_IB_HCA: the InfiniBand adapters to use, e.g. mlx5_0,mlx5_1 or =mlx5_0:1.'),
      debug: z.enum(['VERSION', 'WARN', 'INFO', 'TRACE']).optional().describe('NCCL_DEBUG: VERSION, WARN, INFO (topology and rings, for a hang) or TRACE.'),
    })
    .prefault({})
    .describe('NCCL settings exported on every node (multi-node runs); unset ones are left to NCCL and the environment.'),
  kubernetes: z
    .strictObject({
      namespace: z.string().min(1).optional().describe('Namespace of the PyTorchJob.'),
      queue: z.string().min(1).optional().describe('Kueue LocalQueue (label kueue.x-k8s.io/queue-name).'),
      persistentVolumeClaim: z
        .string()
        .min(1)
        .optional()
        .describe('A ReadWriteMany claim mounted at sharedMountPath on every pod; the pods run there, and output and caches live there. Required for more than one node.'),
      sharedMountPath: z.string().regex(/^\//, 'an absolute path, e.g. /shared').default('/shared').describe('Where the claim is mounted. Default /shared.'),
      serviceAccount: z.string().min(1).optional(),
      nodeSelector: z.record(z.string(), z.string()).optional(),
      backoffLimit: z
        .number()
        .int()
        .min(0)
        .max(2_147_483_647)
        .default(2)
        .describe('Container restarts, summed over the pods, after which the operator fails the job (runPolicy.backoffLimit); a restart trains again from the start. Default 2.'),
    })
    .prefault({})
    .describe('Kubernetes placement of the PyTorchJob.'),
});

/**
 * A supervised fine-tuning job for ms-swift (`swift sft`) or Megatron-SWIFT (`megatron sft`):
 * model, data, tuner, schedule, batch, sequence handling, parallel layout, recompute, output,
 * logging, the cluster, and the ms-swift version whose flag names the emitters render.
 * Strict: a misspelt key is an error, not a silently ignored setting.
 */
export const trainJobSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, 'use lower-case letters, digits and dashes, starting with a letter (it names the Slurm and Kubernetes job)')
      .max(50)
      .default('swespot-sft')
      .describe('Run name: job name, wandb run name. Default swespot-sft.'),
    swiftVersion: z
      .string()
      .regex(/^\d+\.\d+(\.\d+)?$/, 'write MAJOR.MINOR, e.g. 3.11 or 4.5')
      .default(LATEST_SWIFT_VERSION)
      .describe('The ms-swift version the cluster runs; flag names follow it. Default 4.5.'),
    backend: z
      .enum(['megatron', 'swift'])
      .default('megatron')
      .describe('megatron: `megatron sft` (Megatron-SWIFT); swift: `swift sft` (HF Trainer, DeepSpeed). Default megatron.'),
    model: z.strictObject({
      id: z.string().min(1).describe('Hub id or local directory of the base model (HF safetensors).'),
      hub: z.enum(['huggingface', 'modelscope']).default('huggingface').describe('Hub to download from (`--use_hf`). Default huggingface.'),
      architecture: modelArchitectureSchema.optional().describe('Needed for the memory estimate when the model is not in KNOWN_MODEL_ARCHITECTURES.'),
    }),
    datasets: z.array(datasetEntrySchema).min(1).describe('Training data: ms-swift JSONL files, each optionally `#N` rows.'),
    splitDatasetRatio: z.number().min(0).max(0.5).default(0).describe('Share held out for evaluation (`--split_dataset_ratio`). Default 0.'),
    tuner: z.discriminatedUnion('type', [fullTunerSchema, loraTunerSchema]).default({ type: 'full' }),
    epochs: z.number().positive().optional().describe('Passes over the data; set this or iterations.'),
    iterations: z.number().int().positive().optional().describe('Optimizer steps; set this or epochs.'),
    batch: z
      .strictObject({
        global: z.number().int().positive().default(16).describe('Samples per optimizer step. Default 16.'),
        micro: z.number().int().positive().default(1).describe('Samples per GPU per forward pass. Default 1.'),
      })
      .prefault({}),
    learningRate: z
      .strictObject({
        peak: z.number().positive().optional().describe('Peak learning rate; default 1e-5 for full, 1e-4 for LoRA.'),
        schedule: z.enum(['cosine', 'linear', 'constant']).default('cosine').describe('Decay after warmup. Default cosine.'),
        min: z.number().min(0).default(0).describe('Floor the schedule decays to. Default 0.'),
        warmupFraction: z.number().min(0).max(1).default(0).describe('Share of the steps spent in linear warmup. Default 0.'),
      })
      .prefault({}),
    optimizer: z
      .strictObject({
        weightDecay: z.number().min(0).optional().describe('ms-swift default 0.1.'),
        adamBeta1: z.number().min(0).max(1).optional(),
        adamBeta2: z.number().min(0).max(1).optional().describe('ms-swift default 0.95.'),
        clipGradient: z.number().positive().optional().describe('Gradient-norm clip; ms-swift default 1.0.'),
      })
      .prefault({}),
    sequence: z
      .strictObject({
        maxLength: z.number().int().positive().describe('Longest sample in tokens (`--max_length`).'),
        truncation: z
          .enum(['delete', 'left', 'right'])
          .default('delete')
          .describe('Over-long samples: delete drops them, left keeps the last maxLength tokens, right the first. Default delete.'),
        packing: z.boolean().default(false).describe('Pack samples into maxLength rows (then the batch counts packed rows). Default false.'),
        lossScale: z.string().min(1).default('default').describe('`--loss_scale` strategy; default trains every assistant turn.'),
        agentTemplate: z.string().min(1).optional().describe('`--agent_template` (e.g. hermes); default from the model template.'),
        ropeScaling: z
          .strictObject({
            type: z.enum(['yarn', 'linear', 'dynamic']),
            maxModelLength: z.number().int().positive().describe('Context the scaled model must reach, in tokens.'),
          })
          .optional()
          .describe('RoPE scaling beyond the native context.'),
      }),
    parallelism: z
      .strictObject({
        tensor: z.number().int().positive().default(1).describe('Tensor parallel size (TP). Default 1.'),
        pipeline: z.number().int().positive().default(1).describe('Pipeline parallel size (PP). Default 1.'),
        context: z.number().int().positive().default(1).describe('Context parallel size (CP). Default 1.'),
        expert: z.number().int().positive().default(1).describe('Expert parallel size (EP, MoE only). Default 1.'),
        sequenceParallel: z.boolean().default(false).describe('Megatron sequence parallelism (needs TP > 1). Default false.'),
        distributedOptimizer: z.boolean().default(true).describe('Megatron distributed optimizer (ZeRO-1). Default true.'),
        deepspeed: z
          .enum(['none', 'zero0', 'zero1', 'zero2', 'zero3'])
          .default('zero3')
          .describe('`swift sft` only: DeepSpeed ZeRO stage. Default zero3.'),
        ulysses: z.number().int().positive().default(1).describe('`swift sft` only: sequence parallel size (`--sequence_parallel_size`). Default 1.'),
        overlapGradientReduce: z.boolean().optional().describe('Megatron `--overlap_grad_reduce`.'),
        overlapParameterGather: z.boolean().optional().describe('Megatron `--overlap_param_gather`.'),
      })
      .prefault({}),
    recompute: z
      .strictObject({
        granularity: z
          .enum(['none', 'selective', 'full'])
          .default('selective')
          .describe('Activation recompute; selective is the Megatron default, full keeps only layer inputs. `swift sft`: any value but none turns on gradient checkpointing.'),
        method: z.enum(['uniform', 'block']).default('uniform').describe('With full: how layers are grouped. Default uniform.'),
        layers: z.number().int().positive().default(1).describe('With full: layers per recompute chunk. Default 1.'),
      })
      .prefault({}),
    precision: z.enum(['auto', 'bf16', 'fp16']).default('auto').describe('auto follows the model config (bf16 for Qwen3). Default auto.'),
    attentionBackend: z.enum(['flash', 'fused', 'unfused', 'local', 'auto']).default('flash').describe('Megatron `--attention_backend`. Default flash.'),
    crossEntropyLossFusion: z.boolean().default(true).describe('Megatron `--cross_entropy_loss_fusion` (default flipped in 4.0, so always emitted). Default true.'),
    weights: z
      .enum(['bridge', 'mcore'])
      .default('bridge')
      .describe('bridge: load and save HF safetensors directly; mcore: convert HF→Megatron first and export Megatron→HF after. Default bridge.'),
    output: z
      .strictObject({
        dir: z.string().min(1).describe('Checkpoint directory (on shared storage for multi-node runs).'),
        saveInterval: z.number().int().positive().default(500).describe('Steps between checkpoints. Default 500.'),
        evalInterval: z.number().int().positive().optional().describe('Steps between evaluations; default saveInterval.'),
        logInterval: z.number().int().positive().default(1).describe('Steps between log lines. Default 1.'),
        saveOptimizer: z.boolean().default(false).describe('Keep optimizer state (needed to resume). Default false.'),
        saveRng: z.boolean().default(false).describe('Keep RNG state. Default false.'),
      }),
    logging: z
      .strictObject({
        tensorboard: z.boolean().default(true).describe('Write TensorBoard logs. Default true.'),
        wandb: z
          .strictObject({
            project: z.string().min(1),
            experimentName: z.string().min(1).optional().describe('Run name in wandb; default the job name.'),
          })
          .optional()
          .describe('Log to Weights & Biases (WANDB_API_KEY must be set where the job runs; never written to the job files).'),
      })
      .prefault({}),
    dataLoader: z
      .strictObject({
        workers: z.number().int().min(0).optional().describe('Dataloader workers per process.'),
        preprocessWorkers: z.number().int().positive().optional().describe('Processes that tokenize the dataset (`--dataset_num_proc`).'),
        loadFromCache: z.boolean().default(true).describe('Reuse the tokenized dataset cache (`--load_from_cache_file`). Default true.'),
      })
      .prefault({}),
    cluster: clusterSchema,
    environment: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'), z.string())
      .default({})
      .describe('Extra environment for every process, e.g. OMP_NUM_THREADS. Secrets do not belong here.'),
    extraArguments: z
      .record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'a flag name without dashes, e.g. weight_decay'), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]))
      .default({})
      .describe('More `--flag value` pairs, checked against the version renames.'),
  })
  .superRefine((job, context) => {
    if ((job.epochs === undefined) === (job.iterations === undefined)) {
      context.addIssue({ code: 'custom', path: ['epochs'], message: 'set exactly one of epochs and iterations' });
    }
    if (job.cluster.gpuMemoryGiB === undefined && job.cluster.gpuType === undefined) {
      context.addIssue({ code: 'custom', path: ['cluster', 'gpuMemoryGiB'], message: 'set cluster.gpuMemoryGiB (GiB per GPU) or cluster.gpuType (e.g. H200)' });
    }
  });

/** A validated training job with every default filled in. See {@link trainJobSchema}. */
export type TrainJob = z.output<typeof trainJobSchema>;

/** A training job as written in job.yaml or code, before defaults. See {@link trainJobSchema}. */
export type TrainJobInput = z.input<typeof trainJobSchema>;
