import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { z } from 'zod';
import { findCycles } from './find-cycles';
import { findModuleSpecifiers } from './find-module-specifiers';
import { readArchitectureLayers } from './read-architecture-layers';

/** Options of {@link checkLayers}. */
export interface CheckLayersOptions {
  /** The workspace root: the folder that holds `packages/`. */
  workspaceRoot: string;
  /**
   * An architecture document whose layer table the `layer:N` tags must agree
   * with (see {@link readArchitectureLayers}). Skipped when undefined or when
   * no file exists there. Default: undefined.
   */
  architecturePath?: string;
}

/** One broken rule, ready to print. */
export interface LayeringViolation {
  /**
   * `manifest`: an unreadable package.json; `missing-layer`: no `layer:N` tag;
   * `layer`: a dependency on a package of the same or a higher layer;
   * `undeclared`: an import of a workspace package that package.json does not list;
   * `unknown`: an `@swespot/*` name that is no workspace package;
   * `cycle`: a dependency cycle; `architecture`: a tag that disagrees with the architecture document.
   */
  kind: 'manifest' | 'missing-layer' | 'layer' | 'undeclared' | 'unknown' | 'cycle' | 'architecture';
  /** Where, as a `/`-separated path relative to the workspace root, with `:line` when known; undefined for cycles. */
  location?: string;
  /** What is wrong, naming the packages and their layers. */
  message: string;
}

/** The result of {@link checkLayers}. */
export interface LayeringReport {
  /** Packages found under `packages/*` (folders with a package.json). */
  packageCount: number;
  /** Distinct package-to-package dependencies, declared or imported, self-references excluded. */
  edgeCount: number;
  /** Every violation, in a stable order; empty when the layering holds. */
  violations: LayeringViolation[];
}

/** The package.json fields the check reads; everything else is ignored. */
const manifestSchema = z.object({
  name: z.string().min(1),
  dependencies: z.record(z.string(), z.string()).nullish(),
  devDependencies: z.record(z.string(), z.string()).nullish(),
  peerDependencies: z.record(z.string(), z.string()).nullish(),
  optionalDependencies: z.record(z.string(), z.string()).nullish(),
  nx: z.object({ tags: z.array(z.string()).nullish() }).nullish(),
});

const dependencyFields = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

const sourceFilePattern = /\.(?:ts|tsx|mts|cts|js|mjs)$/;

/** Folders under `src` that hold data or generated files rather than the package's own code. */
const skippedFolders = new Set(['node_modules', 'dist', '__fixtures__', '__snapshots__']);

const scope = '@swespot/';

interface WorkspacePackage {
  name: string;
  /** `/`-separated folder relative to the workspace root, e.g. `packages/core`. */
  folder: string;
  absoluteFolder: string;
  layer: number | undefined;
  manifestText: string;
  /** Declared `@swespot/*` dependency names, each with the first field that lists it. */
  declared: Map<string, (typeof dependencyFields)[number]>;
}

/**
 * Checks that the packages of a workspace form layers: each package under
 * `packages/*` has a `layer:N` tag in its package.json `nx.tags`, and may
 * depend only on `@swespot/*` packages of a strictly lower layer (packages of
 * one layer talk through interfaces in core). Dependencies are read both from
 * the four package.json dependency fields and from the imports of every
 * source file under `src/` (fixtures excepted); an import of a subpath such
 * as `@swespot/core/test` counts as `@swespot/core`. It also reports imports
 * of workspace packages that package.json does not declare, `@swespot/*`
 * names that are no workspace package, and cycles, independently of the
 * layer rule. Reads files synchronously; writes nothing.
 *
 * @returns the counts and every violation; see {@link formatLayeringReport} to print them.
 */
export function checkLayers(options: CheckLayersOptions): LayeringReport {
  const { workspaceRoot } = options;
  const violations: LayeringViolation[] = [];
  const packages = readWorkspacePackages(workspaceRoot, violations);
  const byName = new Map(packages.map((workspacePackage) => [workspacePackage.name, workspacePackage]));
  const graph = new Map<string, Set<string>>(packages.map((workspacePackage) => [workspacePackage.name, new Set()]));

  const describe = (workspacePackage: WorkspacePackage) =>
    `${workspacePackage.name} (layer ${workspacePackage.layer ?? '?'})`;
  const breaksLayering = (from: WorkspacePackage, to: WorkspacePackage) =>
    from.layer !== undefined && to.layer !== undefined && to.layer >= from.layer;

  for (const workspacePackage of packages) {
    const manifestPath = `${workspacePackage.folder}/package.json`;
    if (workspacePackage.layer === undefined) {
      violations.push({
        kind: 'missing-layer',
        location: manifestPath,
        message: `${workspacePackage.name} has no "layer:N" tag in its nx.tags`,
      });
    }

    for (const [dependencyName, field] of workspacePackage.declared) {
      if (dependencyName === workspacePackage.name) continue;
      const location = `${manifestPath}:${lineOfDependency(workspacePackage.manifestText, field, dependencyName)}`;
      const dependency = byName.get(dependencyName);
      if (dependency === undefined) {
        violations.push({
          kind: 'unknown',
          location,
          message: `${workspacePackage.name} depends on ${dependencyName} in ${field}, which is not a workspace package`,
        });
        continue;
      }
      graph.get(workspacePackage.name)?.add(dependencyName);
      if (breaksLayering(workspacePackage, dependency)) {
        violations.push({
          kind: 'layer',
          location,
          message: `${describe(workspacePackage)} depends on ${describe(dependency)} in ${field}`,
        });
      }
    }

    for (const file of listSourceFiles(join(workspacePackage.absoluteFolder, 'src'))) {
      const relativeFile = toPosix(relative(workspaceRoot, file));
      for (const { specifier, line } of findModuleSpecifiers(readFileSync(file, 'utf8'))) {
        const dependencyName = packageNameOf(specifier);
        if (dependencyName === undefined || dependencyName === workspacePackage.name) continue;
        const location = `${relativeFile}:${line}`;
        const dependency = byName.get(dependencyName);
        if (dependency === undefined) {
          violations.push({
            kind: 'unknown',
            location,
            message: `${workspacePackage.name} imports ${dependencyName}, which is not a workspace package`,
          });
          continue;
        }
        graph.get(workspacePackage.name)?.add(dependencyName);
        if (breaksLayering(workspacePackage, dependency)) {
          violations.push({
            kind: 'layer',
            location,
            message: `${describe(workspacePackage)} imports ${describe(dependency)}`,
          });
        }
        if (!workspacePackage.declared.has(dependencyName)) {
          violations.push({
            kind: 'undeclared',
            location,
            message: `${workspacePackage.name} imports ${dependencyName}, which ${manifestPath} does not declare`,
          });
        }
      }
    }
  }

  for (const cycle of findCycles(graph)) {
    violations.push({ kind: 'cycle', message: `cycle: ${cycle.join(' -> ')}` });
  }

  if (options.architecturePath !== undefined && existsSync(options.architecturePath)) {
    violations.push(...compareWithArchitecture(options.architecturePath, workspaceRoot, packages));
  }

  const edgeCount = [...graph.values()].reduce((total, dependencies) => total + dependencies.size, 0);
  return { packageCount: packages.length, edgeCount, violations };
}

/**
 * Renders a report as lines to print: one `location: message` line per
 * violation and a closing summary, or the single line
 * `layering ok: <packages> packages, <edges> edges`.
 */
export function formatLayeringReport(report: LayeringReport): string[] {
  if (report.violations.length === 0) {
    return [`layering ok: ${report.packageCount} packages, ${report.edgeCount} edges`];
  }
  const count = report.violations.length;
  return [
    ...report.violations.map(({ location, message }) =>
      location === undefined ? message : `${location}: ${message}`,
    ),
    `layering failed: ${count} violation${count === 1 ? '' : 's'} in ${report.packageCount} packages ` +
      '(a package may depend only on @swespot packages of a strictly lower layer, with no cycles)',
  ];
}

function readWorkspacePackages(workspaceRoot: string, violations: LayeringViolation[]): WorkspacePackage[] {
  const packagesFolder = join(workspaceRoot, 'packages');
  if (!existsSync(packagesFolder)) return [];
  const packages: WorkspacePackage[] = [];
  const folders = readdirSync(packagesFolder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const folderName of folders) {
    const absoluteFolder = join(packagesFolder, folderName);
    const manifestFile = join(absoluteFolder, 'package.json');
    if (!existsSync(manifestFile)) continue;
    const folder = `packages/${folderName}`;
    const manifestText = readFileSync(manifestFile, 'utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(manifestText);
    } catch (error) {
      violations.push({
        kind: 'manifest',
        location: `${folder}/package.json`,
        message: `is not valid JSON: ${(error as Error).message}`,
      });
      continue;
    }
    const result = manifestSchema.safeParse(parsed);
    if (!result.success) {
      for (const issue of result.error.issues) {
        violations.push({
          kind: 'manifest',
          location: `${folder}/package.json`,
          message: `${issue.path.join('.') || '(root)'}: ${issue.message}`,
        });
      }
      continue;
    }
    const manifest = result.data;
    const declared = new Map<string, (typeof dependencyFields)[number]>();
    for (const field of dependencyFields) {
      for (const dependencyName of Object.keys(manifest[field] ?? {})) {
        if (dependencyName.startsWith(scope) && !declared.has(dependencyName)) declared.set(dependencyName, field);
      }
    }
    const layerTag = (manifest.nx?.tags ?? []).map((tag) => /^layer:(\d+)$/.exec(tag)).find(Boolean);
    packages.push({
      name: manifest.name,
      folder,
      absoluteFolder,
      layer: layerTag?.[1] === undefined ? undefined : Number(layerTag[1]),
      manifestText,
      declared,
    });
  }
  return packages;
}

function listSourceFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  const files: string[] = [];
  const entries = readdirSync(folder, { withFileTypes: true }).sort((left, right) =>
    left.name < right.name ? -1 : left.name > right.name ? 1 : 0,
  );
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!skippedFolders.has(entry.name)) files.push(...listSourceFiles(path));
    } else if (entry.isFile() && sourceFilePattern.test(entry.name)) {
      files.push(path);
    }
  }
  return files;
}

/** `@swespot/core/test` → `@swespot/core`; undefined for anything outside the scope. */
function packageNameOf(specifier: string): string | undefined {
  if (!specifier.startsWith(scope)) return undefined;
  const [scopeName, name] = specifier.split('/');
  return name ? `${scopeName}/${name}` : undefined;
}

/** The 1-based line of `"name"` inside the given dependency field of a package.json text. */
function lineOfDependency(manifestText: string, field: string, dependencyName: string): number {
  const fieldIndex = manifestText.indexOf(`"${field}"`);
  const index = manifestText.indexOf(`"${dependencyName}"`, Math.max(fieldIndex, 0));
  return manifestText.slice(0, Math.max(index, 0)).split('\n').length;
}

function compareWithArchitecture(
  architecturePath: string,
  workspaceRoot: string,
  packages: WorkspacePackage[],
): LayeringViolation[] {
  const documentLayers = readArchitectureLayers(readFileSync(architecturePath, 'utf8'));
  const documentName = toPosix(relative(workspaceRoot, architecturePath));
  const violations: LayeringViolation[] = [];
  for (const workspacePackage of packages) {
    const location = `${workspacePackage.folder}/package.json`;
    const documentLayer = documentLayers.get(workspacePackage.name);
    if (documentLayer === undefined) {
      violations.push({
        kind: 'architecture',
        location,
        message: `${workspacePackage.name} is missing from the layer table of ${documentName}`,
      });
    } else if (workspacePackage.layer !== undefined && workspacePackage.layer !== documentLayer) {
      violations.push({
        kind: 'architecture',
        location,
        message: `${workspacePackage.name} is tagged layer:${workspacePackage.layer} but ${documentName} puts it on layer ${documentLayer}`,
      });
    }
  }
  const names = new Set(packages.map((workspacePackage) => workspacePackage.name));
  for (const name of documentLayers.keys()) {
    if (!names.has(name)) {
      violations.push({
        kind: 'architecture',
        location: documentName,
        message: `the layer table lists ${name}, which is not a workspace package`,
      });
    }
  }
  return violations;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
