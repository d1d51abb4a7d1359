import type { ExtractedImport } from './extract-file';

/**
 * The local name an import binds: `import a.b` binds `a`, `import a.b as c` binds `c`,
 * `from m import x as y` binds `y`, `import d from 'm'` binds `d`; wildcards and side-effect
 * imports bind none.
 */
export function importBindingName(entry: Pick<ExtractedImport, 'kind' | 'source' | 'name' | 'alias'>): string | undefined {
  switch (entry.kind) {
    case 'module':
      return entry.alias ?? entry.source.split('.')[0];
    case 'name':
      return entry.alias ?? entry.name;
    case 'default':
    case 'namespace':
      return entry.alias;
    default:
      return undefined;
  }
}
