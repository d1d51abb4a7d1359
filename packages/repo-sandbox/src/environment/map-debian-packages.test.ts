import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecipeDependency } from '@swespot/core';
import { describe, expect, it } from 'vitest';
import { mapToDebianPackages, parseDhPythonFallback } from './map-debian-packages';
import { evaluateMarker, linuxMarkerEnvironment, parseRequirement } from './parse-requirement';

// Lines of dh-python 5.20230130+deb12u1's cpython3_fallback (Debian bookworm), unedited.
const fallback = parseDhPythonFallback(readFileSync(join(import.meta.dirname, '__fixtures__/cpython3_fallback.excerpt'), 'utf8'));
const packages = new Set([...fallback.values(), 'python3-numpy', 'python3-mock']);
const index = { fallback, packages, pythonVersion: '3.11.2' };

function dependency(text: string, group: RecipeDependency['group'] = 'runtime'): RecipeDependency {
  const parsed = parseRequirement(text)!;
  return { name: parsed.name, specifier: parsed.specifier, ...(parsed.marker ? { marker: parsed.marker } : {}), group, source: { file: 'setup.cfg' } };
}

describe('mapToDebianPackages', () => {
  it("maps through Debian's own data, not by guessing python3-<name>", () => {
    const mapping = mapToDebianPackages(['pytz>=2020', 'PyYAML==6.0', 'PySocks', 'odfpy', 'flit_core>=3.2,<4', 'attrs', 'Jinja2>=3.0'].map((text) => dependency(text)), index);
    expect(mapping.packages).toEqual(['flit', 'python3-attr', 'python3-jinja2', 'python3-odf', 'python3-socks', 'python3-tz', 'python3-yaml']);
    expect(mapping.unsatisfied).toEqual([]);
  });

  it('uses python3-<name> only when the archive has it, and lists what has no package', () => {
    const mapping = mapToDebianPackages([dependency('numpy'), dependency('mock'), dependency('no-such-dist>=1', 'test')], index);
    expect(mapping.packages).toEqual(['python3-mock', 'python3-numpy']);
    expect(mapping.unsatisfied).toEqual([{ name: 'no-such-dist', reason: 'no Debian package (looked for python3-no-such-dist)' }]);
  });

  it('drops standard-library backports and dependencies whose markers exclude Linux or Python 3.11', () => {
    const mapping = mapToDebianPackages(
      [dependency('dataclasses'), dependency('enum34'), dependency('colorama; platform_system == "Windows"'), dependency('importlib-metadata; python_version < "3.8"'), dependency('pytz; python_version >= "3.8" and sys_platform == "linux"')],
      index,
    );
    expect(mapping.packages).toEqual(['python3-tz']);
    expect(mapping.skipped.map((item) => item.name)).toEqual(['dataclasses', 'enum34', 'colorama', 'importlib-metadata']);
  });
});

describe('requirements and markers', () => {
  it('parses PEP 508 requirements and rejects what is not one', () => {
    expect(parseRequirement('requests[socks] >= 2.0, <3 ; python_version>"3"')).toEqual({ name: 'requests', extras: ['socks'], specifier: '>=2.0,<3', marker: 'python_version>"3"' });
    expect(parseRequirement('-r other.txt')).toBeUndefined();
    expect(parseRequirement('mpmath>=%s')).toEqual({ name: 'mpmath', extras: [], specifier: '' });
    expect(parseRequirement('https://example.com/x.tar.gz')).toBeUndefined();
    expect(parseRequirement('pkg @ https://example.com/pkg.whl')).toMatchObject({ name: 'pkg', specifier: '' });
  });

  it('evaluates markers as versions, with and/or and parentheses', () => {
    const environment = linuxMarkerEnvironment('3.11.2');
    expect(evaluateMarker('python_version < "3.10"', environment)).toBe(false);
    expect(evaluateMarker("python_version >= '3.9' and (os_name == 'nt' or sys_platform == 'linux')", environment)).toBe(true);
    expect(evaluateMarker('"linux" in sys_platform', environment)).toBe(true);
    expect(evaluateMarker('python_full_version == "3.11.2"', environment)).toBe(true);
  });
});
