import { z } from 'zod';

/** The record the crash test writes: an id and a payload of 50 to 2000 characters. */
export const CrashRecord = z.object({ id: z.string(), index: z.number().int(), payload: z.string() });

/** How many records the crash test writes in all. */
export const crashRecordCount = 10_000;

/**
 * The `index`th record, the same in every process: its payload length and text come from
 * a hash of the index, so a resumed run rewrites exactly what a killed one would have.
 */
export function crashRecord(index: number): z.output<typeof CrashRecord> {
  let state = (index + 1) * 0x9e3779b1;
  const next = (): number => {
    state = Math.imul(state ^ (state >>> 15), 0x85ebca6b) >>> 0;
    state = Math.imul(state ^ (state >>> 13), 0xc2b2ae35) >>> 0;
    return (state ^ (state >>> 16)) >>> 0;
  };
  const length = 50 + (next() % 1951);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789 "\\\u00e9\u20ac\n';
  let payload = '';
  for (let position = 0; position < length; position += 1) payload += alphabet[next() % alphabet.length];
  return { id: `r${String(index).padStart(5, '0')}`, index, payload };
}
