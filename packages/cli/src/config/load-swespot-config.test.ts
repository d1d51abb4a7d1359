import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, InvalidConfigError } from '@swespot/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSwespotConfig, parseSwespotConfig } from './load-swespot-config';

const minimalConfig = {
  repo: 'https://github.com/psf/requests.git',
  cutoff: '2024-06-30',
  teacher: { provider: 'anthropic', model: 'claude-sonnet-4-5', apiKeyEnv: 'ANTHROPIC_API_KEY' },
  student: { provider: 'openai', model: 'Qwen/Qwen2.5-Coder-7B-Instruct', baseUrl: 'http://127.0.0.1:8000/v1' },
};

async function captureError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('loadSwespotConfig', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-config-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function writeConfig(content: unknown, name = 'swespot.config.json'): Promise<string> {
    const file = join(folder, name);
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return file;
  }

  it('finds swespot.config.json in cwd and fills in every default', async () => {
    const file = await writeConfig(minimalConfig);
    const loaded = await loadSwespotConfig({ cwd: folder });
    expect(loaded.file).toBe(file);
    expect(loaded.config).toEqual({
      repo: 'https://github.com/psf/requests.git',
      cutoff: '2024-06-30',
      outDir: join(folder, '.swespot'),
      sandbox: { provider: 'docker', memoryMb: 4096, cpus: 2, pidsLimit: 512, network: false },
      teacher: {
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        apiKeyEnv: 'ANTHROPIC_API_KEY',
        sampling: { maxOutputTokens: 8192 },
      },
      student: {
        provider: 'openai',
        model: 'Qwen/Qwen2.5-Coder-7B-Instruct',
        baseUrl: 'http://127.0.0.1:8000/v1',
        sampling: { temperature: 1, topP: 0.8, topK: 20, repetitionPenalty: 1.05, maxOutputTokens: 8192 },
      },
      units: {
        design: { enabled: true, count: 2048 },
        fim: { enabled: true, count: 2048 },
        bugfix: { enabled: true, count: 2048 },
        'test-repro': { enabled: true, count: 2048 },
      },
      concurrency: 8,
      seed: 0,
    });
  });

  it('reads the file given, resolves a relative repo path against its folder and keeps explicit values', async () => {
    await writeConfig(
      {
        ...minimalConfig,
        $schema: './node_modules/@swespot/cli/swespot.config.schema.json',
        repo: '../code/requests',
        outDir: 'out',
        sandbox: { provider: 'bubblewrap', network: true, memoryMb: 1024 },
        student: { ...minimalConfig.student, sampling: { temperature: 0.2 } },
        units: { fim: { count: 10 }, design: { enabled: false } },
        seed: 42,
      },
      'custom.json',
    );
    const { config } = await loadSwespotConfig({ cwd: folder, file: 'custom.json' });
    expect(config.$schema).toBe('./node_modules/@swespot/cli/swespot.config.schema.json');
    expect(config.repo).toBe(join(folder, '..', 'code', 'requests'));
    expect(config.outDir).toBe(join(folder, 'out'));
    expect(config.sandbox).toEqual({ provider: 'bubblewrap', network: true, memoryMb: 1024, cpus: 2, pidsLimit: 512 });
    expect(config.units.fim).toEqual({ enabled: true, count: 10 });
    expect(config.units.design).toEqual({ enabled: false, count: 2048 });
    expect(config.seed).toBe(42);
    expect(config.student.sampling).toEqual({
      temperature: 0.2,
      topP: 0.8,
      topK: 20,
      repetitionPenalty: 1.05,
      maxOutputTokens: 8192,
    });
  });

  it('keeps scp-like git URLs as they are', async () => {
    await writeConfig({ ...minimalConfig, repo: 'git@github.com:psf/requests.git' });
    const { config } = await loadSwespotConfig({ cwd: folder });
    expect(config.repo).toBe('git@github.com:psf/requests.git');
  });

  it('reports every issue at once with its path in document order (missing fields last), naming the file', async () => {
    const file = await writeConfig({
      repo: '',
      cutoff: '2024-13-01',
      sandbox: { provider: 'podman', memoryMb: -1, network: 'no' },
      teacher: { provider: 'anthropic', apiKeyEnv: 'sk-ant-secret value', sampling: { temperature: 3 } },
      student: { provider: 'openai', model: 'qwen', baseUrl: 'not a url' },
      units: { fim: { count: 1.5 } },
      concurrency: 0,
    });
    const error = await captureError(loadSwespotConfig({ cwd: folder }));
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    const invalid = error as InvalidConfigError;
    expect(invalid.file).toBe(file);
    expect(invalid.issues.map((issue) => issue.path)).toEqual([
      'repo',
      'cutoff',
      'sandbox.provider',
      'sandbox.memoryMb',
      'sandbox.network',
      'teacher.apiKeyEnv',
      'teacher.sampling.temperature',
      'teacher.model',
      'student.baseUrl',
      'units.fim.count',
      'concurrency',
    ]);
    expect(invalid.issues.find((issue) => issue.path === 'cutoff')?.message).toBe('must be a date as YYYY-MM-DD');
    expect(invalid.issues.find((issue) => issue.path === 'teacher.apiKeyEnv')?.message).toContain(
      'NAME of an environment variable',
    );
    expect(invalid.message).toContain(`Invalid configuration in ${file}:`);
    expect(invalid.message).toContain('  sandbox.provider: Invalid option: expected one of "docker"|"bubblewrap"|"local"');
  });

  it('reports unknown keys, nested ones included, each with its own path', async () => {
    await writeConfig({ ...minimalConfig, cutof: '2024-01-01', sandbox: { provider: 'local', gpus: 1 } });
    const error = (await captureError(loadSwespotConfig({ cwd: folder }))) as InvalidConfigError;
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect(error.issues).toEqual([
      { path: 'cutof', message: 'unknown key; remove it or check its spelling' },
      { path: 'sandbox.gpus', message: 'unknown key; remove it or check its spelling' },
    ]);
  });

  it('reports a JSON syntax error with file, line and column', async () => {
    const file = await writeConfig('{\n  "repo": "x",\n  "cutoff": "2024-01-01",\n}\n');
    const error = (await captureError(loadSwespotConfig({ cwd: folder }))) as InvalidConfigError;
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect(error.file).toBe(file);
    expect(error.message).toBe(
      `Invalid JSON in ${file}:4:1: expected a double-quoted property name, unexpected "}"`,
    );
    expect(error.issues).toEqual([
      { path: '', message: 'invalid JSON at line 4, column 1: expected a double-quoted property name, unexpected "}"' },
    ]);
  });

  it('accepts a file that starts with a byte order mark', async () => {
    await writeConfig(`\uFEFF${JSON.stringify(minimalConfig)}`);
    const { config } = await loadSwespotConfig({ cwd: folder });
    expect(config.cutoff).toBe('2024-06-30');
  });

  it('says how to fix a missing file', async () => {
    const error = (await captureError(loadSwespotConfig({ cwd: folder }))) as InvalidArgumentError;
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error.argument).toBe('config');
    expect(error.message).toBe(
      `No config file at ${join(folder, 'swespot.config.json')}. Create swespot.config.json there or pass --config <file>.`,
    );
  });

  it('stops when aborted', async () => {
    await writeConfig(minimalConfig);
    const controller = new AbortController();
    controller.abort();
    const error = await captureError(loadSwespotConfig({ cwd: folder, abortSignal: controller.signal }));
    expect((error as Error).name).toBe('AbortError');
  });
});

describe('parseSwespotConfig', () => {
  it('rejects a document that is not an object', () => {
    expect(() => parseSwespotConfig([1, 2])).toThrowError(/\(root\): Invalid input: expected object, received array/);
  });
});
