import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The planted bug: `total` skips the last item. */
export const BUGGY_SOURCE = `export function total(items) {
  let sum = 0;
  for (let index = 0; index < items.length - 1; index++) sum += items[index];
  return sum;
}
`;

/** The line the agent must change, before and after. */
export const BUGGY_LINE = 'index < items.length - 1;';
/** The fixed line. */
export const FIXED_LINE = 'index < items.length;';

/** The test that fails on the planted bug: `node --test test/` exits 1, then 0 once fixed. */
export const FAILING_TEST = `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { total } from '../src/total.js';

test('total adds every item', () => {
  assert.equal(total([1, 2, 3]), 6);
});
`;

/**
 * Makes a real git repository with one commit: a tiny ES module package whose `total`
 * function has a planted off-by-one bug, and a `node:test` test that fails because of it.
 * Only `node` and `git` are needed to work on it.
 *
 * @returns the repository's folder (under the system temporary folder unless `into` is given).
 */
export async function createBuggyRepository(into?: string): Promise<string> {
  const root = into ?? (await mkdtemp(join(tmpdir(), 'swespot-buggy-')));
  const files: Record<string, string> = {
    'package.json': '{ "name": "totals", "type": "module", "scripts": { "test": "node --test test/" } }\n',
    'src/total.js': BUGGY_SOURCE,
    'test/total.test.js': FAILING_TEST,
    'README.md': '# totals\n\nAdds numbers.\n',
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  const git = (...args: string[]) =>
    run('git', ['-c', 'user.name=swespot', '-c', 'user.email=swespot@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
      cwd: root,
    });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'totals with a planted bug');
  return root;
}
