/**
 * Child process of the JSONL crash test: opens the writer on `argv[2]` (resuming), writes
 * records 0 to `crashRecordCount - 1` in order, skipping ids already present, and reports
 * on stdout: `open <size> <repaired 0|1>`, then `wrote <count>` after each new record, then
 * `done <count>` after close. The test kills it with SIGKILL at a random point.
 *
 * Run with `node --import tsx crash-writer.ts <file>`.
 */
import { openJsonlWriter } from '../open-jsonl-writer';
import { CrashRecord, crashRecord, crashRecordCount } from './crash-records';

const file = process.argv[2];
if (!file) throw new Error('usage: crash-writer.ts <file>');

const writer = await openJsonlWriter(file, { schema: CrashRecord, schemaName: 'CrashRecord' });
process.stdout.write(`open ${writer.size} ${writer.repairedTail ? 1 : 0}\n`);
let written = 0;
for (let index = 0; index < crashRecordCount; index += 1) {
  const record = crashRecord(index);
  if (writer.has(record.id)) continue;
  if (await writer.write(record)) {
    written += 1;
    process.stdout.write(`wrote ${written}\n`);
  }
}
await writer.close();
process.stdout.write(`done ${written}\n`);
