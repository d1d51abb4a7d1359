import { InvalidArgumentError } from '@swespot/core';
import { describe, expect, it } from 'vitest';
import { dockerEnginesConfigSchema } from '../config/swespot-config-schema';
import { dockerEnginesSettings } from './docker-engines-option';

describe('dockerEnginesSettings', () => {
  it('gives nothing without engines, one engine as docker, several as a pool', () => {
    expect(dockerEnginesSettings(undefined, {})).toEqual({});
    expect(dockerEnginesSettings([], {})).toEqual({});
    expect(dockerEnginesSettings(['ssh://ci@box-1'], {})).toEqual({ docker: { host: 'ssh://ci@box-1' } });
    expect(dockerEnginesSettings(['unix:///var/run/docker.sock', 'tcp://box-2:2375'], {})).toEqual({
      engines: [{ host: 'unix:///var/run/docker.sock' }, { host: 'tcp://box-2:2375' }],
      shareImages: true,
    });
  });

  it('gives tcp:// engines the TLS folder of DOCKER_CERT_PATH when DOCKER_TLS_VERIFY is set, and an engine its own', () => {
    const env = { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/etc/certs', HOME: '/home/u' };
    expect(dockerEnginesSettings(['tcp://box-1:2376', 'unix:///run/docker.sock', { host: 'tcp://box-2:2376', tlsDirectory: '/etc/box-2' }], env)).toEqual({
      engines: [{ host: 'tcp://box-1:2376', tls: { directory: '/etc/certs' } }, { host: 'unix:///run/docker.sock' }, { host: 'tcp://box-2:2376', tls: { directory: '/etc/box-2' } }],
      shareImages: true,
    });
    expect(dockerEnginesSettings(['tcp://box-1:2376'], { DOCKER_TLS_VERIFY: '1', HOME: '/home/u' })).toEqual({ docker: { host: 'tcp://box-1:2376', tls: { directory: '/home/u/.docker' } } });
    expect(dockerEnginesSettings(['tcp://box-1:2375'], { DOCKER_TLS_VERIFY: '0', DOCKER_CERT_PATH: '/etc/certs' })).toEqual({ docker: { host: 'tcp://box-1:2375' } });
  });

  it('gives an ssh:// engine its key and known_hosts file, and nothing it was not given', () => {
    expect(dockerEnginesSettings([{ host: 'ssh://ci@box-3:2222', identityFile: '/etc/swespot/ci_key', knownHostsFile: '/etc/swespot/known_hosts' }, 'ssh://ci@box-4'], {})).toEqual({
      engines: [{ host: 'ssh://ci@box-3:2222', ssh: { identityFile: '/etc/swespot/ci_key', knownHostsFile: '/etc/swespot/known_hosts' } }, { host: 'ssh://ci@box-4' }],
      shareImages: true,
    });
    expect(dockerEnginesSettings([{ host: 'ssh://ci@box-3', knownHostsFile: '/k' }], {})).toEqual({ docker: { host: 'ssh://ci@box-3', ssh: { knownHostsFile: '/k' } } });
  });

  it('refuses an address it cannot read, naming the flag and the forms it reads', () => {
    for (const bad of ['box-1:2375', 'tcp://box-1', 'http://box-1:2375', 'unix://relative.sock']) {
      let error: unknown;
      try {
        dockerEnginesSettings(['unix:///var/run/docker.sock', bad], {});
      } catch (caught) {
        error = caught;
      }
      expect(InvalidArgumentError.isInstance(error), bad).toBe(true);
      expect((error as Error).message).toBe(`--docker-host: cannot read '${bad}'; write an engine as DOCKER_HOST does: unix:///path/docker.sock, tcp://host:port or ssh://user@host.`);
    }
  });

  it('the config schema of sandbox.engines takes addresses and objects, and names a bad entry', () => {
    expect(dockerEnginesConfigSchema.parse(['tcp://box-1:2376', { host: 'ssh://ci@box-2', tlsDirectory: '/x' }, { host: 'ssh://ci@box-3', identityFile: '/k', knownHostsFile: '/h' }])).toHaveLength(3);
    expect(dockerEnginesConfigSchema.safeParse([{ host: 'ssh://ci@box-3', identityfile: '/k' }]).error?.issues[0]?.message).toMatch(/identityfile/);
    const bad = dockerEnginesConfigSchema.safeParse(['tcp://box-1:2376', 'box-2']);
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.some((issue) => issue.path[0] === 1)).toBe(true);
    expect(dockerEnginesConfigSchema.safeParse([]).error?.issues[0]?.message).toContain('list at least one engine');
  });
});
