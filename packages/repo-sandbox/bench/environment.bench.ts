// Cost of a cached environment rebuild and of running one chosen test file in a fresh sandbox
// from the environment image, as ratios to `docker run --rm IMAGE true` measured in the same
// run. The first build (a small setuptools package with pytest, offline-debian) is made
// before timing; its figures are printed only to explain the ratios.
//
//   pnpm bench                                        # the small generated package
//   SWESPOT_BENCH_ENV_SNAPSHOT=/path/to/snapshot       # a real snapshot (e.g. click at a cutoff)
//   SWESPOT_BENCH_ENV_FILE=tests/test_utils.py         # the test file to run (default: the first in the suite)
//   SWESPOT_BENCH_RUNS=10                              # runs per measurement (default 5)
import { rm } from 'node:fs/promises';
import { buildEnvironment, taskEnvironmentOf } from '../src/environment/build-environment';
import { inferEnvironment } from '../src/environment/infer-environment';
import { runEnvironmentTests } from '../src/environment/run-environment-tests';
import { SETUPTOOLS_PYTEST, writeRepository } from '../src/environment/__fixtures__/environment-repositories';
import { dockerRunTrue, median, timeIt } from './measure';

const runs = Number(process.env.SWESPOT_BENCH_RUNS ?? 5);


const given = process.env.SWESPOT_BENCH_ENV_SNAPSHOT;
const snapshot = given ?? (await writeRepository(SETUPTOOLS_PYTEST, 'swespot-bench-env-'));
try {
  const recipe = await inferEnvironment(snapshot);
  const first = await buildEnvironment({ recipe, snapshotPath: snapshot, dependencies: 'offline-debian', minimumPassRate: 0 });
  const image = first.environment.image!;
  const file = process.env.SWESPOT_BENCH_ENV_FILE ?? first.baseline?.tests[0]?.testId.split('::')[0] ?? 'tests';
  console.log(`environment ${image}: first build ${(first.timings.buildMs / 1000).toFixed(1)} s, baseline ${(first.timings.testMs / 1000).toFixed(1)} s, ${first.baseline?.tests.length ?? 0} tests`);

  const baseline: number[] = [];
  const rebuild: number[] = [];
  const rebuildLayers: number[] = [];
  const chosenFile: number[] = [];
  await dockerRunTrue(image);
  for (let round = 0; round < runs; round++) {
    baseline.push(await timeIt(() => dockerRunTrue(image)));
    rebuild.push(
      await timeIt(async () => {
        const again = await buildEnvironment({ recipe, snapshotPath: snapshot, dependencies: 'offline-debian', minimumPassRate: 0 });
        if (again.environment.image !== image) throw new Error('a cached rebuild made a new image');
        rebuildLayers.push(again.timings.buildMs);
      }),
    );
    chosenFile.push(await timeIt(() => runEnvironmentTests({ ...taskEnvironmentOf(first, { mode: 'files', files: [file] }) })));
  }
  const unit = median(baseline);
  const line = (label: string, values: number[]) => console.log(`${label.padEnd(46)} ${(median(values) / unit).toFixed(2)}x  (median ${median(values).toFixed(0)} ms)`);
  console.log(`docker run --rm IMAGE true                     1.00x  (median ${unit.toFixed(0)} ms, ${runs} runs)`);
  line('cached rebuild: layers found by content hash', rebuildLayers);
  line('cached rebuild with its baseline suite run', rebuild);
  line(`one test file (${file}) in a fresh sandbox`, chosenFile);
} finally {
  if (!given) await rm(snapshot, { recursive: true, force: true });
}
