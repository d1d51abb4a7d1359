import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The SWE-Spot evaluation rows shared beside the repository (`../shared/data/rce`, as CI lays
 * it out), else the workspace's `/work/shared/data/rce`.
 */
export const rceDataRoot: string =
  [join(import.meta.dirname, '../../../../../shared/data/rce'), join(import.meta.dirname, '../../../../shared/data/rce'), '/work/shared/data/rce'].find((candidate) =>
    existsSync(candidate),
  ) ?? '/work/shared/data/rce';
