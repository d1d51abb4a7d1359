import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { codeIndexRecordSchema, parseWithSchema, ValidationError } from '@swespot/core';
import { CodeIndex } from './code-index';

/** Options of {@link writeCodeIndex}. */
export interface WriteCodeIndexOptions {
  /** Indent the JSON for reading by people. Default: false (one line, smaller and faster). */
  readonly pretty?: boolean;
}

/**
 * Writes an index to `path` (e.g. `index.json`) after validating it with core's
 * `codeIndexRecordSchema`, through a temporary file and a rename so readers never see half a file.
 */
export async function writeCodeIndex(path: string, index: CodeIndex, options: WriteCodeIndexOptions = {}): Promise<void> {
  const record = parseWithSchema(codeIndexRecordSchema, index.toRecord(), { file: path, schema: 'CodeIndexRecord' });
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(record, null, options.pretty === true ? 2 : undefined)}\n`);
  await rename(temporary, path);
}

/** Reads and validates an `index.json` written by {@link writeCodeIndex}. Throws a ValidationError naming the file and each bad field. */
export async function readCodeIndex(path: string): Promise<CodeIndex> {
  const text = await readFile(path, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ValidationError({
      issues: [{ path: '', message: `not JSON: ${(error as Error).message}` }],
      file: path,
      schema: 'CodeIndexRecord',
      cause: error,
    });
  }
  return CodeIndex.fromRecord(value, { file: path });
}
