/**
 * Builds a small repository, takes a truncated snapshot at a cutoff, audits it, makes a
 * per-task copy, and prints the first-parent history with pull requests and issues.
 *
 *   pnpm --filter @swespot/examples example src/repo-sandbox/snapshot-and-history.ts [repo] [cutoff]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditSnapshot, copySnapshot, createSnapshot, formatAuditSummary, openGitReader, readHistory } from '@swespot/repo-sandbox';

const work = mkdtempSync(join(tmpdir(), 'swespot-example-'));
let repo = process.argv[2];
const cutoff = process.argv[3] ?? '2020-03-20';
if (!repo) {
  repo = join(work, 'repo');
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  const messages = ['Initial commit', 'Add the parser (#3)\n\nFixes #1', 'Merge pull request #7 from dev/speed\n\nCloses #5', 'A change from after the cutoff'];
  messages.forEach((message, index) => {
    writeFileSync(join(repo!, 'parser.py'), `VERSION = ${index}\n`);
    const date = `2020-0${index + 1}-15T12:00:00 +0000`;
    const env = { ...process.env, GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    execFileSync('git', ['add', '-A'], { cwd: repo, env });
    execFileSync('git', ['commit', '-q', '-m', message], { cwd: repo, env });
  });
}

const snapshot = await createSnapshot({ repo, cutoff, history: 'truncated', into: join(work, 'snapshot') });
console.log(`snapshot of ${snapshot.sourceCommit} (committed ${snapshot.committedAt})`);
console.log(formatAuditSummary(snapshot.audit));

const task = await copySnapshot({ from: snapshot.directory, into: join(work, 'task-1') });
console.log(`per-task copy: ${task.directory}`);

// The source clone itself is not clean at the cutoff: the audit says why.
const sourceAudit = await auditSnapshot(repo, cutoff, { throwOnLeak: false });
console.log(`source clone at the cutoff: ${sourceAudit.leaks.length} leak(s), e.g. ${sourceAudit.leaks[0]?.kind}: ${sourceAudit.leaks[0]?.detail}`);

const git = await openGitReader({ directory: snapshot.directory });
for await (const commit of readHistory({ reader: git })) {
  const pullRequest = commit.pullRequest ? `PR #${commit.pullRequest.number} (${commit.pullRequest.via})` : 'no PR';
  const issues = commit.issues.map((issue) => `#${issue.number}${issue.closing ? ' closed' : ''}`).join(', ') || 'no issues';
  console.log(`${commit.id.slice(0, 10)} ${commit.committedAt} ${pullRequest}; ${issues}; ${commit.files.map((file) => `${file.status} ${file.path} +${file.added ?? '-'} -${file.removed ?? '-'}`).join(', ')}`);
}
git.close();
rmSync(work, { recursive: true, force: true });
