import type { Trajectory } from '@swespot/core';

/** The kinds of credential {@link findSecrets} recognises. */
export type SecretKind =
  | 'anthropic-api-key'
  | 'openai-api-key'
  | 'google-api-key'
  | 'google-oauth-token'
  | 'github-token'
  | 'aws-access-key-id'
  | 'aws-secret-access-key'
  | 'huggingface-token'
  | 'slack-token'
  | 'private-key';

/** Where a secret was found: its kind and the field path, never the value. */
export interface SecretFinding {
  /** What it looks like. */
  kind: SecretKind;
  /** The field of the trajectory, e.g. `steps.3.observation`. */
  path: string;
}

// Each pattern is anchored so it does not start inside a longer identifier.
const boundary = '(?<![A-Za-z0-9_-])';
const patterns: ReadonlyArray<readonly [SecretKind, string]> = [
  ['anthropic-api-key', `${boundary}sk-ant-[A-Za-z0-9_-]{32,}`],
  ['openai-api-key', `${boundary}sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{32,}|${boundary}sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|${boundary}sk-[A-Za-z0-9]{48}(?![A-Za-z0-9])`],
  ['google-api-key', `${boundary}AIza[0-9A-Za-z_-]{35}`],
  ['google-oauth-token', `${boundary}ya29\\.[0-9A-Za-z_-]{30,}`],
  ['github-token', `${boundary}(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}|${boundary}github_pat_[A-Za-z0-9_]{50,}`],
  ['aws-access-key-id', `${boundary}(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?![0-9A-Z])`],
  ['aws-secret-access-key', `(?:aws_secret_access_key|AWS_SECRET_ACCESS_KEY|SecretAccessKey)["']?\\s*[:=]\\s*["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])`],
  ['huggingface-token', `${boundary}hf_[A-Za-z0-9]{34,}`],
  ['slack-token', `${boundary}xox[abposr]-[A-Za-z0-9-]{10,}`],
  ['private-key', '-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----'],
];

const combined = new RegExp(patterns.map(([, source], index) => `(?<k${index}>${source})`).join('|'), 'g');
// Cheap screen: every pattern contains one of these literals, so most texts skip the big regex.
// Factored by first letters, which lets the regex engine skip faster than a flat list of literals.
const screen = /sk-|A(?:Iza|[KS]IA|BIA|CCA)|ya29\.|g(?:h[pousr]_|ithub_pat_)|ecret(?:AccessKey|_access_key)|ECRET_ACCESS_KEY|hf_|xox|PRIVATE KEY/;

/** Documentation placeholders (AWS's `...EXAMPLE` keys, `sk-xxxx...`) are not secrets. */
function isPlaceholder(value: string): boolean {
  return /EXAMPLE|example/.test(value) || /(.)\1{7,}/.test(value);
}

/** The kinds of secret in `text`, in order of appearance (a kind may repeat). Empty for clean text. */
export function findSecretsInText(text: string): SecretKind[] {
  if (!screen.test(text)) return [];
  const kinds: SecretKind[] = [];
  combined.lastIndex = 0;
  for (const match of text.matchAll(combined)) {
    if (isPlaceholder(match[0])) continue;
    const groups = match.groups ?? {};
    const index = patterns.findIndex((_, position) => groups[`k${position}`] !== undefined);
    const pattern = patterns[index];
    if (pattern) kinds.push(pattern[0]);
  }
  return kinds;
}

/**
 * Every field of a trajectory that holds something shaped like a credential: Anthropic,
 * OpenAI, Google (API keys and OAuth tokens), GitHub, AWS (key ids and secret keys), Hugging
 * Face and Slack tokens, and PEM private keys. Findings name the kind and the field, never the
 * value, so they can be logged. Placeholders such as AWS's `AKIAIOSFODNN7EXAMPLE` are ignored.
 */
export function findSecrets(trajectory: Trajectory): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const scan = (text: string, path: string): void => {
    for (const kind of new Set(findSecretsInText(text))) findings.push({ kind, path });
  };
  scan(trajectory.systemPrompt, 'systemPrompt');
  trajectory.initialMessages.forEach((message, index) => scan(message.content, `initialMessages.${index}.content`));
  trajectory.steps.forEach((step, index) => {
    scan(step.rawOutput, `steps.${index}.rawOutput`);
    if (step.action !== null && !step.rawOutput.includes(step.action)) scan(step.action, `steps.${index}.action`);
    if (!step.rawOutput.includes(step.thought)) scan(step.thought, `steps.${index}.thought`);
    scan(step.observation, `steps.${index}.observation`);
    step.toolCalls?.forEach((call, position) => {
      scan(call.arguments, `steps.${index}.toolCalls.${position}.arguments`);
      if (call.output !== undefined) scan(call.output, `steps.${index}.toolCalls.${position}.output`);
    });
  });
  if (trajectory.submission !== null) {
    scan(trajectory.submission.type === 'diff' ? trajectory.submission.diff : trajectory.submission.text, 'submission');
  }
  return findings;
}
