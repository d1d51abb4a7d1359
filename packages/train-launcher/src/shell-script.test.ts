import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderBashArray, shellQuote } from './shell-script';

describe('shellQuote', () => {
  it.each(['plain', 'data/a.jsonl#2048', "it's", 'a "quoted" $value', 'back`tick` \\ slash', '{"min_lr": 1e-06}', '#start', '', 'two  spaces', 'new\nline'])(
    'round-trips %j through bash unchanged',
    (word) => {
      const printed = execFileSync('bash', ['-c', `printf '%s' ${shellQuote(word)}`], { encoding: 'utf8' });
      expect(printed).toBe(word);
    },
  );

  it('leaves safe words bare and renders arrays one flag per line', () => {
    expect(shellQuote('--lr')).toBe('--lr');
    expect(renderBashArray('arguments', ['--dataset', 'a#1', 'b c', '--lr', '1e-5'])).toBe("arguments=(\n  --dataset a#1 'b c'\n  --lr 1e-5\n)");
  });
});
