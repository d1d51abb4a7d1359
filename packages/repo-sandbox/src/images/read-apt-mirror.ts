import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LoadSettingError } from '@swespot/core';

/** A Debian archive found in the machine's apt sources. */
export interface AptMirror {
  /** The archive URL, e.g. `http://deb.debian.org/debian`. */
  readonly uri: string;
  /** The release the machine tracks, e.g. `bookworm`. */
  readonly suite: string;
}

/** Options of {@link readAptMirror}. */
export interface ReadAptMirrorOptions {
  /** The apt configuration folder. Default: `/etc/apt`. */
  readonly aptFolder?: string;
  /** The os-release file whose `VERSION_CODENAME` picks the machine's own release. Default: `/etc/os-release`. */
  readonly osReleaseFile?: string;
}

interface SourceEntry {
  readonly uris: string[];
  readonly suites: string[];
}

function parseDeb822(text: string): SourceEntry[] {
  const entries: SourceEntry[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of paragraph.split('\n')) {
      if (line.startsWith('#')) continue;
      const match = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (match) fields.set(match[1]!.toLowerCase(), match[2]!.trim());
    }
    if (!(fields.get('types') ?? '').split(/\s+/).includes('deb')) continue;
    if ((fields.get('enabled') ?? 'yes').toLowerCase() === 'no') continue;
    entries.push({ uris: (fields.get('uris') ?? '').split(/\s+/).filter(Boolean), suites: (fields.get('suites') ?? '').split(/\s+/).filter(Boolean) });
  }
  return entries;
}

function parseOneLine(text: string): SourceEntry[] {
  const entries: SourceEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    // deb [options] uri suite components...
    const match = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
    if (match) entries.push({ uris: [match[1]!], suites: [match[2]!] });
  }
  return entries;
}

/**
 * Reads the Debian archive this machine installs from, out of its apt sources
 * (`sources.list` and `sources.list.d/*.list|*.sources`): the first `deb` entry whose suite
 * is a release (not `-security`, `-updates` or `-backports`). swespot never hard-codes a
 * mirror; base images are built from the one the machine already trusts.
 *
 * @throws LoadSettingError when no such entry exists; pass `mirror` to the image builder instead.
 */
export async function readAptMirror(options: ReadAptMirrorOptions = {}): Promise<AptMirror> {
  const folder = options.aptFolder ?? '/etc/apt';
  const entries: SourceEntry[] = [];
  try {
    entries.push(...parseOneLine(await readFile(join(folder, 'sources.list'), 'utf8')));
  } catch {
    // No sources.list; deb822 files may exist.
  }
  let names: string[] = [];
  try {
    names = (await readdir(join(folder, 'sources.list.d'))).sort();
  } catch {
    names = [];
  }
  for (const name of names) {
    const text = await readFile(join(folder, 'sources.list.d', name), 'utf8').catch(() => '');
    if (name.endsWith('.sources')) entries.push(...parseDeb822(text));
    else if (name.endsWith('.list')) entries.push(...parseOneLine(text));
  }
  // Third-party archives (nodesource, cloud SDKs) also say `deb`; prefer the machine's own release.
  const osRelease = await readFile(options.osReleaseFile ?? '/etc/os-release', 'utf8').catch(() => '');
  const codename = /^VERSION_CODENAME=["']?([^"'\n]+)/m.exec(osRelease)?.[1];
  const candidates: AptMirror[] = [];
  for (const entry of entries) {
    const suite = entry.suites.find((candidate) => !/-(security|updates|backports|proposed)$/.test(candidate) && !candidate.includes('/'));
    const uri = entry.uris.find((candidate) => /^https?:\/\//.test(candidate));
    if (suite && uri) candidates.push({ uri: uri.replace(/\/+$/, ''), suite });
  }
  const found = candidates.find((candidate) => candidate.suite === codename) ?? candidates[0];
  if (found) return found;
  throw new LoadSettingError({
    message: `No Debian release archive found in ${folder}/sources.list or ${folder}/sources.list.d; pass mirror: { uri, suite } to the image builder.`,
  });
}
