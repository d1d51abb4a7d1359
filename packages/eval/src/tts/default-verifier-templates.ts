/**
 * The prompt of a generative verifier: a system message and a user message, each a template
 * whose `{{name}}` placeholders are filled by {@link renderVerifierPrompt}. Placeholders:
 * `{{taskId}}`, `{{repository}}` (empty when unknown), `{{problemStatement}}`,
 * `{{trajectory}}` (the steps kept within the token budget), `{{testOutput}}` (the last test
 * runs' outputs, or a note that none ran) and `{{patch}}` (the final diff, or a note that it is empty).
 * A placeholder not in this list is an error on the first verification, naming the template.
 */
export interface VerifierTemplates {
  readonly system: string;
  readonly user: string;
}

/**
 * The default verifier prompt, in the style of SWE-Lego's generative verifier: the issue, the
 * agent's trajectory, its last test outputs and final patch, and a request for one word, YES
 * or NO, so the score can be read from the answer token's log-probabilities.
 */
export const DEFAULT_VERIFIER_TEMPLATES: VerifierTemplates = {
  system: [
    'You are an expert reviewer of software engineering agents.',
    'You will see an issue from a repository and the trajectory of an agent that tried to resolve it: its reasoning, the commands it ran with their outputs, the last test outputs and its final patch.',
    'Judge whether the final patch resolves the issue: the tests that check the fix would pass and no existing test would break.',
    'Answer with exactly one word: YES if it resolves the issue, NO otherwise.',
  ].join('\n'),
  user: [
    '<issue id="{{taskId}}" repository="{{repository}}">',
    '{{problemStatement}}',
    '</issue>',
    '',
    '<trajectory>',
    '{{trajectory}}',
    '</trajectory>',
    '',
    '<last_test_output>',
    '{{testOutput}}',
    '</last_test_output>',
    '',
    '<final_patch>',
    '{{patch}}',
    '</final_patch>',
    '',
    'Does the final patch resolve the issue? Answer YES or NO.',
  ].join('\n'),
};
