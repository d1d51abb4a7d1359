import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One call a stub recorded. */
export interface SlurmStubCall {
  /** `sbatch`, `srun` or `swespot`. */
  program: string;
  /** Its arguments. */
  argv: string[];
  /** `SLURM_ARRAY_TASK_ID` as the program saw it, when set. */
  arrayTaskId?: string;
  /** The working directory. */
  cwd: string;
}

const recorder = `
const fs = require('node:fs');
const path = require('node:path');
function record(program, argv) {
  const file = path.join(process.env.STUB_RECORD_DIR, program + '-' + process.pid + '-' + Date.now() + '-' + Math.random().toString(36).slice(2) + '.json');
  fs.writeFileSync(file, JSON.stringify({ program, argv, arrayTaskId: process.env.SLURM_ARRAY_TASK_ID, cwd: process.cwd() }));
}
`;

// sbatch: like Slurm's, reads #SBATCH --array=A-B%M from the script (or --array on the
// command line), runs the script once per array index with SLURM_ARRAY_TASK_ID and
// SLURM_ARRAY_JOB_ID set (one after the other: the stub has one node), output to the
// --output file, prints the job id
// with --parsable, and refuses a job whose --dependency=afterok:J names a job that failed.
const sbatch = `#!/usr/bin/env node
${recorder}
const { spawnSync } = require('node:child_process');
const args = process.argv.slice(2);
record('sbatch', args);
let index = 0;
let array;
let dependency;
for (; index < args.length && args[index].startsWith('-'); index += 1) {
  const [flag, value] = args[index].split('=');
  if (flag === '--array') array = value;
  if (flag === '--dependency') dependency = value;
}
const script = args[index];
const text = fs.readFileSync(script, 'utf8');
array ??= /^#SBATCH --array=(\\S+)$/m.exec(text)?.[1];
const state = process.env.STUB_RECORD_DIR;
const counter = path.join(state, 'next-job-id');
const jobId = fs.existsSync(counter) ? Number(fs.readFileSync(counter, 'utf8')) : 1000;
fs.writeFileSync(counter, String(jobId + 1));
if (dependency) {
  const [kind, id] = dependency.split(':');
  if (kind !== 'afterok') { console.error('stub sbatch: only afterok dependencies'); process.exit(2); }
  if (fs.readFileSync(path.join(state, 'job-' + id), 'utf8') !== 'ok') { console.error('sbatch: error: Job dependency problem'); process.exit(1); }
}
const indexes = [];
if (array) {
  const [range] = array.split('%');
  for (const part of range.split(',')) {
    const [start, end = start] = part.split('-').map(Number);
    for (let value = start; value <= end; value += 1) indexes.push(value);
  }
}
let ok = true;
for (const arrayIndex of array ? indexes : [undefined]) {
  const env = { ...process.env, SLURM_JOB_ID: String(jobId), SLURM_NNODES: '1', SLURM_JOB_NODELIST: 'node1' };
  if (arrayIndex !== undefined) Object.assign(env, { SLURM_ARRAY_JOB_ID: String(jobId), SLURM_ARRAY_TASK_ID: String(arrayIndex) });
  // Like Slurm, the job's output goes to its --output file (%x name, %A/%j job id, %a array index), not to sbatch's.
  const name = /^#SBATCH --job-name=(\\S+)$/m.exec(text)?.[1] ?? path.basename(script);
  const pattern = /^#SBATCH --output=(\\S+)$/m.exec(text)?.[1] ?? 'slurm-%j.out';
  const log = pattern.replace(/%x/g, name).replace(/%[Aj]/g, String(jobId)).replace(/%a/g, String(arrayIndex ?? ''));
  const descriptor = fs.openSync(log, 'a');
  const result = spawnSync('bash', [script], { env, stdio: ['ignore', descriptor, descriptor] });
  fs.closeSync(descriptor);
  if (result.status !== 0) ok = false;
}
fs.writeFileSync(path.join(state, 'job-' + jobId), ok ? 'ok' : 'failed');
console.log(args.includes('--parsable') ? String(jobId) : 'Submitted batch job ' + jobId);
`;

// srun: records its flags, runs the command once (--ntasks=1).
const srun = `#!/usr/bin/env node
${recorder}
const { spawnSync } = require('node:child_process');
const args = process.argv.slice(2);
let index = 0;
for (; index < args.length && args[index].startsWith('-'); index += 1);
record('srun', args.slice(0, index));
const result = spawnSync(args[index], args.slice(index + 1), { stdio: 'inherit' });
process.exit(result.status ?? 1);
`;

// A swespot that records its arguments; it fails once per shard listed in STUB_FAIL_ONCE.
const swespot = `#!/usr/bin/env node
${recorder}
const argv = process.argv.slice(2);
record('swespot', argv);
const shard = argv[argv.indexOf('--shard') + 1];
for (const failing of (process.env.STUB_FAIL_ONCE ?? '').split(',').filter(Boolean)) {
  const marker = path.join(process.env.STUB_RECORD_DIR, 'failed-once-' + failing.replace('/', '-of-'));
  if (shard === failing && !fs.existsSync(marker)) { fs.writeFileSync(marker, ''); process.exit(3); }
}
`;

/** A folder of stub `sbatch`, `srun` and (optionally) `swespot` to put first on PATH. */
export interface SlurmStubs {
  /** The folder to put first on PATH. */
  readonly binDirectory: string;
  /** The folder the stubs record into (`STUB_RECORD_DIR`). */
  readonly recordDirectory: string;
  /** Every call so far, in order. */
  calls(): Promise<SlurmStubCall[]>;
}

/**
 * Writes stub `sbatch` (job arrays run one index after the other, `afterok` dependencies
 * honoured), `srun` (runs its command) and, with `swespot: 'record'`, a swespot that only
 * records its arguments, into `folder`.
 */
export async function installSlurmStubs(folder: string, options: { swespot?: 'record' } = {}): Promise<SlurmStubs> {
  const binDirectory = join(folder, 'bin');
  const recordDirectory = join(folder, 'calls');
  await mkdir(binDirectory, { recursive: true });
  await mkdir(recordDirectory, { recursive: true });
  const stubs: [string, string][] = [['sbatch', sbatch], ['srun', srun]];
  if (options.swespot === 'record') stubs.push(['swespot', swespot]);
  for (const [name, text] of stubs) {
    await writeFile(join(binDirectory, name), text);
    await chmod(join(binDirectory, name), 0o755);
  }
  return {
    binDirectory,
    recordDirectory,
    async calls() {
      const names = (await readdir(recordDirectory)).filter((name) => name.endsWith('.json'));
      const calls = await Promise.all(names.map(async (name) => ({ name, call: JSON.parse(await readFile(join(recordDirectory, name), 'utf8')) as SlurmStubCall })));
      const time = (name: string) => Number(name.split('-')[2]);
      return calls.sort((a, b) => time(a.name) - time(b.name)).map(({ call }) => call);
    },
  };
}
