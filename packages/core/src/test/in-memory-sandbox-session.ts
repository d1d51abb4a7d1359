import { randomUUID } from 'node:crypto';
import { posix } from 'node:path';
import { SwespotError } from '../errors/swespot-error';
import type { SandboxCapabilitiesV1 } from '../sandbox/v1/sandbox-capabilities-v1';
import type { SandboxExecOptionsV1, SandboxExecResultV1 } from '../sandbox/v1/sandbox-exec-v1';
import type { SandboxFileEntryV1 } from '../sandbox/v1/sandbox-files-v1';
import type { SandboxExecutorV1, SandboxSessionV1 } from '../sandbox/v1/sandbox-session-v1';

/** What a command handler returns; missing fields default to a clean exit with no output. */
export type InMemoryCommandResult = Partial<Pick<SandboxExecResultV1, 'exitCode' | 'stdout' | 'stderr' | 'timedOut'>>;

/** Handles one command in the in-memory sandbox; gets the parsed words and the session's files. */
export type InMemoryCommandHandler = (context: {
  /** The command as given. */
  readonly command: string | readonly string[];
  /** The command split into words (shell quoting respected for simple cases). */
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly files: Map<string, Uint8Array>;
  readonly options: SandboxExecOptionsV1;
}) => InMemoryCommandResult | Promise<InMemoryCommandResult>;

/** Settings of {@link createInMemorySandboxSession}. */
export interface InMemorySandboxSettings {
  /** Initial files: path (relative to the workspace) → text or bytes. */
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
  /**
   * Handlers by program name (the first word), over the built-in `echo`, `cat`, `ls`,
   * `pwd`, `true` and `false`. A command with no handler exits 127 with "command not found".
   */
  readonly commands?: Readonly<Record<string, InMemoryCommandHandler>>;
  /** Handles anything without a named handler, instead of the 127 answer. */
  readonly fallback?: InMemoryCommandHandler;
  /** The workspace root reported as `workdir`. Default: `/workspace`. */
  readonly workdir?: string;
}

/** An in-memory session: a {@link SandboxSessionV1} plus what tests inspect. */
export interface InMemorySandboxSession extends SandboxSessionV1 {
  /** The files, keyed by absolute path under `workdir`. */
  readonly files: Map<string, Uint8Array>;
  /** Every exec call, in order. */
  readonly execCalls: SandboxExecOptionsV1[];
  /** Whether `destroy` was called. */
  readonly destroyed: boolean;
}

const CAPABILITIES: SandboxCapabilitiesV1 = {
  networkIsolation: true,
  filesystemIsolation: true,
  resourceLimits: false,
  processTreeKill: true,
  containerImages: false,
};

/**
 * A sandbox session that keeps files in memory and answers commands with handlers, for
 * testing code that drives a {@link SandboxSessionV1} (agents, graders) without a real
 * sandbox. It runs no real programs: commands are handled by the built-ins (`echo`,
 * `cat`, `ls`, `pwd`, `true`, `false`) and the handlers you pass.
 *
 * @example
 * ```ts
 * const session = createInMemorySandboxSession({
 *   files: { 'src/a.py': 'print(1)\n' },
 *   commands: { pytest: () => ({ exitCode: 1, stdout: 'FAILED test_a.py::test_x' }) },
 * });
 * await session.exec({ command: 'cat src/a.py' }); // stdout 'print(1)\n'
 * ```
 */
export function createInMemorySandboxSession(settings: InMemorySandboxSettings = {}): InMemorySandboxSession {
  const workdir = settings.workdir ?? '/workspace';
  const files = new Map<string, Uint8Array>();
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const execCalls: SandboxExecOptionsV1[] = [];
  let destroyed = false;

  const resolve = (path: string, cwd = workdir) => posix.resolve(cwd, path);
  const assertAlive = () => {
    if (destroyed) throw new SwespotError({ message: 'The in-memory sandbox session was destroyed; create a new one.' });
  };
  for (const [path, content] of Object.entries(settings.files ?? {})) {
    files.set(resolve(path), typeof content === 'string' ? encoder.encode(content) : content);
  }

  const builtins: Record<string, InMemoryCommandHandler> = {
    echo: ({ argv }) => ({ stdout: `${argv.slice(1).join(' ')}\n` }),
    pwd: ({ cwd }) => ({ stdout: `${cwd}\n` }),
    true: () => ({ exitCode: 0 }),
    false: () => ({ exitCode: 1 }),
    cat: ({ argv, cwd }) => {
      let stdout = '';
      for (const name of argv.slice(1)) {
        const content = files.get(resolve(name, cwd));
        if (!content) return { exitCode: 1, stdout, stderr: `cat: ${name}: No such file or directory\n` };
        stdout += decoder.decode(content);
      }
      return { stdout };
    },
    ls: ({ argv, cwd }) => {
      const folder = resolve(argv[1] ?? '.', cwd);
      const names = new Set<string>();
      for (const path of files.keys()) {
        if (path.startsWith(`${folder}/`)) names.add(path.slice(folder.length + 1).split('/')[0]!);
      }
      if (names.size === 0 && !files.has(folder)) return { exitCode: 2, stderr: `ls: cannot access '${argv[1]}': No such file or directory\n` };
      return { stdout: names.size ? `${[...names].sort().join('\n')}\n` : `${argv[1]}\n` };
    },
  };
  const handlers = { ...builtins, ...settings.commands };

  const executor: SandboxExecutorV1 = {
    workdir,
    capabilities: CAPABILITIES,
    async exec(options) {
      assertAlive();
      execCalls.push(options);
      const started = performance.now();
      if (options.abortSignal?.aborted) return result({ exitCode: null }, started, { aborted: true });
      const argv = typeof options.command === 'string' ? splitWords(options.command) : [...options.command];
      const cwd = resolve(options.cwd ?? '.');
      const handler = handlers[argv[0] ?? ''] ?? settings.fallback;
      if (!handler) return result({ exitCode: 127, stderr: `bash: ${argv[0]}: command not found\n` }, started);
      const answer = await handler({ command: options.command, argv, cwd, files, options });
      return result(answer, started);
    },
    async readFile(path) {
      assertAlive();
      const content = files.get(resolve(path));
      if (!content) throw new SwespotError({ message: `No such file in the in-memory sandbox: ${resolve(path)}` });
      return content;
    },
    async writeFile(path, content) {
      assertAlive();
      files.set(resolve(path), typeof content === 'string' ? encoder.encode(content) : content);
    },
    async listFiles(path, options = {}) {
      assertAlive();
      const folder = resolve(path);
      const entries = new Map<string, SandboxFileEntryV1>();
      for (const [filePath, content] of files) {
        if (!filePath.startsWith(`${folder}/`)) continue;
        const parts = filePath.slice(folder.length + 1).split('/');
        if (options.recursive) {
          for (let depth = 1; depth < parts.length; depth++) {
            const dir = parts.slice(0, depth).join('/');
            entries.set(dir, { path: dir, type: 'directory' });
          }
          entries.set(parts.join('/'), { path: parts.join('/'), type: 'file', size: content.byteLength });
        } else if (parts.length === 1) {
          entries.set(parts[0]!, { path: parts[0]!, type: 'file', size: content.byteLength });
        } else {
          entries.set(parts[0]!, { path: parts[0]!, type: 'directory' });
        }
      }
      return [...entries.values()].sort((left, right) => left.path.localeCompare(right.path));
    },
  };

  return {
    ...executor,
    id: randomUUID(),
    provider: 'memory',
    files,
    execCalls,
    get destroyed() {
      return destroyed;
    },
    restricted: () => ({ ...executor }),
    async destroy() {
      destroyed = true;
    },
  };
}

function result(
  answer: InMemoryCommandResult,
  started: number,
  extra: { aborted?: boolean } = {},
): SandboxExecResultV1 {
  return {
    exitCode: answer.exitCode === undefined ? 0 : answer.exitCode,
    stdout: answer.stdout ?? '',
    stderr: answer.stderr ?? '',
    stdoutTruncated: false,
    stderrTruncated: false,
    timedOut: answer.timedOut ?? false,
    aborted: extra.aborted ?? false,
    durationMs: performance.now() - started,
  };
}

/** Splits a simple command line into words, honouring single and double quotes and backslashes. */
function splitWords(command: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let inWord = false;
  for (let index = 0; index < command.length; index++) {
    const character = command[index]!;
    if (quote) {
      if (character === quote) quote = undefined;
      else if (character === '\\' && quote === '"' && index + 1 < command.length) current += command[++index];
      else current += character;
    } else if (character === '"' || character === "'") {
      quote = character;
      inWord = true;
    } else if (character === '\\' && index + 1 < command.length) {
      current += command[++index];
      inWord = true;
    } else if (/\s/.test(character)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += character;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}
