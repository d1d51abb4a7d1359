import { posix } from 'node:path';
import type { SandboxExecutorV1 } from '@swespot/core';
import { SandboxCommandError } from '@swespot/core';
import { parsePatchFiles, type PatchFile } from './parse-patch-files';
import { PatchRefusedError } from './patch-refused-error';

/** Options of {@link assertPatchStaysInside}. */
export interface AssertPatchStaysInsideOptions {
  /** Where the patch would be applied. */
  readonly executor: SandboxExecutorV1;
  readonly patch: string;
  /** Folder the patch's paths are relative to. Default: the workspace root. */
  readonly cwd?: string;
  readonly abortSignal?: AbortSignal;
}

function refuse(file: PatchFile, path: string, why: string): never {
  throw new PatchRefusedError({
    path,
    line: file.line,
    message: `patch line ${file.line}: ${path}: ${why}; nothing was applied. Make every path relative to the repository root, inside it, and not through a symbolic link.`,
  });
}

/**
 * Checks, before anything is touched, that a patch writes only inside the workspace: no
 * absolute path, no `..` that climbs out, nothing under `.git/`, no path through a symbolic
 * link (one already in the workspace, or one the patch itself creates), no write onto an
 * existing symbolic link, and no new link that points outside. Returns the parsed files.
 *
 * @throws PatchRefusedError naming the patch line and path.
 */
export async function assertPatchStaysInside(options: AssertPatchStaysInsideOptions): Promise<PatchFile[]> {
  const files = parsePatchFiles(options.patch);
  const written = new Map<string, PatchFile>();
  const createdLinks = new Set<string>();
  for (const file of files) {
    for (const path of [file.oldPath, file.newPath]) {
      if (path === undefined) continue;
      if (path.startsWith('/')) refuse(file, path, 'is an absolute path');
      if (path.includes('\0')) refuse(file, path, 'holds a NUL byte');
      const normal = posix.normalize(path);
      if (normal === '..' || normal.startsWith('../') || path.split('/').includes('..')) refuse(file, path, "climbs out with '..'");
      if (normal === '.git' || normal.startsWith('.git/')) refuse(file, path, 'writes into .git');
      written.set(normal, file);
    }
    if (file.newMode === '120000' && file.newPath !== undefined) {
      createdLinks.add(posix.normalize(file.newPath));
      const target = file.symlinkTarget ?? '';
      const resolved = posix.normalize(posix.join(posix.dirname(posix.normalize(file.newPath)), target));
      if (target.startsWith('/') || resolved === '..' || resolved.startsWith('../')) {
        refuse(file, file.newPath, `creates a symbolic link to ${target}, outside the workspace`);
      }
    }
  }
  // Ancestors of every written path, and the paths themselves (a write onto a link follows it).
  const probes = new Map<string, { file: PatchFile; path: string; isAncestor: boolean }>();
  for (const [path, file] of written) {
    const parts = path.split('/');
    for (let depth = 1; depth <= parts.length; depth++) {
      const probe = parts.slice(0, depth).join('/');
      const isAncestor = depth < parts.length;
      if (isAncestor && createdLinks.has(probe)) refuse(file, path, `goes through ${probe}, a symbolic link this patch creates`);
      if (!probes.has(probe) || isAncestor) probes.set(probe, { file, path, isAncestor });
    }
  }
  if (probes.size === 0) return files;
  const result = await options.executor.exec({
    command: ['sh', '-c', 'for p in "$@"; do if [ -L "$p" ]; then printf "%s\\0" "$p"; fi; done', 'swespot-check', ...probes.keys()],
    cwd: options.cwd,
    timeoutMs: 60_000,
    abortSignal: options.abortSignal,
  });
  if (result.exitCode !== 0) {
    throw new SandboxCommandError({ command: 'symbolic link check', exitCode: result.exitCode ?? undefined, stderr: result.stderr, message: `Could not check the patch's paths for symbolic links: ${result.stderr.trim()}` });
  }
  for (const link of result.stdout.split('\0').filter(Boolean)) {
    const probe = probes.get(link);
    if (!probe) continue;
    const file = probe.file;
    // Replacing or deleting a link as a link (git records its mode) does not follow it.
    if (!probe.isAncestor && (file.newMode === '120000' || file.newPath === undefined)) continue;
    refuse(file, probe.path, probe.isAncestor ? `goes through ${link}, a symbolic link in the workspace` : 'is a symbolic link in the workspace; writing it would follow the link');
  }
  return files;
}
