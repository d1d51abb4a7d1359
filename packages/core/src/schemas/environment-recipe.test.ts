import { describe, expect, it } from 'vitest';
import { issuePathsOf } from './__fixtures__/issues-of';
import { environmentOverridesSchema, environmentRecipeSchema } from './environment-recipe';

const recipe = {
  schemaVersion: 1,
  language: 'python',
  languageVersion: '>=3.7',
  base: 'python',
  packageManager: 'pip',
  dependencies: [{ name: 'PyYAML', specifier: '>=5', group: 'runtime', source: { file: 'setup.cfg', key: '[options] install_requires' } }],
  test: { framework: 'pytest', command: 'python3 -m pytest -rA {tests}' },
  sources: [{ path: 'setup.cfg', sha256: 'a'.repeat(64) }, { path: 'tox.ini', sha256: null }],
  origins: { 'test.framework': { file: 'setup.cfg', key: '[tool:pytest]' } },
};

describe('environmentRecipeSchema', () => {
  it('fills in the defaults of a minimal recipe', () => {
    const parsed = environmentRecipeSchema.parse(recipe);
    expect(parsed.test).toEqual({ framework: 'pytest', command: 'python3 -m pytest -rA {tests}', suite: [], env: {}, timeoutSeconds: 1800 });
    expect(parsed).toMatchObject({ systemPackages: [], dependencyFiles: [], dependencyCommands: [], projectInstall: [], fallbackEnv: {}, notes: [] });
  });

  it('names every bad field', () => {
    const paths = issuePathsOf(environmentRecipeSchema, {
      ...recipe,
      base: 'ruby',
      dependencies: [{ name: '', group: 'docs', source: {} }],
      test: { framework: 'ava', command: '' },
      sources: [{ path: 'x', sha256: 'not-a-hash' }],
    });
    expect(paths.sort()).toEqual(['base', 'dependencies.0.group', 'dependencies.0.name', 'dependencies.0.source.file', 'sources.0.sha256', 'test.command', 'test.framework']);
  });
});

describe('environmentOverridesSchema', () => {
  it('accepts any subset of fields and refuses unknown keys', () => {
    expect(issuePathsOf(environmentOverridesSchema, { test: { command: 'make test' } })).toEqual([]);
    expect(issuePathsOf(environmentOverridesSchema, { tests: {} })).toEqual(['']);
  });
});
