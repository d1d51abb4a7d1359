/**
 * Grades the gold `test_patch` of TDD-Bench rows in environments built here: for each row, a
 * snapshot of the repository at its `base_commit`, the environment inferred from it (with
 * coverage.py, dependencies from Debian: `offline-debian`), its baseline run on the test
 * files the row touches, then `gradeReproduction` of the row's own test patch. One JSON line
 * per row goes to the output file (resumable: rows already there are skipped), with the
 * build's figures, the grade's verdict, reasons and per-test outcomes, or why the row could
 * not be built.
 *
 *   pnpm --filter @swespot/examples example src/test-repro/grade-tdd-bench-gold.ts ROWS.jsonl REPOSITORY OUT.jsonl [--runs N] [--limit N] [--overrides swespot.env.json] [--only ID,...]
 *
 * REPOSITORY is a clone (bare is fine) holding the rows' base commits. Needs Docker.
 */
import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { EnvironmentOverrides } from '@swespot/core';
import { applyEnvironmentOverrides, buildEnvironment, createSnapshot, inferEnvironment, parseEnvironmentOverrides, taskEnvironmentOf } from '@swespot/repo-sandbox';
import { gradeReproduction, isTestPath, readPatch, reproTaskFromRow, withCoverageTooling } from '@swespot/test-repro';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '1' }, limit: { type: 'string' }, overrides: { type: 'string' }, only: { type: 'string' } },
});
const [rowsFile, repository, outFile] = positionals;
if (!rowsFile || !repository || !outFile) throw new Error('usage: grade-tdd-bench-gold.ts ROWS.jsonl REPOSITORY OUT.jsonl [--runs N] [--limit N] [--overrides FILE] [--only ID,...]');
const overrides: EnvironmentOverrides | undefined = values.overrides ? parseEnvironmentOverrides(JSON.parse(await readFile(values.overrides, 'utf8')), values.overrides) : undefined;
const only = values.only ? new Set(values.only.split(',')) : undefined;

const readLines = async (file: string) => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter((line) => line.trim() !== '');
const done = new Set((await readLines(outFile)).map((line) => (JSON.parse(line) as { instance_id: string }).instance_id));
const rows = (await readLines(rowsFile)).map((line) => JSON.parse(line) as Record<string, unknown>);

let graded = 0;
for (const row of rows) {
  const id = String(row.instance_id);
  if (done.has(id) || (only && !only.has(id))) continue;
  if (values.limit && graded >= Number(values.limit)) break;
  graded++;
  const started = Date.now();
  const into = join(tmpdir(), 'swespot-tdd-gold', id);
  const record: Record<string, unknown> = { instance_id: id, repo: row.repo, version: row.version };
  try {
    await rm(into, { recursive: true, force: true });
    await mkdir(join(tmpdir(), 'swespot-tdd-gold'), { recursive: true });
    const snapshot = await createSnapshot({ repo: repository, commit: String(row.base_commit), history: 'none', into });
    // The baseline runs the row's test files that exist at the base commit (the whole suite would take hours), else a sibling test file.
    const testFiles = readPatch(String(row.test_patch)).map((file) => file.path).filter((path) => path.endsWith('.py') && isTestPath(path));
    const existing: string[] = [];
    for (const file of testFiles) if (await readFile(join(snapshot.directory, file)).then(() => true, () => false)) existing.push(file);
    let recipe = withCoverageTooling(await inferEnvironment(snapshot.directory));
    if (overrides) recipe = applyEnvironmentOverrides(recipe, overrides);
    if (existing.length > 0) recipe = { ...recipe, test: { ...recipe.test, suite: existing } };
    const build = await buildEnvironment({ recipe, snapshotPath: snapshot.directory, dependencies: 'offline-debian', minimumPassRate: 0.5 });
    const counts: Record<string, number> = {};
    for (const test of build.baseline?.tests ?? []) counts[test.status] = (counts[test.status] ?? 0) + 1;
    Object.assign(record, { built: true, image: build.environment.image, usable: build.usable, passRate: build.passRate, baseline: counts, unsatisfied: build.unsatisfied.map((item) => item.name), projectInstalled: build.projectInstalled, buildReasons: build.reasons });
    const task = reproTaskFromRow(row, { ...taskEnvironmentOf(build), createdAt: new Date().toISOString() });
    const grade = await gradeReproduction({ task, testPatch: task.testPatch, runsPerSide: Number(values.runs) });
    Object.assign(record, {
      resolved: grade.resolved,
      score: grade.score,
      failBefore: grade.failBefore,
      passAfter: grade.passAfter,
      coverage: grade.coverage?.share ?? null,
      coveredLines: grade.coverage ? `${grade.coverage.covered}/${grade.coverage.covered + grade.coverage.missed}` : null,
      reasons: grade.reasons.map((reason) => `${reason.code}: ${reason.message.slice(0, 300)}`),
      notes: grade.notes.map((note) => `${note.code}: ${note.message.slice(0, 200)}`),
      tests: grade.tests.map((test) => `${test.outcome} ${test.id} ${test.before.join('/')} -> ${test.after.join('/')}`),
      outputTails: grade.resolved ? undefined : grade.runs.before.concat(grade.runs.after).map((report) => report.outputTail?.stdout.slice(-1500)),
    });
  } catch (error) {
    Object.assign(record, { built: record.built ?? false, error: (error as Error).message.slice(0, 2000) });
  } finally {
    await rm(into, { recursive: true, force: true });
  }
  record.minutes = Math.round((Date.now() - started) / 600) / 100;
  await appendFile(outFile, `${JSON.stringify(record)}\n`);
  console.log(`${id}: ${record.error ? `error ${String(record.error).split('\n')[0]}` : `resolved ${record.resolved} score ${record.score} (baseline ${JSON.stringify(record.baseline)})`} ${record.minutes} min`);
}
