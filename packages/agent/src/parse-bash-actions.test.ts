import { describe, expect, it } from 'vitest';
import { parseBashActions } from './parse-bash-actions';

describe('parseBashActions', () => {
  it('takes the command of one bash block and the thought before it', () => {
    const parsed = parseBashActions('THOUGHT: look around.\n\n```bash\nls -la && cat a.py\n```\nthanks');
    expect(parsed).toEqual({ actions: ['ls -la && cat a.py'], thought: 'THOUGHT: look around.' });
  });

  it('keeps multi-line commands and heredocs whole', () => {
    const reply = "Write it.\n```bash\ncat <<'EOF' > a.py\nx = 1\nEOF\n```";
    expect(parseBashActions(reply).actions).toEqual(["cat <<'EOF' > a.py\nx = 1\nEOF"]);
  });

  it('finds every block, and none in plain text or other languages', () => {
    expect(parseBashActions('```bash\nls\n```\nthen\n```bash\npwd\n```').actions).toEqual(['ls', 'pwd']);
    expect(parseBashActions('I am done.')).toEqual({ actions: [], thought: 'I am done.' });
    expect(parseBashActions('```python\nprint(1)\n```').actions).toEqual([]);
  });

  it('accepts a non-global custom pattern', () => {
    expect(parseBashActions('<cmd>\nls\n</cmd>', /<cmd>\n(.*?)\n<\/cmd>/s).actions).toEqual(['ls']);
  });
});
