import { describe, expect, it } from 'vitest';
import { linesRunInScript } from './v8-coverage';

describe('linesRunInScript', () => {
  it('reads a line as run when the innermost V8 range around its first character ran', () => {
    const source = ['function f(x) {', '  if (x) {', '    return 1;', '  }', '  return 2;', '}', 'f(0);', ''].join('\n');
    // What V8 reports for `f(0)`: the script and f ran once, the if-block never.
    const blockStart = source.indexOf('{', source.indexOf('if (x)'));
    const ranges = [
      { startOffset: 0, endOffset: source.length, count: 1 },
      { startOffset: 0, endOffset: source.indexOf('f(0)') - 1, count: 1 },
      { startOffset: blockStart, endOffset: source.indexOf('}', blockStart) + 1, count: 0 },
    ];
    expect(Object.fromEntries(linesRunInScript(source, ranges, [1, 2, 3, 5, 7]))).toEqual({ 1: true, 2: true, 3: false, 5: true, 7: true });
  });
});
