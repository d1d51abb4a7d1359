import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAptMirror } from './read-apt-mirror';

describe('readAptMirror', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'swespot-apt-'));
    await mkdir(join(folder, 'sources.list.d'));
    await writeFile(join(folder, 'os-release'), 'NAME="Debian GNU/Linux"\nVERSION_CODENAME=bookworm\n');
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("prefers the machine's own release over third-party and security archives", async () => {
    await writeFile(join(folder, 'sources.list'), 'deb https://apt.example.org/node nodistro main\n');
    await writeFile(
      join(folder, 'sources.list.d', 'debian.sources'),
      'Types: deb\nURIs: http://mirror.example.net/debian-security\nSuites: bookworm-security\nComponents: main\n\nTypes: deb deb-src\nURIs: http://mirror.example.net/debian/\nSuites: bookworm bookworm-updates\nComponents: main\n',
    );
    expect(await readAptMirror({ aptFolder: folder, osReleaseFile: join(folder, 'os-release') })).toEqual({ uri: 'http://mirror.example.net/debian', suite: 'bookworm' });
  });

  it('reads one-line sources with options, and says what to pass when there is none', async () => {
    await writeFile(join(folder, 'sources.list'), '# comment\ndeb [arch=amd64 signed-by=/k.gpg] http://deb.example.com/debian bookworm main\n');
    expect(await readAptMirror({ aptFolder: folder, osReleaseFile: join(folder, 'os-release') })).toEqual({ uri: 'http://deb.example.com/debian', suite: 'bookworm' });
    await writeFile(join(folder, 'sources.list'), '');
    await expect(readAptMirror({ aptFolder: folder, osReleaseFile: join(folder, 'os-release') })).rejects.toThrow(/pass mirror: \{ uri, suite \}/);
  });

  it('reads this machine (the builders use it)', async () => {
    const mirror = await readAptMirror();
    expect(mirror.uri).toMatch(/^https?:\/\//);
    expect(mirror.suite).toMatch(/^[a-z]+$/);
  });
});
