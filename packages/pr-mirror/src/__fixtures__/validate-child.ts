// Validates candidates into a JSONL file, printing `written ID` after each record; the parent SIGKILLs it.
import { readFile } from 'node:fs/promises';
import { createBugValidator } from '../validate/create-bug-validator';
import { validateBugCandidates } from '../validate/validate-bug-candidates';

const [candidatesFile, environmentFile, out] = process.argv.slice(2) as [string, string, string];
const candidates = JSON.parse(await readFile(candidatesFile, 'utf8'));
const environment = JSON.parse(await readFile(environmentFile, 'utf8'));
await validateBugCandidates({
  candidates,
  environment,
  validator: createBugValidator({ environment }),
  out,
  concurrency: 1,
  onProgress: (progress) => {
    if (progress.outcome === 'valid') process.stdout.write(`written ${progress.candidateId}\n`);
  },
});
process.stdout.write('finished\n');
