import { describe, expect, it } from 'vitest';
import { loadTrainJob } from './load-train-job';
import { validateTrainJob } from './validate-train-job';

async function errorsOf(set: string[], swiftVersion?: string) {
  const { job } = await loadTrainJob({ preset: 'swespot-4b', set, swiftVersion });
  return validateTrainJob(job).errors;
}

describe('validateTrainJob', () => {
  it('rejects a world size that TP·PP·CP does not divide', async () => {
    const errors = await errorsOf(['cluster.gpusPerNode=3', 'parallelism.tensor=2']);
    expect(errors).toContainEqual({ path: 'parallelism', message: expect.stringContaining('world size 3 (1 nodes × 3 GPUs) is not divisible by TP·PP·CP = 2·1·1 = 2') });
  });

  it('rejects a global batch that micro batch × DP does not divide, naming the multiple to use', async () => {
    const errors = await errorsOf(['cluster.gpusPerNode=8', 'batch.global=20']);
    expect(errors).toContainEqual({ path: 'batch.global', message: expect.stringContaining('use a multiple of 8') });
  });

  it('checks TP against the head counts and PP and recompute chunks against the layers', async () => {
    expect((await errorsOf(['cluster.gpusPerNode=16', 'parallelism.tensor=16'])).map((error) => error.path)).toContain('parallelism.tensor');
    expect((await errorsOf(['cluster.gpusPerNode=10', 'parallelism.pipeline=5'])).map((error) => error.path)).toContain('parallelism.pipeline');
    expect((await errorsOf(['recompute.layers=5'])).map((error) => error.path)).toContain('recompute.layers');
  });

  it('asks for RoPE scaling past the native context', async () => {
    const errors = await errorsOf(['model.id=Qwen/Qwen3-8B', 'sequence.maxLength=65536', 'cluster.gpusPerNode=8', 'parallelism.tensor=4', 'parallelism.sequenceParallel=true']);
    expect(errors).toContainEqual({ path: 'sequence.maxLength', message: expect.stringContaining('add sequence.ropeScaling { type: yarn, maxModelLength: 65536 }') });
  });

  it('names the right spelling of hand-written flags for the targeted version', async () => {
    expect(await errorsOf(['extraArguments.save_interval=100'], '4.5')).toContainEqual({
      path: 'extraArguments.save_interval',
      message: 'ms-swift 4.x renamed --save_interval to --save_steps; an unknown flag is fatal there',
    });
    expect(await errorsOf(['extraArguments.tuner_type=full'], '3.11')).toContainEqual({
      path: 'extraArguments.tuner_type',
      message: '--tuner_type is the ms-swift 4.x name; ms-swift 3.x calls it --train_type',
    });
    expect((await errorsOf(['extraArguments.lr=0.1'])).map((error) => error.path)).toContain('extraArguments.lr');
    expect(await errorsOf(['extraArguments.adam_eps=1e-8'])).toEqual([]);
  });

  it('asks for an architecture for an unknown model and a memory figure for an unknown GPU', async () => {
    const errors = await errorsOf(['model.id=acme/secret-7b', 'cluster.gpuType=Z9000']);
    expect(errors.map((error) => error.path).sort()).toEqual(['cluster.gpuType', 'model.architecture']);
  });

  it('refuses --recompute_granularity none before ms-swift 3.12.3, where its choices are selective and full', async () => {
    for (const version of ['3.10', '3.11', '3.12', '3.12.2']) {
      const errors = await errorsOf(['recompute.granularity=none', 'sequence.maxLength=2048'], version);
      expect(errors).toContainEqual({ path: 'recompute.granularity', message: expect.stringContaining('none is accepted from 3.12.3 (swift/megatron/argument/megatron_args.py)') });
    }
    for (const version of ['3.12.3', '3.12.6', '4.0', '4.5']) {
      expect(await errorsOf(['recompute.granularity=none', 'sequence.maxLength=2048'], version)).toEqual([]);
    }
  });

  it('allows tuner.merge (--merge_lora) on 3.10-3.12, whose Megatron arguments have it, and refuses it for swift sft, which has none', async () => {
    for (const version of ['3.10', '3.11', '3.12', '4.5']) {
      expect(await errorsOf(['tuner={type: lora, rank: 128, alpha: 256, merge: false}'], version)).toEqual([]);
    }
    expect(await errorsOf(['backend=swift', 'tuner={type: lora, rank: 128, merge: false}'], '4.5')).toContainEqual({
      path: 'tuner.merge',
      message: expect.stringContaining('swift export'),
    });
  });

  it('refuses a learning-rate floor at or above the peak (Megatron asserts max_lr >= min_lr; Hugging Face polynomial needs lr_end < lr)', async () => {
    expect(await errorsOf(['learningRate.peak=1e-5', 'learningRate.min=1e-5', 'learningRate.schedule=linear'])).toContainEqual({
      path: 'learningRate.min',
      message: expect.stringContaining('below the peak'),
    });
  });
});
