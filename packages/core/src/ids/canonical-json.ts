import { InvalidArgumentError } from '../errors/invalid-argument-error';

/**
 * Serialises a JSON value with object keys sorted (recursively) and no white space, so
 * equal values give equal strings whatever order their keys were built in.
 * `undefined` object members are left out, as `JSON.stringify` does.
 *
 * @throws InvalidArgumentError for values JSON cannot represent (functions, symbols,
 *   bigints, non-finite numbers) and for cycles.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, new Set<object>(), '$');
}

function serialise(value: unknown, seen: Set<object>, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw invalid(path, `the number ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'object': {
      if (seen.has(value)) throw invalid(path, 'the value contains a cycle');
      seen.add(value);
      let text: string;
      if (Array.isArray(value)) {
        text = `[${value.map((item, index) => (item === undefined ? 'null' : serialise(item, seen, `${path}[${index}]`))).join(',')}]`;
      } else {
        const record = value as Record<string, unknown>;
        const keys = Object.keys(record)
          .filter((key) => record[key] !== undefined)
          .sort();
        text = `{${keys.map((key) => `${JSON.stringify(key)}:${serialise(record[key], seen, `${path}.${key}`)}`).join(',')}}`;
      }
      seen.delete(value);
      return text;
    }
    default:
      throw invalid(path, `a ${typeof value} has no JSON form`);
  }
}

function invalid(path: string, reason: string): InvalidArgumentError {
  return new InvalidArgumentError({ argument: 'value', message: `Cannot make canonical JSON at ${path}: ${reason}.` });
}
