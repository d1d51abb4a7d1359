import type { TaskInstance, TaskKind } from '@swespot/core';
import type { TemplateVariables } from './render-template';

/** What a task kind hands in: a `diff` of the workspace (code and test tasks) or a written `report` (design, qa). */
export type SubmissionType = 'diff' | 'report';

/**
 * What a task of this kind hands in: `report` for `design` and `qa` (the text the agent
 * wrote), `diff` for `bugfix`, `feature`, `test-repro` and `fim` (the workspace's changes,
 * `git add -A && git diff --cached`).
 */
export function submissionTypeOf(kind: TaskKind): SubmissionType {
  return kind === 'design' || kind === 'qa' ? 'report' : 'diff';
}

/**
 * The task-specific variables of the `system` and `instance` templates:
 * - every kind: `task`, the text the agent is given (bugfix, feature, test-repro:
 *   `problemStatement`; qa: `question`; design: `prompt`; fim: `instruction`);
 * - fim: `file` (the file with holes), `holeCount`;
 * - design: `targets`, one Markdown bullet per target (`- function \`Query.filter\` in django/db/models/query.py (lines 10-24)`);
 * - test-repro: `testFiles`, an extra guideline line naming the files to put the tests in, or empty;
 * - feature: `newComponents`, one bullet per definition the feature adds (not in the default prompt, like FEA-Bench's standard setting).
 *
 * Hidden fields (gold patches, tests to pass, reference answers, hints) are never variables.
 */
export function taskPromptVariables(task: TaskInstance): TemplateVariables {
  switch (task.kind) {
    case 'bugfix':
      return { task: task.problemStatement };
    case 'feature':
      return {
        task: task.problemStatement,
        newComponents: task.newComponents
          .flatMap((file) =>
            file.components.map((component) => `- ${component.type} \`${component.name}\` in ${file.file}: ${component.signature}`),
          )
          .join('\n'),
      };
    case 'test-repro':
      return {
        task: task.problemStatement,
        testFiles:
          task.testFiles.length === 0
            ? ''
            : `\n- **TEST FILES**: Put the new tests in ${task.testFiles.map((file) => `\`${file}\``).join(', ')}`,
      };
    case 'qa':
      return { task: task.question };
    case 'design':
      return {
        task: task.prompt,
        targets: task.targets
          .map((target) => {
            const what = target.symbol === undefined ? target.granularity : `${target.granularity} \`${target.symbol}\``;
            const lines = target.lines === undefined ? '' : ` (lines ${target.lines.start}-${target.lines.end})`;
            return `- ${what} in ${target.path}${lines}`;
          })
          .join('\n'),
      };
    case 'fim':
      return { task: task.instruction, file: task.file, holeCount: task.holes.length };
  }
}
