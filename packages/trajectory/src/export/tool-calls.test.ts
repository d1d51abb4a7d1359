import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateMsSwiftRecord, type Trajectory, type TrajectoryStep } from '@swespot/core';
import { describe, expect, it } from 'vitest';
import { makeStep, makeTrajectory } from '../__fixtures__/make-trajectory';
import { exportDataset } from '../export-dataset';
import { toMsSwiftRecord } from './to-ms-swift-record';
import { openAiChatRecordSchema, toOpenAiChatRecord } from './to-open-ai-chat-record';
import { shareGptRecordSchema, toShareGptRecord } from './to-share-gpt-record';
import { deriveToolDefinitions, unshownTailLength } from './tool-calls';
import { UnrepresentableTrajectoryError } from './unrepresentable-trajectory-error';

const call = (id: string, command: string, output?: string) => ({ id, name: 'bash', arguments: JSON.stringify({ command }), ...(output === undefined ? {} : { output }) });

function toolStep(index: number, calls: TrajectoryStep['toolCalls'], observation: string, overrides: Partial<TrajectoryStep> = {}): TrajectoryStep {
  return makeStep(index, (calls ?? []).map((item) => (JSON.parse(item.arguments) as { command: string }).command).join('\n'), observation, { rawOutput: `Thinking about step ${index}.`, thought: `Thinking about step ${index}.`, toolCalls: calls, ...overrides });
}

/** Two parallel calls whose run recorded one observation for both (no per-call results), then a plain call. */
function sharedResult(): Trajectory {
  return makeTrajectory({
    schemaVersion: 2,
    id: 'shared-result',
    steps: [toolStep(0, [call('call_a', 'ls'), call('call_b', 'pwd')], 'a.py\n/testbed'), toolStep(1, [call('call_c', 'cat a.py', 'x = 1')], 'x = 1'), toolStep(2, [call('call_d', 'echo done')], 'done')],
  });
}

describe('tool calls in the export formats', () => {
  it('OpenAI refuses two calls sharing one result with a reason; ms-swift and ShareGPT keep both calls', () => {
    const trajectory = sharedResult();
    expect(() => toOpenAiChatRecord(trajectory)).toThrowError(expect.objectContaining({ reason: 'unrepresentable-tool-call', stepIndex: 0, message: expect.stringMatching(/step 0 made 2 tool calls but the run recorded one result/) }));
    const swift = toMsSwiftRecord(trajectory);
    expect(validateMsSwiftRecord(swift)).toEqual([]);
    expect(swift.messages.filter((message) => message.role === 'tool_call')).toHaveLength(4);
    expect(swift.messages.slice(2, 6).map((message) => message.role)).toEqual(['assistant', 'tool_call', 'tool_call', 'tool']);
    const share = toShareGptRecord(trajectory);
    expect(shareGptRecordSchema.safeParse(share).success).toBe(true);
    expect(share.conversations.map((turn) => (turn.value.match(/<tool_call>\n/g) ?? []).length).reduce((sum, count) => sum + count, 0)).toBe(4);
  });

  it('OpenAI answers each call with its own tool message when the run recorded per-call results', () => {
    const trajectory = makeTrajectory({ schemaVersion: 2, steps: [toolStep(0, [call('call_a', 'ls', 'a.py'), call('call_b', 'pwd', '/testbed')], 'a.py\n\n/testbed'), toolStep(1, [call('call_c', 'echo done')], 'done')] });
    const record = toOpenAiChatRecord(trajectory);
    expect(openAiChatRecordSchema.safeParse(record).success).toBe(true);
    expect(record.messages.slice(2).map((message) => [message.role, 'tool_call_id' in message ? message.tool_call_id : (message as { tool_calls?: unknown[] }).tool_calls?.length])).toEqual([
      ['assistant', 2],
      ['tool', 'call_a'],
      ['tool', 'call_b'],
      ['assistant', 1],
    ]);
    expect(record.tools).toEqual([{ type: 'function', function: { name: 'bash', parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } } }]);
    // A tool message answering no call, and a call left unanswered, break the layout.
    expect(openAiChatRecordSchema.safeParse({ ...record, messages: record.messages.filter((message) => !(message.role === 'tool' && message.tool_call_id === 'call_b')) }).success).toBe(false);
  });

  it('refuses a step in the middle whose action nothing shows, and counts one at the end', () => {
    const hidden = makeStep(1, 'submit', 'done', { rawOutput: 'Now I will submit the change.', thought: 'Now I will submit the change.' });
    const middle = makeTrajectory({ steps: [makeStep(0, 'ls', 'a.py'), hidden, makeStep(2, 'echo done', 'done')].map((step, index) => ({ ...step, index })) });
    for (const convert of [toMsSwiftRecord, toOpenAiChatRecord, toShareGptRecord]) {
      expect(() => convert(middle)).toThrowError(expect.objectContaining({ reason: 'action-missing', stepIndex: 1 }));
    }
    expect(UnrepresentableTrajectoryError.isInstance(new UnrepresentableTrajectoryError({ reason: 'action-missing', stepIndex: 0, message: 'x' }))).toBe(true);
    const tail = makeTrajectory({ steps: [makeStep(0, 'ls', 'a.py'), { ...hidden, index: 1 }] });
    expect(unshownTailLength(tail)).toBe(1);
    expect(unshownTailLength(middle)).toBe(0);
  });

  it('derives tool definitions from accepted calls only, typed by the values seen', () => {
    const trajectory = makeTrajectory({
      schemaVersion: 2,
      steps: [
        toolStep(0, [{ id: 'c1', name: 'edit', arguments: '{"path":"a.py","line":3}' }], 'ok'),
        toolStep(1, [{ id: 'c2', name: 'edit', arguments: '{"path":"a.py"}' }], 'ok'),
        toolStep(2, [{ id: 'c3', name: 'python', arguments: '{"code":"1"}' }], 'Unknown tool', { flags: { malformed: true, timedOut: false, repeated: false, lossMasked: false } }),
      ],
    });
    expect(deriveToolDefinitions(trajectory)).toEqual([{ type: 'function', function: { name: 'edit', parameters: { type: 'object', properties: { path: { type: 'string' }, line: { type: 'integer' } }, required: ['path'] } } }]);
  });

  it('exportDataset lists the OpenAI refusal in rejected.jsonl and exports the same trajectory for ms-swift', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'swespot-tool-calls-'));
    try {
      const input = join(folder, 'runs.jsonl');
      await writeFile(input, `${JSON.stringify(sharedResult())}\n${JSON.stringify(makeTrajectory({ id: 'plain', taskId: 'other' }))}\n`);
      const openai = await exportDataset({ inputs: [input], outDir: join(folder, 'openai'), format: 'openai' });
      expect(openai.kept).toBe(1);
      expect(openai.rejected).toEqual({ 'unrepresentable-tool-call': 1 });
      expect(openai.toolCalls).toEqual({ read: 4, kept: 0, exported: 0 });
      expect(JSON.parse(await readFile(join(folder, 'openai', 'rejected.jsonl'), 'utf8'))).toMatchObject({ trajectoryId: 'shared-result', file: input, line: 1, reason: 'unrepresentable-tool-call', message: expect.stringMatching(/^OpenAI chat record: step 0 made 2 tool calls/) });
      const swift = await exportDataset({ inputs: [input], outDir: join(folder, 'ms-swift') });
      expect(swift.kept).toBe(2);
      expect(swift.toolCalls).toEqual({ read: 4, kept: 4, exported: 4 });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
