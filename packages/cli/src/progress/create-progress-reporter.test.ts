import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressReporter, type ProgressStream } from './create-progress-reporter';

function captureStream(tty?: { columns: number }): { stream: ProgressStream; output: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  if (tty) {
    stream.isTTY = true;
    stream.columns = tty.columns;
  }
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, output: () => chunks.join('') };
}

// Strips ANSI escape sequences (cursor moves, line clears) from terminal output.
function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}

describe('createProgressReporter without a TTY', () => {
  it('prints a line every 10% and a final line, with elapsed and remaining time', () => {
    const { stream, output } = captureStream();
    let clock = 1_000;
    const progress = createProgressReporter({ stream, total: 200, label: 'fim holes', now: () => clock });
    for (let item = 0; item < 200; item += 1) {
      clock += 100;
      progress.increment();
    }
    progress.stop();
    const lines = output().trimEnd().split('\n');
    expect(lines[0]).toBe('fim holes: 0/200 (0%)');
    expect(lines[1]).toBe('fim holes: 20/200 (10%), 2s elapsed, about 18s left');
    expect(lines[5]).toBe('fim holes: 100/200 (50%), 10s elapsed, about 10s left');
    expect(lines[10]).toBe('fim holes: 200/200 (100%), 20s elapsed');
    expect(lines[11]).toBe('fim holes: done, 200/200 (100%) in 20s');
    expect(lines).toHaveLength(12);
    expect(output()).not.toContain('\u001b');
  });

  it('also prints when the interval passes without a new 10% step, and says where it stopped', () => {
    const { stream, output } = captureStream();
    let clock = 0;
    const progress = createProgressReporter({
      stream,
      total: 1000,
      label: 'trajectories',
      intervalMs: 5000,
      now: () => clock,
    });
    clock = 4_000;
    progress.increment(5);
    clock = 6_000;
    progress.increment(5);
    clock = 7_000;
    progress.increment(5);
    clock = 65_000;
    progress.update(20);
    progress.log('warning: instance 17 timed out');
    progress.stop();
    progress.stop();
    expect(output()).toBe(
      [
        'trajectories: 0/1000 (0%)',
        'trajectories: 10/1000 (1%), 6s elapsed, about 9m 54s left',
        'trajectories: 20/1000 (2%), 1m 05s elapsed, about 53m 05s left',
        'warning: instance 17 timed out',
        'trajectories: stopped at 20/1000 (2%) after 1m 05s',
        '',
      ].join('\n'),
    );
  });

  it('honours a new total and a custom step', () => {
    const { stream, output } = captureStream();
    const progress = createProgressReporter({ stream, total: 0, label: 'files', percentStep: 50, now: () => 0 });
    progress.setTotal(4);
    progress.update(1);
    progress.update(2);
    progress.update(4);
    progress.stop();
    expect(progress.completed).toBe(4);
    expect(progress.total).toBe(4);
    expect(output().split('\n')).toEqual([
      'files: 0/0 (0%)',
      'files: 2/4 (50%), 0s elapsed, about 0s left',
      'files: 4/4 (100%), 0s elapsed',
      'files: done, 4/4 (100%) in 0s',
      '',
    ]);
  });
});

describe('createProgressReporter on a TTY', () => {
  it('draws a cli-progress bar with the label, percentage and counts, and ends it with a newline', () => {
    const { stream, output } = captureStream({ columns: 120 });
    const progress = createProgressReporter({ stream, total: 4, label: 'bugfix' });
    progress.increment();
    progress.increment(3);
    progress.stop();
    const raw = output();
    // Cursor control codes show it drew in place rather than printing lines.
    expect(raw).toContain('\u001b[');
    expect(raw.endsWith('\n')).toBe(true);
    const text = stripAnsi(raw);
    expect(text).toContain('bugfix [');
    expect(text).toContain('] 0% | 0/4');
    expect(text).toMatch(/bugfix \[={30}\] 100% \| 4\/4 \| \d+s elapsed \| ETA 0s/);
    expect(text).not.toContain('done,');
  });

  it('hides the cursor and line wrapping while drawing and restores both on stop', () => {
    const { stream, output } = captureStream({ columns: 20 });
    const progress = createProgressReporter({ stream, total: 10, label: 'design' });
    progress.update(10);
    const whileDrawing = output();
    expect(whileDrawing).toContain('\u001b[?25l');
    expect(whileDrawing).toContain('\u001b[?7l');
    expect(whileDrawing).not.toContain('\u001b[?25h');
    progress.stop();
    const afterStop = output().slice(whileDrawing.length);
    expect(afterStop).toContain('\u001b[?25h');
    expect(afterStop).toContain('\u001b[?7h');
    expect(stripAnsi(output())).toContain('design [');
  });

  it('prints a log message on its own line and draws the bar again', () => {
    const { stream, output } = captureStream({ columns: 120 });
    const progress = createProgressReporter({ stream, total: 2, label: 'test-repro' });
    progress.increment();
    progress.log('retrying instance 1');
    progress.stop();
    const text = stripAnsi(output());
    const logAt = text.indexOf('retrying instance 1\n');
    expect(logAt).toBeGreaterThan(0);
    expect(text.slice(logAt)).toContain('test-repro [');
  });
});
