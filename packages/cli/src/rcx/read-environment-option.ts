import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { environmentBuildSchema, InvalidArgumentError, parseWithSchema, type EnvironmentBuild } from '@swespot/core';
import type { CommandContext } from '../commands/command-context';

/** The JSON value of the `--environment` file, with its absolute path; errors name the flag and the file. */
export async function readEnvironmentJson(file: string, context: CommandContext): Promise<{ path: string; value: unknown }> {
  const path = resolve(context.cwd, file);
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw new InvalidArgumentError({ argument: 'environment', message: `--environment: cannot read ${path}: ${(error as Error).message}`, cause: error });
  });
  try {
    return { path, value: JSON.parse(text) as unknown };
  } catch (error) {
    throw new InvalidArgumentError({ argument: 'environment', message: `--environment: ${path} is not JSON: ${(error as Error).message}`, cause: error });
  }
}

/** The `--environment` file read as an `EnvironmentBuild` record (what `swespot env build` writes). */
export async function readEnvironmentBuild(file: string, context: CommandContext): Promise<EnvironmentBuild> {
  const { path, value } = await readEnvironmentJson(file, context);
  return parseWithSchema(environmentBuildSchema, value, { file: path, schema: 'EnvironmentBuild' });
}
