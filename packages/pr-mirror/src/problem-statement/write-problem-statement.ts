import type { ModelV1 } from '@swespot/core';
import { readPatchFiles } from '../diff/patch-files';
import type { BugContext } from '../validate/bug-candidate';
import { findProblemStatementLeak, testNameOf, type ProblemStatementLeak } from './find-problem-statement-leak';

/** What a problem statement is written from. */
export interface ProblemStatementInput {
  /** The bug patch (clean → buggy). */
  readonly bugPatch: string;
  readonly failToPass: readonly string[];
  /** The end of the buggy test run's output. */
  readonly failingOutput?: string;
  readonly context?: BugContext;
}

/** Options of {@link writeProblemStatement}. */
export interface WriteProblemStatementOptions extends ProblemStatementInput {
  /** Writes the statement; without one, the linked issue's text or the template is used. */
  readonly model?: ModelV1;
  /** Model attempts before falling back to the template, each told what the last one leaked. Default: 3. */
  readonly maxAttempts?: number;
  /** Characters of test output shown to the model (the end is kept). Default: 6 000. */
  readonly maxOutputCharacters?: number;
  readonly abortSignal?: AbortSignal;
}

/** A problem statement and where it came from. */
export interface WrittenProblemStatement {
  readonly text: string;
  /** `issue`: a linked issue's text; `generated`: the model; `template`: the fixed template. */
  readonly origin: 'issue' | 'generated' | 'template';
  /** Model calls made. */
  readonly attempts: number;
  /** What each rejected attempt leaked. */
  readonly rejected: readonly ProblemStatementLeak[];
}

/**
 * The deterministic problem statement used without a model (or when every model attempt
 * leaked): which files misbehave and, when it does not give the fix away, the PR title as the
 * behaviour that should hold. Never names a test.
 */
export function problemStatementTemplate(input: ProblemStatementInput): string {
  const files = readPatchFiles(input.bugPatch).map((file) => `\`${file.path}\``);
  const where = files.length === 1 ? files[0] : files.length > 0 ? `${files.slice(0, -1).join(', ')} and ${files.at(-1)}` : 'the code';
  const title = input.context?.title?.trim();
  const lines = [`Something is broken in ${where}: code there does not behave as it is documented and expected to.`, ''];
  if (title) {
    const candidate = [...lines, `Expected behaviour: ${title}. Instead, this no longer holds.`, ''];
    if (findProblemStatementLeak(candidate.join('\n'), input) === undefined) lines.push(...candidate.slice(lines.length));
  }
  lines.push('Some of the existing tests of this area fail. Please find the cause and fix it; the tests themselves are correct.');
  return lines.join('\n');
}

function tail(text: string, limit: number): string {
  return text.length <= limit ? text : `...\n${text.slice(text.length - limit)}`;
}

/** Removes test names and ids from output shown to the model. */
function hideTests(text: string, failToPass: readonly string[]): string {
  let hidden = text;
  for (const id of failToPass) {
    const name = testNameOf(id);
    for (const secret of [id, name]) if (secret.length > 0) hidden = hidden.split(secret).join('<test>');
  }
  return hidden;
}

/** The messages asking a model for an issue in a user's voice (SWE-smith's issue generation, restated). */
export function problemStatementMessages(input: ProblemStatementInput, maxOutputCharacters = 6000): { role: 'system' | 'user'; content: string }[] {
  const context = input.context;
  return [
    {
      role: 'system',
      content: [
        'You write GitHub issues as a user of a software project would: what you did, what you expected, what happened instead, ideally with a short script that reproduces it and its output.',
        'Write in a natural voice, like a real issue. Never describe or hint at the fix, never quote the code that fixes it, never mention tests, test names, pytest or failing tests.',
      ].join(' '),
    },
    {
      role: 'user',
      content: [
        'A change made the project behave wrongly. Write the issue a user would file about it.',
        context?.title ? `\nThe behaviour that used to hold (a pull request's title): ${context.title}` : '',
        '\nThe change that introduced the problem (a diff; do not quote it):\n```diff',
        input.bugPatch.trimEnd(),
        '```',
        input.failingOutput ? `\nWhat running the project's checks printed (for your understanding only):\n\`\`\`\n${hideTests(tail(input.failingOutput, maxOutputCharacters), input.failToPass)}\n\`\`\`` : '',
        '\nAnswer with the issue text only (a title line, then the body).',
      ].join('\n'),
    },
  ];
}

/**
 * Writes a bug's problem statement, never revealing the fix or the tests: a linked issue's
 * text when there is one (and it does not leak), else the model's issue (temperature 0; an
 * answer that contains a line the fix adds or a FAIL_TO_PASS test name is rejected and the
 * model asked again, told what leaked), else {@link problemStatementTemplate}.
 *
 * @example
 * ```ts
 * const statement = await writeProblemStatement({ bugPatch, failToPass, failingOutput, context, model });
 * console.log(statement.origin, statement.text);
 * ```
 */
export async function writeProblemStatement(options: WriteProblemStatementOptions): Promise<WrittenProblemStatement> {
  const rejected: ProblemStatementLeak[] = [];
  const issue = options.context?.issueTexts?.find((text) => `${text.title}${text.body}`.trim() !== '');
  if (issue !== undefined) {
    const text = `${issue.title}\n\n${issue.body}`.trim();
    const leak = findProblemStatementLeak(text, options);
    if (leak === undefined) return { text, origin: 'issue', attempts: 0, rejected };
    rejected.push(leak);
  }
  let attempts = 0;
  if (options.model !== undefined) {
    const messages: { role: 'system' | 'user' | 'assistant'; content: string }[] = problemStatementMessages(options, options.maxOutputCharacters);
    const maxAttempts = options.maxAttempts ?? 3;
    while (attempts < maxAttempts) {
      attempts++;
      const reply = await options.model.generate({ messages, temperature: 0, maxOutputTokens: 2000, ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}) });
      const text = reply.text.trim();
      if (text === '') continue;
      const leak = findProblemStatementLeak(text, options);
      if (leak === undefined) return { text, origin: 'generated', attempts, rejected };
      rejected.push(leak);
      messages.push({ role: 'assistant', content: text });
      messages.push({
        role: 'user',
        content: `That issue gives the answer away: it contains ${leak.kind === 'test-name' ? 'the name of a test' : 'code from the fix'} ("${leak.text}"). Write it again without it: describe only what a user observes.`,
      });
    }
  }
  return { text: problemStatementTemplate(options), origin: 'template', attempts, rejected };
}
