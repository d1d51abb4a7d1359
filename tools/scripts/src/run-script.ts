import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The folder of the scripts under test. */
export const scriptsFolder = fileURLToPath(new URL('..', import.meta.url));

/** Runs `bash SCRIPT ARGS` with exactly `env`, and resolves with its exit code and output (never rejects on a non-zero exit). */
export function runScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('/bin/bash', [`${scriptsFolder}${script}`, ...args], { env, encoding: 'utf8', timeout: 300_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ exitCode: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}
