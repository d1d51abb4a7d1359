import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom, validateMsSwiftRecord, type EvalResult, type Trajectory } from '@swespot/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeStep, makeTrajectory } from './__fixtures__/make-trajectory';
import { datasetStatisticsSchema } from './dataset-statistics';
import { openAiChatRecordSchema } from './export/to-open-ai-chat-record';
import { shareGptRecordSchema } from './export/to-share-gpt-record';
import { exportDataset } from './export-dataset';
import { createVerdictIndex } from './filter/verdicts';

const kinds = ['design', 'fim', 'bugfix', 'test-repro'] as const;

/** Twenty trajectories of mixed kinds and lengths; every fourth has a failing step to mask; #19 leaks a key. */
function corpus(): Trajectory[] {
  const random = createRandom('corpus');
  return Array.from({ length: 20 }, (_, number) => {
    const length = 2 + random.integer(0, 6);
    const steps = Array.from({ length }, (_, index) =>
      index === 1 && number % 4 === 0
        ? makeStep(index, `python -c "print(1"`, '  File "<string>", line 1\n    print(1\n         ^\nSyntaxError: unexpected EOF while parsing', { exitCode: 1 })
        : makeStep(index, `cat file_${number}_${index}.py`, `content ${index} `.repeat(1 + index * 20)),
    );
    return makeTrajectory({
      id: `trajectory-${number}`,
      taskId: `task-${number % 10}`,
      taskKind: kinds[number % 4],
      steps,
      ...(number === 19 ? { initialMessages: [{ role: 'user', content: `use key hf_${'aB3dE5gH7jK9'.repeat(3)}` }] } : {}),
    });
  });
}

describe('exportDataset', () => {
  let folder: string;
  let input: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-export-'));
    input = join(folder, 'trajectories.jsonl');
    await writeFile(input, `${corpus().map((item) => JSON.stringify(item)).join('\n')}\n`);
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const readLines = async (file: string): Promise<unknown[]> =>
    (await readFile(file, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as unknown);

  it('writes ms-swift rows that all pass the format rules, with loss false on masked turns only, curriculum stages easiest first and a stats report', async () => {
    const outDir = join(folder, 'out');
    const statistics = await exportDataset({ inputs: [input], outDir, format: 'ms-swift', maskErrors: true, curriculumStages: 3, seed: 7 });
    expect(statistics.read).toBe(20);
    expect(statistics.rejected).toEqual({ secret: 1 });
    expect(statistics.kept).toBe(19);
    expect(statistics.files.map((file) => file.path)).toEqual(['train-stage-1.jsonl', 'train-stage-2.jsonl', 'train-stage-3.jsonl']);
    expect(statistics.files.map((file) => file.rows)).toEqual([7, 6, 6]);
    const lengths: number[][] = [];
    let maskedSeen = 0;
    for (const file of statistics.files) {
      const rows = await readLines(join(outDir, file.path));
      expect(rows).toHaveLength(file.rows);
      const stageLengths: number[] = [];
      for (const row of rows) {
        expect(validateMsSwiftRecord(row)).toEqual([]);
        const messages = (row as { messages: Array<{ role: string; content: string; loss?: boolean }> }).messages;
        for (const message of messages) {
          if ('loss' in message) {
            expect(message.role).toBe('assistant');
            expect(message.loss).toBe(false);
            expect(message.content).toContain('print(1');
            maskedSeen += 1;
          }
        }
        stageLengths.push(messages.reduce((sum, message) => sum + message.content.length, 0));
      }
      lengths.push(stageLengths);
    }
    expect(Math.max(...(lengths[0] ?? []))).toBeLessThanOrEqual(Math.min(...(lengths[1] ?? [])) + 20);
    expect(Math.max(...(lengths[1] ?? []))).toBeLessThanOrEqual(Math.min(...(lengths[2] ?? [])) + 20);
    expect(maskedSeen).toBe(5);
    expect(statistics.maskedTurns).toBe(5);
    expect(statistics.maskedByKind).toEqual({ 'python-syntax-error': 5 });
    expect(statistics.maskedTurnShare).toBeCloseTo(5 / statistics.assistantTurns, 10);
    expect(Object.keys(statistics.units).sort()).toEqual(['ctx_impl', 'evo_replay', 'rt_alignment', 'software_design']);
    expect(datasetStatisticsSchema.parse(JSON.parse(await readFile(join(outDir, 'stats.json'), 'utf8')))).toEqual(statistics);
    expect(await readFile(join(outDir, 'stats.md'), 'utf8')).toMatch(/\| evo_replay \| 5 \| 5 \| 0 \| \d+\.\d\d ± \d+\.\d\d \|/);
    const rejected = await readLines(join(outDir, 'rejected.jsonl'));
    expect(rejected).toEqual([{ trajectoryId: 'trajectory-19', taskId: 'task-9', file: input, line: 20, reason: 'secret', message: 'huggingface-token in initialMessages.0.content' }]);
    expect((await readdir(outDir)).sort()).toEqual(['rejected.jsonl', 'stats.json', 'stats.md', 'train-stage-1.jsonl', 'train-stage-2.jsonl', 'train-stage-3.jsonl']);
  });

  it('mixes units with ms-swift #N semantics (oversampling), splits validation by task, and is deterministic per seed', async () => {
    const run = async (name: string, seed: number) =>
      exportDataset({ inputs: [input], outDir: join(folder, name), mix: { evo_replay: 12, ctx_impl: 2, rt_alignment: 0 }, validationShare: 0.2, seed });
    const first = await run('a', 1);
    const again = await run('b', 1);
    expect(await readFile(join(folder, 'a', 'train.jsonl'), 'utf8')).toBe(await readFile(join(folder, 'b', 'train.jsonl'), 'utf8'));
    expect(first).toEqual(again);
    const validationTasks = new Set((await readLines(join(folder, 'a', 'validation.jsonl'))).map((row) => JSON.stringify(row)));
    expect(first.files.find((file) => file.path === 'validation.jsonl')?.rows).toBeGreaterThan(0);
    const evo = first.units.evo_replay;
    expect(evo?.trainRows).toBe(12);
    expect(first.units.ctx_impl?.trainRows).toBe(2);
    expect(first.units.rt_alignment?.trainRows).toBe(0);
    expect(first.units.software_design?.trainRows).toBe((first.units.software_design?.trajectories ?? 0) - (first.units.software_design?.validationRows ?? 0));
    const train = (await readLines(join(folder, 'a', 'train.jsonl'))).map((row) => JSON.stringify(row));
    expect(train).toHaveLength(12 + 2 + (first.units.software_design?.trainRows ?? 0));
    for (const row of train) expect(validationTasks.has(row)).toBe(false);
    await expect(exportDataset({ inputs: [input], outDir: join(folder, 'c'), mix: { evolution: 3 } })).rejects.toThrow(/mix: no trajectories of unit 'evolution'/);
  });

  it('copies rows of multi-byte text byte for byte, including a row larger than the 4 MiB write buffer', async () => {
    const huge = 'ü✓ '.repeat(500_000);
    const trajectories = [
      makeTrajectory({ id: 'small', taskId: 'task-small', steps: [makeStep(0, 'cat notes.md', 'naïve café ✓ 😀'), makeStep(1, 'echo done', '')] }),
      makeTrajectory({ id: 'huge', taskId: 'task-huge', steps: [makeStep(0, 'cat big.txt', huge), makeStep(1, 'echo done', '')] }),
    ];
    const manyInput = join(folder, 'multi-byte.jsonl');
    await writeFile(manyInput, `${trajectories.map((item) => JSON.stringify(item)).join('\n')}\n`);
    const outDir = join(folder, 'multi-byte');
    const statistics = await exportDataset({ inputs: [manyInput], outDir });
    expect(statistics.kept).toBe(2);
    const rows = (await readLines(join(outDir, 'train.jsonl'))) as Array<{ messages: Array<{ content: string }> }>;
    const observations = rows.map((row) => row.messages.find((message) => message.content === huge || message.content === 'naïve café ✓ 😀')?.content).sort();
    expect(observations).toEqual(['naïve café ✓ 😀', huge].sort());
    expect(await readdir(outDir)).not.toContain('.export-spool.jsonl');
  });

  it('keeps only graded successes when verdicts are given, and writes OpenAI and ShareGPT rows that pass their schemas', async () => {
    const results: EvalResult[] = corpus().map((trajectory, number) => ({
      schemaVersion: 1,
      id: `result-${number}`,
      runId: 'run-1',
      taskId: trajectory.taskId,
      taskKind: trajectory.taskKind,
      model: trajectory.model,
      attempt: 1,
      resolved: trajectory.taskKind === 'design' ? null : number % 3 !== 0,
      score: trajectory.taskKind === 'design' ? (number === 4 ? 0.9 : 0.2) : number % 3 !== 0 ? 1 : 0,
      trajectoryId: trajectory.id,
    }));
    const verdicts = createVerdictIndex(results);
    const openai = await exportDataset({ inputs: [input], outDir: join(folder, 'openai'), format: 'openai', maskErrors: true, filter: { success: { verdicts } } });
    const expectedKept = results.filter((result, number) => number !== 19 && (result.resolved === true || (result.resolved === null && result.score >= 0.7))).length;
    expect(openai.kept).toBe(expectedKept);
    expect(openai.rejected.unsuccessful).toBe(results.filter((result, number) => number !== 19 && !(result.resolved === true || (result.resolved === null && result.score >= 0.7))).length);
    for (const row of await readLines(join(folder, 'openai', 'train.jsonl'))) expect(openAiChatRecordSchema.safeParse(row).success).toBe(true);
    const sharegpt = await exportDataset({ inputs: [input], outDir: join(folder, 'sharegpt'), format: 'sharegpt', maskErrors: true });
    const rows = await readLines(join(folder, 'sharegpt', 'train.jsonl'));
    expect(rows).toHaveLength(sharegpt.kept);
    for (const row of rows) expect(shareGptRecordSchema.safeParse(row).success).toBe(true);
    expect(rows.some((row) => (row as { conversations: Array<{ turn_mask?: boolean }> }).conversations.some((turn) => turn.turn_mask === true))).toBe(true);
  });
});
