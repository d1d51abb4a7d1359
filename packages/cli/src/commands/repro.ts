import { resolve } from 'node:path';
import { openJsonlWriter, testReproTaskSchema, type BugfixTask, type SandboxSessionV1 } from '@swespot/core';
import { runGit } from '@swespot/repo-sandbox';
import { buildReproTask, reproTaskIdOf } from '@swespot/test-repro';
import type { Command } from 'commander';
import type { CommandContext } from './command-context';
import { readReproInput } from './repro-records';

interface ReproOptions {
  out: string;
  repo?: string;
  hide: boolean;
  json?: boolean;
}

/** Statistics of one `swespot repro` run. */
interface ReproStatistics {
  out: string;
  read: number;
  written: number;
  alreadyInFile: number;
  fromTestPatch: number;
  withHiddenTests: number;
  hiddenTests: number;
  visibleTests: number;
  visibleReasons: Record<string, number>;
}

/**
 * Reads files of a bugfix task's snapshot: from `--repo` (a clone holding the commit, read
 * with `git show`), else from the task's environment image (a container per image, reused).
 */
function createSnapshotReader(repo: string | undefined, context: CommandContext) {
  const sessions = new Map<string, Promise<SandboxSessionV1>>();
  return {
    reader(task: BugfixTask): (path: string) => Promise<string | undefined> {
      if (repo !== undefined) {
        return async (path) => {
          const result = await runGit(['show', `${task.snapshot.commit}:${path}`], { cwd: repo, allowedExitCodes: [0, 128], ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}) });
          if (result.exitCode === 0) return result.stdout.toString('utf8');
          if (/does not exist|exists on disk, but not in/.test(result.stderr)) return undefined;
          throw new Error(`--repo: cannot read ${path} at ${task.snapshot.commit} in ${repo}: ${result.stderr.trim()}`);
        };
      }
      const image = task.environment.image;
      if (image === undefined) {
        return async () => {
          throw new Error(`task ${task.id} has no environment.image to read its snapshot from; pass --repo DIR (a clone holding ${task.snapshot.commit}) or --no-hide`);
        };
      }
      return async (path) => {
        let session = sessions.get(image);
        if (session === undefined) {
          session = import('@swespot/repo-sandbox/docker').then(({ createDockerSandbox }) => createDockerSandbox({ workdir: task.environment.workingDirectory, reapOrphans: false }).createSession({ image }));
          sessions.set(image, session);
        }
        const opened = await session.catch((error: unknown) => {
          throw new Error(`cannot start the image ${image} of task ${task.id} to read its snapshot (${(error as Error).message}); pass --repo DIR (a clone holding ${task.snapshot.commit}) or --no-hide`);
        });
        return opened.readFile(path).then(
          (bytes) => Buffer.from(bytes).toString('utf8'),
          () => undefined,
        );
      };
    },
    async close() {
      for (const session of sessions.values()) await session.then((opened) => opened.destroy(), () => undefined);
    },
  };
}

/**
 * Adds `swespot repro <bugs.jsonl> --out repro.jsonl`: RCX unit 4, a reproduction-test task
 * for every validated bugfix task (swespot records, or SWE-bench rows), resumable.
 */
export function registerReproCommand(program: Command, context: CommandContext): void {
  program
    .command('repro')
    .description('make reproduction-test tasks (RCX unit 4) from bugfix tasks: the same bug, tests to write instead of a fix')
    .argument('<bugs>', 'JSONL of bugfix tasks (pr-mirror output, or SWE-bench-style rows)')
    .requiredOption('--out <file>', 'tasks JSONL file (TestReproTask records); tasks already in it are skipped')
    .option('--repo <dir>', 'a clone holding the snapshot commits, to read the failing tests to hide (default: read them from each task\'s environment image)')
    .option('--no-hide', 'leave failing tests that sit in the snapshot visible to the agent')
    .option('--json', 'print the statistics as JSON')
    .action(async (bugs: string, options: ReproOptions) => {
      const input = resolve(context.cwd, bugs);
      const records = await readReproInput(input, ['bugfix']);
      const out = resolve(context.cwd, options.out);
      const writer = await openJsonlWriter(out, { schema: testReproTaskSchema, schemaName: 'TestReproTask', ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}) });
      const snapshots = createSnapshotReader(options.repo === undefined ? undefined : resolve(context.cwd, options.repo), context);
      const statistics: ReproStatistics = { out, read: records.length, written: 0, alreadyInFile: 0, fromTestPatch: 0, withHiddenTests: 0, hiddenTests: 0, visibleTests: 0, visibleReasons: {} };
      try {
        for (const record of records) {
          if (record.kind !== 'bugfix') continue;
          const bugfix = record.task;
          if (writer.has(reproTaskIdOf(bugfix.id))) {
            statistics.alreadyInFile++;
            continue;
          }
          const built = await buildReproTask({ bugfix, hideTests: options.hide, readSnapshotFile: snapshots.reader(bugfix) });
          await writer.write(built.task);
          statistics.written++;
          if (bugfix.testPatch.trim() !== '') statistics.fromTestPatch++;
          if (built.hiddenTests.length > 0) statistics.withHiddenTests++;
          statistics.hiddenTests += built.hiddenTests.length;
          statistics.visibleTests += built.visibleTests.length;
          for (const visible of built.visibleTests) {
            const reason = visible.reason.replace(/ in .*$| is changed .*$/, (match) => (match.startsWith(' in') ? ' in the files looked at' : ' is changed by the bug patch'));
            statistics.visibleReasons[reason] = (statistics.visibleReasons[reason] ?? 0) + 1;
          }
        }
      } finally {
        await writer.close();
        await snapshots.close();
      }
      if (options.json === true) {
        context.stdout.write(`${JSON.stringify(statistics, null, 2)}\n`);
        return;
      }
      const lines = [
        `repro ${out}`,
        `tasks ${statistics.written} written, ${statistics.alreadyInFile} already in the file (of ${statistics.read} bugfix tasks)`,
        `gold tests from the bugfix test patch in ${statistics.fromTestPatch}; hidden from the snapshot in ${statistics.withHiddenTests} (${statistics.hiddenTests} tests)`,
      ];
      if (statistics.visibleTests > 0) {
        lines.push(`left visible ${statistics.visibleTests} tests: ${Object.entries(statistics.visibleReasons).map(([reason, count]) => `${count} ${reason}`).join(', ')}`);
      }
      context.stdout.write(`${lines.join('\n')}\n`);
    });
}
