import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CrashRecord, crashRecord, crashRecordCount } from './__fixtures__/crash-records';
import { readJsonl } from './read-jsonl';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const writerScript = fileURLToPath(new URL('./__fixtures__/crash-writer.ts', import.meta.url));
const killedRuns = 20;
const seed = 0x5e5b07;

/** mulberry32: a small seeded generator, so a failing kill schedule can be replayed. */
function seededRandom(initial: number): () => number {
  let state = initial >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface ChildRun {
  /** Records the writer found on open. */
  opened: number;
  /** Whether the writer cut a torn last line on open. */
  repaired: boolean;
  /** New records the child reported written before it died or finished. */
  reported: number;
  /** Whether the child finished and closed the writer. */
  finished: boolean;
  /** The signal that ended the child, if any. */
  signal: NodeJS.Signals | null;
}

/** Runs the writer child; kills it with SIGKILL once it has reported `killAfter(opened)` new records. */
function runWriterChild(file: string, killAfter: (opened: number) => number | undefined): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writerScript, file], {
      cwd: packageRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: ChildRun = { opened: -1, repaired: false, reported: 0, finished: false, signal: null };
    let target: number | undefined;
    let buffered = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      buffered += text;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [word, first, second] = line.split(' ');
        if (word === 'open') {
          run.opened = Number(first);
          run.repaired = second === '1';
          target = killAfter(run.opened);
        } else if (word === 'wrote') {
          run.reported = Number(first);
          if (target !== undefined && run.reported >= target && child.exitCode === null) child.kill('SIGKILL');
        } else if (word === 'done') {
          run.finished = true;
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      run.signal = signal;
      if (signal === null && code !== 0) reject(new Error(`writer child exited with code ${code}:\n${stderr}`));
      else resolve(run);
    });
  });
}

describe('openJsonlWriter under SIGKILL', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'swespot-jsonl-crash-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it(
    `keeps each of ${crashRecordCount} ids exactly once, in order, across ${killedRuns} kills`,
    async () => {
      const file = join(directory, 'out', 'records.jsonl');
      const random = seededRandom(seed);
      const runs: ChildRun[] = [];
      let simulatedTornTails = 0;

      for (let runIndex = 0; runIndex < killedRuns; runIndex += 1) {
        const run = await runWriterChild(file, (opened) => {
          // Spread the kills so that, on average, records remain for the runs still to come.
          const remaining = crashRecordCount - opened;
          const span = Math.max(1, Math.floor((2 * remaining) / (killedRuns - runIndex + 1)));
          return 1 + Math.floor(random() * span);
        });
        expect(run.opened).toBeGreaterThanOrEqual(0);
        const previous = runs.at(-1);
        if (previous) {
          // Nothing reported written was lost; at most one record was written but not yet reported.
          expect(run.opened).toBeGreaterThanOrEqual(previous.opened + previous.reported);
          expect(run.opened).toBeLessThanOrEqual(previous.opened + previous.reported + 1);
        }
        runs.push(run);
        // A kill inside write(2) is too rare to rely on, so every other run also leaves the torn
        // line such a kill would: a strict prefix of the next record's line, without newline.
        if (runIndex % 2 === 0 && !run.finished) {
          const line = JSON.stringify(crashRecord(run.opened + run.reported));
          await appendFile(file, line.slice(0, 1 + Math.floor(random() * (line.length - 1))));
          simulatedTornTails += 1;
        }
      }

      const final = await runWriterChild(file, () => undefined);
      const last = runs.at(-1);
      expect(final.finished).toBe(true);
      expect(final.signal).toBeNull();
      expect(final.opened).toBeGreaterThanOrEqual((last?.opened ?? 0) + (last?.reported ?? 0));
      expect(final.opened + final.reported).toBe(crashRecordCount);
      runs.push(final);

      const killedMidway = runs.filter((run) => run.signal === 'SIGKILL' && !run.finished).length;
      const repairedOnOpen = runs.filter((run) => run.repaired).length;
      console.log(
        [
          `JSONL crash test: seed ${seed}, ${runs.length} runs, ${killedMidway} killed mid-way, ` +
            `${simulatedTornTails} torn tails left, ${repairedOnOpen} repaired on open`,
          `records written per run: ${runs.map((run) => run.reported).join(', ')}`,
          `records found on open:   ${runs.map((run) => run.opened).join(', ')}`,
        ].join('\n'),
      );
      expect(killedMidway).toBeGreaterThanOrEqual(15);
      expect(repairedOnOpen).toBe(simulatedTornTails);
      expect(final.reported).toBeGreaterThan(0);

      const reader = readJsonl(file, { schema: CrashRecord, onInvalid: 'throw', onTruncatedTail: 'throw' });
      let index = 0;
      const mismatches: string[] = [];
      for await (const record of reader) {
        // Same id, order and payload as first written: no duplicate, no loss, no corruption.
        const expected = crashRecord(index);
        if (record.id !== expected.id || record.index !== index || record.payload !== expected.payload) {
          mismatches.push(`line ${index + 1}: ${record.id}, expected ${expected.id}`);
        }
        index += 1;
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
      expect(index).toBe(crashRecordCount);
      expect(reader.stats).toEqual({
        linesRead: crashRecordCount,
        recordsYielded: crashRecordCount,
        blankLines: 0,
        skippedLines: [],
        truncatedTail: undefined,
      });
    },
    // 21 child processes, each starting node with tsx: minutes on a loaded machine.
    900_000,
  );
});
