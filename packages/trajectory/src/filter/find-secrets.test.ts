import { describe, expect, it } from 'vitest';
import { makeStep, makeTrajectory } from '../__fixtures__/make-trajectory';
import { createTrajectoryFilter } from './create-trajectory-filter';
import { findSecrets, findSecretsInText, type SecretKind } from './find-secrets';

// Built from parts so the source holds no key-shaped literal.
const letters = (length: number, seed = 7): string => {
  const alphabet = 'aB3dE5gH7jK9mN1pQ2rS4tU6vW8xY0zC';
  let text = '';
  for (let index = 0; index < length; index += 1) text += alphabet[(index * seed + 3) % alphabet.length];
  return text;
};

const samples: ReadonlyArray<readonly [SecretKind, string]> = [
  ['anthropic-api-key', `sk-ant-api03-${letters(90)}`],
  ['openai-api-key', `sk-proj-${letters(60)}`],
  ['openai-api-key', `sk-${letters(48)}`],
  ['google-api-key', `AIza${letters(35)}`],
  ['google-oauth-token', `ya29.${letters(40)}`],
  ['github-token', `ghp_${letters(36)}`],
  ['github-token', `github_pat_${letters(22)}_${letters(59, 5)}`],
  ['aws-access-key-id', `AKIA${letters(16).toUpperCase()}`],
  ['aws-secret-access-key', `aws_secret_access_key = ${letters(40).replace(/[^A-Za-z0-9]/g, '/')}`],
  ['huggingface-token', `hf_${letters(34)}`],
  ['slack-token', `xoxb-${letters(12)}-${letters(12, 3)}`],
  ['private-key', '-----BEGIN OPENSSH PRIVATE KEY-----'],
];

describe('findSecretsInText', () => {
  it.each(samples)('finds a %s', (kind, secret) => {
    expect(findSecretsInText(`export TOKEN="${secret}"\n`)).toContain(kind);
  });

  it('ignores placeholders, identifiers and ordinary text', () => {
    expect(findSecretsInText('aws_access_key_id = AKIAIOSFODNN7EXAMPLE')).toEqual([]);
    expect(findSecretsInText(`OPENAI_API_KEY=sk-${'x'.repeat(48)}`)).toEqual([]);
    expect(findSecretsInText('from huggingface_hub import hf_hub_download; sk-learn is not sklearn')).toEqual([]);
    expect(findSecretsInText('def ask_ant_api(): pass')).toEqual([]);
  });
});

describe('findSecrets and the filter', () => {
  it('names the kind and field of a leaked key and never its value', () => {
    const secret = `ghp_${letters(36)}`;
    const trajectory = makeTrajectory({
      steps: [makeStep(0, 'env', `PATH=/usr/bin\nGITHUB_TOKEN=${secret}`), makeStep(1, 'echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT', 'done')],
    });
    expect(findSecrets(trajectory)).toEqual([{ kind: 'github-token', path: 'steps.0.observation' }]);
    const decision = createTrajectoryFilter().check(trajectory);
    expect(decision).toEqual({ accepted: false, reason: 'secret', message: 'github-token in steps.0.observation' });
    expect(JSON.stringify(decision)).not.toContain(secret);
    expect(JSON.stringify(decision)).not.toContain(secret.slice(4, 12));
  });
});
