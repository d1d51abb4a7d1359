import { stat } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import { builtinLanguages, type CodeIndex } from '@swespot/code-index';
import type { CodeReference, DesignTarget, IndexedFile } from '@swespot/core';
import { parseDesignReport, type DesignInteraction, type DesignReport } from './design-report';

/** One checkable statement of a report: a path, a symbol, or an interaction. */
export interface GroundingClaim {
  readonly kind: 'path' | 'symbol' | 'interaction';
  /** The claim as written, e.g. `src/click/core.py`, `Context.invoke`, `uses src/click/types.py ParamType`. */
  readonly text: string;
  readonly grounded: boolean;
  /** Why it is not grounded. */
  readonly reason?: string;
}

/** The verdict of {@link checkReportGrounding}. */
export interface GroundingResult {
  /** Grounded claims over all claims, 0 to 1 (0 for a report with no checkable claim). */
  readonly score: number;
  readonly claims: readonly GroundingClaim[];
  /** The claims that are not grounded: made-up paths, symbols or interactions. */
  readonly ungrounded: readonly GroundingClaim[];
}

/** Options of {@link checkReportGrounding}. */
export interface CheckReportGroundingOptions {
  /** The report: parsed, or its Markdown / JSON text. */
  readonly report: DesignReport | string;
  /** What the probe was about (the task's `targets`). */
  readonly targets: readonly DesignTarget[];
  /** The code index of the snapshot. */
  readonly index: CodeIndex;
  /** The snapshot's work tree: paths of non-source files (configuration, docs) are checked there. */
  readonly snapshotDirectory: string;
}

const CODE_SPAN = /`([^`\n]+)`/g;
const SYMBOL = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:\(\))?$/;
const PATH_LIKE = /^(?:\.\/)?[\w.@-]+(?:\/[\w.@-]+)*\/?$/;
const FILE_EXTENSION = /\.(py|pyi|js|jsx|mjs|cjs|ts|tsx|mts|cts|json|toml|cfg|ini|txt|md|rst|yml|yaml|html|css|sh)$/;
const LITERALS = new Set(['True', 'False', 'None', 'null', 'undefined', 'true', 'false', 'this', 'self', 'cls', 'super', 'NaN']);

const languageWords = (() => {
  const words = new Set<string>(LITERALS);
  for (const language of builtinLanguages) {
    for (const word of language.keywords) words.add(word);
    for (const word of language.builtins) words.add(word);
  }
  return words;
})();

/** What the index defines, for looking symbols up. */
interface SymbolTable {
  readonly byModule: Map<string, IndexedFile>;
  readonly names: Set<string>;
  readonly qualifiedNames: Set<string>;
  readonly externalRoots: Set<string>;
}

const tables = new WeakMap<CodeIndex, SymbolTable>();

function symbolTable(index: CodeIndex): SymbolTable {
  let table = tables.get(index);
  if (table !== undefined) return table;
  table = { byModule: new Map(), names: new Set(), qualifiedNames: new Set(), externalRoots: new Set() };
  for (const file of index.files) {
    if (file.moduleName !== undefined) table.byModule.set(file.moduleName, file);
    for (const entity of file.entities) {
      if (entity.kind === 'module') continue;
      table.names.add(entity.name);
      table.qualifiedNames.add(entity.qualifiedName);
    }
    for (const entry of file.imports) {
      if (entry.external) table.externalRoots.add(entry.source.replace(/^node:/, '').split(/[./]/)[0]!);
    }
  }
  tables.set(index, table);
  return table;
}

/** Whether `file` defines `symbol` (qualified or plain name) or imports it under that name. */
function fileHasSymbol(file: IndexedFile, symbol: string): boolean {
  const bare = symbol.replace(/\(\)$/, '');
  const local = file.moduleName !== undefined && bare.startsWith(`${file.moduleName}.`) ? bare.slice(file.moduleName.length + 1) : bare;
  return (
    file.entities.some((entity) => entity.kind !== 'module' && (entity.qualifiedName === local || entity.name === local || entity.qualifiedName.endsWith(`.${local}`))) ||
    file.imports.some((entry) => (entry.alias ?? entry.name) === local)
  );
}

function symbolExists(table: SymbolTable, symbol: string): boolean {
  const bare = symbol.replace(/\(\)$/, '');
  if (table.qualifiedNames.has(bare) || table.names.has(bare) || table.byModule.has(bare)) return true;
  const parts = bare.split('.');
  // `pkg.module.Name.member`: a module prefix and a name defined (or re-exported) in it.
  for (let split = parts.length - 1; split >= 1; split--) {
    const file = table.byModule.get(parts.slice(0, split).join('.'));
    if (file !== undefined && fileHasSymbol(file, parts.slice(split).join('.'))) return true;
  }
  // `obj.method`: the last two segments as Class.method, or the method alone.
  return parts.length > 1 && (table.qualifiedNames.has(parts.slice(-2).join('.')) || (parts.length === 2 && table.names.has(parts[1]!) && table.names.has(parts[0]!)));
}

function isExternal(table: SymbolTable, symbol: string): boolean {
  return table.externalRoots.has(symbol.split('.')[0]!) && !table.byModule.has(symbol.split('.')[0]!);
}

function cleanPath(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/+$/, '');
}

async function pathExists(snapshotDirectory: string, path: string): Promise<boolean> {
  const cleaned = cleanPath(path);
  if (cleaned === '' || isAbsolute(cleaned) || normalize(cleaned).startsWith('..')) return false;
  return (await stat(join(snapshotDirectory, cleaned)).catch(() => undefined)) !== undefined;
}

/** The index files under a path (a file, or every file of a folder). */
function filesUnder(index: CodeIndex, path: string): IndexedFile[] {
  const cleaned = cleanPath(path);
  const exact = index.file(cleaned);
  if (exact !== undefined) return [exact];
  return index.files.filter((file) => cleaned === '' || file.path.startsWith(`${cleaned}/`));
}

/** The byte span of a symbol in a file, or the whole file. */
function spanOf(file: IndexedFile, symbol: string | undefined): { start: number; end: number } | undefined {
  if (symbol === undefined) return undefined;
  const bare = symbol.replace(/\(\)$/, '');
  const local = file.moduleName !== undefined && bare.startsWith(`${file.moduleName}.`) ? bare.slice(file.moduleName.length + 1) : bare;
  const entity =
    file.entities.find((candidate) => candidate.qualifiedName === local) ??
    file.entities.find((candidate) => candidate.kind !== 'module' && (candidate.name === local || candidate.qualifiedName.endsWith(`.${local}`)));
  return entity?.byteRange;
}

const within = (reference: CodeReference, span: { start: number; end: number } | undefined) =>
  span === undefined || (reference.byteRange.start >= span.start && reference.byteRange.end <= span.end);

function targetMatches(reference: CodeReference, symbol: string | undefined): boolean {
  if (symbol === undefined) return true;
  const bare = symbol.replace(/\(\)$/, '');
  const name = reference.targetName;
  if (name === undefined) return false;
  const last = bare.slice(bare.lastIndexOf('.') + 1);
  return name === bare || bare.endsWith(`.${name}`) || name.endsWith(`.${bare}`) || name === last || name.startsWith(`${bare}.`);
}

/** Whether some reference from `from` (inside `fromSymbol`) reaches `to` (the symbol `toSymbol` in it). */
function referenceExists(
  index: CodeIndex,
  from: { readonly files: readonly IndexedFile[]; readonly symbol?: string | undefined },
  to: { readonly files: readonly IndexedFile[]; readonly symbol?: string | undefined },
): boolean {
  const targets = new Set(to.files.map((file) => file.path));
  for (const file of from.files) {
    const span = spanOf(file, from.symbol);
    if (from.symbol !== undefined && span === undefined) continue;
    for (const reference of file.references) {
      if (reference.status !== 'resolved' || reference.targetPath === undefined || !targets.has(reference.targetPath)) continue;
      if (within(reference, span) && targetMatches(reference, to.symbol)) return true;
    }
    if (to.symbol === undefined && span === undefined && file.imports.some((entry) => entry.resolvedPath !== undefined && targets.has(entry.resolvedPath))) return true;
  }
  return false;
}

async function checkInteraction(options: CheckReportGroundingOptions, interaction: DesignInteraction): Promise<GroundingClaim> {
  const text = `${interaction.direction} ${interaction.path}${interaction.symbol === undefined ? '' : ` ${interaction.symbol}`}`;
  const other = { files: filesUnder(options.index, interaction.path), symbol: interaction.symbol };
  if (other.files.length === 0) return { kind: 'interaction', text, grounded: false, reason: `${interaction.path} holds no indexed source file` };
  for (const target of options.targets) {
    const files = filesUnder(options.index, target.path);
    const self = { files, symbol: target.symbol };
    const grounded = interaction.direction === 'uses' ? referenceExists(options.index, self, other) : referenceExists(options.index, other, self);
    if (grounded) return { kind: 'interaction', text, grounded: true };
  }
  return {
    kind: 'interaction',
    text,
    grounded: false,
    reason:
      interaction.direction === 'uses'
        ? `no reference from the target to ${interaction.symbol ?? interaction.path} in ${interaction.path}`
        : `no reference from ${interaction.symbol ?? interaction.path} in ${interaction.path} to the target`,
  };
}

/**
 * Checks a finished design report against the snapshot and its code index: every path it
 * names exists in the snapshot; every symbol it names is defined in the repository (or, in
 * an interaction, in the file it is paired with); every interaction matches a real
 * reference or import in code-index in the claimed direction. Names of the language,
 * literals and third-party modules the repository imports are not claims. Returns the share
 * of grounded claims and the ungrounded ones, so trajectories with made-up answers can be
 * filtered out.
 *
 * @throws {ValidationError} when `report` is text that is not a well-formed report.
 */
export async function checkReportGrounding(options: CheckReportGroundingOptions): Promise<GroundingResult> {
  const report = typeof options.report === 'string' ? parseDesignReport(options.report) : options.report;
  const table = symbolTable(options.index);
  const claims = new Map<string, GroundingClaim>();
  const add = (claim: GroundingClaim) => {
    const key = `${claim.kind}\u0000${claim.text}`;
    if (!claims.has(key)) claims.set(key, claim);
  };
  const addPath = async (path: string) => {
    if (claims.has(`path\u0000${path}`)) return;
    add((await pathExists(options.snapshotDirectory, path)) ? { kind: 'path', text: path, grounded: true } : { kind: 'path', text: path, grounded: false, reason: 'no such file or folder in the snapshot' });
  };
  const addSymbol = (symbol: string, file?: IndexedFile) => {
    const bare = symbol.replace(/\(\)$/, '');
    if (languageWords.has(bare) || isExternal(table, bare)) return;
    const text = file === undefined ? bare : `${bare} in ${file.path}`;
    const grounded = file === undefined ? symbolExists(table, bare) : fileHasSymbol(file, bare);
    add(grounded ? { kind: 'symbol', text, grounded } : { kind: 'symbol', text, grounded, reason: file === undefined ? 'not defined in the repository' : `not defined in ${file.path}` });
  };

  const prose = [report.functionality, report.designRationale, ...report.interactions.map((interaction) => interaction.description)].join('\n');
  for (const match of prose.matchAll(CODE_SPAN)) {
    const token = match[1]!.trim();
    if (PATH_LIKE.test(token) && (token.includes('/') || FILE_EXTENSION.test(token))) await addPath(token);
    else if (SYMBOL.test(token)) addSymbol(token);
  }
  for (const interaction of report.interactions) {
    await addPath(interaction.path);
    if (interaction.symbol !== undefined) {
      const file = options.index.file(cleanPath(interaction.path));
      const files = file === undefined ? filesUnder(options.index, interaction.path) : [file];
      const owner = files.find((candidate) => fileHasSymbol(candidate, interaction.symbol!));
      if (owner !== undefined || file !== undefined) addSymbol(interaction.symbol, owner ?? file);
      else addSymbol(interaction.symbol);
    }
    add(await checkInteraction(options, interaction));
  }
  const all = [...claims.values()];
  const ungrounded = all.filter((claim) => !claim.grounded);
  return { score: all.length === 0 ? 0 : (all.length - ungrounded.length) / all.length, claims: all, ungrounded };
}
