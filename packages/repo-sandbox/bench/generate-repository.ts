import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRandom } from '@swespot/core';

/** Settings of {@link generateRepository}. */
export interface GenerateRepositorySettings {
  /** Where the repository goes (created). */
  readonly directory: string;
  /** First-parent commits on main. Default: 5,000. */
  readonly commits?: number;
  /** Files in the tree. Default: 300. */
  readonly files?: number;
  /** Seed of the generator. Default: 1. */
  readonly seed?: number;
}

/**
 * Writes a repository with `git fast-import` in a second or two: `commits` first-parent
 * commits one hour apart from 2015-01-01, each editing one to three files of a few dozen
 * lines; every tenth commit is a GitHub merge of a two-commit pull request branch, every
 * seventh a squash merge `(#N)` closing an issue, and every fiftieth renames a file.
 */
export function generateRepository(settings: GenerateRepositorySettings): void {
  const { directory, commits = 5000, files = 300, seed = 1 } = settings;
  const random = createRandom(seed);
  mkdirSync(directory, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main', directory]);
  const paths = Array.from({ length: files }, (_, index) => `pkg${index % 12}/module_${index}.py`);
  const contents = paths.map((_, index) =>
    Array.from({ length: 40 }, (__, line) => `value_${index}_${line} = ${random.integer(0, 1000)}`),
  );
  const chunks: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  let time = Date.UTC(2015, 0, 1) / 1000;
  let mark = 0;
  let issue = 1;
  const edit = (): string => {
    const lines: string[] = [];
    for (let count = random.integer(1, 3); count > 0; count -= 1) {
      const file = random.integer(0, paths.length - 1);
      const content = contents[file]!;
      const line = random.integer(0, content.length - 1);
      if (random.chance(0.3)) content.splice(line, 0, `added_${time} = ${random.integer(0, 1000)}`);
      else content[line] = `value_${file}_${line} = ${random.integer(0, 1000)}  # changed`;
      if (random.chance(0.1) && content.length > 10) content.splice(random.integer(0, content.length - 1), 1);
      lines.push(`M 100644 inline ${paths[file]}\n${data(`${content.join('\n')}\n`)}`);
    }
    return lines.join('');
  };
  const commit = (branch: string, message: string, body: string, parents: number[] = []) => {
    time += 3600;
    mark += 1;
    chunks.push(
      `commit refs/heads/${branch}\nmark :${mark}\nauthor Dev ${mark % 17} <dev${mark % 17}@example.com> ${time} +0000\ncommitter Dev ${mark % 17} <dev${mark % 17}@example.com> ${time} +0000\n${data(message)}`,
    );
    if (parents.length > 0) chunks.push(`from :${parents[0]}\n${parents.slice(1).map((parent) => `merge :${parent}\n`).join('')}`);
    chunks.push(body, '\n');
    return mark;
  };
  let main = commit('main', 'Initial commit', `${paths.map((path, index) => `M 100644 inline ${path}\n${data(`${contents[index]!.join('\n')}\n`)}`).join('')}`);
  for (let index = 1; index < commits; index += 1) {
    if (index % 10 === 0) {
      const first = commit('topic', 'Work on the topic', edit(), [main]);
      const second = commit('topic', 'Finish the topic', edit(), [first]);
      main = commit('main', `Merge pull request #${1000 + index} from dev/topic-${index}\n\nFixes #${issue++}`, '', [main, second]);
    } else if (index % 7 === 0) {
      main = commit('main', `Fix module loading (#${2000 + index})\n\nCloses #${issue++}`, edit(), [main]);
    } else if (index % 50 === 0) {
      const file = random.integer(0, paths.length - 1);
      const renamed = paths[file]!.replace('.py', `_v${index}.py`);
      main = commit('main', 'Rename a module', `R ${paths[file]} ${renamed}\n`, [main]);
      paths[file] = renamed;
    } else {
      main = commit('main', `Change ${index}`, edit(), [main]);
    }
  }
  chunks.push(`reset refs/heads/topic\nfrom 0000000000000000000000000000000000000000\n\n`);
  execFileSync('git', ['fast-import', '--quiet', '--force'], { cwd: directory, input: chunks.join(''), maxBuffer: 1 << 30 });
  execFileSync('git', ['update-ref', '-d', 'refs/heads/topic'], { cwd: directory });
  execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: directory });
}
