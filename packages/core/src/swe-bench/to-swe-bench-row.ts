import type { SweBenchEncodings, SweBenchTask } from './swe-bench-field-codecs';
import { getAtPath, isDeepEqual, sweBenchFieldCodecs } from './swe-bench-field-codecs';
import type { SweBenchRow } from './swe-bench-row';

/** Options of {@link toSweBenchRow}. */
export interface ToSweBenchRowOptions {
  /**
   * How to write FAIL_TO_PASS/PASS_TO_PASS when the instance did not come from a row (its
   * `provenance.sweBench` records no encoding): `array`, or `json-string` as SWE-bench on
   * Hugging Face does. Default: `array`.
   */
  testListEncoding?: SweBenchEncodings['testList'];
  /**
   * How to write `created_at` when the instance recorded no encoding: `iso-string` or
   * `epoch-milliseconds`. Default: `iso-string`.
   */
  createdAtEncoding?: SweBenchEncodings['createdAt'];
}

/**
 * Converts a `bugfix`, `feature` or `test-repro` task instance into a SWE-bench-style row
 * (SWE-bench column names; FEA-Bench `pull_number`, `non_py_patch`, `new_components`;
 * SWE-Spot `difficulty`, `hint_locations`), for the SWE-bench, FEA-Bench and TDD-Bench
 * harnesses.
 *
 * For an instance made by `fromSweBenchRow`, the row comes back as it was: same keys, same
 * order, same encodings, extra keys included; typed fields edited since are written with
 * their new values. Other instances get the SWE-bench column order, test lists as arrays
 * and `created_at` as an ISO string, unless `options` say otherwise.
 *
 * @example
 * ```ts
 * const row = toSweBenchRow(fromSweBenchRow(original));
 * JSON.stringify(row) === JSON.stringify(original); // true
 * ```
 */
export function toSweBenchRow(instance: SweBenchTask, options: ToSweBenchRowOptions = {}): SweBenchRow {
  const origin = instance.provenance.sweBench;
  const encodings: SweBenchEncodings = {
    testList: origin?.testListEncoding ?? options.testListEncoding ?? 'array',
    createdAt: origin?.createdAtEncoding ?? options.createdAtEncoding ?? 'iso-string',
  };
  const codecs = sweBenchFieldCodecs.filter((codec) => codec.kinds.includes(instance.kind));
  const keyOrder = origin?.keyOrder ?? codecs.map((codec) => codec.key);
  const row: Record<string, unknown> = {};

  for (const key of keyOrder) {
    if (origin !== undefined && Object.hasOwn(origin.extraFields, key)) {
      row[key] = origin.extraFields[key];
      continue;
    }
    const codec = codecs.find((candidate) => candidate.key === key);
    // A key of a field this kind lacks (the instance changed kind after import): nothing to write.
    if (codec === undefined) continue;
    const value = getAtPath(instance, codec.path);
    if (origin !== undefined && Object.hasOwn(origin.verbatim, key)) {
      const original = origin.verbatim[key];
      const decoded = codec.decode(original);
      if (decoded.ok && isDeepEqual(decoded.value, value)) {
        row[key] = original;
        continue;
      }
    }
    if (value !== undefined) row[key] = codec.encode(value, encodings);
  }

  for (const codec of codecs) {
    if (keyOrder.includes(codec.key)) continue;
    const value = getAtPath(instance, codec.path);
    if (value === undefined) continue;
    // Values fromSweBenchRow filled in for a missing key (a PR number read from the id) are not new.
    if (origin !== undefined && codec.impliedWhenAbsent !== undefined && isDeepEqual(value, codec.impliedWhenAbsent(instance))) {
      continue;
    }
    row[codec.key] = codec.encode(value, encodings);
  }
  return row as SweBenchRow;
}
