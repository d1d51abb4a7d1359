/**
 * Tests on real public trajectories (see `__fixtures__/real/README.md` for their sources). The
 * agents' own action rules are written here from the agents' sources, independently of the
 * importers, so the expected masked turns come from the agent, not from this package.
 */
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateMsSwiftRecord, ValidationError } from '@swespot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFormats, exportDataset, type ExportFormat } from './export-dataset';
import { readTrajectories } from './import/read-trajectories';
import { maskErrorSteps, stepErrorKinds } from './mask-error-steps';

const real = fileURLToPath(new URL('./__fixtures__/real/', import.meta.url));

type Json = Record<string, unknown>;
interface RawCall {
  id?: string;
  function: { name: string; arguments: string | Json };
}

const readJson = async (file: string): Promise<Json> => JSON.parse(await readFile(file, 'utf8')) as Json;
const filesOf = async (folder: string): Promise<string[]> => (await readdir(join(real, folder))).filter((name) => name.endsWith('.traj') || name.endsWith('.traj.json')).sort().map((name) => join(real, folder, name));
const text = (content: unknown): string => (typeof content === 'string' ? content : '');

/**
 * mini-swe-agent 1.12 to 1.17 (`DefaultAgent.parse_action`): the agent runs a reply only when
 * it finds exactly one fenced block whose opening fence is three backticks and the word bash,
 * then any white space up to a line break, and whose command ends at the first line break
 * followed by three backticks. Blocks in other languages are not counted.
 */
function miniV1Accepts(reply: string): boolean {
  return (reply.match(/```bash\s*\n[\s\S]*?\n```/g) ?? []).length === 1;
}

/**
 * mini-swe-agent 2.x with tool calls (`parse_toolcall_actions`): a reply is accepted only when it
 * has at least one tool call and every call names the `bash` tool with arguments that parse as
 * a JSON object holding `command`.
 */
function miniV2Accepts(calls: readonly RawCall[]): boolean {
  return (
    calls.length > 0 &&
    calls.every((call) => {
      if (call.function.name !== 'bash' || typeof call.function.arguments !== 'string') return false;
      try {
        const parsed: unknown = JSON.parse(call.function.arguments);
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'command' in parsed;
      } catch {
        return false;
      }
    })
  );
}

/**
 * SWE-agent 1.x: with function calling (`FunctionCallingParser`) a reply is accepted only with
 * exactly one tool call; with the thought-action parser, only when it holds a fenced block (the
 * last top-level one is the action).
 */
function sweAgentAccepts(turn: { calls: readonly RawCall[] | undefined; reply: string }, functionCalling: boolean): boolean {
  return functionCalling ? (turn.calls ?? []).length === 1 : /^```\S*\s*\n[\s\S]*?^```\s*$/m.test(turn.reply);
}

/** Every model reply of a source file in order, with whether the agent's own rule accepts it, and its tool calls. */
async function repliesOf(file: string): Promise<Array<{ accepted: boolean; calls: RawCall[] }>> {
  const source = await readJson(file);
  if (file.endsWith('.traj')) {
    const history = (source.history as Json[] | undefined) ?? [];
    const turns = history.filter((message) => message.role === 'assistant' && message.is_demo !== true).map((message) => ({ calls: message.tool_calls as RawCall[] | undefined, reply: text(message.content), action: message.action }));
    const functionCalling = turns.some((turn) => (turn.calls ?? []).length > 0);
    const steps = (source.trajectory as Json[] | undefined) ?? turns.map((turn) => ({ action: turn.action, response: turn.reply }));
    let next = 0;
    return steps.map((step) => {
      const at = turns.findIndex((turn, index) => index >= next && turn.action === step.action);
      if (at !== -1) next = at + 1;
      const turn = at === -1 ? { calls: undefined, reply: text(step.response) } : turns[at]!;
      // A step the history lacks (saved before the last turn) ran, so the agent accepted it.
      return { accepted: at === -1 ? true : sweAgentAccepts(turn, functionCalling), calls: turn.calls ?? [] };
    });
  }
  const messages = source.messages as Json[];
  const replies: Array<{ accepted: boolean; calls: RawCall[] }> = [];
  for (const message of messages) {
    const extra = (message.extra as Json | undefined) ?? {};
    if (message.role === 'assistant') {
      const calls = (message.tool_calls as RawCall[] | undefined) ?? [];
      replies.push({ accepted: source.trajectory_format === 'mini-swe-agent-1' ? miniV1Accepts(text(message.content)) : miniV2Accepts(calls), calls });
    } else if (extra.interrupt_type === 'FormatError') {
      // mini-swe-agent 2.x keeps a refused reply only here, in the raw model response.
      const response = extra.response as { choices: Array<{ message: { tool_calls?: RawCall[] | null } }> };
      const calls = response.choices[0]?.message.tool_calls ?? [];
      expect(miniV2Accepts(calls)).toBe(false);
      replies.push({ accepted: false, calls });
    }
  }
  return replies;
}

async function collect<Item>(items: AsyncIterable<Item>): Promise<Item[]> {
  const all: Item[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const sources = ['mini-swe-agent-v1', 'mini-swe-agent-v2', 'swe-agent'] as const;

describe('real trajectories: masking matches the agents\' own rules', () => {
  it.each(sources)('%s: the turns masked as malformed are exactly the replies the agent rejected', async (source) => {
    let rejectedByAgent = 0;
    for (const file of await filesOf(source)) {
      const replies = await repliesOf(file);
      const expected = replies.flatMap((reply, index) => (reply.accepted ? [] : [index]));
      rejectedByAgent += expected.length;
      for await (const item of readTrajectories([file])) {
        expect(item.trajectory.steps, basename(file)).toHaveLength(replies.length);
        const { masked } = maskErrorSteps(item.trajectory, { kinds: ['malformed-output'] });
        expect(masked.map((step) => step.index), basename(file)).toEqual(expected);
      }
    }
    // The fixtures were chosen to hold refused replies: 8 in the mini-swe-agent 1.15 runs, 3 in the 2.x run.
    expect(rejectedByAgent).toBe({ 'mini-swe-agent-v1': 8, 'mini-swe-agent-v2': 3, 'swe-agent': 0 }[source]);
  });

  it('mini-swe-agent 1.15: the agent\'s own record agrees (a format error message follows exactly the refused replies)', async () => {
    for (const file of await filesOf('mini-swe-agent-v1')) {
      const messages = (await readJson(file)).messages as Json[];
      messages.forEach((message, index) => {
        if (message.role !== 'assistant') return;
        const refusedByRecord = text(messages[index + 1]?.content).startsWith('Please always provide EXACTLY ONE action');
        expect(refusedByRecord, `${basename(file)} message ${index}`).toBe(!miniV1Accepts(text(message.content)));
      });
    }
  });

  it('mini-swe-agent 1.15: a reply quoting code in other fenced blocks before its one bash block, whose command returned 0, is masked by no rule and keeps its command as the action', async () => {
    let quoting = 0;
    for (const file of await filesOf('mini-swe-agent-v1')) {
      for await (const item of readTrajectories([file])) {
        const masked = new Set(maskErrorSteps(item.trajectory, { kinds: stepErrorKinds }).masked.map((step) => step.index));
        for (const step of item.trajectory.steps) {
          if (!miniV1Accepts(step.rawOutput) || (step.rawOutput.match(/```/g) ?? []).length <= 2 || step.exitCode !== 0) continue;
          quoting += 1;
          expect(masked.has(step.index), `${basename(file)} step ${step.index}`).toBe(false);
          // The action is the bash block's command, as the agent ran it, not text between the quotes.
          expect(step.action, `${basename(file)} step ${step.index}`).toBe(/```bash\s*\n([\s\S]*?)\n```/.exec(step.rawOutput)?.[1]?.trim());
        }
      }
    }
    expect(quoting).toBeGreaterThanOrEqual(5);
  });
});

describe('real trajectories: every tool call reaches every export format', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-real-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const readRows = async (file: string): Promise<Json[]> => (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Json);
  const key = (name: string, argumentsValue: unknown): string => {
    let value = argumentsValue;
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value);
      } catch {
        // the model's raw text, kept as it is
      }
    }
    return JSON.stringify([name, value]);
  };

  /** The tool calls a row holds, as name + arguments keys, read from the row's own layout. */
  function callsInRow(format: ExportFormat, row: Json): string[] {
    if (format === 'ms-swift') {
      return (row.messages as Json[]).filter((message) => message.role === 'tool_call').map((message) => {
        const call = JSON.parse(text(message.content)) as { name: string; arguments: unknown };
        return key(call.name, call.arguments);
      });
    }
    if (format === 'openai') return (row.messages as Json[]).flatMap((message) => ((message.tool_calls as RawCall[] | undefined) ?? []).map((call) => key(call.function.name, call.function.arguments)));
    return (row.conversations as Json[]).flatMap((turn) =>
      turn.from !== 'gpt'
        ? []
        : [...text(turn.value).matchAll(/<tool_call>\n(.*)\n<\/tool_call>/g)].map((match) => {
            const call = JSON.parse(match[1] ?? '') as { name: string; arguments: unknown };
            return key(call.name, call.arguments);
          }),
    );
  }

  it.each(exportFormats.flatMap((format) => (['mini-swe-agent-v2', 'swe-agent'] as const).map((source) => [source, format] as const)))('%s -> %s', async (source, format) => {
    const files = await filesOf(source);
    const expected: string[] = [];
    for (const file of files) for (const reply of await repliesOf(file)) for (const call of reply.calls) expected.push(key(call.function.name, call.function.arguments));
    expect(expected.length).toBe({ 'mini-swe-agent-v2': 8, 'swe-agent': 31 }[source]);
    const outDir = join(folder, `${source}-${format}`);
    const statistics = await exportDataset({ inputs: [join(real, source)], outDir, format, maskErrors: true, filter: { success: false, loops: 'keep', duplicates: false } });
    expect(statistics.kept).toBe(files.length);
    expect(statistics.toolCalls).toEqual({ read: expected.length, kept: expected.length, exported: expected.length });
    const rows = await readRows(join(outDir, 'train.jsonl'));
    expect(rows.flatMap((row) => callsInRow(format, row)).sort()).toEqual([...expected].sort());
    const traces = format === 'openai' ? await readRows(join(outDir, 'train.trace.jsonl')) : rows;
    expect(traces).toHaveLength(rows.length);
    for (const [index, trace] of traces.entries()) {
      const source = await readJson(String(trace.source_file));
      const info = (source.info as Json | undefined) ?? {};
      expect(trace.submission ?? '').toBe(text(info.submission).trim() === '' ? '' : info.submission);
      expect(String(trace.instance_id)).not.toBe('');
      expect(String(trace.exit_status)).toMatch(/^(submitted|error)/);
      if (format === 'ms-swift') expect(validateMsSwiftRecord(rows[index])).toEqual([]);
    }
  });

  it('keeps SWE-agent\'s last step when history records its call, and drops it (counted) when history ends before it', async () => {
    const statistics = await exportDataset({ inputs: [join(real, 'swe-agent')], outDir: join(folder, 'swe-agent-tail'), filter: { success: false, loops: 'keep', duplicates: false } });
    expect(statistics.trimmedUnshownSteps).toBe(1);
    const rows = await readRows(join(folder, 'swe-agent-tail', 'train.jsonl'));
    const testRepo = rows.find((row) => String(row.source_file).endsWith('test-repo-function-calling__6e44b9.traj'));
    const last = (testRepo?.messages as Json[]).at(-1);
    expect(last).toMatchObject({ role: 'tool_call' });
    expect(JSON.parse(text(last?.content))).toMatchObject({ name: 'bash' });
  });
});

describe('real trajectories: a batch survives a bad file', () => {
  let root: string;
  let folder: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'swespot-batch-'));
    folder = join(root, 'runs');
    await mkdir(folder);
    await cp(join(real, 'mini-swe-agent-v1', 'django__django-11163.traj.json'), join(folder, 'good.traj.json'));
    const whole = await readFile(join(real, 'mini-swe-agent-v1', 'django__django-14765.traj.json'), 'utf8');
    await writeFile(join(folder, 'truncated.traj.json'), whole.slice(0, Math.floor(whole.length / 2)));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('exports the good file and lists the truncated one in rejected.jsonl with the reason', async () => {
    const outDir = join(folder, 'data');
    const statistics = await exportDataset({ inputs: [folder], outDir });
    // Run again: the output folder inside the input folder is not read back as input.
    expect(await exportDataset({ inputs: [folder], outDir })).toEqual(statistics);
    expect(statistics.kept).toBe(1);
    expect(statistics.rejected).toEqual({ unreadable: 1 });
    expect((await readFile(join(outDir, 'train.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);
    const rejected = (await readFile(join(outDir, 'rejected.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Json);
    expect(rejected).toEqual([{ file: join(folder, 'truncated.traj.json'), reason: 'unreadable', message: expect.stringMatching(/truncated\.traj\.json: .*Not JSON.*cut off/s) }]);
  });

  it('with strict, stops at the truncated file and writes no dataset', async () => {
    const outDir = join(folder, 'data');
    await rm(outDir, { recursive: true, force: true });
    await expect(exportDataset({ inputs: [folder], outDir, strict: true })).rejects.toSatisfy((error: unknown) => ValidationError.isInstance(error) && /truncated\.traj\.json/.test(error.message));
    expect(await readdir(outDir)).not.toContain('train.jsonl');
  });

  it('lists a JSONL line cut off by a killed writer, and keeps the lines before it', async () => {
    const good = (await readJson(join(real, 'mini-swe-agent-v1', 'django__django-11163.traj.json')));
    const line = JSON.stringify(good);
    const file = join(root, 'runs.jsonl');
    await writeFile(file, `${line}\n${line.slice(0, 500)}`);
    const statistics = await exportDataset({ inputs: [file], outDir: join(root, 'jsonl') });
    expect(statistics.read).toBe(1);
    expect(statistics.rejected).toEqual({ unreadable: 1 });
    const rejected = JSON.parse((await readFile(join(root, 'jsonl', 'rejected.jsonl'), 'utf8')).trim()) as Json;
    expect(rejected).toMatchObject({ file, line: 2, reason: 'unreadable', message: expect.stringMatching(/runs\.jsonl:2: the last line is cut off/) });
  });
});

describe('real trajectories: a bare list of messages', () => {
  it('imports mini-swe-agent\'s message dump as the run it holds, and refuses other arrays naming the accepted formats', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'swespot-messages-'));
    try {
      const source = await readJson(join(real, 'mini-swe-agent-v1', 'django__django-13670.traj.json'));
      await writeFile(join(folder, 'django__django-13670.json'), JSON.stringify(source.messages));
      await writeFile(join(folder, 'numbers.json'), '[1, 2, 3]');
      const [fromDump] = await collect(readTrajectories([join(folder, 'django__django-13670.json')]));
      const [fromFile] = await collect(readTrajectories([join(real, 'mini-swe-agent-v1', 'django__django-13670.traj.json')]));
      expect(fromDump?.format).toBe('mini-swe-agent');
      expect(fromDump?.trajectory.taskId).toBe('django__django-13670');
      expect(fromDump?.trajectory.steps.map((step) => [step.action, step.flags.malformed])).toEqual(fromFile?.trajectory.steps.map((step) => [step.action, step.flags.malformed]));
      // Named like a SWE-agent file, its keys still decide.
      await writeFile(join(folder, 'dump.traj'), JSON.stringify(source.messages));
      const [fromTraj] = await collect(readTrajectories([join(folder, 'dump.traj')]));
      expect(fromTraj?.format).toBe('mini-swe-agent');
      await expect(collect(readTrajectories([join(folder, 'numbers.json')]))).rejects.toThrow(/numbers\.json: .*a JSON array that is not a list of chat messages; expected a swespot Trajectory .*mini-swe-agent .*SWE-agent/s);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
