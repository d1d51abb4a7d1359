import { InvalidConfigError } from '@swespot/core';
import { describe, expect, it } from 'vitest';
import { loadTrainJob } from './load-train-job';
import { TRAIN_JOB_PRESETS } from './presets';
import { renderJobCommands } from './render-launch';
import { checkSwiftChoices, swiftChoicesFor } from './swift-choices';
import { SWIFT_CHOICE_RELEASES, SWIFT_CHOICE_TABLE } from './swift-choices-table';
import { parseSwiftVersion } from './swift-version';
import type { TrainJob } from './train-job-schema';
import { validateTrainJob } from './validate-train-job';

type Release = [number, number, number];
const release = (text: string): Release => {
  const [major = 0, minor = 0, patch = 0] = text.split('.').map(Number);
  return [major, minor, patch];
};
const atLeast = (left: Release, right: Release) => left[0] - right[0] || left[1] - right[1] || left[2] - right[2];

/** The table read directly: each (backend, flag) → the values `version` accepts. */
function allowedFromTable(backend: string, version: string): Map<string, Set<string>> {
  const at = release(version);
  const allowed = new Map<string, Set<string>>();
  for (const entry of SWIFT_CHOICE_TABLE) {
    if (entry.backend !== backend) continue;
    const values = allowed.get(entry.flag) ?? new Set<string>();
    allowed.set(entry.flag, values);
    if (atLeast(at, release(entry.since)) >= 0 && (entry.removedIn === undefined || atLeast(at, release(entry.removedIn)) < 0)) values.add(entry.value);
  }
  return allowed;
}

/** `--flag v1 v2 --next ...` → flag → values. */
function flagsOf(argv: readonly string[]): Map<string, string[]> {
  const flags = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const word of argv.slice(1)) {
    if (word.startsWith('--')) flags.set(word.slice(2), (current = []));
    else current?.push(word);
  }
  return flags;
}

/** One setting changed at a time from each preset: every enumerated job field and the values each can take. */
const variations: string[][] = [
  [],
  ...['none', 'selective', 'full'].map((granularity) => [`recompute.granularity=${granularity}`]),
  ['recompute.granularity=full', 'recompute.method=block', 'recompute.layers=2'],
  ...['cosine', 'linear', 'constant'].flatMap((schedule) => [
    [`learningRate.schedule=${schedule}`, 'learningRate.min=0'],
    [`learningRate.schedule=${schedule}`, 'learningRate.min=1e-6', 'learningRate.warmupFraction=0.05'],
  ]),
  ...['delete', 'left', 'right'].map((truncation) => [`sequence.truncation=${truncation}`]),
  ...['flash', 'fused', 'unfused', 'local', 'auto'].map((backend) => [`attentionBackend=${backend}`]),
  ...['bf16', 'fp16'].map((precision) => [`precision=${precision}`]),
  ...['none', 'zero0', 'zero1', 'zero2', 'zero3'].map((stage) => [`parallelism.deepspeed=${stage}`]),
  ['logging.tensorboard=false'],
  ['logging.wandb.project=swespot', 'logging.tensorboard=true'],
  ['tuner={type: lora, rank: 16}'],
  ['tuner={type: lora, rank: 16, merge: false}'],
  ['weights=mcore'],
  ['sequence.ropeScaling={type: yarn, maxModelLength: 131072}', 'sequence.maxLength=65536'],
  ['sequence.ropeScaling={type: dynamic, maxModelLength: 131072}', 'sequence.maxLength=65536'],
];

describe('the allowed-choices table', () => {
  it('records, for every choice, the ms-swift file and release it appeared in', () => {
    expect(SWIFT_CHOICE_RELEASES[0]).toBe('3.10.0');
    expect(SWIFT_CHOICE_RELEASES.at(-1)).toBe('4.5.2');
    for (const entry of SWIFT_CHOICE_TABLE) {
      expect(SWIFT_CHOICE_RELEASES).toContain(entry.since);
      if (entry.removedIn) expect(SWIFT_CHOICE_RELEASES).toContain(entry.removedIn);
      expect(entry.file).toMatch(/^swift\/.+\.py$/);
      expect(entry.declaration).toContain(entry.flag === 'deepspeed' ? 'deepspeed_mapping' : entry.flag);
    }
    // What ms-swift's own dataclasses say at the tags (swift/megatron/argument(s)/megatron_args.py).
    const megatron = (flag: string, version: string) => swiftChoicesFor('megatron', flag, parseSwiftVersion(version)).map((entry) => entry.value).sort();
    expect(megatron('recompute_granularity', '3.11')).toEqual(['full', 'selective']);
    expect(megatron('recompute_granularity', '3.12')).toEqual(['full', 'selective']);
    expect(megatron('recompute_granularity', '3.12.3')).toEqual(['full', 'none', 'selective']);
    expect(megatron('recompute_granularity', '4.0')).toEqual(['full', 'none', 'selective']);
    expect(megatron('tuner_type', '4.0.4')).toEqual(['full', 'lora']);
    expect(megatron('tuner_type', '4.1')).toEqual(['full', 'lora', 'lora_llm']);
    expect(megatron('train_type', '4.0.4')).toEqual(['full', 'lora']);
    expect(megatron('train_type', '4.1')).toEqual([]);
    expect(megatron('report_to', '3.11')).toEqual([]);
    expect(megatron('report_to', '3.12')).toEqual(['swanlab', 'wandb']);
    expect(megatron('report_to', '4.5')).toEqual(['swanlab', 'tensorboard', 'wandb']);
    expect(megatron('lr_decay_style', '3.12.6')).toEqual(['constant', 'cosine', 'linear']);
    expect(megatron('truncation_strategy', '3.10')).toEqual(['delete', 'left', 'right']);
    const none = SWIFT_CHOICE_TABLE.find((entry) => entry.flag === 'recompute_granularity' && entry.value === 'none');
    expect(none).toMatchObject({ since: '3.12.3', file: 'swift/megatron/argument/megatron_args.py' });
  });

  it('holds every value the launcher emits, for every preset, backend and ms-swift release, or the job is refused naming the field', async () => {
    const versions = [...SWIFT_CHOICE_RELEASES, '3.10', '3.11', '3.12', '4.0', '4.5', '4.6'];
    const allowedByVersion = new Map<string, Map<string, Set<string>>>();
    const outside: string[] = [];
    let checkedPairs = 0;
    let refused = 0;
    const flagsSeen = new Set<string>();
    for (const preset of Object.keys(TRAIN_JOB_PRESETS)) {
      for (const backend of ['megatron', 'swift'] as const) {
        for (const variation of variations) {
          const set = [`backend=${backend}`, ...(backend === 'swift' ? ['parallelism.tensor=1', 'parallelism.context=1', 'parallelism.sequenceParallel=false'] : []), ...variation];
          const base = (await loadTrainJob({ preset, set })).job;
          for (const swiftVersion of versions) {
            const job: TrainJob = { ...base, swiftVersion };
            const tableKey = `${backend} ${swiftVersion}`;
            const allowed = allowedByVersion.get(tableKey) ?? allowedFromTable(backend, swiftVersion.split('.').length === 2 ? `${swiftVersion}.0` : swiftVersion);
            allowedByVersion.set(tableKey, allowed);
            let argv: string[];
            try {
              argv = renderJobCommands(job).train.argv;
            } catch (error) {
              // Refused: the same issue reaches the plan, naming the job field.
              expect(InvalidConfigError.isInstance(error), String(error)).toBe(true);
              const paths = (error as InvalidConfigError).issues.map((issue) => issue.path);
              expect(validateTrainJob(job, { allowMemoryOverrun: true }).errors.map((issue) => issue.path)).toEqual(expect.arrayContaining(paths));
              expect(paths.every((path) => /^[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)*$/.test(path))).toBe(true);
              refused += 1;
              continue;
            }

            for (const [flag, values] of flagsOf(argv)) {
              const accepted = allowed.get(flag);
              if (!accepted) continue;
              flagsSeen.add(`${backend} --${flag}`);
              for (const value of values) {
                if (flag === 'deepspeed' && value.endsWith('.json')) continue;
                checkedPairs += 1;
                if (!accepted.has(value)) outside.push(`${preset} ${backend} ${variation.join(' ')} on ms-swift ${swiftVersion}: --${flag} ${value}`);
              }
            }
          }
        }
      }
    }
    expect(outside).toEqual([]);
    expect(flagsSeen).toEqual(
      new Set([
        ...['train_type', 'tuner_type', 'truncation_strategy', 'lr_decay_style', 'recompute_granularity', 'recompute_method', 'attention_backend', 'distributed_backend', 'ddp_backend', 'report_to'].map((flag) => `megatron --${flag}`),
        ...['train_type', 'tuner_type', 'truncation_strategy', 'lr_scheduler_type', 'attn_impl', 'torch_dtype', 'deepspeed', 'report_to', 'rope_scaling'].map((flag) => `swift --${flag}`),
      ]),
    );
    expect(checkedPairs).toBeGreaterThan(20_000);
    expect(refused).toBeGreaterThan(0);
    console.info(`swift-choices: ${checkedPairs} emitted flag-value-version pairs inside the table; ${refused} jobs refused before emitting`);
  }, 180_000);

  it('names the field, the release the value arrived in and the file that declares it', () => {
    const issues = checkSwiftChoices([{ name: 'recompute_granularity', values: ['none'] }], 'megatron', parseSwiftVersion('3.11'));
    expect(issues).toEqual([
      {
        path: 'recompute.granularity',
        message:
          "ms-swift 3.11 rejects --recompute_granularity none: its choices are full, selective (MegatronArguments.recompute_granularity: Literal['selective', 'full'] in swift/megatron/argument/megatron_args.py); none is accepted from 3.12.3 (swift/megatron/argument/megatron_args.py)",
      },
    ]);
    expect(checkSwiftChoices([{ name: 'recompute_granularity', values: ['none'] }], 'megatron', parseSwiftVersion('3.12'))[0]?.message).toContain(
      'none is accepted from 3.12.3 (swift/megatron/argument/megatron_args.py) (swiftVersion 3.12 is read as 3.12.0: write the exact release, e.g. 3.12.3, if the cluster runs it)',
    );
    expect(checkSwiftChoices([{ name: 'report_to', values: ['wandb'] }], 'megatron', parseSwiftVersion('3.11'))[0]?.message).toContain('it has no --report_to');
    expect(checkSwiftChoices([{ name: 'deepspeed', values: ['ds/zero3-custom.json'] }], 'swift', parseSwiftVersion('4.5'))).toEqual([]);
  });
});
