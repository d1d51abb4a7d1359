import { execFile } from 'node:child_process';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { EnvironmentBuild, TaskInstance, TestSpec } from '@swespot/core';
import { buildEnvironment, createSnapshot, inferEnvironment, type EnvironmentBuildProgress } from '@swespot/repo-sandbox';
import { isTestPath, readPatch, withCoverageTooling } from '@swespot/test-repro';

/** Where an instance's environment came from. */
export type EnvironmentSource = 'image-map' | 'instance-image' | 'built';

/** An instance's environment: the image (repository at its working directory, at `base_commit`) and how its tests run there. */
export interface ResolvedEnvironment {
  readonly image: string;
  readonly workingDirectory: string;
  /** The test command for this image: the instance's own for SWE-bench-style images, the built environment's otherwise. */
  readonly testSpec: TestSpec;
  readonly source: EnvironmentSource;
  /** The build record, for `built` environments. */
  readonly build?: EnvironmentBuild;
}

/** Settings of {@link createEnvironmentResolver}. */
export interface EnvironmentResolverSettings {
  /** Images by instance id or by repository (`owner/name`), the instance id first (SWE-bench-style images, repository at `/testbed`). */
  readonly imageMap?: Readonly<Record<string, string>>;
  /** Whether the engine has an image. Default: `docker image inspect IMAGE` succeeds. */
  readonly imageExists?: (image: string) => Promise<boolean>;
  /**
   * Local clones by repository (`owner/name` → folder, bare or not) to build environments
   * from when no image is there. Default: none (such instances fail with a clear reason).
   */
  readonly repositories?: Readonly<Record<string, string>>;
  /** Folder of the snapshots built environments are made from. */
  readonly workDirectory: string;
  /** Where built environments take Python dependencies from. Default: `offline-debian` (Debian's python3-* packages). */
  readonly dependencies?: 'online' | 'offline-debian';
  /** Progress of environment builds. */
  readonly onBuildProgress?: (instanceId: string, progress: EnvironmentBuildProgress) => void;
  readonly abortSignal?: AbortSignal;
}

/** Resolves instances' environments; builds are shared between instances of one commit and cached by repo-sandbox's content-hashed images. */
export type EnvironmentResolver = (instance: TaskInstance) => Promise<ResolvedEnvironment>;

function dockerImageExists(image: string): Promise<boolean> {
  return new Promise((resolve) => execFile('docker', ['image', 'inspect', '--format', '{{.Id}}', image], (error) => resolve(error === null)));
}

/** Test files a change instance's test patch touches that exist at its base commit, for a quick baseline. */
async function existingTestFiles(instance: TaskInstance, folder: string): Promise<string[]> {
  const patch = 'testPatch' in instance && typeof instance.testPatch === 'string' ? instance.testPatch : '';
  const files = readPatch(patch)
    .map((file) => file.path)
    .filter((path) => isTestPath(path));
  const existing: string[] = [];
  for (const file of files) if (await access(join(folder, file)).then(() => true, () => false)) existing.push(file);
  return existing;
}

/**
 * Resolves each instance's environment the way SWE-Spot's harness picks images, then falls
 * back to building one here:
 *
 * 1. the image `imageMap` names for the instance id (or its repository);
 * 2. the instance's own `environment.image` (SWE-bench's `sweb.eval.x86_64.<id>`, SWE-QA's
 *    SWE-smith image) when the engine has it;
 * 3. an environment built by repo-sandbox at the instance's commit from a local clone: a
 *    snapshot whose history ends at `snapshot.commit` (no later commit to copy the fix
 *    from), the recipe inferred from it plus the dependencies of the row's
 *    `environment_setup_commit` (as SWE-bench installs them), with coverage.py for test
 *    generation, built with `dependencies` and its baseline run on the instance's test files.
 *
 * SWE-bench-style images keep the instance's test command (Django's runner, SymPy's
 * `bin/test`, pytest); built images use the command their recipe found, with the instance's
 * test selection.
 *
 * @throws {Error} naming the instance, the image looked for and the missing clone, when none of the three applies.
 */
export function createEnvironmentResolver(settings: EnvironmentResolverSettings): EnvironmentResolver {
  const imageExists = settings.imageExists ?? dockerImageExists;
  const builds = new Map<string, Promise<ResolvedEnvironment>>();
  return async (instance) => {
    const mapped = settings.imageMap?.[instance.id] ?? settings.imageMap?.[instance.repo];
    const workingDirectory = instance.environment.workingDirectory ?? '/testbed';
    if (mapped !== undefined) return { image: mapped, workingDirectory, testSpec: instance.testSpec, source: 'image-map' };
    const own = instance.environment.image;
    if (own !== undefined && (await imageExists(own))) return { image: own, workingDirectory, testSpec: instance.testSpec, source: 'instance-image' };
    const clone = settings.repositories?.[instance.repo];
    if (clone === undefined) {
      throw new Error(
        `${instance.id}: no environment: the engine has no image ${own ?? '(none named)'}, --image-map names none for it, and there is no clone of ${instance.repo} to build one from (pass --repos DIR holding ${instance.repo.split('/')[1]} or ${instance.repo.split('/')[1]}.git).`,
      );
    }
    const coverage = instance.kind === 'test-repro';
    const key = `${instance.repo}@${instance.snapshot.commit}${coverage ? '+coverage' : ''}`;
    if (!builds.has(key)) {
      builds.set(
        key,
        (async () => {
          const into = join(settings.workDirectory, 'snapshots', key.replace(/[^A-Za-z0-9._+-]/g, '_'));
          await mkdir(join(settings.workDirectory, 'snapshots'), { recursive: true });
          const snapshot = await createSnapshot({ repo: clone, commit: instance.snapshot.commit, history: 'truncated', into, ...(settings.abortSignal ? { abortSignal: settings.abortSignal } : {}) });
          let recipe = await inferEnvironment(snapshot.directory);
          const setupCommit = 'environmentSetupCommit' in instance ? instance.environmentSetupCommit : undefined;
          if (setupCommit !== undefined && !instance.snapshot.commit.startsWith(setupCommit) && !setupCommit.startsWith(instance.snapshot.commit)) {
            // SWE-bench installs the requirements of the version's environment_setup_commit (a later commit may add one the fix imports, e.g. appdirs): take its dependencies too.
            const setup = await createSnapshot({ repo: clone, commit: setupCommit, history: 'none', into: `${into}.setup`, ...(settings.abortSignal ? { abortSignal: settings.abortSignal } : {}) }).catch(() => undefined);
            const setupRecipe = setup ? await inferEnvironment(setup.directory).catch(() => undefined) : undefined;
            if (setupRecipe) {
              const known = new Set(recipe.dependencies.map((dependency) => dependency.name.toLowerCase()));
              recipe = {
                ...recipe,
                dependencies: [...recipe.dependencies, ...setupRecipe.dependencies.filter((dependency) => !known.has(dependency.name.toLowerCase()))],
                systemPackages: [...new Set([...recipe.systemPackages, ...setupRecipe.systemPackages])],
              };
            }
          }
          if (coverage) recipe = withCoverageTooling(recipe);
          const suite = await existingTestFiles(instance, snapshot.directory);
          if (suite.length > 0) recipe = { ...recipe, test: { ...recipe.test, suite } };
          const build = await buildEnvironment({
            recipe,
            snapshotPath: snapshot.directory,
            dependencies: settings.dependencies ?? 'offline-debian',
            minimumPassRate: 0,
            ...(settings.onBuildProgress ? { onProgress: (progress: EnvironmentBuildProgress) => settings.onBuildProgress!(instance.id, progress) } : {}),
            ...(settings.abortSignal ? { abortSignal: settings.abortSignal } : {}),
          });
          return {
            image: build.environment.image!,
            workingDirectory: build.environment.workingDirectory,
            testSpec: { ...build.testSpec, selection: instance.testSpec.selection },
            source: 'built' as const,
            build,
          };
        })(),
      );
    }
    const built = await builds.get(key)!;
    return { ...built, testSpec: { ...built.testSpec, selection: instance.testSpec.selection } };
  };
}

/** The instance with its environment resolved: `environment.image` and `testSpec` replaced. */
export function withResolvedEnvironment<Instance extends TaskInstance>(instance: Instance, resolved: ResolvedEnvironment): Instance {
  return {
    ...instance,
    environment: { ...instance.environment, image: resolved.image, workingDirectory: resolved.workingDirectory },
    testSpec: resolved.testSpec,
    metadata: { ...instance.metadata, environmentSource: resolved.source, ...(resolved.build ? { environmentBuild: resolved.build.id } : {}) },
  };
}
