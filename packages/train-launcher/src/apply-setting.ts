import { InvalidArgumentError } from '@swespot/core';
import { parse } from 'yaml';

/** One parsed `key=value` assignment. */
export interface Setting {
  /** The path segments, e.g. `['cluster', 'nodes']` or `['datasets', 0]`. */
  path: Array<string | number>;
  /** The value parsed as YAML (`2` → 2, `true` → true, `[a, b]` → array), `undefined` to remove the key. */
  value: unknown;
  /** The value text as given. */
  text: string;
}

/**
 * Parses `path.to.key=value` (the CLI's `--set`): the value is read as YAML, so numbers,
 * booleans, lists (`[a, b]`) and maps (`{type: lora, rank: 64}`) work; an empty value removes the key.
 *
 * @throws {InvalidArgumentError} without `=` or with an empty key.
 */
export function parseSetting(assignment: string): Setting {
  const equals = assignment.indexOf('=');
  const key = equals < 0 ? '' : assignment.slice(0, equals).trim();
  if (equals < 0 || key === '' || key.split('.').some((segment) => segment === '')) {
    throw new InvalidArgumentError({ argument: 'set', message: `--set ${assignment}: write key=value, e.g. cluster.nodes=2 or batch.global=32` });
  }
  const text = assignment.slice(equals + 1);
  const path = key.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  return { path, text, value: text.trim() === '' ? undefined : (parse(text) as unknown) };
}

/** Sets (or with `undefined`, removes) `setting.path` in `target`, creating maps and lists on the way. Mutates `target`. */
export function applySetting(target: Record<string, unknown>, setting: Setting): void {
  let node: Record<string | number, unknown> = target;
  for (const [index, segment] of setting.path.entries()) {
    const last = index === setting.path.length - 1;
    if (last) {
      if (setting.value === undefined) {
        if (Array.isArray(node) && typeof segment === 'number') node.splice(segment, 1);
        else delete node[segment];
      } else {
        node[segment] = setting.value;
      }
      return;
    }
    const next = node[segment];
    if (next === null || typeof next !== 'object') {
      node[segment] = typeof setting.path[index + 1] === 'number' ? [] : {};
    }
    node = node[segment] as Record<string | number, unknown>;
  }
}
