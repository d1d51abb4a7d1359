import { isoDateTimeSchema } from '../schemas/record-fields';
import type { BugfixTask } from '../schemas/bugfix-task';
import type { FeatureTask } from '../schemas/feature-task';
import type { TestReproTask } from '../schemas/test-repro-task';
import { parseSweBenchTestList, type SweBenchTestList } from './swe-bench-row';
import { ValidationError } from '../errors/validation-error';

/** The task kinds that convert to and from SWE-bench-style rows. */
export type SweBenchTaskKind = 'bugfix' | 'feature' | 'test-repro';

/** A task instance of a kind that converts to and from SWE-bench-style rows. */
export type SweBenchTask = BugfixTask | FeatureTask | TestReproTask;

/** How a row writes the fields whose encoding varies between datasets. */
export interface SweBenchEncodings {
  /** FAIL_TO_PASS/PASS_TO_PASS as a JSON-encoded string or as an array. */
  testList: 'json-string' | 'array';
  /** created_at as an ISO string or as epoch milliseconds. */
  createdAt: 'iso-string' | 'epoch-milliseconds';
}

/** The result of decoding one row value into its typed field. */
export type DecodeResult = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * How one SWE-bench row key maps to one typed field of a task instance, both ways.
 * `decode` and `encode` are inverse on every value the datasets hold; where they are not
 * (an odd encoding), the converter keeps the original value verbatim.
 */
export interface SweBenchFieldCodec {
  /** The row key, e.g. `FAIL_TO_PASS`. */
  key: string;
  /** The path of the typed field in the instance, e.g. `['snapshot', 'commit']`. */
  path: readonly string[];
  /** The kinds that have the field; for other kinds the key is kept as an extra field. */
  kinds: readonly SweBenchTaskKind[];
  /** Row value to typed value; `undefined` for null. */
  decode(raw: unknown): DecodeResult;
  /** Typed value (never `undefined`) to row value. */
  encode(value: unknown, encodings: SweBenchEncodings): unknown;
  /** The typed value the converter fills in when the row lacks the key, if any. */
  impliedWhenAbsent?(instance: { id?: unknown }): unknown;
}

const allKinds: readonly SweBenchTaskKind[] = ['bugfix', 'feature', 'test-repro'];

function plain(key: string, path: readonly string[], kinds: readonly SweBenchTaskKind[] = allKinds): SweBenchFieldCodec {
  return {
    key,
    path,
    kinds,
    decode: (raw) => ({ ok: true, value: raw ?? undefined }),
    encode: (value) => value,
  };
}

function testList(key: string, path: readonly string[]): SweBenchFieldCodec {
  return {
    key,
    path,
    kinds: allKinds,
    decode(raw) {
      if (raw === null || raw === undefined) return { ok: true, value: undefined };
      try {
        return { ok: true, value: parseSweBenchTestList(raw as SweBenchTestList, key) };
      } catch (error) {
        if (ValidationError.isInstance(error)) return { ok: false, message: error.issues[0]?.message ?? error.message };
        throw error;
      }
    },
    encode: (value, encodings) =>
      encodings.testList === 'json-string' ? encodePythonJsonList(value as string[]) : [...(value as string[])],
  };
}

/**
 * Encodes a list of strings the way Python's `json.dumps` does by default (the encoding of
 * SWE-bench's FAIL_TO_PASS strings): `", "` between items, every non-ASCII UTF-16 unit as
 * `\uXXXX`.
 */
export function encodePythonJsonList(items: readonly string[]): string {
  const encoded = items.map((item) =>
    JSON.stringify(item).replace(/[\u007f-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
  return `[${encoded.join(', ')}]`;
}

const createdAt: SweBenchFieldCodec = {
  key: 'created_at',
  path: ['createdAt'],
  kinds: allKinds,
  decode(raw) {
    if (raw === null || raw === undefined) return { ok: true, value: undefined };
    if (typeof raw === 'string' && isoDateTimeSchema.safeParse(raw).success) return { ok: true, value: raw };
    const time = typeof raw === 'number' ? raw : Date.parse(String(raw));
    if (!Number.isFinite(time) || Number.isNaN(new Date(time).getTime())) {
      return { ok: false, message: `Expected an ISO date-time or epoch milliseconds, got ${JSON.stringify(raw)}` };
    }
    return { ok: true, value: new Date(time).toISOString() };
  },
  encode: (value, encodings) => (encodings.createdAt === 'epoch-milliseconds' ? Date.parse(value as string) : value),
};

const version: SweBenchFieldCodec = {
  key: 'version',
  path: ['version'],
  kinds: allKinds,
  decode: (raw) => ({ ok: true, value: raw === null || raw === undefined ? undefined : String(raw) }),
  encode: (value) => value,
};

const pullNumber: SweBenchFieldCodec = {
  ...plain('pull_number', ['prNumber']),
  impliedWhenAbsent(instance) {
    const match = typeof instance.id === 'string' ? /-(\d+)$/.exec(instance.id) : null;
    const number = match?.[1] === undefined ? undefined : Number(match[1]);
    return number !== undefined && number > 0 ? number : undefined;
  },
};

interface RawComponent {
  name: string;
  type: string;
  signature: string;
  doc?: string | null;
  lines: number[];
}

const newComponents: SweBenchFieldCodec = {
  key: 'new_components',
  path: ['newComponents'],
  kinds: ['feature'],
  decode(raw) {
    if (raw === null || raw === undefined) return { ok: true, value: undefined };
    const files = raw as { file: string; components: RawComponent[] }[];
    for (const file of files) {
      for (const component of file.components) {
        if (component.lines.length !== 2) return { ok: false, message: `Expected lines as [start, end] for ${component.name}` };
      }
    }
    return {
      ok: true,
      value: files.map((file) => ({
        file: file.file,
        components: file.components.map((component) => ({
          name: component.name,
          type: component.type,
          signature: component.signature,
          doc: component.doc ?? '',
          lines: [component.lines[0], component.lines[1]],
        })),
      })),
    };
  },
  // FEA-Bench writes the keys of these objects sorted.
  encode: (value) =>
    (value as FeatureTask['newComponents']).map((file) => ({
      components: file.components.map((component) => ({
        doc: component.doc,
        lines: [...component.lines],
        name: component.name,
        signature: component.signature,
        type: component.type,
      })),
      file: file.file,
    })),
  impliedWhenAbsent: () => [],
};

/**
 * Every row key the converter maps to a typed field, in the column order of SWE-bench
 * (then FEA-Bench and SWE-Spot extras): the order `toSweBenchRow` writes a fresh instance in.
 */
export const sweBenchFieldCodecs: readonly SweBenchFieldCodec[] = [
  plain('repo', ['repo']),
  plain('instance_id', ['id']),
  plain('base_commit', ['snapshot', 'commit']),
  plain('patch', ['goldPatch']),
  plain('test_patch', ['testPatch']),
  plain('problem_statement', ['problemStatement']),
  plain('hints_text', ['hints']),
  createdAt,
  version,
  testList('FAIL_TO_PASS', ['failToPass']),
  testList('PASS_TO_PASS', ['passToPass']),
  plain('environment_setup_commit', ['environmentSetupCommit']),
  pullNumber,
  plain('non_py_patch', ['nonCodePatch'], ['feature']),
  newComponents,
  plain('difficulty', ['difficulty']),
  plain('hint_locations', ['hintLocations']),
];

/** The codec of `key` for `kind`, or `undefined` when that kind has no field for the key. */
export function findSweBenchFieldCodec(key: string, kind: SweBenchTaskKind): SweBenchFieldCodec | undefined {
  return sweBenchFieldCodecs.find((codec) => codec.key === key && codec.kinds.includes(kind));
}

/** Reads the value at `path` in `target`, or `undefined`. */
export function getAtPath(target: unknown, path: readonly string[]): unknown {
  let current: unknown = target;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Sets the value at `path` in `target`, creating plain objects on the way. */
export function setAtPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = target;
  path.forEach((segment, index) => {
    if (index === path.length - 1) {
      current[segment] = value;
      return;
    }
    const next = current[segment];
    if (next === null || typeof next !== 'object') current[segment] = {};
    current = current[segment] as Record<string, unknown>;
  });
}

/** Structural equality of JSON-like values; object key order does not matter. */
export function isDeepEqual(left: unknown, right: unknown): boolean {
  if (Object.is(left, right)) return true;
  if (Array.isArray(left) || Array.isArray(right)) {
    return (
      Array.isArray(left) &&
      Array.isArray(right) &&
      left.length === right.length &&
      left.every((item, index) => isDeepEqual(item, right[index]))
    );
  }
  if (left === null || right === null || typeof left !== 'object' || typeof right !== 'object') return false;
  const leftKeys = Object.keys(left).filter((key) => (left as Record<string, unknown>)[key] !== undefined);
  const rightKeys = Object.keys(right).filter((key) => (right as Record<string, unknown>)[key] !== undefined);
  return (
    leftKeys.length === rightKeys.length &&
    leftKeys.every((key) => isDeepEqual((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key]))
  );
}
