import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groupFlags, parseFixtureCommand, sameValue, type FlagMap } from './__fixtures__/parse-shell-command';
import { loadTrainJob } from './load-train-job';
import { renderMegatronSftArguments } from './render-megatron-sft-arguments';
import { toArgv } from './swift-argument';
import { PAPER_SWIFT_VERSION } from './swift-version';

const paperScript = readFileSync(new URL('./__fixtures__/swe-spot-mix-django.sh', import.meta.url), 'utf8');
const version4Script = readFileSync(new URL('./__fixtures__/swift-4-megatron-sft.sh', import.meta.url), 'utf8');

function differences(expected: FlagMap, actual: FlagMap): string[] {
  const problems: string[] = [];
  for (const [name, values] of expected) {
    const got = actual.get(name);
    if (!got) problems.push(`missing --${name}`);
    else if (got.length !== values.length || got.some((value, index) => !sameValue(value, values[index] as string))) {
      problems.push(`--${name}: expected ${values.join(' ')}, got ${got.join(' ')}`);
    }
  }
  for (const name of actual.keys()) if (!expected.has(name)) problems.push(`extra --${name}`);
  return problems;
}

async function paperJob(swiftVersion: string, dataDirectory: string, outputDirectory: string, runName: string) {
  const units = ['software_design', 'ctx_impl', 'evo_replay', 'rt_alignment'];
  const { job } = await loadTrainJob({
    preset: 'swespot-4b',
    swiftVersion,
    set: [
      ...units.map((unit, index) => `datasets.${index}=${dataDirectory}/data/${unit}/django.jsonl#2048`),
      `output.dir=${outputDirectory}`,
      `logging.wandb.experimentName=${runName}`,
    ],
  });
  return job;
}

describe('renderMegatronSftArguments', () => {
  it.each(['3.10', PAPER_SWIFT_VERSION])("renders the swespot-4b preset for ms-swift %s exactly as the paper's train/mix_django.sh", async (swiftVersion) => {
    const paper = parseFixtureCommand(paperScript, 'megatron');
    const job = await paperJob(swiftVersion, paper.environment.DATA_DIR as string, paper.environment.OUTPUT_DIR as string, paper.environment.RUN_NAME as string);
    const rendered = groupFlags(toArgv(renderMegatronSftArguments(job)));
    expect(paper.count).toBe(40);
    expect(differences(paper.flags, rendered.flags)).toEqual([]);
    expect(rendered.count).toBe(paper.count);
  });

  it('renders the 4.x names of the reference translation, flag for flag', async () => {
    const reference = parseFixtureCommand(version4Script, 'megatron');
    const { job } = await loadTrainJob({
      preset: 'swespot-4b',
      swiftVersion: '4.5',
      set: [0, 1, 2, 3].map((index) => `datasets.${index}=d${index + 1}.jsonl#2048`).concat(['output.dir=OUT', 'logging.wandb.experimentName=RUN']),
    });
    const rendered = groupFlags(toArgv(renderMegatronSftArguments(job)));
    expect(differences(reference.flags, rendered.flags)).toEqual([]);
  });

  it('drops --load_safetensors on 3.12 and adds the single-valued --report_to wandb', async () => {
    const paper = parseFixtureCommand(paperScript, 'megatron');
    const job = await paperJob('3.12', '/data', '/out', 'run');
    const rendered = groupFlags(toArgv(renderMegatronSftArguments(job))).flags;
    expect(rendered.has('load_safetensors')).toBe(false);
    expect(rendered.get('report_to')).toEqual(['wandb']);
    expect(rendered.get('save')).toEqual(['/out']);
    expect(paper.flags.has('report_to')).toBe(false);
  });

  it('never emits a 3.x-only flag name for 4.x, nor a 4.x name for 3.x', async () => {
    const v3Only = ['train_type', 'save', 'max_epochs', 'save_interval', 'eval_interval', 'log_interval', 'num_workers', 'distributed_backend', 'load_safetensors', 'load'];
    const v4Only = ['tuner_type', 'output_dir', 'num_train_epochs', 'save_steps', 'eval_steps', 'logging_steps', 'dataloader_num_workers', 'ddp_backend', 'mcore_model'];
    for (const weights of ['bridge', 'mcore']) {
      for (const preset of ['swespot-4b', 'swespot-4b-lora']) {
        const v4 = (await loadTrainJob({ preset, swiftVersion: '4.1', set: [`weights=${weights}`] })).job;
        const v3 = (await loadTrainJob({ preset, swiftVersion: '3.11', set: [`weights=${weights}`] })).job;
        const names4 = renderMegatronSftArguments(v4).map((argument) => argument.name);
        const names3 = renderMegatronSftArguments(v3).map((argument) => argument.name);
        expect(names4.filter((name) => v3Only.includes(name))).toEqual([]);
        expect(names3.filter((name) => v4Only.includes(name))).toEqual([]);
      }
    }
  });

  it('loads a converted checkpoint with --load (3.x) / --mcore_model (4.x) and saves no safetensors', async () => {
    const v3 = renderMegatronSftArguments((await loadTrainJob({ preset: 'swespot-4b', set: ['weights=mcore'] })).job);
    expect(v3.find((argument) => argument.name === 'load')?.values).toEqual(['output/swespot-4b-base-mcore']);
    expect(v3.find((argument) => argument.name === 'model')).toBeUndefined();
    expect(v3.find((argument) => argument.name === 'save_safetensors')?.values).toEqual(['false']);
    const v4 = renderMegatronSftArguments((await loadTrainJob({ preset: 'swespot-4b', swiftVersion: '4.5', set: ['weights=mcore'] })).job);
    expect(v4.find((argument) => argument.name === 'mcore_model')?.values).toEqual(['output/swespot-4b-base-mcore']);
  });

  it('renders LoRA rank 128 for the swespot-4b-lora preset and YaRN as the documented JSON for swe-lego-8b', async () => {
    const lora = groupFlags(toArgv(renderMegatronSftArguments((await loadTrainJob({ preset: 'swespot-4b-lora' })).job))).flags;
    expect(lora.get('train_type')).toEqual(['lora']);
    expect(lora.get('lora_rank')).toEqual(['128']);
    expect(lora.get('target_modules')).toEqual(['all-linear']);
    const lego = groupFlags(toArgv(renderMegatronSftArguments((await loadTrainJob({ preset: 'swe-lego-8b' })).job))).flags;
    expect(JSON.parse(lego.get('rope_scaling')?.[0] ?? '')).toEqual({ rope_type: 'yarn', factor: 4, original_max_position_embeddings: 32_768 });
    expect(lego.get('num_train_epochs')).toEqual(['4']);
    expect(lego.get('global_batch_size')).toEqual(['64']);
    expect(lego.get('lr_warmup_fraction')).toEqual(['0.1']);
    expect(lego.get('sequence_parallel')).toEqual(['true']);
    expect(lego.get('context_parallel_size')).toEqual(['2']);
  });
});
