import { describe, expect, it } from 'vitest';
import { issuePathsOf } from './__fixtures__/issues-of';
import { checkMsSwiftRules, msSwiftRecordSchema, validateMsSwiftRecord, type MsSwiftRecord } from './ms-swift-record';

function agentRow(): MsSwiftRecord {
  return {
    messages: [
      { role: 'system', content: 'You are a helpful assistant that can run bash.' },
      { role: 'user', content: 'Fix the failing test in utils.py' },
      { role: 'assistant', content: 'THOUGHT: look\n```bash\ncat utils.py\n```', loss: false },
      { role: 'user', content: '<returncode>0</returncode>\n<output>def add(a, b): return a - b</output>' },
      { role: 'assistant', content: 'THOUGHT: fix\n```bash\nsed -i s/-/+/ utils.py\n```' },
    ],
  };
}

describe('msSwiftRecordSchema', () => {
  it('accepts the agent row of the reference (system, user, masked assistant, observation, assistant)', () => {
    expect(msSwiftRecordSchema.parse(agentRow())).toStrictEqual(agentRow());
    expect(validateMsSwiftRecord(agentRow())).toEqual([]);
  });

  it('accepts tool_call and tool messages with a tools JSON string', () => {
    const row = {
      messages: [
        { role: 'user', content: 'What is in /tmp?' },
        { role: 'tool_call', content: '{"name":"bash","arguments":{"command":"ls /tmp"}}', loss: true, loss_scale: 1 },
        { role: 'tool_response', content: 'a.txt' },
        { role: 'tool', content: 'b.txt' },
        { role: 'assistant', content: 'a.txt and b.txt' },
      ],
      tools: JSON.stringify([{ type: 'function', function: { name: 'bash', parameters: {} } }]),
    };
    expect(validateMsSwiftRecord(row)).toEqual([]);
  });

  it('rejects loss on a user, tool or system message, and unknown keys on messages and the row', () => {
    const row = {
      messages: [
        { role: 'system', content: 'sys', loss: false },
        { role: 'user', content: 'task', loss: true },
        { role: 'assistant', content: 'answer', turn_mask: true },
      ],
      id: 'row-1',
    };
    expect(issuePathsOf(msSwiftRecordSchema, row).sort()).toEqual(['', 'messages.0', 'messages.1', 'messages.2']);
  });

  it('rejects an unknown role, a null content and a non-boolean loss', () => {
    const row = {
      messages: [
        { role: 'human', content: 'task' },
        { role: 'assistant', content: null },
        { role: 'assistant', content: 'x', loss: 'false' },
      ],
    };
    expect(issuePathsOf(msSwiftRecordSchema, row).sort()).toEqual(['messages.0.role', 'messages.1.content', 'messages.2.loss']);
  });

  it('rejects a system message after the start and an assistant turn first', () => {
    const row: MsSwiftRecord = {
      messages: [
        { role: 'assistant', content: 'hello' },
        { role: 'system', content: 'late system' },
        { role: 'user', content: 'task' },
        { role: 'assistant', content: 'done' },
      ],
    };
    const issues = checkMsSwiftRules(row);
    expect(issues.map((issue) => issue.path)).toEqual(['messages.0', 'messages.1', 'messages.0']);
    expect(issues[0]?.message).toMatch(/must follow a user or tool turn/);
    expect(issues[2]?.message).toMatch(/first message after the system prompt must be user/);
  });

  it('rejects two queries in a row (user after user, user after tool) and a tool observation after a user', () => {
    const row: MsSwiftRecord = {
      messages: [
        { role: 'user', content: 'task' },
        { role: 'user', content: 'more task' },
        { role: 'tool', content: 'output' },
        { role: 'assistant', content: 'step' },
        { role: 'tool', content: 'output' },
        { role: 'user', content: 'and now?' },
        { role: 'assistant', content: 'done' },
      ],
    };
    expect(checkMsSwiftRules(row).map((issue) => issue.path)).toEqual(['messages.1', 'messages.2', 'messages.5']);
  });

  it('rejects a row that ends on an observation or trains nothing', () => {
    const endsOnUser: MsSwiftRecord = { messages: [...agentRow().messages, { role: 'user', content: 'observation' }] };
    expect(validateMsSwiftRecord(endsOnUser)).toEqual([{ path: 'messages', message: expect.stringMatching(/end with an assistant turn/) }]);
    const allMasked: MsSwiftRecord = {
      messages: agentRow().messages.map((message) => (message.role === 'assistant' ? { ...message, loss: false } : message)),
    };
    expect(validateMsSwiftRecord(allMasked)).toEqual([{ path: 'messages', message: expect.stringMatching(/trains nothing/) }]);
  });

  it('rejects a tools string that is not a JSON array', () => {
    expect(validateMsSwiftRecord({ ...agentRow(), tools: '{"type":"function"}' })).toEqual([
      { path: 'tools', message: expect.stringMatching(/JSON string of an array/) },
    ]);
  });

  it('accepts the trace columns (instance, trajectory, source file, exit status, submission) and refuses other row keys', () => {
    const traced = { ...agentRow(), instance_id: 'django__django-16255', trajectory_id: 'mini-swe-agent-1', source_file: 'runs/a.traj.json', exit_status: 'submitted', submission: 'diff --git a/x b/x' };
    expect(validateMsSwiftRecord(traced)).toEqual([]);
    expect(validateMsSwiftRecord({ ...traced, submission: null })).toEqual([]);
    expect(issuePathsOf(msSwiftRecordSchema, { ...traced, exit_status: 3 })).toEqual(['exit_status']);
    expect(issuePathsOf(msSwiftRecordSchema, { ...traced, run: 'x' })).toEqual(['']);
  });
});

