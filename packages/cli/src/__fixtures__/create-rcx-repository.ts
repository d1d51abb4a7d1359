import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const files: Readonly<Record<string, string>> = {
  'calc/__init__.py': '',
  'calc/units.py': `"""Units and conversions."""

FACTORS = {"m": 1.0, "cm": 0.01, "km": 1000.0}


def to_metres(value, unit):
    """Convert a value in unit to metres."""
    if unit not in FACTORS:
        raise ValueError(f"unknown unit {unit!r}")
    factor = FACTORS[unit]
    return value * factor
`,
  'calc/route.py': `"""Routes made of legs."""
from .units import to_metres


class Route:
    """Legs of a route, each a distance with a unit."""

    def __init__(self):
        self.legs = []

    def add(self, value, unit):
        """Add a leg; return the route for chaining."""
        metres = to_metres(value, unit)
        self.legs.append(metres)
        return self

    def length(self):
        """Total length in kilometres, rounded to 3 decimals."""
        total = sum(self.legs)
        kilometres = to_metres(total, "m") / 1000
        return round(kilometres, 3)
`,
  'tests/test_route.py': `from calc.route import Route


def test_length():
    assert Route().add(500, "m").add(2, "km").length() == 2.5
`,
};

/** A small Python package (`calc`) with a cross-file call and a test, committed on 2022-03-01 in `directory`. */
export function createRcxRepository(directory: string): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), content);
  }
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com', GIT_AUTHOR_DATE: '2022-03-01T00:00:00Z', GIT_COMMITTER_DATE: '2022-03-01T00:00:00Z', GIT_CONFIG_GLOBAL: '/dev/null' };
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: directory, env });
  execFileSync('git', ['add', '-A'], { cwd: directory, env });
  execFileSync('git', ['commit', '-q', '-m', 'calc'], { cwd: directory, env });
}
