import { hostname } from 'node:os';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli';
import { bindConfigKeys } from './config-backed-options';

function capture(): { stream: PassThrough; text: () => string } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

const required = {
  repo: '.',
  cutoff: '2024-06-30',
  teacher: { provider: 'anthropic', model: 'claude-sonnet-4-5' },
  student: { provider: 'openai', model: 'Qwen/Qwen3-4B-Instruct-2507', baseUrl: 'http://127.0.0.1:8000/v1' },
};

// The bubblewrap sandbox names its host `swespot`; the local one runs on this machine.
describe('options from swespot.config.json (command line over config over defaults)', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-config-options-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function swespot(argv: string[]) {
    const stdout = capture();
    const stderr = capture();
    const exitCode = await runCli(argv, { stdout: stdout.stream, stderr: stderr.stream, cwd: folder, env: { PATH: process.env.PATH ?? '' } });
    return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
  }

  async function writeConfig(value: unknown, name = 'swespot.config.json'): Promise<void> {
    await writeFile(join(folder, name), JSON.stringify(value));
  }

  it('sandbox exec takes the sandbox and its limits from the config, and the command line wins', async () => {
    await writeConfig({ ...required, sandbox: { provider: 'local' } });
    const local = await swespot(['sandbox', 'exec', '--unsafe', '--workspace', '.', '--', 'hostname']);
    expect(local).toMatchObject({ exitCode: 0, stdout: `${hostname()}\n` });
    const flag = await swespot(['sandbox', 'exec', '--sandbox', 'bubblewrap', '--workspace', '.', '--', 'hostname']);
    expect(flag).toMatchObject({ exitCode: 0, stdout: 'swespot\n' });
    // A limit set in the file reaches the sandbox (bubblewrap applies memory as an address-space rlimit, in KiB).
    await writeConfig({ ...required, sandbox: { provider: 'bubblewrap', memoryMb: 2048 } });
    const limited = await swespot(['sandbox', 'exec', '--workspace', '.', '--', 'sh', '-c', 'ulimit -v']);
    expect(limited).toMatchObject({ exitCode: 0, stdout: `${2048 * 1024}\n` });
    const overridden = await swespot(['sandbox', 'exec', '--memory-mb', '1024', '--workspace', '.', '--', 'sh', '-c', 'ulimit -v']);
    expect(overridden.stdout).toBe(`${1024 * 1024}\n`);
  });

  it('a key the file leaves out keeps the command\'s own default (not the schema\'s)', async () => {
    // The schema's default sandbox is docker; sandbox exec's own default is bubblewrap without --image.
    await writeConfig(required);
    const result = await swespot(['sandbox', 'exec', '--workspace', '.', '--', 'hostname']);
    expect(result).toMatchObject({ exitCode: 0, stdout: 'swespot\n' });
  });

  it('--config names another file; a missing or invalid one stops the command with every issue', async () => {
    await writeConfig({ ...required, sandbox: { provider: 'local' } }, 'other.json');
    const other = await swespot(['--config', 'other.json', 'sandbox', 'exec', '--unsafe', '--workspace', '.', '--', 'hostname']);
    expect(other.stdout).toBe(`${hostname()}\n`);
    const missing = await swespot(['--config', 'none.json', 'sandbox', 'exec', '--workspace', '.', '--', 'true']);
    expect(missing).toMatchObject({ exitCode: 1 });
    expect(missing.stderr).toContain(`No config file at ${join(folder, 'none.json')}`);
    await writeConfig({ ...required, sandbox: { provider: 'podman', pidsLimit: -1 } });
    const invalid = await swespot(['sandbox', 'exec', '--workspace', '.', '--', 'true']);
    expect(invalid.exitCode).toBe(1);
    expect(invalid.stderr).toContain(`Invalid configuration in ${join(folder, 'swespot.config.json')}`);
    expect(invalid.stderr).toMatch(/sandbox\.provider: /);
    expect(invalid.stderr).toMatch(/sandbox\.pidsLimit: /);
  });

  it('audit takes the cutoff from the config, checked like one typed on the command line', async () => {
    await writeConfig({ ...required, cutoff: '2999-01-01' });
    const audit = await swespot(['audit', '.']);
    expect(audit.stderr).toBe('--cutoff: 2999-01-01 is in the future; a cutoff must be a date that has passed (check the year).\n');
  });

  it('help names the config key of each bound option, and --timeout its default once', async () => {
    const help = (await swespot(['sandbox', 'exec', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('--sandbox <kind> where commands run (default: docker with --image, else bubblewrap) (config: sandbox.provider)');
    expect(help).toContain('--memory-mb <n> memory limit in MiB (default: the backend\'s) (config: sandbox.memoryMb)');
    expect(help.match(/\(default: 600\)/g)).toHaveLength(1);
  });

  it('bindConfigKeys refuses a flag the command does not have', () => {
    expect(() => bindConfigKeys(new Command('x').option('--a <v>'), { '--b': 'b' })).toThrow('bindConfigKeys: x has no option --b');
  });
});
