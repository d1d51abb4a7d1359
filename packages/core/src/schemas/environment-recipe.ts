import { z } from 'zod';
import { environmentSpecSchema } from './environment-spec';
import { isoDateTimeSchema, recordIdSchema, schemaVersionSchema } from './record-fields';
import { testReportSchema } from './test-report';
import { testFrameworkSchema, testSpecSchema } from './test-spec';

/**
 * Where a recipe field came from: a file of the repository and the key in it (e.g.
 * `pyproject.toml` / `project.dependencies`), an override file, a retry after a collection
 * error, or `(default)` when nothing in the repository said.
 */
export const recipeFieldSourceSchema = z
  .strictObject({
    file: z.string().min(1).describe('File the value was read from, relative to the repository root, or (default) / (retry).'),
    key: z.string().min(1).optional().describe('Key, section or pattern in that file, e.g. project.dependencies or [tool:pytest] addopts.'),
  })
  .describe('Where a recipe field came from.');

/** Where a recipe field came from. See {@link recipeFieldSourceSchema}. */
export type RecipeFieldSource = z.infer<typeof recipeFieldSourceSchema>;

/**
 * One dependency the repository declares, by its registry name (a PyPI distribution for
 * Python). Version pins are kept for `online` installs and ignored by `offline-debian`.
 */
export const recipeDependencySchema = z
  .strictObject({
    name: z.string().min(1).describe('Distribution name as written, e.g. PyYAML.'),
    specifier: z.string().default('').describe('Version specifier, e.g. >=5.1; empty for any. Default: empty.'),
    marker: z.string().min(1).optional().describe('PEP 508 environment marker, e.g. python_version < "3.8".'),
    group: z
      .enum(['runtime', 'test', 'build', 'plugin'])
      .describe('runtime (the project needs it), test (its suite needs it), build (its build backend), plugin (a pytest plugin the test configuration names).'),
    source: recipeFieldSourceSchema,
  })
  .describe('A declared dependency.');

/** A declared dependency. See {@link recipeDependencySchema}. */
export type RecipeDependency = z.infer<typeof recipeDependencySchema>;

/** The languages whose environments swespot infers. */
export const recipeLanguageSchema = z.enum(['python', 'javascript', 'typescript']).describe('Language of the project.');

/** A language whose environment swespot infers. */
export type RecipeLanguage = z.infer<typeof recipeLanguageSchema>;

/**
 * How to make an environment in which a repository's own test suite runs, inferred from its
 * files (`inferEnvironment` in `@swespot/repo-sandbox`) and overridable field by field
 * (`swespot.env.json`). Written to disk as JSON. `origins` says, per field path, where each
 * value came from; `sources` lists the files read (with their hashes, `null` when looked for
 * and absent), so the recipe is re-inferred only when one of them changes.
 */
export const environmentRecipeSchema = z
  .strictObject({
    schemaVersion: schemaVersionSchema,
    language: recipeLanguageSchema,
    languageVersion: z.string().nullable().describe('Version range the project declares, e.g. >=3.7 or ^18; null when it says none.'),
    base: z.enum(['python', 'node']).describe('The shared base image the environment starts from (buildBaseImage flavor).'),
    systemPackages: z
      .array(z.string().min(1))
      .default([])
      .describe('Debian packages installed in every dependency mode (installer, build backend), e.g. python3-pip. Default: none.'),
    packageManager: z.enum(['pip', 'npm', 'pnpm', 'yarn']).describe('Installer of the dependencies.'),
    dependencies: z
      .array(recipeDependencySchema)
      .default([])
      .describe('Declared dependencies installed by the package manager (online) or mapped to Debian packages (offline-debian). Default: none.'),
    dependencyFiles: z
      .array(z.string().min(1))
      .default([])
      .describe('Files copied into the dependency layer before dependencyCommands, e.g. package.json and the lockfile. Default: none.'),
    dependencyCommands: z
      .array(z.string().min(1))
      .default([])
      .describe('Shell commands run at image-build time, with network, after the dependencies, e.g. npm ci. Default: none.'),
    projectInstall: z
      .array(z.string().min(1))
      .default([])
      .describe('Shell commands that install the project itself from the snapshot, without network, e.g. an editable pip install. Default: none.'),
    fallbackEnv: z
      .record(z.string(), z.string())
      .default({})
      .describe('Environment for the tests when projectInstall fails, e.g. PYTHONPATH=/testbed/src. Default: none.'),
    test: z
      .strictObject({
        framework: testFrameworkSchema,
        command: z.string().min(1).describe('Shell command template run in the working directory; {tests} becomes the selected files or ids.'),
        suite: z
          .array(z.string().min(1))
          .default([])
          .describe('What {tests} is for the whole suite, e.g. [tests]; empty lets the runner find them. Default: empty.'),
        env: z.record(z.string(), z.string()).default({}).describe('Environment of the test command. Default: none.'),
        timeoutSeconds: z.number().positive().default(1800).describe('Limit of one run of the whole suite, in seconds. Default: 1800.'),
      })
      .describe('How the test suite runs and which parser reads its output (the framework).'),
    sources: z
      .array(
        z.strictObject({
          path: z.string().min(1).describe('File relative to the repository root.'),
          sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable().describe('SHA-256 of the file, or null when it was looked for and is absent.'),
        }),
      )
      .default([])
      .describe('Files the recipe was inferred from (and files whose absence mattered). Default: none.'),
    origins: z
      .record(z.string(), recipeFieldSourceSchema)
      .default({})
      .describe('Where each field came from, by dotted field path, e.g. "test.framework". Default: none.'),
    notes: z.array(z.string().min(1)).default([]).describe('What inference noticed and a user should know. Default: none.'),
  })
  .describe('How to build an environment in which a repository\'s tests run.');

/** How to build an environment in which a repository's tests run. See {@link environmentRecipeSchema}. */
export type EnvironmentRecipe = z.infer<typeof environmentRecipeSchema>;

/** Where dependencies come from: their registries (`online`), or Debian's packages for Python (`offline-debian`). */
export const dependencyModeSchema = z.enum(['online', 'offline-debian']).describe('Where dependencies come from at image-build time.');

/** Where dependencies come from at image-build time. */
export type DependencyMode = z.infer<typeof dependencyModeSchema>;

/**
 * One built and verified environment: the images, what could not be installed, the suite's
 * baseline run, and whether the environment is usable. `environment` and `testSpec` are the
 * fields a TaskInstance carries, so a task record made from this build is self-contained.
 */
export const environmentBuildSchema = z
  .strictObject({
    schemaVersion: schemaVersionSchema,
    id: recordIdSchema.describe('Build id: a hash of the repository image and the recipe.'),
    recipe: environmentRecipeSchema.describe('The recipe as built (with plugins added by retries).'),
    dependencyMode: dependencyModeSchema,
    images: z
      .strictObject({
        base: z.string().min(1).describe('Shared base image (debootstrap).'),
        dependencies: z.string().min(1).describe('Base plus Debian packages and dependencies; one per distinct recipe.'),
        repository: z.string().min(1).describe('Dependencies plus the snapshot at the working directory with the project installed.'),
      })
      .describe('The three image layers.'),
    debianPackages: z.array(z.string().min(1)).default([]).describe('Debian packages installed beyond the base. Default: none.'),
    unsatisfied: z
      .array(z.strictObject({ name: z.string().min(1), reason: z.string().min(1) }))
      .default([])
      .describe('Dependencies that could not be installed, and why. Default: none.'),
    projectInstalled: z.enum(['installed', 'path', 'none']).describe('installed: projectInstall ran; path: it failed and fallbackEnv is used; none: nothing to install.'),
    environment: environmentSpecSchema,
    testSpec: testSpecSchema.describe('How to run the tests in the image; selection is the whole suite.'),
    baseline: testReportSchema.nullable().describe('The whole suite run once in the fresh image; null when it could not start.'),
    passRate: z.number().min(0).max(1).nullable().describe('Passed / (passed + failed + error) of the baseline; null without tests.'),
    minimumPassRate: z.number().min(0).max(1).describe('Share of passing tests asked for.'),
    usable: z.boolean().describe('The suite ran (tests collected, no collection error) and passRate >= minimumPassRate.'),
    reasons: z.array(z.string().min(1)).default([]).describe('Why the environment is not usable, or what to know. Default: none.'),
    attempts: z
      .array(z.strictObject({ added: z.array(z.string().min(1)), reason: z.string().min(1) }))
      .default([])
      .describe('Retries after collection errors: the plugins or modules added and the error that asked for them. Default: none.'),
    timings: z
      .strictObject({ buildMs: z.number().nonnegative(), testMs: z.number().nonnegative() })
      .describe('Wall-clock time of the image builds and of the baseline runs, in milliseconds.'),
    createdAt: isoDateTimeSchema,
  })
  .describe('A built and verified environment.');

/** A built and verified environment. See {@link environmentBuildSchema}. */
export type EnvironmentBuild = z.infer<typeof environmentBuildSchema>;

/**
 * A `swespot.env.json` file (or the `environment` section of `swespot.config.json`): any
 * recipe field to set or replace. `test` is merged key by key; every other field replaces
 * the inferred one. Unknown keys are errors, so a typo is never silently ignored.
 */
export const environmentOverridesSchema = z
  .strictObject({
    language: recipeLanguageSchema.optional(),
    languageVersion: z.string().nullable().optional(),
    base: z.enum(['python', 'node']).optional(),
    systemPackages: z.array(z.string().min(1)).optional(),
    packageManager: z.enum(['pip', 'npm', 'pnpm', 'yarn']).optional(),
    dependencies: z.array(recipeDependencySchema.extend({ source: recipeFieldSourceSchema.optional() })).optional(),
    dependencyFiles: z.array(z.string().min(1)).optional(),
    dependencyCommands: z.array(z.string().min(1)).optional(),
    projectInstall: z.array(z.string().min(1)).optional(),
    fallbackEnv: z.record(z.string(), z.string()).optional(),
    test: z
      .strictObject({
        framework: testFrameworkSchema.optional(),
        command: z.string().min(1).optional(),
        suite: z.array(z.string().min(1)).optional(),
        env: z.record(z.string(), z.string()).optional(),
        timeoutSeconds: z.number().positive().optional(),
      })
      .optional(),
    notes: z.array(z.string().min(1)).optional(),
  })
  .describe('Recipe fields to set or replace.');

/** Recipe fields to set or replace. See {@link environmentOverridesSchema}. */
export type EnvironmentOverrides = z.infer<typeof environmentOverridesSchema>;
