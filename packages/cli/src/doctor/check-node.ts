import type { DoctorCheck } from './doctor-check';

/** The oldest Node.js swespot supports. */
export const MINIMUM_NODE_VERSION = '20.19.0';

function parseVersion(version: string): [number, number, number] {
  const [major = 0, minor = 0, patch = 0] = version
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
  return [major, minor, patch];
}

/** True when `version` (e.g. `v20.19.1` or `22.0.0`) is at least `minimum`. */
export function isVersionAtLeast(version: string, minimum: string): boolean {
  const actual = parseVersion(version);
  const wanted = parseVersion(minimum);
  for (let index = 0; index < 3; index += 1) {
    const difference = (actual[index] as number) - (wanted[index] as number);
    if (difference !== 0) return difference > 0;
  }
  return true;
}

/** Checks the running Node.js (required: at least {@link MINIMUM_NODE_VERSION}). */
export function checkNode(nodeVersion: string = process.versions.node): DoctorCheck {
  const version = nodeVersion.replace(/^v/, '');
  if (isVersionAtLeast(version, MINIMUM_NODE_VERSION)) {
    return { name: 'node', status: 'ok', required: true, version, detail: `Node.js ${version}` };
  }
  return {
    name: 'node',
    status: 'missing',
    required: true,
    version,
    detail: `Node.js ${version} is older than ${MINIMUM_NODE_VERSION}`,
    hint: `install Node.js ${MINIMUM_NODE_VERSION} or newer (https://nodejs.org, or nvm install 20)`,
  };
}
