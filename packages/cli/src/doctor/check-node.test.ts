import { describe, expect, it } from 'vitest';
import { checkNode, isVersionAtLeast } from './check-node';

describe('isVersionAtLeast', () => {
  it.each([
    ['20.19.0', true],
    ['v20.19.1', true],
    ['20.20.2', true],
    ['22.0.0', true],
    ['20.18.9', false],
    ['18.20.4', false],
  ])('%s >= 20.19.0 is %s', (version, expected) => {
    expect(isVersionAtLeast(version, '20.19.0')).toBe(expected);
  });
});

describe('checkNode', () => {
  it('accepts the running Node.js, which the package supports', () => {
    expect(checkNode()).toEqual({
      name: 'node',
      status: 'ok',
      required: true,
      version: process.versions.node,
      detail: `Node.js ${process.versions.node}`,
    });
  });

  it('reports an older Node.js as missing and says what to install', () => {
    const check = checkNode('v18.20.4');
    expect(check.status).toBe('missing');
    expect(check.required).toBe(true);
    expect(check.detail).toBe('Node.js 18.20.4 is older than 20.19.0');
    expect(check.hint).toContain('install Node.js 20.19.0 or newer');
  });
});
