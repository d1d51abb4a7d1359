import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A repository built for the git reader conformance suite, and how to remove it. */
export interface ConformanceRepository {
  readonly directory: string;
  /** Commit ids by label, in the order they were made. */
  readonly commits: Readonly<Record<string, string>>;
  readonly cleanup: () => void;
}

/** Runs git in `directory` with fixed identities and the given committer date. */
export function gitIn(directory: string, args: readonly string[], date?: string, input?: string): string {
  return execFileSync('git', args, {
    cwd: directory,
    input,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Ada Author',
      GIT_AUTHOR_EMAIL: 'ada@example.com',
      GIT_COMMITTER_NAME: 'Cy Committer',
      GIT_COMMITTER_EMAIL: 'cy@example.com',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
    },
  }).trim();
}

const PYTHON = (body: string) =>
  [
    'import os',
    '',
    '',
    'def first(value):',
    '    total = value + 1',
    '    return total',
    '',
    '',
    'class Widget:',
    '    def __init__(self, name):',
    '        self.name = name',
    '',
    '    def render(self):',
    `        return "<" + self.name + ">"  # ${body}`,
    '',
    '',
    'def last():',
    '    return None',
    '',
  ].join('\n');

const LONG_TEXT = Array.from({ length: 40 }, (_, index) => `line ${index + 1} of a file that will be renamed and edited`).join('\n') + '\n';

/**
 * Builds a repository with what readers get wrong: a root commit, renames (exact and
 * edited), a binary file, a non-UTF-8 path and non-UTF-8 content, a path with a space,
 * a symlink, a mode change, an empty commit, a merge of a side branch (GitHub style), a
 * squash-merge subject with closing keywords, a submodule entry added and moved, a type
 * change, a file without a final newline, and an annotated tag. Dates step one day at a
 * time from 2019-01-01, in several time zones.
 */
export function buildConformanceRepository(): ConformanceRepository {
  const directory = mkdtempSync(join(tmpdir(), 'swespot-git-conformance-'));
  const commits: Record<string, string> = {};
  let day = 0;
  const nextDate = (zone = '+0000') => {
    day += 1;
    return `${new Date(Date.UTC(2019, 0, day, 12, 0, 0)).toISOString().replace('.000Z', '')} ${zone}`;
  };
  const write = (path: string | Buffer, content: string | Buffer) => {
    if (typeof path === 'string') {
      mkdirSync(join(directory, path, '..'), { recursive: true });
      writeFileSync(join(directory, path), content);
    } else {
      writeFileSync(Buffer.concat([Buffer.from(`${directory}/`), path]), content);
    }
  };
  const commit = (label: string, message: string, zone?: string, extra: string[] = []) => {
    gitIn(directory, ['add', '-A']);
    gitIn(directory, ['commit', '-q', '--no-verify', ...extra, '-m', message], nextDate(zone));
    commits[label] = gitIn(directory, ['rev-parse', 'HEAD']);
  };

  gitIn(directory, ['init', '-q', '-b', 'main', '.']);
  gitIn(directory, ['config', 'core.autocrlf', 'false']);
  write('README.md', '# Project\n\nSome words.\n');
  write('src/widget.py', PYTHON('v1'));
  write('src/helpers.py', LONG_TEXT);
  write('docs/exact.txt', 'same content, moved as is\n');
  write('docs/with space.md', 'a file whose name has a space\n');
  write('docs/café.md', 'UTF-8 name\n');
  write(Buffer.from([0x6c, 0x61, 0x74, 0x69, 0x6e, 0x2d, 0xe9, 0x2e, 0x74, 0x78, 0x74]), 'a name that is not UTF-8\n');
  write('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0x6e, 0x61, 0xef, 0x76, 0x65, 0x0a]));
  write('image.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0x03, 0x00, 0xff]));
  write('script.sh', '#!/bin/sh\necho hi\n');
  write('no-newline.txt', 'first\nlast without newline');
  symlinkSync('README.md', join(directory, 'link-to-readme'));
  symlinkSync('docs', join(directory, 'link-to-docs'));
  commit('root', 'Initial commit', '+0200');

  write('src/widget.py', PYTHON('v2'));
  rmSync(join(directory, 'src/helpers.py'));
  write('lib/helpers.py', LONG_TEXT.replace('line 20 of', 'line twenty of').replace('line 30 of', 'line thirty of'));
  rmSync(join(directory, 'docs/exact.txt'));
  write('docs/moved/exact.txt', 'same content, moved as is\n');
  chmodSync(join(directory, 'script.sh'), 0o755);
  write('image.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x09, 0x08, 0x07, 0x00]));
  write('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0x6e, 0x61, 0xef, 0x76, 0x65, 0x21, 0x0a]));
  write('no-newline.txt', 'first\nlast line, still without newline');
  write('docs/with space.md', 'a file whose name has a space\nand a second line\n');
  commit('renames', 'Move helpers to lib and rework the widget\n\nSee #3 for the background.', '-0500');

  commit('empty', 'An empty commit', '+0530', ['--allow-empty']);

  gitIn(directory, ['checkout', '-q', '-b', 'feature']);
  write('src/feature.py', 'def feature():\n    return 42\n');
  commit('side', 'Add the feature');
  write('src/feature.py', 'def feature():\n    return 43\n');
  commit('side2', 'Tune the feature');
  gitIn(directory, ['checkout', '-q', 'main']);
  write('README.md', '# Project\n\nSome words.\nMore words on main.\n');
  commit('main-after-branch', 'Document main');
  gitIn(directory, ['merge', '-q', '--no-ff', '--no-edit', '-m', 'Merge pull request #12 from someone/feature\n\nAdd the feature (fixes #11)', 'feature'], nextDate());
  commits.merge = gitIn(directory, ['rev-parse', 'HEAD']);

  gitIn(directory, ['update-index', '--add', '--cacheinfo', `160000,${commits.root},vendor/lib`]);
  gitIn(directory, ['commit', '-q', '-m', 'Add vendored library as a submodule'], nextDate());
  commits.submodule = gitIn(directory, ['rev-parse', 'HEAD']);

  gitIn(directory, ['update-index', '--cacheinfo', `160000,${commits.renames},vendor/lib`]);
  unlinkSync(join(directory, 'link-to-readme'));
  write('link-to-readme', 'now a regular file\n');
  gitIn(directory, ['add', 'link-to-readme']);
  gitIn(directory, ['commit', '-q', '-m', 'Bump vendored library; make link a file (#34)\n\nFixes #7, closes #8 and resolves owner/repo#9.'], nextDate('-0800'));
  commits.squash = gitIn(directory, ['rev-parse', 'HEAD']);
  gitIn(directory, ['tag', '-a', 'v1.0', '-m', 'Release 1.0', commits.merge!], nextDate());

  write('src/widget.py', PYTHON('v3').replace('def last():\n    return None\n', 'def last():\n    return 0\n'));
  write('src/new_module.py', 'VALUE = 1\n');
  rmSync(join(directory, 'README.md'));
  gitIn(directory, ['add', '-A']);
  gitIn(directory, ['commit', '-q', '-m', 'Remove the readme and the submodule'], nextDate());
  commits.head = gitIn(directory, ['rev-parse', 'HEAD']);

  return { directory, commits, cleanup: () => rmSync(directory, { recursive: true, force: true }) };
}
