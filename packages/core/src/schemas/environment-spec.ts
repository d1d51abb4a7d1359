import { z } from 'zod';

/**
 * Where a task runs: a container image, or a Dockerfile to build one, plus the commands that
 * install the project and the directory it lives in. At least one of `image` and `dockerfile`
 * is set; when both are, `image` is the tag the Dockerfile builds.
 */
export const environmentSpecSchema = z
  .strictObject({
    image: z
      .string()
      .min(1)
      .optional()
      .describe('Container image reference, e.g. swebench/sweb.eval.x86_64.django_1776_django-13837:latest.'),
    dockerfile: z
      .string()
      .min(1)
      .optional()
      .describe('Path or reference of a Dockerfile that builds the environment, relative to the dataset root.'),
    installCommands: z
      .array(z.string().min(1))
      .default([])
      .describe('Shell commands run in workingDirectory after the repository is in place. Default: none.'),
    workingDirectory: z
      .string()
      .startsWith('/', 'Expected an absolute path, e.g. /testbed')
      .default('/testbed')
      .describe('Absolute path of the repository inside the environment. Default: /testbed.'),
  })
  .refine((environment) => environment.image !== undefined || environment.dockerfile !== undefined, {
    message: 'Set image or dockerfile (or both)',
    path: ['image'],
  })
  .describe('Container environment of a task.');

/** Where a task runs. See {@link environmentSpecSchema}. */
export type EnvironmentSpec = z.infer<typeof environmentSpecSchema>;
