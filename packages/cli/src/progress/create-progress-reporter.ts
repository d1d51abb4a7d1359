import { SingleBar } from 'cli-progress';

/** A stream progress can be written to; `isTTY` and `columns` are read when present. */
export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** Settings of {@link createProgressReporter}. */
export interface ProgressReporterSettings {
  /** What is counted, printed before the figures, e.g. `fim holes`. */
  label: string;
  /** How many items there are in all (a count, not a percentage). */
  total: number;
  /** Where progress goes. Default: `process.stderr`, so stdout stays clean for results. */
  stream?: ProgressStream;
  /** Without a TTY: print a line each time progress crosses another multiple of this many percent. Default 10. */
  percentStep?: number;
  /** Without a TTY: also print a line when this many milliseconds passed since the last one. Default 5000. */
  intervalMs?: number;
  /** The clock for elapsed and remaining time, in milliseconds. Default: `Date.now`. */
  now?: () => number;
}

/** Reports the progress of one stage; create it with {@link createProgressReporter}. */
export interface ProgressReporter {
  /** Items done so far. */
  readonly completed: number;
  /** Items in all. */
  readonly total: number;
  /** Counts `count` more items as done (default 1). */
  increment(count?: number): void;
  /** Sets the number of items done. */
  update(completed: number): void;
  /** Changes the number of items in all, e.g. once it is known. */
  setTotal(total: number): void;
  /** Prints a message on its own line without breaking the bar. */
  log(message: string): void;
  /**
   * Prints the final state and releases the terminal. Further calls do nothing. With
   * `failed: true` the last line says `stopped at`, never `done`.
   */
  stop(options?: { readonly failed?: boolean }): void;
}

/** Formats milliseconds as `12s`, `3m 05s` or `1h 02m`. */
function formatDuration(milliseconds: number): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

function percentOf(completed: number, total: number): number {
  return total > 0 ? Math.min(100, Math.floor((completed / total) * 100)) : 0;
}

/**
 * Creates a progress reporter. On a TTY it draws a cli-progress bar
 * (`label [=====-----] 50% | 1024/2048 | 12s elapsed | ETA 12s`); on anything else (a
 * pipe, a CI log, a file) it prints plain lines (`label: 1024/2048 (50%), 12s elapsed,
 * about 12s left`) every `percentStep` percent or `intervalMs` milliseconds, and a final
 * line on {@link ProgressReporter.stop}. It writes only to `stream`.
 */
export function createProgressReporter(settings: ProgressReporterSettings): ProgressReporter {
  const stream = settings.stream ?? process.stderr;
  return stream.isTTY === true ? createBarReporter(settings, stream) : createLineReporter(settings, stream);
}

function createBarReporter(settings: ProgressReporterSettings, stream: ProgressStream): ProgressReporter {
  let completed = 0;
  let total = settings.total;
  let stopped = false;
  const bar = new SingleBar({
    stream,
    format: '{label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted} elapsed | ETA {eta_formatted}',
    barsize: 30,
    hideCursor: true,
    // Redraw even when the line is unchanged, so a bar cleared by log() comes back.
    forceRedraw: true,
    gracefulExit: true,
  });
  bar.start(total, 0, { label: settings.label });
  return {
    get completed() {
      return completed;
    },
    get total() {
      return total;
    },
    increment(count = 1) {
      if (stopped) return;
      completed += count;
      bar.update(completed);
    },
    update(value) {
      if (stopped) return;
      completed = value;
      bar.update(completed);
    },
    setTotal(value) {
      if (stopped) return;
      total = value;
      bar.setTotal(value);
    },
    log(message) {
      if (stopped) {
        stream.write(`${message}\n`);
        return;
      }
      // Carriage return + erase line, so the message replaces the bar; the bar is drawn again below it.
      stream.write(`\r\u001b[2K${message}\n`);
      bar.render();
    },
    stop(options) {
      if (stopped) return;
      stopped = true;
      bar.stop();
      if (options?.failed === true) stream.write(`${settings.label}: stopped at ${completed}/${total}\n`);
    },
  };
}

function createLineReporter(settings: ProgressReporterSettings, stream: ProgressStream): ProgressReporter {
  const now = settings.now ?? Date.now;
  const percentStep = settings.percentStep ?? 10;
  const intervalMs = settings.intervalMs ?? 5000;
  const startedAt = now();
  let completed = 0;
  let total = settings.total;
  let stopped = false;
  let lastPrintedAt = startedAt;
  let lastPrintedStep = 0;

  const figures = () => `${completed}/${total} (${percentOf(completed, total)}%)`;
  const print = () => {
    const elapsed = now() - startedAt;
    const remaining =
      completed > 0 && total > completed ? `, about ${formatDuration((elapsed / completed) * (total - completed))} left` : '';
    stream.write(`${settings.label}: ${figures()}, ${formatDuration(elapsed)} elapsed${remaining}\n`);
    lastPrintedAt = now();
    lastPrintedStep = Math.floor(percentOf(completed, total) / percentStep);
  };
  const maybePrint = () => {
    if (stopped) return;
    const step = Math.floor(percentOf(completed, total) / percentStep);
    if (step > lastPrintedStep || now() - lastPrintedAt >= intervalMs) print();
  };

  stream.write(`${settings.label}: ${figures()}\n`);
  return {
    get completed() {
      return completed;
    },
    get total() {
      return total;
    },
    increment(count = 1) {
      completed += count;
      maybePrint();
    },
    update(value) {
      completed = value;
      maybePrint();
    },
    setTotal(value) {
      total = value;
      lastPrintedStep = Math.floor(percentOf(completed, total) / percentStep);
    },
    log(message) {
      stream.write(`${message}\n`);
    },
    stop(options) {
      if (stopped) return;
      stopped = true;
      const elapsed = formatDuration(now() - startedAt);
      stream.write(
        completed >= total && options?.failed !== true
          ? `${settings.label}: done, ${figures()} in ${elapsed}\n`
          : `${settings.label}: stopped at ${figures()} after ${elapsed}\n`,
      );
    },
  };
}
