import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { checkLayers, formatLayeringReport } from './check-layers';

/**
 * `tsx tools/check-layers/src/cli.ts [workspace-root]`: prints every layering
 * violation and exits 1, or prints `layering ok: ...` and exits 0. The root
 * defaults to the workspace this file lives in. When `../shared/ARCHITECTURE.md`
 * exists beside the root, the `layer:N` tags must also agree with its table.
 */
const workspaceRoot = resolve(process.argv[2] ?? fileURLToPath(new URL('../../..', import.meta.url)));
const report = checkLayers({
  workspaceRoot,
  architecturePath: join(workspaceRoot, '..', 'shared', 'ARCHITECTURE.md'),
});
const lines = formatLayeringReport(report);
if (report.violations.length > 0) {
  process.stderr.write(`${lines.join('\n')}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(`${lines.join('\n')}\n`);
}
