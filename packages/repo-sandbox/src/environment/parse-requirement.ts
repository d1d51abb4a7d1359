/** A PEP 508 requirement split into its parts. */
export interface ParsedRequirement {
  /** The distribution name as written, e.g. `PyYAML`. */
  readonly name: string;
  /** Extras in brackets, e.g. `['socks']`. */
  readonly extras: readonly string[];
  /** The version specifier, e.g. `>=5.1,<7`; empty for any. */
  readonly specifier: string;
  /** The environment marker after `;`, e.g. `python_version < "3.8"`. */
  readonly marker?: string;
}

/**
 * Parses one PEP 508 requirement (`name[extras] specifier ; marker`); returns undefined for
 * what is not one (URLs, `-r` lines, local paths, blank lines).
 */
export function parseRequirement(text: string): ParsedRequirement | undefined {
  const line = text.replace(/\s+#.*$/, '').trim();
  if (!line || line.startsWith('-') || line.startsWith('#')) return undefined;
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*(\(?[^;@]*\)?)?\s*(?:@\s*\S+)?\s*(?:;\s*(.+))?$/.exec(line);
  if (!match) return undefined;
  let specifier = (match[3] ?? '').replace(/[()\s]/g, '');
  if (specifier && !/^(?:[<>=!~]=?|===)/.test(specifier)) return undefined;
  // A version filled in by code (`'mpmath>=%s' % minimum` in a setup.py) is no version: keep the name.
  if (!/^[\w.*!<>=~,+-]*$/.test(specifier)) specifier = '';
  return {
    name: match[1]!,
    extras: (match[2] ?? '').split(',').map((extra) => extra.trim()).filter(Boolean),
    specifier,
    ...(match[4] ? { marker: match[4].trim() } : {}),
  };
}

/** PEP 503 normalised name: lower case, runs of `-`, `_`, `.` as one `-`. */
export function normaliseDistributionName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The values PEP 508 markers compare against. */
export interface MarkerEnvironment {
  readonly python_version: string;
  readonly python_full_version: string;
  readonly sys_platform: string;
  readonly platform_system: string;
  readonly os_name: string;
  readonly platform_machine: string;
  readonly implementation_name: string;
  readonly platform_python_implementation: string;
  readonly extra?: string;
}

/** The marker environment of the images: CPython on Linux x86-64 at this Python version. */
export function linuxMarkerEnvironment(pythonVersion: string): MarkerEnvironment {
  return {
    python_version: pythonVersion.split('.').slice(0, 2).join('.'),
    python_full_version: pythonVersion,
    sys_platform: 'linux',
    platform_system: 'Linux',
    os_name: 'posix',
    platform_machine: 'x86_64',
    implementation_name: 'cpython',
    platform_python_implementation: 'CPython',
  };
}

function compareVersions(left: string, right: string): number {
  const a = left.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const b = right.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/**
 * Evaluates a PEP 508 marker (`and`, `or`, parentheses, comparisons of marker variables
 * and quoted strings, `in` / `not in`). Version variables compare as versions. A marker it
 * cannot read counts as true, so a dependency is kept rather than silently dropped.
 */
export function evaluateMarker(marker: string, environment: MarkerEnvironment): boolean {
  const tokens = marker.match(/\(|\)|"[^"]*"|'[^']*'|===|==|!=|<=|>=|~=|<|>|\bnot in\b|\bin\b|\band\b|\bor\b|[A-Za-z_.][A-Za-z0-9_.]*/g) ?? [];
  let position = 0;
  const values = environment as unknown as Record<string, string | undefined>;
  const operand = (): { value: string; isVersion: boolean } => {
    const token = tokens[position++] ?? '';
    if (/^["']/.test(token)) return { value: token.slice(1, -1), isVersion: false };
    return { value: values[token] ?? '', isVersion: /version/.test(token) };
  };
  const comparison = (): boolean => {
    if (tokens[position] === '(') {
      position++;
      const value = disjunction();
      position++;
      return value;
    }
    const left = operand();
    const operator = tokens[position++] ?? '';
    const right = operand();
    const versioned = left.isVersion || right.isVersion;
    const order = versioned ? compareVersions(left.value, right.value) : left.value < right.value ? -1 : left.value > right.value ? 1 : 0;
    switch (operator) {
      case '==':
      case '===':
        return versioned ? order === 0 : left.value === right.value;
      case '!=':
        return versioned ? order !== 0 : left.value !== right.value;
      case '<':
        return order < 0;
      case '<=':
        return order <= 0;
      case '>':
        return order > 0;
      case '>=':
      case '~=':
        return order >= 0;
      case 'in':
        return right.value.includes(left.value);
      case 'not in':
        return !right.value.includes(left.value);
      default:
        throw new Error(`unknown operator ${operator}`);
    }
  };
  const conjunction = (): boolean => {
    let value = comparison();
    while (tokens[position] === 'and') {
      position++;
      value = comparison() && value;
    }
    return value;
  };
  const disjunction = (): boolean => {
    let value = conjunction();
    while (tokens[position] === 'or') {
      position++;
      value = conjunction() || value;
    }
    return value;
  };
  try {
    return disjunction();
  } catch {
    return true;
  }
}
