// Ask a student model served by vLLM or SGLang (OpenAI-compatible) one question with the
// paper's open-weight sampling settings. Start a server first, e.g.
//   vllm serve Qwen/Qwen3-4B-Instruct-2507 --port 8000
// then: SWESPOT_STUDENT_BASE_URL=http://127.0.0.1:8000/v1 pnpm --filter @swespot/examples example src/models/vllm-student.ts
import { ApiCallError } from '@swespot/core';
import { createOpenAI } from '@swespot/model-openai';

const baseURL = process.env['SWESPOT_STUDENT_BASE_URL'] ?? 'http://127.0.0.1:8000/v1';
const modelId = process.env['SWESPOT_STUDENT_MODEL'] ?? 'Qwen/Qwen3-4B-Instruct-2507';

const vllm = createOpenAI({
  baseURL,
  server: process.env['SWESPOT_STUDENT_SERVER'] === 'sglang' ? 'sglang' : 'vllm',
  timeoutMs: 120_000,
  onRetry: ({ retry, delayMs, error }) => console.error(`retry ${retry} in ${Math.round(delayMs)} ms: ${error.message}`),
});
const student = vllm.model(modelId, { temperature: 1.0, topP: 0.8, topK: 20, repetitionPenalty: 1.05 });

try {
  const result = await student.generate({
    messages: [
      { role: 'system', content: 'You are a helpful assistant that can interact with a computer shell.' },
      { role: 'user', content: 'Which command lists the files of a git repository, including untracked ones?' },
    ],
    maxOutputTokens: 512,
  });
  console.log(result.text);
  console.log(`\n${result.usage.inputTokens} tokens in, ${result.usage.outputTokens} out, finish: ${result.finishReason}`);
  if (result.warnings.length > 0) console.log('warnings:', result.warnings);
} catch (error) {
  if (ApiCallError.isInstance(error)) {
    console.error(`${baseURL} did not answer (${error.message}). Is the server running?`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
