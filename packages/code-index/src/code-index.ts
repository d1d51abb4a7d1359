import {
  codeIndexRecordSchema,
  parseWithSchema,
  type ByteRange,
  type CodeEntity,
  type CodeEntityKind,
  type CodeIndexRecord,
  type CodeReference,
  type CodeReferenceStatus,
  type CodeTestCase,
  type CrossFileDependency,
  type IndexedFile,
  type LineRange,
} from '@swespot/core';

/**
 * What a later {@link indexRepository} run needs to re-link only the files an edit affects;
 * kept in memory with the index, never written to `index.json`.
 */
export interface CodeIndexLinkState {
  /** Hash of every repository path and configuration file the resolution read. */
  readonly environmentKey: string;
  /** Interface signature of each indexed file, by path. */
  readonly interfaces: ReadonlyMap<string, string>;
}

/** A span of a file given by bytes (0-based, end exclusive) or by lines (1-based, inclusive). */
export type CodeSpan = { readonly bytes: ByteRange } | { readonly lines: LineRange };

/** An entity together with the file it is in. */
export interface LocatedEntity {
  readonly path: string;
  readonly entity: CodeEntity;
}

/** A test file relevant to a change in some file, with its test cases. */
export interface RelevantTestFile {
  readonly path: string;
  readonly tests: readonly CodeTestCase[];
  /** `direct`: the test file imports the changed file (or a name from it through a re-export). */
  readonly relation: 'direct';
}

/** Counts over a whole index, as the CLI prints them. */
export interface CodeIndexCounts {
  readonly files: number;
  readonly filesByLanguage: Readonly<Record<string, number>>;
  readonly entitiesByKind: Readonly<Record<CodeEntityKind, number>>;
  readonly references: Readonly<Record<CodeReferenceStatus, number>>;
  readonly testFiles: number;
  readonly testCases: number;
  readonly filesWithSyntaxErrors: number;
}

/**
 * A code index of one repository snapshot, with the lookups the RCX generators use:
 * entities of a file (`entitiesIn`), the entity at a line (`entityAt`), references inside
 * any span (`referencesIn`, `dependenciesIn`), uses of an entity elsewhere (`referencesTo`),
 * tests relevant to a change (`testsFor`), and the hottest entities (`hottestEntities`).
 * Built by `indexRepository`; `toRecord()` is what `index.json` holds.
 */
export class CodeIndex {
  readonly #record: CodeIndexRecord;
  readonly #files: Map<string, IndexedFile>;
  #incoming: Map<string, { path: string; reference: CodeReference }[]> | undefined;
  #importers: Map<string, Set<string>> | undefined;
  #testers: Map<string, Set<string>> | undefined;

  /** Re-link state of the run that built this index; absent for an index read from disk. */
  readonly linkState: CodeIndexLinkState | undefined;

  constructor(record: CodeIndexRecord, linkState?: CodeIndexLinkState) {
    this.#record = record;
    this.linkState = linkState;
    this.#files = new Map(record.files.map((file) => [file.path, file]));
  }

  /** Validates an `index.json` value with core's schema and wraps it. Throws a ValidationError listing every issue. */
  static fromRecord(value: unknown, location: { file?: string } = {}): CodeIndex {
    return new CodeIndex(parseWithSchema(codeIndexRecordSchema, value, { ...location, schema: 'CodeIndexRecord' }));
  }

  /** The record as written to `index.json`. */
  toRecord(): CodeIndexRecord {
    return this.#record;
  }

  /** The indexed commit, when a commit was indexed. */
  get commit(): string | undefined {
    return this.#record.commit;
  }

  /** The tree-sitter binding that parsed the files. */
  get backend(): 'native' | 'wasm' {
    return this.#record.backend;
  }

  /** Every indexed file, sorted by path. */
  get files(): readonly IndexedFile[] {
    return this.#record.files;
  }

  /** One file, or undefined when it was not indexed. */
  file(path: string): IndexedFile | undefined {
    return this.#files.get(path);
  }

  /** The entities of a file (module entity first), optionally only some kinds. Empty for unknown files. */
  entitiesIn(path: string, options: { readonly kinds?: readonly CodeEntityKind[] } = {}): readonly CodeEntity[] {
    const entities = this.#files.get(path)?.entities ?? [];
    return options.kinds === undefined ? entities : entities.filter((entity) => options.kinds?.includes(entity.kind));
  }

  /** An entity by qualified name (`Query.filter`, `<module>`). */
  entity(path: string, qualifiedName: string): CodeEntity | undefined {
    return this.#files.get(path)?.entities.find((entity) => entity.qualifiedName === qualifiedName);
  }

  /** The innermost class, function or method whose lines hold `line`, else the module entity. */
  entityAt(path: string, line: number): CodeEntity | undefined {
    let best: CodeEntity | undefined;
    for (const entity of this.#files.get(path)?.entities ?? []) {
      if (entity.lineRange.start > line || entity.lineRange.end < line) continue;
      if (entity.kind === 'variable' && best !== undefined) continue;
      if (best === undefined || entity.byteRange.end - entity.byteRange.start <= best.byteRange.end - best.byteRange.start) best = entity;
    }
    return best;
  }

  /**
   * References inside `span` of a file (all of the file when absent), optionally only some
   * statuses. E.g. `referencesIn(path, { bytes: entity.byteRange }, { statuses: ['resolved'] })`
   * lists what a function body uses from other files.
   */
  referencesIn(
    path: string,
    span?: CodeSpan,
    options: { readonly statuses?: readonly CodeReferenceStatus[] } = {},
  ): readonly CodeReference[] {
    const references = this.#files.get(path)?.references ?? [];
    return references.filter((reference) => {
      if (options.statuses !== undefined && !options.statuses.includes(reference.status)) return false;
      if (span === undefined) return true;
      if ('bytes' in span) return reference.byteRange.start >= span.bytes.start && reference.byteRange.end <= span.bytes.end;
      return reference.line >= span.lines.start && reference.line <= span.lines.end;
    });
  }

  /**
   * The cross-file dependencies of a span in core's FIM shape, one per distinct target
   * (symbol as first used, defining file, line, kind), in order of first use.
   */
  dependenciesIn(path: string, span?: CodeSpan): CrossFileDependency[] {
    const seen = new Set<string>();
    const dependencies: CrossFileDependency[] = [];
    for (const reference of this.referencesIn(path, span, { statuses: ['resolved'] })) {
      if (reference.targetPath === undefined) continue;
      const key = `${reference.targetPath}\u0000${reference.targetName ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      dependencies.push({
        symbol: reference.name,
        definedIn: reference.targetPath,
        ...(reference.targetLine === undefined ? {} : { line: reference.targetLine }),
        ...(reference.targetKind === undefined ? {} : { symbolKind: reference.targetKind }),
      });
    }
    return dependencies;
  }

  /** References from other files to an entity (or, without `qualifiedName`, to the file's module or any entity in it). */
  referencesTo(path: string, qualifiedName?: string): readonly { path: string; reference: CodeReference }[] {
    if (this.#incoming === undefined) {
      this.#incoming = new Map();
      for (const file of this.#record.files) {
        for (const reference of file.references) {
          if (reference.status !== 'resolved' || reference.targetPath === undefined) continue;
          let list = this.#incoming.get(reference.targetPath);
          if (list === undefined) {
            list = [];
            this.#incoming.set(reference.targetPath, list);
          }
          list.push({ path: file.path, reference });
        }
      }
    }
    const incoming = this.#incoming.get(path) ?? [];
    return qualifiedName === undefined ? incoming : incoming.filter((entry) => entry.reference.targetName === qualifiedName);
  }

  /** Files that import `path` (resolved imports only), sorted. */
  importersOf(path: string): readonly string[] {
    if (this.#importers === undefined) {
      this.#importers = new Map();
      for (const file of this.#record.files) {
        for (const entry of file.imports) {
          if (entry.resolvedPath === undefined) continue;
          let set = this.#importers.get(entry.resolvedPath);
          if (set === undefined) {
            set = new Set();
            this.#importers.set(entry.resolvedPath, set);
          }
          set.add(file.path);
        }
      }
    }
    return [...(this.#importers.get(path) ?? [])].sort();
  }

  /** Every test file. */
  testFiles(): readonly IndexedFile[] {
    return this.#record.files.filter((file) => file.isTest);
  }

  /**
   * The test files relevant to a change in `path`: those that import it directly or through
   * one level of re-export (a package `__init__.py` or an `index.ts` barrel). A test file
   * itself is relevant to its own change.
   */
  testsFor(path: string): readonly RelevantTestFile[] {
    if (this.#testers === undefined) {
      this.#testers = new Map();
      for (const file of this.#record.files) {
        for (const tested of file.testedFiles) {
          let set = this.#testers.get(tested);
          if (set === undefined) {
            set = new Set();
            this.#testers.set(tested, set);
          }
          set.add(file.path);
        }
      }
    }
    const paths = new Set(this.#testers.get(path) ?? []);
    if (this.#files.get(path)?.isTest === true) paths.add(path);
    return [...paths].sort().map((testPath) => ({ path: testPath, tests: this.#files.get(testPath)?.tests ?? [], relation: 'direct' }));
  }

  /**
   * Entities by descending commit count in the hotness window (then by author count, path and
   * position). Empty when the index has no hotness figures.
   */
  hottestEntities(options: { readonly kinds?: readonly CodeEntityKind[]; readonly limit?: number } = {}): LocatedEntity[] {
    const kinds = options.kinds ?? ['class', 'function', 'method'];
    const located: LocatedEntity[] = [];
    for (const file of this.#record.files) {
      for (const entity of file.entities) {
        if (kinds.includes(entity.kind) && entity.hotness !== undefined && entity.hotness.commitCount > 0) located.push({ path: file.path, entity });
      }
    }
    located.sort(
      (left, right) =>
        (right.entity.hotness?.commitCount ?? 0) - (left.entity.hotness?.commitCount ?? 0) ||
        (right.entity.hotness?.authorCount ?? 0) - (left.entity.hotness?.authorCount ?? 0) ||
        (left.path < right.path ? -1 : left.path > right.path ? 1 : 0) ||
        left.entity.byteRange.start - right.entity.byteRange.start,
    );
    return options.limit === undefined ? located : located.slice(0, options.limit);
  }

  /** Counts of files, entities by kind, references by status and tests. */
  counts(): CodeIndexCounts {
    const entitiesByKind: Record<CodeEntityKind, number> = { module: 0, class: 0, function: 0, method: 0, variable: 0 };
    const references: Record<CodeReferenceStatus, number> = { resolved: 0, 'same-file': 0, 'third-party': 0, builtin: 0, unresolved: 0 };
    const filesByLanguage: Record<string, number> = {};
    let testFiles = 0;
    let testCases = 0;
    let filesWithSyntaxErrors = 0;
    for (const file of this.#record.files) {
      filesByLanguage[file.language] = (filesByLanguage[file.language] ?? 0) + 1;
      for (const entity of file.entities) entitiesByKind[entity.kind] += 1;
      for (const reference of file.references) references[reference.status] += 1;
      if (file.isTest) testFiles += 1;
      testCases += file.tests.length;
      if (file.hasSyntaxErrors) filesWithSyntaxErrors += 1;
    }
    return { files: this.#record.files.length, filesByLanguage, entitiesByKind, references, testFiles, testCases, filesWithSyntaxErrors };
  }
}
