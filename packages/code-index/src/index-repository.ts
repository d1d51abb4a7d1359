import { InvalidArgumentError } from '@swespot/core';
import { extractionCacheKey, type IndexCache } from './cache/index-cache';
import { CodeIndex } from './code-index';
import { compileLanguage, type CompiledLanguage } from './extract/compile-language';
import { EXTRACTOR_VERSION, extractFile, type FileExtraction } from './extract/extract-file';
import { computeHotness, type HotnessOptions } from './hotness/compute-hotness';
import { builtinLanguages, languageForPath } from './languages/builtin-languages';
import type { LanguageDefinition } from './languages/language-definition';
import { selectParserBackend, type ParserBackendName } from './parser/load-parser-backend';
import type { ParserBackend } from './parser/parser-backend';
import { isConfigurationFile, readRepositoryConfiguration } from './read-repository-configuration';
import { createEcmascriptModuleResolver } from './resolve/ecmascript-module-resolver';
import { createHash } from 'node:crypto';
import type { IndexedFile } from '@swespot/core';
import { interfaceSignature, linkFiles, type LinkInput } from './resolve/link-files';
import { createPythonModuleResolver } from './resolve/python-module-resolver';
import { relinkPlan, retargetReferences, targetLineMaps } from './resolve/relink-plan';
import { createFileSystemRepositorySource } from './source/create-file-system-repository-source';
import { blobShaOfRead } from './source/git-blob-sha';
import type { RepositoryFile, RepositorySource } from './source/repository-source';
import { createTestFileMatcher } from './tests/read-test-configuration';
import { mapWithConcurrency } from './map-with-concurrency';

/** Options of {@link indexRepository}. */
export interface IndexRepositoryOptions {
  /** What to index: a {@link RepositorySource}, or a folder path (its working tree). */
  readonly source: RepositorySource | string;
  /**
   * The tree-sitter binding: `auto` (default: native, else WASM), `native`, `wasm`, or a
   * backend object. Env fallback: `SWESPOT_TREE_SITTER_BACKEND`.
   */
  readonly backend?: ParserBackendName | ParserBackend;
  /** Languages to index. Default: Python, JavaScript, TypeScript, TSX. */
  readonly languages?: readonly LanguageDefinition[];
  /** Extractions from earlier runs by blob id; unchanged files are not parsed again. Default: none. */
  readonly cache?: IndexCache;
  /** Larger files are skipped (minified or generated code). Default: 1 MiB (1,048,576 bytes). */
  readonly maxFileBytes?: number;
  /** Only index paths this accepts. Default: every file of a known language. */
  readonly include?: (path: string) => boolean;
  /**
   * An earlier index of the same repository from this process (e.g. of the previous commit),
   * with the same paths and configuration files. With it, only the changed files and the files
   * mentioning a name whose binding changed (an entity, module-level import or export added,
   * removed or altered, passed on through aliases and re-exports) are linked again; the other
   * files referencing a changed file get their targets' new lines. The result is the same as
   * linking every file. Default: link every file.
   */
  readonly previous?: CodeIndex;
  /** Count commits and authors per file and entity over a window of history. Default: no hotness. */
  readonly hotness?: HotnessOptions;
  /** Called after each file with the count done so far. */
  readonly onProgress?: (progress: { readonly done: number; readonly total: number; readonly path: string }) => void;
  /** Files read at once from the source. Default: 16. */
  readonly readConcurrency?: number;
  readonly abortSignal?: AbortSignal;
}

/** A file the indexer did not index, and why. */
export interface SkippedFile {
  readonly path: string;
  readonly reason: 'too-large' | 'binary' | 'unreadable';
}

/** Figures about one {@link indexRepository} run. */
export interface IndexRunStatistics {
  /** Files parsed in this run. */
  readonly parsedFiles: number;
  /** Files taken from the cache. */
  readonly cachedFiles: number;
  /**
   * Files with the same contents as another file of this run (an empty `__init__.py`, a copied
   * `setup.py`): each blob is parsed or read from the cache once, and these files share its extraction.
   */
  readonly duplicateFiles: number;
  readonly skippedFiles: readonly SkippedFile[];
  /** Files linked in this run (all of them unless `previous` allowed re-linking only some). */
  readonly linkedFiles: number;
  /** Files not linked again whose references into a changed file got that file's new entity lines (with `previous`). */
  readonly retargetedFiles: number;
  /** Why `auto` fell back to WASM, when it did. */
  readonly backendFallbackReason?: string;
  /** Wall-clock milliseconds: listing and reading files (and cache look-ups), parsing and extracting, linking, hotness. */
  readonly timings: { readonly readMs: number; readonly extractMs: number; readonly linkMs: number; readonly hotnessMs: number };
}

/** What {@link indexRepository} returns. */
export interface IndexRepositoryResult {
  readonly index: CodeIndex;
  readonly statistics: IndexRunStatistics;
}

/** What one blob gave: its extraction (parsed, or read from the cache), or why it was skipped. */
type BlobOutcome = { readonly extraction: FileExtraction; readonly cached: boolean } | { readonly skipped: SkippedFile['reason'] };

const defaultMaxFileBytes = 1024 * 1024;
/** Parsing gives the event loop a turn at least this often (milliseconds). */
const yieldEveryMs = 20;

/**
 * Indexes a repository snapshot with tree-sitter: entities, imports resolved to files,
 * references resolved across files, test files and their cases and tested files, and (with
 * `hotness`) churn per file and entity. Files whose blob id is in `cache` are not parsed.
 *
 * @example
 * ```ts
 * const { index } = await indexRepository({ source: '/path/to/repo' });
 * for (const entity of index.entitiesIn('pkg/util.py', { kinds: ['function'] })) {
 *   console.log(entity.qualifiedName, index.dependenciesIn('pkg/util.py', { bytes: entity.byteRange }));
 * }
 * ```
 */
export async function indexRepository(options: IndexRepositoryOptions): Promise<IndexRepositoryResult> {
  const { abortSignal } = options;
  const source = typeof options.source === 'string' ? createFileSystemRepositorySource({ directory: options.source }) : options.source;
  const languages = options.languages ?? builtinLanguages;
  const maxFileBytes = options.maxFileBytes ?? defaultMaxFileBytes;
  if (!Number.isFinite(maxFileBytes) || maxFileBytes <= 0) {
    throw new InvalidArgumentError({ message: `maxFileBytes: expected a positive number of bytes, got ${maxFileBytes}`, argument: 'maxFileBytes' });
  }
  const selected =
    typeof options.backend === 'object' ? { backend: options.backend } : selectParserBackend(options.backend);
  const backend = selected.backend;

  let started = performance.now();
  const allFiles = await source.listFiles({ abortSignal });
  const candidates: { file: RepositoryFile; language: LanguageDefinition }[] = [];
  const configurationPaths: string[] = [];
  for (const file of allFiles) {
    if (isConfigurationFile(file.path) && !file.path.split('/').includes('node_modules')) configurationPaths.push(file.path);
    if (options.include !== undefined && !options.include(file.path)) continue;
    const language = languageForPath(file.path, languages);
    if (language !== undefined) candidates.push({ file, language });
  }
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const configurationFiles = new Map<string, string>();
  await mapWithConcurrency(configurationPaths, options.readConcurrency ?? 16, async (path) => {
    const bytes = await source.readFile(path, { abortSignal });
    if (bytes !== null) configurationFiles.set(path, decoder.decode(bytes));
  });
  const configuration = readRepositoryConfiguration(configurationFiles);
  const listMs = performance.now() - started;

  const compiled = new Map<string, CompiledLanguage>();
  for (const language of new Set(candidates.map((candidate) => candidate.language))) {
    compiled.set(language.name, await compileLanguage(backend, language));
  }

  const extractions = new Map<string, { blobSha: string; language: LanguageDefinition; extraction: FileExtraction }>();
  const skippedFiles: SkippedFile[] = [];
  let parsedFiles = 0;
  let cachedFiles = 0;
  let duplicateFiles = 0;
  let extractMs = 0;
  let done = 0;
  // One extraction per blob and language: files with the same contents (every empty __init__.py,
  // copied setup.py files) share the first one's, so each cache entry is looked up and written once.
  const outcomes = new Map<string, Promise<BlobOutcome>>();
  const once = (key: string, produce: () => Promise<BlobOutcome>): { readonly outcome: Promise<BlobOutcome>; readonly first: boolean } => {
    const running = outcomes.get(key);
    if (running !== undefined) return { outcome: running, first: false };
    const outcome = produce();
    outcomes.set(key, outcome);
    return { outcome, first: true };
  };
  const readBytes = async (path: string): Promise<Uint8Array | SkippedFile['reason']> => {
    let bytes: Uint8Array | null;
    try {
      bytes = await source.readFile(path, { abortSignal });
    } catch (error) {
      if (abortSignal?.aborted === true) throw error;
      bytes = null;
    }
    if (bytes === null) return 'unreadable';
    if (bytes.byteLength > maxFileBytes) return 'too-large';
    if (bytes.includes(0)) return 'binary';
    return bytes;
  };
  const extractBytes = async (key: string, language: LanguageDefinition, bytes: Uint8Array, lookUp: boolean): Promise<BlobOutcome> => {
    if (lookUp && options.cache !== undefined) {
      const cached = await options.cache.get(key);
      if (cached?.extractorVersion === EXTRACTOR_VERSION) return { extraction: cached, cached: true };
    }
    const text = decoder.decode(bytes);
    const extractStarted = performance.now();
    const extraction = extractFile({ text, language: compiled.get(language.name) as CompiledLanguage });
    extractMs += performance.now() - extractStarted;
    parsedFiles += 1;
    if (options.cache !== undefined) await options.cache.set(key, extraction);
    return { extraction, cached: false };
  };
  const filesStarted = performance.now();
  const giveTurn = createTurnGiver(yieldEveryMs);
  await mapWithConcurrency(candidates, options.readConcurrency ?? 16, async ({ file, language }) => {
    await giveTurn();
    abortSignal?.throwIfAborted();
    let blobSha = file.blobSha;
    let shared: { readonly outcome: Promise<BlobOutcome>; readonly first: boolean };
    if (blobSha !== undefined) {
      // The source knows the blob id: the cache is asked before the file is read.
      const key = extractionCacheKey(EXTRACTOR_VERSION, language.name, blobSha);
      shared = once(key, async () => {
        if (options.cache !== undefined) {
          const cached = await options.cache.get(key);
          if (cached?.extractorVersion === EXTRACTOR_VERSION) return { extraction: cached, cached: true };
        }
        const bytes = await readBytes(file.path);
        return typeof bytes === 'string' ? { skipped: bytes } : extractBytes(key, language, bytes, false);
      });
    } else {
      const bytes = await readBytes(file.path);
      if (typeof bytes === 'string') {
        skippedFiles.push({ path: file.path, reason: bytes });
        return;
      }
      blobSha = blobShaOfRead(bytes);
      const key = extractionCacheKey(EXTRACTOR_VERSION, language.name, blobSha);
      shared = once(key, () => extractBytes(key, language, bytes, true));
    }
    const outcome = await shared.outcome;
    if ('skipped' in outcome) {
      skippedFiles.push({ path: file.path, reason: outcome.skipped });
      return;
    }
    extractions.set(file.path, { blobSha, language, extraction: outcome.extraction });
    if (!shared.first) duplicateFiles += 1;
    else if (outcome.cached) cachedFiles += 1;
    options.onProgress?.({ done: ++done, total: candidates.length, path: file.path });
  });

  const readMs = listMs + performance.now() - filesStarted - extractMs;
  started = performance.now();
  const allPaths = allFiles.map((file) => file.path);
  const isTestFile = createTestFileMatcher(
    configuration.tests,
    new Map(languages.map((language) => [language.name, language.testFilePatterns])),
  );
  const inputs: LinkInput[] = [];
  for (const [path, entry] of extractions) {
    inputs.push({ path, blobSha: entry.blobSha, language: entry.language, extraction: entry.extraction, isTest: isTestFile(path, entry.language.name) });
  }
  // Link in path order: the result must not depend on which file finished reading first.
  inputs.sort((left, right) => (left.path < right.path ? -1 : left.path > right.path ? 1 : 0));
  const systems = new Set(inputs.map((input) => input.language.moduleSystem));
  const environment = createHash('sha256');
  for (const path of [...allPaths].sort()) environment.update(`${path}\n`);
  for (const [path, text] of [...configurationFiles].sort(([left], [right]) => (left < right ? -1 : 1))) environment.update(`${path}\n${text}\n`);
  for (const language of languages) environment.update(`${language.name}\n`);
  const environmentKey = environment.digest('hex');
  const interfaces = new Map(inputs.map((input) => [input.path, interfaceSignature(input.extraction)]));
  const plan = relinkPlan(options.previous, environmentKey, inputs, interfaces);
  const only = plan?.relink;
  const linked = linkFiles({
    files: inputs,
    resolvers: {
      ...(systems.has('python') ? { python: createPythonModuleResolver(allPaths) } : {}),
      ...(systems.has('ecmascript')
        ? { ecmascript: createEcmascriptModuleResolver({ paths: allPaths, tsconfigs: configuration.tsconfigs, packages: configuration.packages }) }
        : {}),
    },
    ...(only === undefined ? {} : { only }),
  });
  let files: IndexedFile[] = linked;
  if (plan !== undefined && options.previous !== undefined) {
    const previous = options.previous;
    const relinked = new Map(linked.map((file) => [file.path, file]));
    const newLines = targetLineMaps(previous, relinked, plan.retarget.size > 0 ? plan.changed : new Set());
    files = previous.files.map((file) => {
      const relinkedFile = relinked.get(file.path);
      if (relinkedFile !== undefined) return relinkedFile;
      return plan.retarget.has(file.path) ? retargetReferences(stripHotness(file), newLines) : stripHotness(file);
    });
  }
  const linkMs = performance.now() - started;

  let index = new CodeIndex(
    {
    schemaVersion: 1,
    type: 'code-index',
    ...(source.commit === undefined ? {} : { commit: source.commit }),
    backend: backend.name,
    extractorVersion: EXTRACTOR_VERSION,
    createdAt: new Date().toISOString(),
    files,
    },
    { environmentKey, interfaces },
  );
  started = performance.now();
  if (options.hotness !== undefined) {
    index = await computeHotness(index, { ...options.hotness, ...(abortSignal === undefined ? {} : { abortSignal }) });
  }
  const hotnessMs = options.hotness === undefined ? 0 : performance.now() - started;
  return {
    index,
    statistics: {
      parsedFiles,
      cachedFiles,
      duplicateFiles,
      linkedFiles: only?.size ?? files.length,
      retargetedFiles: plan?.retarget.size ?? 0,
      skippedFiles: skippedFiles.sort((left, right) => (left.path < right.path ? -1 : 1)),
      ...(selected.fallbackReason === undefined ? {} : { backendFallbackReason: selected.fallbackReason }),
      timings: { readMs, extractMs, linkMs, hotnessMs },
    },
  };
}

/**
 * Returns a function that every worker awaits before its next file: once `everyMs` have passed
 * since the last turn, all of them wait for one `setImmediate`, so the event loop runs timers,
 * I/O callbacks, abort signals and the collector's scheduled work. (A source that answers from
 * memory never gives the loop a turn, and one worker waiting alone lets the others go on.)
 */
function createTurnGiver(everyMs: number): () => Promise<void> {
  let lastTurn = performance.now();
  let turn: Promise<void> | undefined;
  return () => {
    if (turn === undefined && performance.now() - lastTurn > everyMs) {
      turn = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        turn = undefined;
        lastTurn = performance.now();
      });
    }
    return turn ?? Promise.resolve();
  };
}

/** A file carried over from an earlier index; hotness belongs to the earlier run's window. */
function stripHotness(file: IndexedFile): IndexedFile {
  if (file.hotness === undefined) return file;
  const { hotness: _hotness, ...rest } = file;
  return { ...rest, entities: file.entities.map(({ hotness: _entityHotness, ...entity }) => entity) };
}
