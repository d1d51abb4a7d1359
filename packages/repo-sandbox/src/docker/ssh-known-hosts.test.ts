import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkKnownHost, knownHostName } from './ssh-known-hosts';

// Keys and hashed lines made by OpenSSH's own ssh-keygen, so the format is the real one.
const folder = mkdtempSync(join(tmpdir(), 'swespot-known-hosts-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function newKey(name: string): { line: string; wire: Buffer } {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(folder, name)]);
  const [type, base64] = readFileSync(join(folder, `${name}.pub`), 'utf8').split(' ');
  return { line: `${type} ${base64}`, wire: Buffer.from(base64!, 'base64') };
}

const box = newKey('box');
const other = newKey('other');
const revoked = newKey('revoked');

function knownHosts(name: string, text: string, hashed = false): string {
  const file = join(folder, name);
  writeFileSync(file, text);
  if (hashed) execFileSync('ssh-keygen', ['-q', '-H', '-f', file], { stdio: 'pipe' });
  return file;
}

describe('checkKnownHost', () => {
  it('finds a plain line, [host]:port off port 22, and not the same host on another port', () => {
    const file = knownHosts('plain', `# comment\n\nbuild-box,10.0.0.5 ${box.line}\n[build-box]:2222 ${other.line}\n`);
    expect(checkKnownHost({ file, host: 'build-box', port: 22, key: box.wire })).toEqual({ verdict: 'known' });
    expect(checkKnownHost({ file, host: '10.0.0.5', port: 22, key: box.wire })).toEqual({ verdict: 'known' });
    expect(checkKnownHost({ file, host: 'build-box', port: 2222, key: other.wire })).toEqual({ verdict: 'known' });
    expect(checkKnownHost({ file, host: 'build-box', port: 2222, key: box.wire })).toEqual({ verdict: 'changed', line: 4 });
    expect(checkKnownHost({ file, host: 'build-box', port: 22, key: other.wire })).toEqual({ verdict: 'changed', line: 3 });
    expect(checkKnownHost({ file, host: 'BUILD-BOX', port: 22, key: box.wire })).toEqual({ verdict: 'known' });
    expect(checkKnownHost({ file, host: 'elsewhere', port: 22, key: box.wire })).toEqual({ verdict: 'unknown' });
  });

  it('reads the hashed lines ssh-keygen -H writes (HashKnownHosts)', () => {
    const file = knownHosts('hashed', `build-box ${box.line}\n[127.0.0.1]:2222 ${other.line}\n`, true);
    expect(readFileSync(file, 'utf8')).not.toContain('build-box');
    expect(checkKnownHost({ file, host: 'build-box', port: 22, key: box.wire })).toEqual({ verdict: 'known' });
    expect(checkKnownHost({ file, host: '127.0.0.1', port: 2222, key: other.wire })).toEqual({ verdict: 'known' });
    expect(checkKnownHost({ file, host: '127.0.0.1', port: 2222, key: box.wire })).toEqual({ verdict: 'changed', line: 2 });
    expect(checkKnownHost({ file, host: 'build-box2', port: 22, key: box.wire })).toEqual({ verdict: 'unknown' });
  });

  it('applies wildcards, negations and @revoked, and skips @cert-authority', () => {
    const file = knownHosts(
      'patterns',
      [
        `*.cluster.internal,!bad.cluster.internal ${box.line}`,
        `[node-??.rack]:2200 ${other.line}`,
        `@cert-authority *.cluster.internal ${other.line}`,
        `@revoked * ${revoked.line}`,
        `revoked-host ${revoked.line}`,
        '',
      ].join('\n'),
    );
    expect(checkKnownHost({ file, host: 'gpu-1.cluster.internal', port: 22, key: box.wire })).toEqual({ verdict: 'known' });
    expect(checkKnownHost({ file, host: 'bad.cluster.internal', port: 22, key: box.wire })).toEqual({ verdict: 'unknown' });
    expect(checkKnownHost({ file, host: 'node-07.rack', port: 2200, key: other.wire })).toEqual({ verdict: 'known' });
    expect(checkKnownHost({ file, host: 'node-7.rack', port: 2200, key: other.wire })).toEqual({ verdict: 'unknown' });
    // The @cert-authority line names the host with `other`, but is not a host key line.
    expect(checkKnownHost({ file, host: 'gpu-1.cluster.internal', port: 22, key: other.wire })).toEqual({ verdict: 'changed', line: 1 });
    // A key listed for its host is still refused once revoked.
    expect(checkKnownHost({ file, host: 'revoked-host', port: 22, key: revoked.wire })).toEqual({ verdict: 'revoked', line: 4 });
  });

  it('knows no host when the file is missing', () => {
    expect(checkKnownHost({ file: join(folder, 'missing'), host: 'build-box', port: 22, key: box.wire })).toEqual({ verdict: 'unknown' });
    expect(knownHostName('build-box', 22)).toBe('build-box');
    expect(knownHostName('127.0.0.1', 2222)).toBe('[127.0.0.1]:2222');
  });
});
