import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLayers, formatLayeringReport } from './check-layers';

const fixtures = fileURLToPath(new URL('./__fixtures__', import.meta.url));
const realWorkspaceRoot = fileURLToPath(new URL('../../..', import.meta.url));

const temporaryFolders: string[] = [];
afterEach(() => {
  for (const folder of temporaryFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function writeArchitecture(table: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'check-layers-'));
  temporaryFolders.push(folder);
  const path = join(folder, 'ARCHITECTURE.md');
  writeFileSync(path, `# Architecture\n\n| layer | package | owns |\n| --- | --- | --- |\n${table}\n`);
  return path;
}

describe('checkLayers', () => {
  it('reports every violation of the bad fixture, and nothing written in comments or literals', () => {
    const report = checkLayers({ workspaceRoot: join(fixtures, 'bad') });

    expect(formatLayeringReport(report)).toEqual([
      'packages/helper/package.json:5: @swespot/helper (layer 1) depends on @swespot/planner (layer 2) in devDependencies',
      'packages/planner/package.json:4: @swespot/planner (layer 2) depends on @swespot/writer (layer 2) in dependencies',
      'packages/planner/src/index.ts:4: @swespot/planner (layer 2) imports @swespot/writer (layer 2)',
      'packages/reader/src/index.ts:2: @swespot/reader (layer 1) imports @swespot/writer (layer 2)',
      'packages/reader/src/index.ts:2: @swespot/reader imports @swespot/writer, which packages/reader/package.json does not declare',
      'packages/untagged/package.json: @swespot/untagged has no "layer:N" tag in its nx.tags',
      'packages/untagged/src/index.ts:1: @swespot/untagged imports @swespot/ghost, which is not a workspace package',
      'packages/writer/package.json:4: @swespot/writer (layer 2) depends on @swespot/planner (layer 2) in dependencies',
      'packages/writer/src/index.ts:5: @swespot/writer (layer 2) imports @swespot/planner (layer 2)',
      'cycle: @swespot/planner -> @swespot/writer -> @swespot/planner',
      'layering failed: 10 violations in 6 packages (a package may depend only on @swespot packages of a strictly lower layer, with no cycles)',
    ]);
    expect(report.violations.map((violation) => violation.kind)).toEqual([
      'layer',
      'layer',
      'layer',
      'layer',
      'undeclared',
      'missing-layer',
      'unknown',
      'layer',
      'layer',
      'cycle',
    ]);
    expect(report.edgeCount).toBe(7);
  });

  it('passes the good fixture, counting declared and imported edges once each', () => {
    const report = checkLayers({ workspaceRoot: join(fixtures, 'good') });

    expect(report.violations).toEqual([]);
    expect(formatLayeringReport(report)).toEqual(['layering ok: 3 packages, 3 edges']);
  });

  it('passes on the real workspace', () => {
    const report = checkLayers({ workspaceRoot: realWorkspaceRoot });

    expect(formatLayeringReport(report)).toEqual([
      `layering ok: ${report.packageCount} packages, ${report.edgeCount} edges`,
    ]);
    expect(report.packageCount).toBeGreaterThanOrEqual(15);
  });

  it('accepts tags that agree with the architecture table', () => {
    const architecturePath = writeArchitecture(
      '| 0 | `@swespot/kernel` | interfaces |\n| 1 | `@swespot/box` | sandboxes |\n| 2 | `@swespot/front` | the command |',
    );

    const report = checkLayers({ workspaceRoot: join(fixtures, 'good'), architecturePath });

    expect(report.violations).toEqual([]);
  });

  it('reports tags that disagree with the architecture table, and names on one side only', () => {
    const architecturePath = writeArchitecture(
      '| 0 | `@swespot/kernel` | interfaces |\n| 2 | `@swespot/box`, `@swespot/extra` | sandboxes |',
    );

    const report = checkLayers({ workspaceRoot: join(fixtures, 'good'), architecturePath });

    const documentName = relative(join(fixtures, 'good'), architecturePath);
    expect(formatLayeringReport(report).slice(0, -1)).toEqual([
      `packages/box/package.json: @swespot/box is tagged layer:1 but ${documentName} puts it on layer 2`,
      `packages/front/package.json: @swespot/front is missing from the layer table of ${documentName}`,
      `${documentName}: the layer table lists @swespot/extra, which is not a workspace package`,
    ]);
    expect(report.violations.every((violation) => violation.kind === 'architecture')).toBe(true);
  });

  it('skips the architecture comparison when the document does not exist', () => {
    const report = checkLayers({
      workspaceRoot: join(fixtures, 'good'),
      architecturePath: join(fixtures, 'no-such-ARCHITECTURE.md'),
    });

    expect(report.violations).toEqual([]);
  });
});
