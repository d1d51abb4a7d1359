import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One labelled reference of the fixture repository. */
export interface ReferenceLabel {
  readonly path: string;
  readonly line: number;
  readonly name: string;
  /** `path::qualifiedName`, or `third-party`. */
  readonly target: string;
}

/** The labelled repository: Python (src layout, scripts, tests) and a TypeScript workspace. */
export const referenceRepository = new URL('./reference-repository/', import.meta.url).pathname;

/**
 * Reads the labels written as comments in the fixture files: `# ref: name -> path::Qualified.name; ...`
 * (or `// ref:`), one comment per line holding every cross-file reference of that line.
 */
export function readReferenceLabels(directory: string = referenceRepository): ReferenceLabel[] {
  const labels: ReferenceLabel[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(py|ts|tsx|js)$/.test(entry.name)) {
        const path = relative(directory, full);
        readFileSync(full, 'utf8')
          .split('\n')
          .forEach((text, index) => {
            const match = /(?:#|\/\/) ref: (.*)$/.exec(text);
            if (match === null) return;
            for (const item of (match[1] ?? '').split(';')) {
              const [name, target] = item.split('->').map((part) => part.trim());
              if (name === undefined || target === undefined) throw new Error(`${path}:${index + 1}: bad label ${item}`);
              labels.push({ path, line: index + 1, name, target });
            }
          });
      }
    }
  };
  walk(directory);
  return labels;
}
