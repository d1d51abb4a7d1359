import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * The absolute path of a host program (`setpriv`, `bwrap`) found on this process's PATH, or
 * the name itself when it holds a slash or is not found (spawning it then fails with a clear
 * error). Host helpers are looked up here, never on the PATH a sandboxed command gets, which
 * may not hold them.
 */
export async function findHostProgram(name: string, path: string | undefined = process.env.PATH): Promise<string> {
  if (name.includes('/')) return name;
  for (const folder of (path ?? '').split(delimiter)) {
    if (!isAbsolute(folder)) continue;
    const candidate = join(folder, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return name;
}
