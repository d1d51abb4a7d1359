import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { InvalidArgumentError, InvalidConfigError, type ConfigIssue } from '@swespot/core';
import type { z } from 'zod';
import { locateJsonSyntaxError } from './locate-json-syntax-error';
import { swespotConfigSchema, type SwespotConfig } from './swespot-config-schema';

/** The file name `swespot` looks for in the working directory when no `--config` is given. */
export const SWESPOT_CONFIG_FILE_NAME = 'swespot.config.json';

/** Options of {@link loadSwespotConfig}. */
export interface LoadSwespotConfigOptions {
  /** The config file, absolute or relative to `cwd`. Default: `swespot.config.json` in `cwd`. */
  file?: string;
  /** The folder relative paths are resolved from. Default: `process.cwd()`. */
  cwd?: string;
  /** Cancels reading the file. */
  abortSignal?: AbortSignal;
}

/** A loaded config and where it came from. */
export interface LoadedSwespotConfig {
  /** The validated config with defaults filled in, and `repo` (when a path) and `outDir` made absolute. */
  config: SwespotConfig;
  /** The absolute path of the file it was read from. */
  file: string;
  /** The file's JSON as written (valid; no defaults filled in): which keys the user set. */
  input: unknown;
}

/** Where `path` sits in `value`: the index of each key among its siblings; absent keys sort last. */
function documentPosition(value: unknown, path: readonly PropertyKey[]): number[] {
  const position: number[] = [];
  let current = value;
  for (const segment of path) {
    const keys = current !== null && typeof current === 'object' ? Object.keys(current) : [];
    const index = keys.indexOf(String(segment));
    position.push(index === -1 ? Number.MAX_SAFE_INTEGER : index);
    current = index === -1 ? undefined : (current as Record<string, unknown>)[String(segment)];
  }
  return position;
}

function comparePositions(left: readonly number[], right: readonly number[]): number {
  for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
    const difference = (left[index] as number) - (right[index] as number);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

/**
 * Turns zod issues about `value` into `path.to.field: message` issues in document order
 * (missing fields last). An unknown key becomes one issue per key, with the key in its
 * path, so every line points at what to delete.
 */
export function toConfigIssues(issues: readonly z.core.$ZodIssue[], value?: unknown): ConfigIssue[] {
  const located = issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        segments: [...issue.path, key],
        message: 'unknown key; remove it or check its spelling',
      }));
    }
    return [{ segments: issue.path, message: issue.message }];
  });
  return located
    .map((issue) => ({ ...issue, position: documentPosition(value, issue.segments) }))
    .sort((left, right) => comparePositions(left.position, right.position))
    .map((issue) => ({ path: issue.segments.map((segment) => String(segment)).join('.'), message: issue.message }));
}

/**
 * Validates an already-parsed config value. Throws {@link InvalidConfigError} listing every
 * issue (`path.to.field: message`) at once; `file`, when given, is named in the error.
 */
export function parseSwespotConfig(value: unknown, options: { file?: string } = {}): SwespotConfig {
  const result = swespotConfigSchema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidConfigError({ issues: toConfigIssues(result.error.issues, value), file: options.file, cause: result.error });
}

function looksLikeUrl(repo: string): boolean {
  // scheme://… or scp-like git@host:owner/name
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || /^[^/\s]+@[^/\s]+:/.test(repo);
}

/**
 * Reads, parses and validates `swespot.config.json` (or `options.file`).
 *
 * Throws {@link InvalidArgumentError} (argument `config`) when the file cannot be read,
 * and {@link InvalidConfigError} naming the file for invalid JSON (with line and column)
 * or for schema issues (all of them at once). Relative `repo` paths and `outDir` are
 * resolved against the config file's folder.
 */
export async function loadSwespotConfig(options: LoadSwespotConfigOptions = {}): Promise<LoadedSwespotConfig> {
  const cwd = options.cwd ?? process.cwd();
  const file = resolve(cwd, options.file ?? SWESPOT_CONFIG_FILE_NAME);

  let text: string;
  try {
    text = await readFile(file, { encoding: 'utf8', signal: options.abortSignal });
  } catch (error) {
    if (options.abortSignal?.aborted) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvalidArgumentError({
      argument: 'config',
      message:
        code === 'ENOENT'
          ? `No config file at ${file}. Create ${SWESPOT_CONFIG_FILE_NAME} there or pass --config <file>.`
          : `Cannot read the config file ${file}: ${(error as Error).message}`,
      cause: error,
    });
  }
  // Editors on Windows may save a byte order mark, which JSON.parse rejects.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const location = locateJsonSyntaxError(text);
    const where = location ? `${file}:${location.line}:${location.column}` : file;
    const detail = location?.message ?? (error as Error).message;
    throw new InvalidConfigError({
      message: `Invalid JSON in ${where}: ${detail}`,
      issues: [{ path: '', message: `invalid JSON${location ? ` at line ${location.line}, column ${location.column}` : ''}: ${detail}` }],
      file,
      cause: error,
    });
  }

  const config = parseSwespotConfig(value, { file });
  const folder = dirname(file);
  return {
    file,
    input: value,
    config: {
      ...config,
      repo: looksLikeUrl(config.repo) || isAbsolute(config.repo) ? config.repo : resolve(folder, config.repo),
      outDir: resolve(folder, config.outDir),
    },
  };
}
