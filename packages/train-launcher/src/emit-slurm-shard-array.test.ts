import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkShellScript, runScript } from './__fixtures__/check-shell-script';
import { installSlurmStubs } from './test/install-slurm-stubs';
import { emitSlurmShardArray } from './emit-slurm-shard-array';
import type { ShardJobSpecInput } from './shard-job-spec';
import { writeEmittedFiles } from './write-emitted-files';

const spec = (runDirectory: string, shards = 7): ShardJobSpecInput => ({
  name: 'swespot-rollout',
  shards,
  parallel: 3,
  shardCommand: ['swespot', 'rollout', 'tasks with space.jsonl', '--model', 'vllm:Qwen/Qwen3-4B', '--shard', `{shard}/${shards}`, '--out', 'rollout/shard-{shard}.jsonl'],
  mergeCommand: ['swespot', 'merge', 'rollout', '--out', 'trajectories.jsonl'],
  runDirectory,
  retries: 1,
  environment: { OPENAI_BASE_URL: 'http://vllm:8000/v1', NOTE: "it's $HOME" },
  resources: { cpus: 4, memoryGiB: 16, timeLimit: '04:00:00' },
});

describe('emitSlurmShardArray', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-shard-slurm-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('writes a job array of N shards, M at once, and a merge that depends on it; all pass bash -n and shellcheck', async () => {
    const files = emitSlurmShardArray(spec(join(folder, 'run')), { partition: 'cpu', account: 'lab' });
    expect(files.map((file) => file.path)).toEqual(['shards.sbatch', 'merge.sbatch', 'submit.sh']);
    const shards = files[0]!.content;
    expect(shards).toContain('#SBATCH --array=0-6%3\n');
    expect(shards).toContain('#SBATCH --cpus-per-task=4\n#SBATCH --mem=16G\n#SBATCH --time=04:00:00\n#SBATCH --partition=cpu\n#SBATCH --account=lab\n');
    expect(shards).toContain(`srun --ntasks=1 swespot rollout 'tasks with space.jsonl' --model vllm:Qwen/Qwen3-4B --shard "\${shard}"/7 --out rollout/shard-"\${shard}".jsonl`);
    expect(files[2]!.content).toContain('--dependency=afterok:"${shards_job}" --kill-on-invalid-dep=yes merge.sbatch');
    for (const path of await writeEmittedFiles(join(folder, 'job'), files)) await checkShellScript(path);
  });

  it('run under stub sbatch and srun, array task i runs shard i/N (each once), then the merge runs in the run folder', async () => {
    const stubs = await installSlurmStubs(folder, { swespot: 'record' });
    const run = join(folder, 'run');
    await writeEmittedFiles(join(folder, 'job'), emitSlurmShardArray(spec(run)));
    const env = { PATH: `${stubs.binDirectory}:${process.env.PATH}`, STUB_RECORD_DIR: stubs.recordDirectory, HOME: folder };
    const result = await runScript(join(folder, 'job', 'submit.sh'), { cwd: folder, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`shards: job array 1000 (7 tasks); merge: job 1001 after all succeeded; logs in ${run}/logs\n`);
    const calls = await stubs.calls();
    const shardRuns = calls.filter((call) => call.program === 'swespot' && call.argv[0] === 'rollout');
    expect(shardRuns.map((call) => [call.arrayTaskId, call.argv[5], call.argv[7], call.cwd]).sort()).toEqual(
      Array.from({ length: 7 }, (_, index) => [String(index), `${index}/7`, `rollout/shard-${index}.jsonl`, run]),
    );
    expect(shardRuns[0]!.argv[1]).toBe('tasks with space.jsonl');
    const merges = calls.filter((call) => call.program === 'swespot' && call.argv[0] === 'merge');
    expect(merges).toEqual([{ program: 'swespot', argv: ['merge', 'rollout', '--out', 'trajectories.jsonl'], cwd: run }]);
    const submissions = calls.filter((call) => call.program === 'sbatch').map((call) => call.argv);
    expect(submissions).toEqual([
      ['--parsable', 'shards.sbatch'],
      ['--parsable', '--dependency=afterok:1000', '--kill-on-invalid-dep=yes', 'merge.sbatch'],
    ]);
  });

  it('retries a failed shard (it resumes), and a shard that keeps failing stops the merge', async () => {
    const stubs = await installSlurmStubs(folder, { swespot: 'record' });
    const run = join(folder, 'run');
    await writeEmittedFiles(join(folder, 'job'), emitSlurmShardArray(spec(run, 3)));
    const env = { PATH: `${stubs.binDirectory}:${process.env.PATH}`, STUB_RECORD_DIR: stubs.recordDirectory, HOME: folder, STUB_FAIL_ONCE: '1/3' };
    const retried = await runScript(join(folder, 'job', 'submit.sh'), { cwd: folder, env });
    expect(retried.code).toBe(0);
    expect(retried.stderr).toBe('');
    // Each array task's output is in its own log, as Slurm writes it (%x-%A_%a.out).
    expect(await readFile(join(run, 'logs', 'swespot-rollout-1000_1.out'), 'utf8')).toBe('shard 1 of 3 failed; retry 1 of 1 (it resumes)\n');
    expect(await readFile(join(run, 'logs', 'swespot-rollout-1000_0.out'), 'utf8')).toBe('');
    const shardArguments = (await stubs.calls()).filter((call) => call.program === 'swespot' && call.argv[0] === 'rollout').map((call) => call.argv[5]);
    expect(shardArguments.sort()).toEqual(['0/3', '1/3', '1/3', '2/3']);

    // retries: 0 and a failing shard: the array job fails and the dependent merge is refused.
    const strict = await installSlurmStubs(join(folder, 'strict'), { swespot: 'record' });
    await writeEmittedFiles(join(folder, 'strict-job'), emitSlurmShardArray({ ...spec(run, 3), retries: 0 }));
    const failed = await runScript(join(folder, 'strict-job', 'submit.sh'), { cwd: folder, env: { ...env, PATH: `${strict.binDirectory}:${process.env.PATH}`, STUB_RECORD_DIR: strict.recordDirectory } });
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toBe('sbatch: error: Job dependency problem\n');
    expect(await readFile(join(run, 'logs', 'swespot-rollout-1000_1.out'), 'utf8')).toContain('shard 1 of 3 failed 1 times; re-run it with: sbatch --array=1 shards.sbatch');
    expect((await strict.calls()).filter((call) => call.program === 'swespot' && call.argv[0] === 'merge')).toEqual([]);
  });

  it('names every invalid field', () => {
    expect(() => emitSlurmShardArray({ ...spec('relative/run'), name: 'Rollout_1', shardCommand: ['swespot', 'rollout'] })).toThrow(
      /name: expected lower-case letters[\s\S]*shardCommand: expected \{shard\} in some argument[\s\S]*runDirectory: expected an absolute path/,
    );
  });
});
