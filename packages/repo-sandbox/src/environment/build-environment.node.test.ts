import { rm } from 'node:fs/promises';
import type { TestReport } from '@swespot/core';
import { afterAll, describe, expect, it } from 'vitest';
import { buildNodeBaseImage } from '../images/build-base-image';
import { JAVASCRIPT_JEST, TYPESCRIPT_VITEST, writeRepository } from './__fixtures__/environment-repositories';
import { buildEnvironment, taskEnvironmentOf } from './build-environment';
import { inferEnvironment } from './infer-environment';
import { runEnvironmentTests } from './run-environment-tests';

const made: string[] = [];
afterAll(async () => {
  for (const folder of made) await rm(folder, { recursive: true, force: true });
});

function statuses(report: TestReport | null): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const test of report?.tests ?? []) counts[test.status] = (counts[test.status] ?? 0) + 1;
  return counts;
}

// npm packages come from the npm registry at image-build time (the network this machine and CI reach); tests run without network.
describe('buildEnvironment: JavaScript and TypeScript', () => {
  it('builds a TypeScript package with Vitest and a JavaScript package with Jest, with their known counts', async () => {
    const base = await buildNodeBaseImage();
    const vitestRoot = await writeRepository(TYPESCRIPT_VITEST);
    made.push(vitestRoot);
    const vitest = await buildEnvironment({ recipe: await inferEnvironment(vitestRoot), snapshotPath: vitestRoot, baseImage: base, minimumPassRate: 0.7 });
    expect(statuses(vitest.baseline)).toEqual({ passed: 3, failed: 1 });
    expect(vitest.baseline!.evidence).toMatchObject({ countsAgree: true, exitCodeAgrees: true });
    expect(vitest.usable).toBe(true);
    const one = await runEnvironmentTests({ ...taskEnvironmentOf(vitest, { mode: 'files', files: ['src/math.test.ts'] }) });
    expect(statuses(one)).toEqual({ passed: 3, failed: 1 });

    const jestRoot = await writeRepository(JAVASCRIPT_JEST);
    made.push(jestRoot);
    const jest = await buildEnvironment({ recipe: await inferEnvironment(jestRoot), snapshotPath: jestRoot, baseImage: base });
    expect(statuses(jest.baseline)).toEqual({ passed: 2, failed: 1, skipped: 1 });
    expect(jest.usable).toBe(false);
    expect(jest.reasons.join('\n')).toMatch(/Only 66\.7% of the tests passed/);
  }, 1_200_000);
});
