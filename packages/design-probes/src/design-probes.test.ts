import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitRepositorySource, indexRepository, type CodeIndex } from '@swespot/code-index';
import { designTaskSchema, InvalidArgumentError, ValidationError, type EnvironmentSpec, type TestSpec } from '@swespot/core';
import { createSnapshot, openGitReader } from '@swespot/repo-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotesRepository } from './__fixtures__/create-notes-repository';
import { checkReportGrounding } from './check-report-grounding';
import { countFolderCommits } from './count-folder-commits';
import { parseDesignReport } from './design-report';
import { mineDesignTasks, type DesignSnapshot } from './mine-design-tasks';

const environment: EnvironmentSpec = { image: 'swespot/base-python:test', installCommands: [], workingDirectory: '/testbed' };
const testSpec: TestSpec = { language: 'python', framework: 'pytest', command: 'python3 -m pytest -rA {tests}', selection: { mode: 'all' }, env: {}, timeoutSeconds: 600 };

const goodReport = `# NoteStore

## Functionality
\`NoteStore\` in \`notes/store.py\` keeps \`Note\` objects by title and searches them with \`Note.matches\`.

## Design rationale
Matching lives on the model (\`notes/model.py\`), so the store stays a thin collection.

## Interactions
- \`notes/model.py\` \`Note\` (uses): the store creates notes and asks each one whether it matches.
- \`notes/cli.py\` \`main\` (used by): the command line adds notes and prints \`NoteStore.report\`.
`;

describe('design probes', () => {
  let repo: string;
  let snapshot: DesignSnapshot;
  let index: CodeIndex;
  let folderCommits: Map<string, number>;

  beforeAll(async () => {
    repo = await createNotesRepository();
    const info = await createSnapshot({ repo, cutoff: '2022-06-01', history: 'truncated', into: await mkdtemp(join(tmpdir(), 'swespot-design-snapshot-')) });
    const git = await openGitReader({ directory: info.directory });
    ({ index } = await indexRepository({ source: createGitRepositorySource({ git, commit: info.commit }), hotness: { git, commit: info.commit } }));
    folderCommits = await countFolderCommits({ reader: git });
    (git as { close?: () => void }).close?.();
    snapshot = { directory: info.directory, commit: info.sourceCommit, cutoff: info.cutoff, committedAt: info.committedAt };
  }, 120_000);
  afterAll(async () => {
    await rm(repo, { recursive: true, force: true });
    await rm(snapshot.directory, { recursive: true, force: true });
  });

  const mine = (overrides: Partial<Parameters<typeof mineDesignTasks>[0]> = {}) =>
    mineDesignTasks({ snapshot, index, repo: 'acme/notes', count: 6, seed: 2, environment, testSpec, folderCommits, minimumChunkLines: 5, ...overrides });

  it('counts distinct commits per folder', () => {
    expect(folderCommits.get('notes')).toBe(3);
    expect(folderCommits.get('tests')).toBe(1);
    expect(folderCommits.get('')).toBe(3);
  });

  it('draws probes at three granularities, weighted by history, the same for a seed', () => {
    const { tasks, statistics } = mine();
    expect(statistics.byGranularity.module).toBe(1);
    expect(statistics.byGranularity.file + statistics.byGranularity.chunk).toBe(5);
    expect(statistics.byGranularity.chunk).toBeGreaterThan(0);
    for (const task of tasks) {
      expect(designTaskSchema.parse(JSON.parse(JSON.stringify(task)))).toStrictEqual(task);
      expect(task.targets[0]!.path.startsWith('tests')).toBe(false);
    }
    expect(tasks.find((task) => task.targets[0]!.granularity === 'module')?.targets[0]).toMatchObject({ path: 'notes', commitCount: 3 });
    expect(JSON.stringify(mine().tasks)).toBe(JSON.stringify(tasks));
    // The store changed in every commit: over many seeds it is drawn more often than the model.
    let store = 0;
    let model = 0;
    for (let seed = 0; seed < 40; seed++) {
      const files = mine({ seed, count: 1, shares: { module: 0, file: 1, chunk: 0 } }).tasks.map((task) => task.targets[0]!.path);
      if (files.includes('notes/store.py')) store++;
      if (files.includes('notes/model.py')) model++;
    }
    expect(store).toBeGreaterThan(model);
  });

  it('asks for active analysis and the structured report, with rubric and grounding facts kept for judges', () => {
    const { tasks } = mine({ count: 1, shares: { module: 0, file: 0, chunk: 1 }, seed: 5 });
    const task = tasks[0]!;
    expect(task.prompt).toContain('search the repository for the places that use it');
    expect(task.prompt).toMatch(/## Functionality[\s\S]*## Design rationale[\s\S]*## Interactions/);
    const storeTask = mine({ count: 3, shares: { module: 0, file: 1, chunk: 0 } }).tasks.find((candidate) => candidate.targets[0]!.path === 'notes/store.py')!;
    expect(storeTask.groundingFacts.map((fact) => fact.statement)).toEqual(expect.arrayContaining([expect.stringContaining('`notes/cli.py` uses the file `notes/store.py`')]));
    expect(storeTask.rubric?.map((item) => item.criterion).join('\n')).toContain('`notes/model.py`');
    expect(storeTask.prompt).not.toContain('notes/cli.py');
  });

  it('refuses a count of 0, naming the option', () => {
    expect(() => mine({ count: 0 })).toThrow(expect.objectContaining({ argument: 'count' }));
    expect(InvalidArgumentError.isInstance((() => { try { mine({ count: 0 }); } catch (error) { return error; } })())).toBe(true);
  });

  it('parses the Markdown report and reports every missing section', () => {
    const report = parseDesignReport(goodReport);
    expect(report.interactions).toEqual([
      { path: 'notes/model.py', symbol: 'Note', direction: 'uses', description: 'the store creates notes and asks each one whether it matches.' },
      { path: 'notes/cli.py', symbol: 'main', direction: 'used-by', description: 'the command line adds notes and prints `NoteStore.report`.' },
    ]);
    expect(() => parseDesignReport('## Functionality\nIt stores notes.\n')).toThrow(ValidationError);
    try {
      parseDesignReport('## Functionality\nIt stores notes.\n', { file: 'report.md' });
    } catch (error) {
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['designRationale', 'interactions']);
    }
  });

  it('gives a correct report full marks and flags made-up files, symbols and interactions', async () => {
    const targets = [{ granularity: 'class' as const, path: 'notes/store.py', symbol: 'NoteStore' }];
    const good = await checkReportGrounding({ report: goodReport, targets, index, snapshotDirectory: snapshot.directory });
    expect(good.ungrounded).toEqual([]);
    expect(good.score).toBe(1);
    expect(good.claims.filter((claim) => claim.kind === 'interaction')).toHaveLength(2);

    const bad = goodReport
      .replace('Matching lives on the model (`notes/model.py`)', 'Matching lives in `notes/matcher.py` and `NoteIndex.lookup`')
      .replace('- `notes/cli.py` `main` (used by)', '- `notes/cli.py` `main` (uses)')
      .replace('`notes/model.py` `Note` (uses)', '`notes/model.py` `Folder` (uses)');
    const result = await checkReportGrounding({ report: bad, targets, index, snapshotDirectory: snapshot.directory });
    expect(result.ungrounded.map((claim) => `${claim.kind} ${claim.text}`).sort()).toEqual([
      'interaction uses notes/cli.py main',
      'interaction uses notes/model.py Folder',
      'path notes/matcher.py',
      'symbol Folder in notes/model.py',
      'symbol NoteIndex.lookup',
    ]);
    expect(result.score).toBeLessThan(1);
    expect(result.score).toBeGreaterThan(0);
  });

  it('checks paths of non-source files in the snapshot and ignores names of the language and of third-party modules', async () => {
    const report = `## Functionality\nConfigured in \`setup.cfg\`; uses \`sys.argv\`, \`len\` and \`None\`.\n\n## Design rationale\nSimple.\n\n## Interactions\n- \`notes/store.py\` \`NoteStore\` (uses): it stores notes.\n`;
    const result = await checkReportGrounding({ report, targets: [{ granularity: 'file', path: 'notes/cli.py' }], index, snapshotDirectory: snapshot.directory });
    expect(result.claims.map((claim) => claim.text)).toEqual(['setup.cfg', 'notes/store.py', 'NoteStore in notes/store.py', 'uses notes/store.py NoteStore']);
    expect(result.score).toBe(1);
  });
});
