import { describe, expect, it } from 'vitest';
import { huggingFaceLearningRate, megatronLearningRate } from './__fixtures__/learning-rate-curves';
import { loadTrainJob } from './load-train-job';
import { renderMegatronSftArguments } from './render-megatron-sft-arguments';
import { renderSwiftSftArguments } from './render-swift-sft-arguments';
import type { SwiftArgument } from './swift-argument';

const value = (swiftArguments: SwiftArgument[], name: string) => swiftArguments.find((argument) => argument.name === name)?.values;

describe('renderSwiftSftArguments', () => {
  it.each([
    ['cosine', 0, 0],
    ['cosine', 1e-6, 0.03],
    ['linear', 0, 0.1],
    ['linear', 1e-6, 0.03],
    ['linear', 2e-6, 0],
    ['constant', 0, 0.03],
    ['constant', 1e-6, 0],
  ] as const)('runs the learning-rate schedule megatron sft runs: %s to %s with warmup %s', async (schedule, min, warmupFraction) => {
    const set = [`learningRate.schedule=${schedule}`, `learningRate.min=${min}`, `learningRate.warmupFraction=${warmupFraction}`, 'learningRate.peak=1e-5'];
    const swift = renderSwiftSftArguments((await loadTrainJob({ preset: 'swespot-4b', swiftVersion: '4.5', set: ['backend=swift', ...set] })).job);
    const megatron = renderMegatronSftArguments((await loadTrainJob({ preset: 'swespot-4b', swiftVersion: '4.5', set })).job);
    expect(value(megatron, 'lr_decay_style')).toEqual([schedule]);
    const type = value(swift, 'lr_scheduler_type')?.[0] as string;
    const kwargs = JSON.parse(value(swift, 'lr_scheduler_kwargs')?.[0] ?? '{}') as Record<string, number>;
    const total = 1000;
    const warmup = Math.round(total * Number(value(swift, 'warmup_ratio')?.[0]));
    expect(warmup).toBe(Math.round(total * Number(value(megatron, 'lr_warmup_fraction')?.[0])));
    const peak = Number(value(swift, 'learning_rate')?.[0]);
    const floor = Number(value(megatron, 'min_lr')?.[0]);
    const gaps: string[] = [];
    for (let step = 0; step <= total; step += 1) {
      const expected = megatronLearningRate(schedule, peak, floor, warmup, total, step);
      const actual = huggingFaceLearningRate(type, kwargs, peak, warmup, total, step);
      if (Math.abs(actual - expected) > 1e-12 * peak) gaps.push(`step ${step}: megatron ${expected}, ${type} ${actual}`);
    }
    expect(gaps.slice(0, 3)).toEqual([]);
  });

  it('names the Hugging Face scheduler and its arguments for each schedule', async () => {
    const render = async (set: string[]) => renderSwiftSftArguments((await loadTrainJob({ preset: 'swespot-4b', swiftVersion: '3.11', set: ['backend=swift', ...set] })).job);
    const linear = await render(['learningRate.schedule=linear', 'learningRate.min=1e-6']);
    expect(value(linear, 'lr_scheduler_type')).toEqual(['polynomial']);
    expect(JSON.parse(value(linear, 'lr_scheduler_kwargs')?.[0] ?? '')).toEqual({ lr_end: 1e-6, power: 1 });
    const constant = await render(['learningRate.schedule=constant', 'learningRate.warmupFraction=0.03']);
    expect(value(constant, 'lr_scheduler_type')).toEqual(['constant_with_warmup']);
    expect(value(constant, 'lr_scheduler_kwargs')).toBeUndefined();
    const cosine = await render([]);
    expect(value(cosine, 'lr_scheduler_type')).toEqual(['cosine_with_min_lr']);
    expect(JSON.parse(value(cosine, 'lr_scheduler_kwargs')?.[0] ?? '')).toEqual({ min_lr: 1e-6 });
  });
});
