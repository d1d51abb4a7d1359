import { z } from 'zod';

/**
 * The test runners swespot knows how to drive and whose output it can parse. `django` is
 * Django's `tests/runtests.py`, `sympy` is SymPy's `bin/test`, `node-test` is `node --test`.
 */
export const testFrameworkSchema = z
  .enum(['pytest', 'unittest', 'django', 'sympy', 'jest', 'vitest', 'mocha', 'node-test', 'go-test', 'cargo', 'maven', 'gradle'])
  .describe('Test runner, which also picks the output parser.');

/** A test runner name, e.g. `pytest`. See {@link testFrameworkSchema}. */
export type TestFramework = z.infer<typeof testFrameworkSchema>;

/**
 * Which tests a run selects: the whole suite, some files, or some test ids (in the runner's
 * own id format, e.g. `tests/test_a.py::test_b` for pytest or `test_b (module.Class)` for Django).
 */
export const testSelectionSchema = z
  .discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('all') }).describe('Run the whole suite.'),
    z
      .strictObject({
        mode: z.literal('files'),
        files: z.array(z.string().min(1)).min(1).describe('Test files, relative to the working directory.'),
      })
      .describe('Run the tests in these files.'),
    z
      .strictObject({
        mode: z.literal('tests'),
        testIds: z.array(z.string().min(1)).min(1).describe('Test ids in the runner\'s format.'),
      })
      .describe('Run these tests only.'),
  ])
  .describe('Which tests to run.');

/** Which tests a run selects. */
export type TestSelection = z.infer<typeof testSelectionSchema>;

/**
 * How to run a task's tests: the runner, a command template and the selection.
 *
 * `command` is a shell command run in the environment's working directory; the placeholder
 * `{tests}` is replaced by the selected files or test ids, shell-quoted and space-separated
 * (by nothing when the selection is `all`).
 */
export const testSpecSchema = z
  .strictObject({
    language: z
      .string()
      .regex(/^[a-z][a-z0-9+#-]*$/, 'Expected a lowercase language name, e.g. python')
      .describe('Programming language of the tests, lowercase, e.g. python or typescript.'),
    framework: testFrameworkSchema,
    command: z
      .string()
      .min(1)
      .describe('Shell command template; {tests} is replaced by the selected files or ids, shell-quoted.'),
    selection: testSelectionSchema,
    env: z
      .record(z.string(), z.string())
      .default({})
      .describe('Extra environment variables for the test command. Default: none.'),
    timeoutSeconds: z
      .number()
      .positive()
      .default(1800)
      .describe('Wall-clock limit for one run of the command, in seconds. Default: 1800.'),
  })
  .describe('How to run the tests of a task.');

/** How to run a task's tests. See {@link testSpecSchema}. */
export type TestSpec = z.infer<typeof testSpecSchema>;
