/**
 * Tool-calling runs to training data: writes a mini-swe-agent 2.x run that uses native tool
 * calls (one reply with two parallel calls, one the agent refused) next to a file cut off
 * mid-write, exports the batch in all three formats and shows where the calls went: ms-swift
 * `tool_call` / `tool` messages, OpenAI `tool_calls` answered by `tool` messages, ShareGPT
 * hermes `<tool_call>` text. The cut-off file is listed in rejected.jsonl; the rest is exported.
 *
 *   pnpm --filter @swespot/examples example src/trajectory/export-tool-call-trajectories.ts
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportDataset, exportFormats } from '@swespot/trajectory';

const bash = (id: string, command: string) => ({ id, type: 'function', function: { name: 'bash', arguments: JSON.stringify({ command }) } });
const result = (id: string, returncode: number, output: string) => ({ role: 'tool', tool_call_id: id, content: `<returncode>${returncode}</returncode>\n<output>\n${output}</output>`, extra: { returncode } });

// The layout mini-swe-agent 2.x writes (`trajectory_format: mini-swe-agent-1.1`).
const run = {
  trajectory_format: 'mini-swe-agent-1.1',
  instance_id: 'calc__calc-7',
  info: { exit_status: 'Submitted', submission: 'diff --git a/calc.py b/calc.py\n', mini_version: '2.4.6', model_stats: { instance_cost: 0.01, api_calls: 4 } },
  messages: [
    { role: 'system', content: 'You are a helpful assistant that can interact with a computer.' },
    { role: 'user', content: 'Please solve this issue: add() subtracts.' },
    { role: 'assistant', content: 'Let me look at the code and the tests at once.', tool_calls: [bash('call_1', 'cat calc.py'), bash('call_2', 'ls tests')], extra: { actions: [{ command: 'cat calc.py', tool_call_id: 'call_1' }, { command: 'ls tests', tool_call_id: 'call_2' }] } },
    result('call_1', 0, 'def add(a, b):\n    return a - b\n'),
    result('call_2', 0, 'test_calc.py\n'),
    // A reply the agent refused (no tool call): 2.x keeps only its raw response, in the format error.
    { role: 'user', content: 'No tool calls found in the response.', extra: { interrupt_type: 'FormatError', response: { choices: [{ message: { content: 'I will just edit it.', tool_calls: null } }] } } },
    { role: 'assistant', content: 'Fixing the operator.', tool_calls: [bash('call_3', "sed -i 's/a - b/a + b/' calc.py")], extra: { actions: [{ command: "sed -i 's/a - b/a + b/' calc.py", tool_call_id: 'call_3' }] } },
    result('call_3', 0, ''),
    { role: 'assistant', content: 'Submitting.', tool_calls: [bash('call_4', 'echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git diff')], extra: { actions: [{ command: 'echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git diff', tool_call_id: 'call_4' }] } },
    { role: 'exit', content: '', extra: { exit_status: 'Submitted', submission: 'diff --git a/calc.py b/calc.py\n' } },
  ],
};

const folder = await mkdtemp(join(tmpdir(), 'swespot-tool-calls-'));
try {
  const runs = join(folder, 'runs');
  await mkdir(runs);
  await writeFile(join(runs, 'calc__calc-7.traj.json'), JSON.stringify(run, null, 2));
  await writeFile(join(runs, 'calc__calc-8.traj.json'), JSON.stringify(run).slice(0, 300)); // a writer killed mid-file
  for (const format of exportFormats) {
    const outDir = join(folder, format);
    const statistics = await exportDataset({ inputs: [runs], outDir, format, maskErrors: true });
    console.log(`\n${format}: kept ${statistics.kept} of ${statistics.read}, refused ${JSON.stringify(statistics.rejected)}, tool calls ${JSON.stringify(statistics.toolCalls)}, masked ${JSON.stringify(statistics.maskedByKind)}`);
    const row = JSON.parse((await readFile(join(outDir, 'train.jsonl'), 'utf8')).split('\n')[0] ?? '{}') as Record<string, unknown>;
    console.log(JSON.stringify(row, null, 1).slice(0, 1500));
  }
  console.log(`\nrejected.jsonl: ${(await readFile(join(folder, 'ms-swift', 'rejected.jsonl'), 'utf8')).trim()}`);
} finally {
  await rm(folder, { recursive: true, force: true });
}
