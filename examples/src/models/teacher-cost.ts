// One teacher call with Claude or Gemini, printing usage and cost from the price table.
// Needs ANTHROPIC_API_KEY (default) or GEMINI_API_KEY with SWESPOT_TEACHER=google:
//   pnpm --filter @swespot/examples example src/models/teacher-cost.ts
import type { ModelV1 } from '@swespot/core';
import { LoadSettingError } from '@swespot/core';
import { createAnthropic } from '@swespot/model-anthropic';
import { createGoogle } from '@swespot/model-google';

const teacher: ModelV1 =
  process.env['SWESPOT_TEACHER'] === 'google'
    ? createGoogle().model('gemini-2.5-flash')
    : createAnthropic({ promptCaching: true }).model('claude-sonnet-4-5');

try {
  const result = await teacher.generate({
    messages: [
      { role: 'system', content: 'You write concise software design notes.' },
      { role: 'user', content: 'In three sentences: why do repositories keep tests next to the code they test?' },
    ],
    maxOutputTokens: 400,
    reasoningEffort: 'none',
  });
  console.log(`${teacher.provider}/${teacher.modelId}:\n${result.text}\n`);
  console.log('usage:', result.usage);
  console.log(`cost: ${result.costUsd === undefined ? 'not priced' : `$${result.costUsd.toFixed(6)}`}`);
  for (const warning of result.warnings) console.log('warning:', warning);
} catch (error) {
  if (LoadSettingError.isInstance(error)) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
