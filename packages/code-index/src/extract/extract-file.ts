import type { CodeEntity, CodeEntityKind, CodeImportKind, CodeTestCase } from '@swespot/core';
import { matchTableOf } from '../parser/match-table';
import type { MatchTable, SyntaxCapture, SyntaxMatch, SyntaxNode } from '../parser/parser-backend';
import type { CompiledLanguage } from './compile-language';
import { importBindingName } from './import-binding-name';
import { createTextPositions, type TextPositions } from './text-positions';

/**
 * Version of the extraction rules. Cached extractions carry it; raising it invalidates every
 * cache entry, so raise it whenever a query file or this module changes what it extracts.
 */
export const EXTRACTOR_VERSION = 1;

/** An import binding as written, before its module is resolved. */
export interface ExtractedImport {
  readonly kind: CodeImportKind;
  readonly source: string;
  readonly name?: string;
  readonly alias?: string;
  readonly line: number;
  readonly reexport: boolean;
  /** qualifiedName of the function the import sits in; absent at module level. */
  readonly scope?: string;
}

/** An explicit export without `from`: `export { local as name }`, `export default local`. */
export interface ExtractedExport {
  /** The exported name (`default` for default exports). */
  readonly name: string;
  /** The local name it exports. */
  readonly local: string;
}

/** A use of a non-local name or dotted chain, before resolution. */
export interface NameUse {
  /** The name or chain as used, whitespace removed, e.g. `util.helper`, `self.run`. */
  readonly name: string;
  /** UTF-8 byte offsets of the chain. */
  readonly start: number;
  readonly end: number;
  readonly line: number;
  /** qualifiedName of the innermost enclosing function or method, if any (for function-level imports). */
  readonly scope?: string;
  /** qualifiedName of the enclosing class, for chains that start with `self`, `cls` or `this`. */
  readonly selfClass?: string;
}

/**
 * Everything the index keeps about one file that depends only on the file's content (not its
 * path): the cacheable unit, keyed by blob id and {@link EXTRACTOR_VERSION}. Offsets are UTF-8
 * bytes. The module entity's name is `<module>` until the index names it after the path.
 */
export interface FileExtraction {
  readonly extractorVersion: number;
  readonly language: string;
  readonly byteLength: number;
  readonly lineCount: number;
  readonly hasSyntaxErrors: boolean;
  /** The module entity first, then entities by position. */
  readonly entities: readonly CodeEntity[];
  readonly imports: readonly ExtractedImport[];
  readonly exports: readonly ExtractedExport[];
  readonly names: readonly NameUse[];
  /** Test functions or cases, if this file is a test file. */
  readonly testCases: readonly CodeTestCase[];
}

/** Input of {@link extractFile}. */
export interface ExtractFileOptions {
  readonly text: string;
  readonly language: CompiledLanguage;
}

interface DefinitionDraft {
  kind: 'class' | 'function' | 'variable' | undefined;
  readonly node: SyntaxNode;
  /** The definition node's offsets, read once (the bindings answer each read with a call). */
  readonly nodeStart: number;
  readonly nodeEnd: number;
  name: SyntaxNode | undefined;
  /** The type a function declared outside it belongs to (`@owner`, e.g. a Go method's receiver type). */
  owner: SyntaxNode | undefined;
  bodyStart: number | undefined;
  /** The docstring's offsets: one `@doc` node, or the first to the last of one match's `@doc` nodes (line comments). */
  doc: { readonly start: number; readonly end: number } | undefined;
  spanStart: number;
  spanStartRow: number;
  readonly decorators: SyntaxNode[];
  readonly bases: SyntaxNode[];
}

interface EntityDraft {
  readonly start: number;
  readonly end: number;
  /** Start and end of the definition node itself (without decorators or leading comments). */
  readonly nodeStart: number;
  readonly nodeEnd: number;
  readonly entity: CodeEntity & { properties: string[]; complexity: number };
  /** Per property name (by its index in {@link propertyNames}): 1 when the entity has it. */
  readonly propertyFlags: Uint8Array;
}

interface Scope {
  readonly start: number;
  readonly end: number;
  readonly names: Set<string>;
  readonly globals: Set<string>;
}

const kindPriority = { variable: 1, function: 2, class: 3 } as const;

/**
 * Parses one file and extracts its entities (with spans, signatures, docstrings, decorators,
 * properties and complexity), imports, exports, uses of non-local names, and test cases,
 * all through the language's tree-sitter queries. Pure: same text, same result, with either
 * backend.
 */
export function extractFile({ text, language }: ExtractFileOptions): FileExtraction {
  const tree = language.grammar.parse(text);
  try {
    const positions = createTextPositions(text);
    const slice = (node: SyntaxNode) => text.slice(node.startIndex, node.endIndex);
    const tables = [matchTableOf(language.query, tree)];
    if (language.rootQuery !== undefined) tables.push(matchTableOf(language.rootQuery, tree, { maxStartDepth: 0 }));
    const groups = splitMatches(tables);

    // Definitions: matches on the same definition node merge into one draft.
    const drafts = new Map<string, DefinitionDraft>();
    let moduleDoc: { start: number; end: number } | undefined;
    // 1 at the start offset of each defined name (a binding, not a use).
    const nameStarts = new Uint8Array(text.length + 1);
    for (const match of groups.definitions) {
      let definitionCapture: SyntaxCapture | undefined;
      const firstModuleDoc = moduleDoc === undefined;
      for (const capture of match.captures) {
        if (capture.name === 'definition' || capture.name.startsWith('definition.')) definitionCapture = capture;
        else if (capture.name === 'module.doc' && firstModuleDoc) moduleDoc = joinDoc(moduleDoc, capture.node);
      }
      if (definitionCapture === undefined) continue;
      const node = definitionCapture.node;
      const nodeStart = node.startIndex;
      const nodeEnd = node.endIndex;
      const key = `${nodeStart}:${nodeEnd}`;
      let draft = drafts.get(key);
      if (draft === undefined) {
        draft = {
          kind: undefined,
          node,
          nodeStart,
          nodeEnd,
          name: undefined,
          owner: undefined,
          bodyStart: undefined,
          doc: undefined,
          spanStart: nodeStart,
          spanStartRow: node.startPosition.row,
          decorators: [],
          bases: [],
        };
        drafts.set(key, draft);
      }
      const kind = definitionCapture.name.slice('definition.'.length);
      if (kind === 'class' || kind === 'function' || kind === 'variable') {
        if (draft.kind === undefined || kindPriority[kind] > kindPriority[draft.kind]) draft.kind = kind;
      }
      const firstDoc = draft.doc === undefined;
      for (const capture of match.captures) {
        const captured = capture.node;
        switch (capture.name) {
          case 'name':
            if (draft.name === undefined || captured.startIndex < draft.name.startIndex) draft.name = captured;
            break;
          case 'owner':
            draft.owner ??= captured;
            break;
          case 'body':
            if (draft.bodyStart === undefined || captured.startIndex < draft.bodyStart) draft.bodyStart = captured.startIndex;
            break;
          case 'doc':
            // The first match with a docstring gives it; its @doc nodes (a quantified run of line comments) join.
            if (firstDoc) draft.doc = joinDoc(draft.doc, captured);
            if (captured.startIndex < draft.spanStart) extendSpan(draft, captured);
            break;
          case 'decorator':
            if (!draft.decorators.some((existing) => existing.startIndex === captured.startIndex)) draft.decorators.push(captured);
            break;
          case 'base':
            if (!draft.bases.some((existing) => existing.startIndex === captured.startIndex)) draft.bases.push(captured);
            break;
          case 'outer':
            if (captured.startIndex < draft.spanStart) extendSpan(draft, captured);
            break;
          default:
            break;
        }
      }
    }

    // Entities, nested by containment of their definition nodes.
    const moduleEntity = createModuleEntity(text, positions, moduleDoc === undefined ? undefined : text.slice(moduleDoc.start, moduleDoc.end));
    const ordered = [...drafts.values()]
      .filter((draft): draft is DefinitionDraft & { kind: 'class' | 'function' | 'variable'; name: SyntaxNode } =>
        draft.kind !== undefined && draft.name !== undefined,
      )
      .sort((left, right) => left.spanStart - right.spanStart || right.nodeEnd - left.nodeEnd);
    const entityDrafts: EntityDraft[] = [];
    const stack: EntityDraft[] = [];
    for (const draft of ordered) {
      while (stack.length > 0 && (stack.at(-1)?.nodeEnd ?? 0) <= draft.nodeStart) stack.pop();
      const parent = stack.at(-1);
      const name = slice(draft.name);
      nameStarts[draft.name.startIndex] = 1;
      // A function declared outside its type (`@owner`) is a method of it, wherever the type is defined.
      const owner = parent === undefined && draft.owner !== undefined && draft.kind === 'function' ? slice(draft.owner) : undefined;
      const parentName = owner ?? parent?.entity.qualifiedName;
      const kind: CodeEntityKind =
        draft.kind === 'function' && (owner !== undefined || (parent !== undefined && parent.entity.kind === 'class')) ? 'method' : draft.kind;
      const qualifiedName = parentName === undefined ? name : `${parentName}.${name}`;
      const entity: CodeEntity & { properties: string[]; complexity: number } = {
        kind,
        name,
        qualifiedName,
        ...(parentName === undefined ? {} : { parent: parentName }),
        byteRange: { start: positions.byteOffset(draft.spanStart), end: positions.byteOffset(draft.nodeEnd) },
        lineRange: { start: draft.spanStartRow + 1, end: Math.max(draft.spanStartRow, draft.node.endPosition.row) + 1 },
        ...(draft.bodyStart === undefined || draft.kind === 'variable'
          ? {}
          : { signature: text.slice(draft.nodeStart, draft.bodyStart).trimEnd() }),
        ...(draft.doc === undefined ? {} : { docstring: text.slice(draft.doc.start, draft.doc.end) }),
        decorators: draft.decorators.sort((left, right) => left.startIndex - right.startIndex).map(slice),
        ...(draft.kind === 'class' ? { bases: draft.bases.sort((left, right) => left.startIndex - right.startIndex).map(slice) } : {}),
        properties: [],
        complexity: 1,
      };
      const entityDraft: EntityDraft = {
        start: draft.spanStart,
        end: draft.nodeEnd,
        nodeStart: draft.nodeStart,
        nodeEnd: draft.nodeEnd,
        entity,
        propertyFlags: new Uint8Array(propertyNames.length),
      };
      if (draft.kind === 'class' && draft.bases.length > 0) entityDraft.propertyFlags[parentProperty] = 1;
      entityDrafts.push(entityDraft);
      stack.push(entityDraft);
    }
    const moduleDraft: EntityDraft = {
      start: 0,
      end: text.length,
      nodeStart: 0,
      nodeEnd: text.length,
      entity: moduleEntity,
      propertyFlags: new Uint8Array(propertyNames.length),
    };
    const allDrafts = [moduleDraft, ...entityDrafts];

    // Properties and complexity: every capture counts for each entity whose span holds it.
    const sweep = createContainmentSweep(allDrafts);
    const propertyKeys = groups.propertyKeys;
    for (let index = 0; index < propertyKeys.length; index += 1) {
      const key = propertyKeys[index] as number;
      const effect = effects[key % effectKeyBase] as PropertyEffect;
      const active = sweep.at(Math.floor(key / effectKeyBase));
      for (let holder = 0; holder < active.length; holder += 1) {
        const draft = active[holder] as EntityDraft;
        if (effect.complexity) draft.entity.complexity += 1;
        for (const bit of effect.bits) draft.propertyFlags[bit] = 1;
      }
    }
    for (const draft of allDrafts) draft.entity.properties = propertiesOf(draft.propertyFlags);

    // Imports and explicit exports.
    const imports: ExtractedImport[] = [];
    const exports: ExtractedExport[] = [];
    const importSpans: [number, number][] = [];
    const sideEffects: { index: number; start: number; end: number }[] = [];
    const bindingSpans: { source: string; start: number; end: number }[] = [];
    const importStatements: { start: number; binding: ExtractedImport }[] = [];
    const functionSweep = createContainmentSweep(allDrafts);
    const importMatches = groups.imports
      .map((match) => ({ match, start: match.captures[0]?.node.startIndex ?? 0 }))
      .sort((left, right) => left.start - right.start)
      .map(({ match }) => match);
    for (const match of importMatches) {
      const captures = new Map<string, SyntaxNode>();
      for (const capture of match.captures) captures.set(capture.name, capture.node);
      const exportNode = captures.get('export');
      if (exportNode !== undefined) {
        const exportedDefault = captures.get('export.default');
        const exportedName = captures.get('export.name');
        if (exportedDefault !== undefined) exports.push({ name: 'default', local: slice(exportedDefault) });
        else if (exportedName !== undefined) {
          const alias = captures.get('export.alias');
          exports.push({ name: slice(alias ?? exportedName), local: slice(exportedName) });
        }
        continue;
      }
      const statement = captures.get('import');
      const sourceNode = captures.get('import.source');
      if (statement === undefined || sourceNode === undefined) continue;
      const statementStart = statement.startIndex;
      const statementEnd = statement.endIndex;
      importSpans.push([statementStart, statementEnd]);
      const source = slice(sourceNode).replace(/\s+/g, '');
      if (source.length === 0) continue;
      const nameNode = captures.get('import.name');
      const aliasNode = captures.get('import.alias');
      const defaultNode = captures.get('import.default');
      const namespaceNode = captures.get('import.namespace');
      let kind: CodeImportKind;
      let name: string | undefined;
      let alias: string | undefined;
      if (captures.has('import.wildcard')) kind = 'wildcard';
      else if (nameNode !== undefined) {
        kind = 'name';
        name = slice(nameNode).replace(/\s+/g, '');
        if (aliasNode !== undefined) alias = slice(aliasNode);
      } else if (defaultNode !== undefined) {
        kind = 'default';
        name = 'default';
        alias = slice(defaultNode);
      } else if (namespaceNode !== undefined) {
        kind = 'namespace';
        alias = slice(namespaceNode);
      } else if (captures.has('import.dynamic')) kind = 'dynamic';
      else if (language.definition.moduleSystem === 'python') {
        kind = 'module';
        if (aliasNode !== undefined) alias = slice(aliasNode);
      } else kind = 'side-effect';
      const scope = innermostFunction(functionSweep.at(statementStart));
      const extracted: ExtractedImport = {
        kind,
        source,
        ...(name === undefined ? {} : { name }),
        ...(alias === undefined || alias === name ? {} : { alias }),
        line: statement.startPosition.row + 1,
        reexport: captures.has('import.reexport'),
        ...(scope === undefined ? {} : { scope }),
      };
      if (kind === 'side-effect') sideEffects.push({ index: imports.length, start: statementStart, end: statementEnd });
      else bindingSpans.push({ source, start: statementStart, end: statementEnd });
      imports.push(extracted);
      importStatements.push({ start: statementStart, binding: extracted });
    }
    // `import x from 'm'` also matches the bare `import 'm'` pattern; keep only the binding.
    const redundant = new Set(
      sideEffects
        .filter((sideEffect) =>
          bindingSpans.some(
            (binding) =>
              binding.source === imports[sideEffect.index]?.source &&
              binding.start <= sideEffect.start &&
              binding.end >= sideEffect.end,
          ),
        )
        .map((sideEffect) => sideEffect.index),
    );
    const keptImports = dedupeImports(imports.filter((_, index) => !redundant.has(index)));

    // Scopes, local bindings and lexing exclusions.
    const scopes: Scope[] = [];
    const localDefinitions: SyntaxNode[] = [];
    const globals: SyntaxNode[] = [];
    const excluded = new Uint8Array(text.length + 1);
    const included: SyntaxNode[] = [];
    for (const capture of groups.locals) {
      const node = capture.node;
      switch (capture.name) {
        case 'local.scope':
          scopes.push({ start: node.startIndex, end: node.endIndex, names: new Set(), globals: new Set() });
          break;
        case 'local.definition':
          localDefinitions.push(node);
          nameStarts[node.startIndex] = 1;
          break;
        case 'local.global':
          globals.push(node);
          break;
        case 'lex.exclude':
          excluded.fill(1, node.startIndex, node.endIndex);
          break;
        case 'lex.include':
          included.push(node);
          break;
        default:
          break;
      }
    }
    for (const [start, end] of importSpans) excluded.fill(1, start, end);
    for (const node of included) excluded.fill(0, node.startIndex, node.endIndex);
    scopes.sort((left, right) => left.start - right.start || right.end - left.end);

    // Bind each local definition (and each entity nested in a function) to its innermost scope.
    const scopeSweep = createContainmentSweep(scopes);
    const functionNames = new Set(
      entityDrafts.filter((draft) => draft.entity.kind === 'function' || draft.entity.kind === 'method').map((draft) => draft.entity.qualifiedName),
    );
    const bindings: { start: number; end: number; name: string; global: boolean }[] = [
      ...localDefinitions.map((node) => ({ start: node.startIndex, end: node.endIndex, name: slice(node), global: false })),
      ...globals.map((node) => ({ start: node.startIndex, end: node.endIndex, name: slice(node), global: true })),
      // Functions and classes defined inside a function are local names of that function.
      ...entityDrafts
        .filter((draft) => draft.entity.parent !== undefined && functionNames.has(draft.entity.parent))
        .map((draft) => ({ start: draft.nodeStart, end: draft.nodeEnd, name: draft.entity.name, global: false })),
    ].sort((left, right) => left.start - right.start);
    const moduleLevelBindings: string[] = [];
    for (const binding of bindings) {
      const active = scopeSweep.at(binding.start);
      let scope = active.at(-1);
      // An entity's own scope starts where the entity does; its name belongs to the scope around it.
      if (scope !== undefined && scope.start === binding.start && scope.end === binding.end) scope = active.at(-2);
      if (scope === undefined) {
        if (!binding.global) moduleLevelBindings.push(binding.name);
        continue;
      }
      (binding.global ? scope.globals : scope.names).add(binding.name);
    }
    for (const scope of scopes) for (const name of scope.globals) scope.names.delete(name);
    // A name bound both by an import and by an assignment (`try: import x / except: x = None`)
    // stays an import: remove it from the scope's local names, or from the module's.
    const moduleLocals = new Set(moduleLevelBindings);
    const importSweep = createContainmentSweep(scopes);
    for (const entry of importStatements) {
      const name = importBindingName(entry.binding);
      if (name === undefined) continue;
      const scope = importSweep.at(entry.start).at(-1);
      if (scope === undefined) moduleLocals.delete(name);
      else scope.names.delete(name);
    }
    for (const draft of entityDrafts) if (draft.entity.parent === undefined) moduleLocals.delete(draft.entity.name);

    // Uses of names: lex identifiers outside strings and comments, skip bindings, members and locals.
    const names: NameUse[] = [];
    const keywords = language.definition.keywords;
    const selfNames = language.definition.selfNames;
    const useScopeSweep = createContainmentSweep(scopes);
    const useEntitySweep = createContainmentSweep(allDrafts);
    // A scan by character codes; only characters beyond ASCII go through a (Unicode) regex.
    const length = text.length;
    let index = 0;
    while (index < length) {
      const code = text.charCodeAt(index);
      if (code >= 48 && code <= 57) {
        // A number, with what may follow it (`1e5`, `0x1F`, `1.5j`): not a name.
        index += 1;
        while (index < length && isWordOrDot(text.charCodeAt(index))) index += 1;
        continue;
      }
      const startLength = identifierStartLength(text, index, code);
      if (startLength === 0) {
        index += 1;
        continue;
      }
      const start = index;
      index = identifierEnd(text, index + startLength);
      if (excluded[start] === 1 || nameStarts[start] === 1 || isMemberPosition(text, start)) continue;
      const token = text.slice(start, index);
      const isSelf = selfNames.includes(token);
      if (!isSelf && keywords.has(token)) continue;
      // The chain `token.part?.part`: member names that follow, outside excluded spans.
      let end = index;
      let chain = token;
      let partCount = 1;
      for (;;) {
        let cursor = skipSpaces(text, end);
        const next = text.charCodeAt(cursor);
        if (next === 63 && text.charCodeAt(cursor + 1) === 46) cursor += 2;
        else if (next === 46) cursor += 1;
        else break;
        cursor = skipSpaces(text, cursor);
        const partLength = identifierStartLength(text, cursor, text.charCodeAt(cursor));
        if (partLength === 0 || excluded[cursor] === 1) break;
        const partEnd = identifierEnd(text, cursor + partLength);
        chain = `${chain}.${text.slice(cursor, partEnd)}`;
        partCount += 1;
        end = partEnd;
      }
      if (!isSelf && (moduleLocals.has(token) || anyScopeBinds(useScopeSweep.at(start), token))) continue;
      const activeEntities = useEntitySweep.at(start);
      let selfClass: string | undefined;
      if (isSelf) {
        selfClass = innermostClass(activeEntities);
        if (selfClass === undefined || partCount === 1) continue;
      }
      const scope = innermostFunction(activeEntities);
      const use: { -readonly [Key in keyof NameUse]: NameUse[Key] } = {
        name: chain,
        start: positions.byteOffset(start),
        end: positions.byteOffset(end),
        line: positions.line(start),
      };
      if (scope !== undefined) use.scope = scope;
      if (selfClass !== undefined) use.selfClass = selfClass;
      names.push(use);
    }

    const testCases =
      language.definition.testNaming !== undefined ? testCasesByName(entityDrafts, language) : testCasesByQuery(groups.tests, text, positions);

    return {
      extractorVersion: EXTRACTOR_VERSION,
      language: language.definition.name,
      byteLength: positions.byteLength,
      lineCount: positions.lineCount,
      hasSyntaxErrors: tree.rootNode.hasError,
      entities: allDrafts.map((draft) => draft.entity),
      imports: keptImports,
      exports,
      names,
      testCases,
    };
  } finally {
    tree.dispose();
  }
}

/** A docstring's offsets with `node` added: one match's @doc nodes (a run of line comments) make one docstring. */
function joinDoc(doc: { readonly start: number; readonly end: number } | undefined, node: SyntaxNode): { start: number; end: number } {
  return doc === undefined
    ? { start: node.startIndex, end: node.endIndex }
    : { start: Math.min(doc.start, node.startIndex), end: Math.max(doc.end, node.endIndex) };
}

function extendSpan(draft: DefinitionDraft, node: SyntaxNode): void {
  draft.spanStart = node.startIndex;
  draft.spanStartRow = node.startPosition.row;
}

function createModuleEntity(
  text: string,
  positions: TextPositions,
  docstring: string | undefined,
): CodeEntity & { properties: string[]; complexity: number } {
  // The name comes from the path, which the linker sets: extractions are cached by content alone.
  return {
    kind: 'module',
    name: '<module>',
    qualifiedName: '<module>',
    byteRange: { start: 0, end: positions.byteLength },
    lineRange: { start: 1, end: Math.max(1, positions.line(Math.max(0, text.length - 1))) },
    ...(docstring === undefined ? {} : { docstring }),
    decorators: [],
    properties: [],
    complexity: 1,
  };
}

/**
 * Walks positions in ascending order and answers which ranges (sorted by start, properly
 * nested) contain each one, outermost first, in amortised constant time.
 */
function createContainmentSweep<Range extends { readonly start: number; readonly end: number }>(
  ranges: readonly Range[],
): { at(position: number): readonly Range[] } {
  const stack: Range[] = [];
  let next = 0;
  let last = -1;
  return {
    at(position: number): readonly Range[] {
      if (position < last) {
        // Positions normally ascend; restart for the rare out-of-order query.
        stack.length = 0;
        next = 0;
      }
      last = position;
      while (next < ranges.length && (ranges[next]?.start ?? Infinity) <= position) {
        const range = ranges[next] as Range;
        while (stack.length > 0 && (stack.at(-1)?.end ?? 0) <= range.start) stack.pop();
        stack.push(range);
        next += 1;
      }
      while (stack.length > 0 && (stack.at(-1)?.end ?? 0) <= position) stack.pop();
      // A range popped above may still hold the position when a sibling ended first; keep only holders.
      for (let index = 0; index < stack.length; index += 1) {
        if ((stack[index] as Range).end <= position) return stack.filter((range) => range.end > position);
      }
      return stack;
    },
  };
}

function innermostFunction(active: readonly EntityDraft[]): string | undefined {
  for (let index = active.length - 1; index >= 0; index -= 1) {
    const entity = active[index]?.entity;
    if (entity !== undefined && (entity.kind === 'function' || entity.kind === 'method')) return entity.qualifiedName;
  }
  return undefined;
}

function innermostClass(active: readonly EntityDraft[]): string | undefined {
  for (let index = active.length - 1; index >= 0; index -= 1) {
    const entity = active[index]?.entity;
    if (entity !== undefined && entity.kind === 'class') return entity.qualifiedName;
  }
  return undefined;
}

/** True when the identifier at `start` follows a `.` (a member, not a name), but not a `...` spread. */
function isMemberPosition(text: string, start: number): boolean {
  let index = start - 1;
  while (index >= 0) {
    const code = text.charCodeAt(index);
    if (code === 32 || code === 9 || code === 10 || code === 13) index -= 1;
    else break;
  }
  const previous = text.charCodeAt(index);
  if (previous === 35) return true; // `#private`
  if (previous !== 46) return false;
  return text.charCodeAt(index - 1) !== 46;
}

/** Whether some scope in `scopes` binds `name`. */
function anyScopeBinds(scopes: readonly Scope[], name: string): boolean {
  for (let index = 0; index < scopes.length; index += 1) if ((scopes[index] as Scope).names.has(name)) return true;
  return false;
}

/** `[A-Za-z0-9_.]`: what follows a digit in a number token. */
function isWordOrDot(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 46;
}

const unicodeIdentifierStart = /[\p{L}_$]/uy;
const unicodeIdentifierPart = /[\p{L}\p{N}_$]/uy;

/** Code units of the identifier-start character at `index` (`[\p{L}_$]`): 0 if there is none, 2 for a surrogate pair. */
function identifierStartLength(text: string, index: number, code: number): number {
  if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 36) return 1;
  if (code < 128 || Number.isNaN(code)) return 0;
  unicodeIdentifierStart.lastIndex = index;
  return unicodeIdentifierStart.test(text) ? unicodeIdentifierStart.lastIndex - index : 0;
}

/** The end of the identifier whose characters continue at `index` (`[\p{L}\p{N}_$]*`). */
function identifierEnd(text: string, index: number): number {
  let end = index;
  for (;;) {
    const code = text.charCodeAt(end);
    if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36) end += 1;
    else if (code >= 128) {
      unicodeIdentifierPart.lastIndex = end;
      if (!unicodeIdentifierPart.test(text)) return end;
      end = unicodeIdentifierPart.lastIndex;
    } else return end;
  }
}

/** The index after the white space (JavaScript's `\s`) at `index`. */
function skipSpaces(text: string, index: number): number {
  let cursor = index;
  for (;;) {
    const code = text.charCodeAt(cursor);
    if (code === 32 || (code >= 9 && code <= 13)) cursor += 1;
    else if (code >= 128 && isUnicodeSpace(code)) cursor += 1;
    else return cursor;
  }
}

function isUnicodeSpace(code: number): boolean {
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function dedupeImports(imports: readonly ExtractedImport[]): ExtractedImport[] {
  const seen = new Set<string>();
  const result: ExtractedImport[] = [];
  for (const entry of imports) {
    const key = `${entry.line}\u0000${entry.kind}\u0000${entry.source}\u0000${entry.name ?? ''}\u0000${entry.alias ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(entry);
  }
  return result;
}

function testCasesByName(entityDrafts: readonly EntityDraft[], language: CompiledLanguage): CodeTestCase[] {
  const naming = language.definition.testNaming;
  if (naming === undefined) return [];
  const byQualifiedName = new Map(entityDrafts.map((draft) => [draft.entity.qualifiedName, draft.entity]));
  const isTestClass = (qualifiedName: string | undefined): boolean => {
    const owner = qualifiedName === undefined ? undefined : byQualifiedName.get(qualifiedName);
    if (owner === undefined || owner.kind !== 'class') return false;
    if (naming.classPattern?.test(owner.name) === true) return true;
    return (owner.bases ?? []).some((base) => naming.baseClassPattern?.test(base) === true);
  };
  const cases: CodeTestCase[] = [];
  for (const { entity } of entityDrafts) {
    if (!naming.functionPattern.test(entity.name)) continue;
    const isTest =
      (entity.kind === 'function' && entity.parent === undefined) || (entity.kind === 'method' && isTestClass(entity.parent));
    if (!isTest) continue;
    cases.push({ name: entity.name, qualifiedName: entity.qualifiedName, byteRange: entity.byteRange, lineRange: entity.lineRange });
  }
  return cases;
}

function testCasesByQuery(matches: readonly SyntaxMatch[], text: string, positions: TextPositions): CodeTestCase[] {
  const entries: { start: number; end: number; name: string; isCase: boolean; node: SyntaxNode }[] = [];
  for (const match of matches) {
    let node: SyntaxNode | undefined;
    let isCase = false;
    let nameNode: SyntaxNode | undefined;
    for (const capture of match.captures) {
      if (capture.name === 'test.case') {
        node = capture.node;
        isCase = true;
      } else if (capture.name === 'test.group') node = capture.node;
      else if (capture.name === 'test.name') nameNode = capture.node;
    }
    if (node === undefined || nameNode === undefined) continue;
    const name = text.slice(nameNode.startIndex, nameNode.endIndex).replace(/^`|`$/g, '');
    if (name.length === 0) continue;
    entries.push({ start: node.startIndex, end: node.endIndex, name, isCase, node });
  }
  entries.sort((left, right) => left.start - right.start || right.end - left.end);
  const sweep = createContainmentSweep(entries);
  const cases: CodeTestCase[] = [];
  for (const entry of entries) {
    if (!entry.isCase) continue;
    const path = sweep.at(entry.start).map((holder) => holder.name);
    cases.push({
      name: entry.name,
      qualifiedName: path.join(' > '),
      byteRange: { start: positions.byteOffset(entry.start), end: positions.byteOffset(entry.end) },
      lineRange: { start: entry.node.startPosition.row + 1, end: entry.node.endPosition.row + 1 },
    });
  }
  return cases;
}

interface MatchGroups {
  readonly definitions: SyntaxMatch[];
  readonly imports: SyntaxMatch[];
  readonly tests: SyntaxMatch[];
  readonly locals: SyntaxCapture[];
  /**
   * Property and complexity captures, sorted by start offset (UTF-16): each is
   * `start * effectKeyBase + effect id` (one number per capture, sorted without a comparator).
   */
  readonly propertyKeys: Float64Array;
}

/** What one property capture adds to each entity that holds it. */
interface PropertyEffect {
  /** A decision point: complexity + 1. */
  readonly complexity: boolean;
  /** Property names, e.g. `has-try`, `has-wrapper` for `@property.try.wrapper`, as indexes into {@link propertyNames}. */
  readonly bits: readonly number[];
}

/** Every property name seen so far (`has-call`, ...); entities flag them by index. */
const propertyNames: string[] = ['has-parent'];
const propertyBits = new Map<string, number>([['has-parent', 0]]);
const parentProperty = 0;

function propertyBit(property: string): number {
  let bit = propertyBits.get(property);
  if (bit === undefined) {
    bit = propertyNames.length;
    propertyNames.push(property);
    propertyBits.set(property, bit);
  }
  return bit;
}

/** The names of the flagged properties, sorted. */
function propertiesOf(flags: Uint8Array): string[] {
  const properties: string[] = [];
  for (let bit = 0; bit < flags.length; bit += 1) if (flags[bit] === 1) properties.push(propertyNames[bit] as string);
  return properties.sort();
}

/** Every property effect, by id (capture names are few; captures are many). */
const effects: PropertyEffect[] = [];
/** Property keys pack a start offset and an effect id: `start * effectKeyBase + id`. */
const effectKeyBase = 1 << 16;

/**
 * `@property.X.Y` gives the properties has-X and has-Y; `@complexity` is a decision point, and
 * `@complexity.X.Y` both. One capture name per node instead of one per property keeps captures,
 * each a cost per node on the native binding, few.
 */
function createEffect(name: string): number {
  const [head, ...parts] = name.split('.');
  effects.push({ complexity: head === 'complexity', bits: parts.map((part) => propertyBit(`has-${part}`)) });
  if (effects.length > effectKeyBase) throw new Error(`more than ${effectKeyBase} property capture names`);
  return effects.length - 1;
}

type MatchGroup = 'definitions' | 'imports' | 'tests' | 'locals' | 'properties';

/** What the extractor does with a capture name: the group of its match, and its effect for properties. */
interface CaptureRole {
  /** Undefined for names starting with `_` (helpers of predicates, no group of their own). */
  readonly group: MatchGroup | undefined;
  readonly effect: number;
}

/** The role of each capture name, per name list of a query (names are few; matches are many). */
const rolesByNames = new WeakMap<readonly string[], CaptureRole[]>();
const effectIds = new Map<string, number>();

function rolesOf(captureNames: readonly string[]): CaptureRole[] {
  let roles = rolesByNames.get(captureNames);
  if (roles === undefined || roles.length !== captureNames.length) {
    roles = captureNames.map((name) => {
      const group = groupOf(name);
      let effect = -1;
      if (group === 'properties') {
        effect = effectIds.get(name) ?? createEffect(name);
        effectIds.set(name, effect);
      }
      return { group, effect };
    });
    rolesByNames.set(captureNames, roles);
  }
  return roles;
}

function groupOf(name: string): MatchGroup | undefined {
  if (name.startsWith('_')) return undefined;
  if (name.startsWith('property.') || name === 'complexity' || name.startsWith('complexity.')) return 'properties';
  if (name.startsWith('local.') || name.startsWith('lex.')) return 'locals';
  if (name.startsWith('import') || name.startsWith('export')) return 'imports';
  if (name.startsWith('test.')) return 'tests';
  return 'definitions';
}

/**
 * Sorts the matches of the queries by the query file they come from, told by capture names.
 * Property captures stay numbers (most captures are property captures); the others become
 * captures with nodes.
 */
function splitMatches(tables: readonly MatchTable[]): MatchGroups {
  const groups = { definitions: [] as SyntaxMatch[], imports: [] as SyntaxMatch[], tests: [] as SyntaxMatch[], locals: [] as SyntaxCapture[] };
  let capacity = 0;
  for (const table of tables) capacity += table.captureIds.length;
  const keys = new Float64Array(capacity);
  let keyCount = 0;
  for (const table of tables) {
    const roles = rolesOf(table.captureNames);
    const { captureIds, captureOffsets, starts } = table;
    for (let match = 0; match < table.matchCount; match += 1) {
      const first = captureOffsets[match] as number;
      const end = captureOffsets[match + 1] as number;
      let group: MatchGroup | undefined;
      for (let capture = first; capture < end && group === undefined; capture += 1) group = roles[captureIds[capture] as number]?.group;
      if (group === undefined) continue;
      if (group === 'properties') {
        for (let capture = first; capture < end; capture += 1) {
          const effect = roles[captureIds[capture] as number]?.effect ?? -1;
          if (effect >= 0) keys[keyCount++] = (starts[capture] as number) * effectKeyBase + effect;
        }
      } else if (group === 'locals') {
        for (let capture = first; capture < end; capture += 1) {
          groups.locals.push({ name: table.captureNames[captureIds[capture] as number] as string, node: table.node(capture) });
        }
      } else {
        const captures: SyntaxCapture[] = [];
        for (let capture = first; capture < end; capture += 1) {
          captures.push({ name: table.captureNames[captureIds[capture] as number] as string, node: table.node(capture) });
        }
        groups[group].push({ patternIndex: table.patternIndexes[match] as number, captures });
      }
    }
  }
  // Sweeps below walk captures by position.
  return { ...groups, propertyKeys: keys.subarray(0, keyCount).sort() };
}
