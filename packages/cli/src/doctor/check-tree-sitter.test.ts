import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkTreeSitter } from './check-tree-sitter';

describe('checkTreeSitter', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-tree-sitter-'));
    await writeFile(join(folder, 'package.json'), '{"name":"workspace","private":true}');
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reports the native module missing, with how to add it and the web-tree-sitter fallback', async () => {
    // In a child without NODE_PATH: `pnpm run` puts the workspace's hidden hoisting folder
    // (which holds tree-sitter) on NODE_PATH, so an empty folder would still find it here.
    const source = fileURLToPath(new URL('./check-tree-sitter.ts', import.meta.url));
    const script = `import { checkTreeSitter } from ${JSON.stringify(source)}; console.log(JSON.stringify(checkTreeSitter({ searchFrom: [${JSON.stringify(join(folder, 'package.json'))}] })));`;
    const environment = { ...process.env };
    delete environment.NODE_PATH;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: dirname(source),
      env: environment,
    });
    const check = JSON.parse(stdout) as unknown;
    expect(check).toEqual({
      name: 'tree-sitter',
      status: 'missing',
      required: false,
      detail: 'the native tree-sitter module is not installed',
      hint: 'optional: pnpm add tree-sitter (builds a native module, needs a C++ toolchain); without it the code-index package will fall back to web-tree-sitter',
    });
  });

  // An installed package whose binding was never compiled fails at require time, like this one.
  async function installUnbuiltTreeSitter(): Promise<string> {
    const moduleFolder = join(folder, 'node_modules', 'tree-sitter');
    await mkdir(moduleFolder, { recursive: true });
    await writeFile(join(moduleFolder, 'package.json'), '{"name":"tree-sitter","version":"0.21.1","main":"index.js"}');
    await writeFile(
      join(moduleFolder, 'index.js'),
      "throw new Error('No native build was found for platform=linux arch=x64 runtime=node abi=115\\nloaded from: ...');",
    );
    return moduleFolder;
  }

  it('by default loads the binding the way @swespot/code-index does, before the workspace (cwd)', async () => {
    await installUnbuiltTreeSitter();
    const codeIndex = createRequire(import.meta.url).resolve('@swespot/code-index/package.json');
    const installed = createRequire(codeIndex)('tree-sitter/package.json') as { version: string };
    const check = checkTreeSitter({ cwd: folder });
    expect(check).toMatchObject({ status: 'ok', version: installed.version });
    expect(check.detail).toContain(dirname(createRequire(codeIndex).resolve('tree-sitter')));
  });

  it('warns when tree-sitter is installed but its native binding does not load', async () => {
    const moduleFolder = await installUnbuiltTreeSitter();
    const check = checkTreeSitter({ searchFrom: [join(folder, 'package.json')] });
    expect(check.status).toBe('warning');
    expect(check.version).toBe('0.21.1');
    expect(check.detail).toBe(
      `tree-sitter 0.21.1 is installed at ${join(moduleFolder, 'index.js')} but its native binding failed to load: No native build was found for platform=linux arch=x64 runtime=node abi=115`,
    );
    expect(check.hint).toContain('pnpm rebuild tree-sitter');
  });
});
