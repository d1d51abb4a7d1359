/** One `[section]` of an INI file: its keys with their values and the 1-based line of each key. */
export interface IniSection {
  readonly values: ReadonlyMap<string, string>;
  readonly lines: ReadonlyMap<string, number>;
}

/**
 * Parses an INI file the way Python's configparser reads `setup.cfg`, `tox.ini` and
 * `pytest.ini`: `[section]` headers, `key = value` or `key: value`, values continued on
 * indented lines (joined with newlines), `#` and `;` comment lines. Keys are lower-cased.
 * Lenient: a line it does not understand is skipped, as these files are only mined for hints.
 */
export function parseIni(text: string): Map<string, IniSection> {
  const sections = new Map<string, { values: Map<string, string>; lines: Map<string, number> }>();
  let current: { values: Map<string, string>; lines: Map<string, number> } | undefined;
  let lastKey: string | undefined;
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  lines.forEach((raw, index) => {
    if (/^\s*[#;]/.test(raw) || raw.trim() === '') return;
    const header = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      const name = header[1]!.trim();
      current = sections.get(name) ?? { values: new Map(), lines: new Map() };
      sections.set(name, current);
      lastKey = undefined;
      return;
    }
    if (!current) return;
    if (/^\s/.test(raw) && lastKey !== undefined) {
      const previous = current.values.get(lastKey) ?? '';
      current.values.set(lastKey, previous === '' ? raw.trim() : `${previous}\n${raw.trim()}`);
      return;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (pair) {
      lastKey = pair[1]!.trim().toLowerCase();
      current.values.set(lastKey, pair[2]!.replace(/\s+[#;].*$/, '').trim());
      current.lines.set(lastKey, index + 1);
    }
  });
  return sections;
}
