import type { CodeEntity, CodeImport, CodeReference, IndexedFile } from '@swespot/core';
import type { ExtractedImport, FileExtraction, NameUse } from '../extract/extract-file';
import { importBindingName } from '../extract/import-binding-name';
import type { LanguageDefinition } from '../languages/language-definition';
import type { ModuleResolver, ModuleTarget } from './module-target';

/** One file to link: its path, blob id, language and extraction. */
export interface LinkInput {
  readonly path: string;
  readonly blobSha: string;
  readonly language: LanguageDefinition;
  readonly extraction: FileExtraction;
  readonly isTest: boolean;
}

/** Settings of {@link linkFiles}. */
export interface LinkFilesOptions {
  readonly files: readonly LinkInput[];
  /** Module resolvers by module system. */
  readonly resolvers: { readonly python?: ModuleResolver; readonly ecmascript?: ModuleResolver };
  /** Link only these paths (the others still serve as targets). Default: every file. */
  readonly only?: ReadonlySet<string>;
}

type Target =
  | { readonly kind: 'entity'; readonly path: string; readonly entity: CodeEntity }
  | { readonly kind: 'module'; readonly module: ModuleTarget & { kind: 'file' | 'directory' } }
  | { readonly kind: 'external'; readonly module: string }
  | { readonly kind: 'missing'; readonly module: string }
  | { readonly kind: 'builtin' };

interface FileTables {
  readonly input: LinkInput;
  readonly resolver: ModuleResolver | undefined;
  readonly topLevel: Map<string, CodeEntity>;
  readonly children: Map<string, Map<string, CodeEntity>>;
  readonly byQualifiedName: Map<string, CodeEntity>;
  /** Module-scope bindings created by imports, by local name. */
  readonly moduleImports: Map<string, ExtractedImport>;
  /** Function-scope imports: scope qualifiedName → local name → import. */
  readonly scopedImports: Map<string, Map<string, ExtractedImport>>;
  /** `export { x as y } from` bindings, by exported name. */
  readonly reexports: Map<string, ExtractedImport>;
  /** `from m import *` and `export * from` imports. */
  readonly wildcards: ExtractedImport[];
  /** Explicit exports: exported name → local name. */
  readonly exports: Map<string, string>;
  readonly moduleTargets: Map<ExtractedImport, ModuleTarget>;
}

const maximumDepth = 24;

/**
 * Resolves every file's imports to repository files, classifies every name use (resolved to
 * an entity or module of another file, same-file, third-party, builtin, unresolved), and
 * maps test files to the source files they import. Pure over its inputs.
 */
export function linkFiles({ files, resolvers, only }: LinkFilesOptions): IndexedFile[] {
  const tables = new Map<string, FileTables>();
  for (const input of files) tables.set(input.path, buildTables(input, resolvers));

  const memberCache = new Map<string, Map<string, Target | null>>();

  const moduleOf = (tablesOfFile: FileTables, entry: ExtractedImport): ModuleTarget => {
    let target = tablesOfFile.moduleTargets.get(entry);
    if (target === undefined) {
      target =
        tablesOfFile.resolver === undefined
          ? { kind: 'external', module: entry.source }
          : tablesOfFile.resolver.resolve(tablesOfFile.input.path, entry.source);
      tablesOfFile.moduleTargets.set(entry, target);
    }
    return target;
  };

  const asTarget = (module: ModuleTarget): Target =>
    module.kind === 'file' || module.kind === 'directory' ? { kind: 'module', module } : module;

  /** A name exported by a module (Python: any module-level binding, or a submodule). */
  const lookupMember = (module: ModuleTarget & { kind: 'file' | 'directory' }, name: string, depth: number): Target | undefined => {
    const moduleKey = module.kind === 'file' ? module.path : `${module.path}/`;
    let members = memberCache.get(moduleKey);
    if (members === undefined) {
      members = new Map();
      memberCache.set(moduleKey, members);
    }
    const cached = members.get(name);
    if (cached !== undefined) return cached ?? undefined;
    if (depth > maximumDepth) return undefined;
    // Mark in progress so import cycles end as "not found" instead of recursing forever.
    members.set(name, null);
    const result = computeMember(module, name, depth);
    members.set(name, result ?? null);
    return result;
  };

  const computeMember = (module: ModuleTarget & { kind: 'file' | 'directory' }, name: string, depth: number): Target | undefined => {
    const fileTables = module.kind === 'file' ? tables.get(module.path) : undefined;
    if (fileTables !== undefined) {
      const local = fileTables.exports.get(name) ?? name;
      const entity = fileTables.topLevel.get(local);
      if (entity !== undefined) return { kind: 'entity', path: module.path, entity };
      let viaImport: Target | undefined;
      const imported = fileTables.moduleImports.get(local) ?? fileTables.reexports.get(name);
      if (imported !== undefined) {
        viaImport = followImport(fileTables, imported, depth + 1);
        if (viaImport.kind !== 'missing') return viaImport;
      }
      for (const wildcard of fileTables.wildcards) {
        const target = moduleOf(fileTables, wildcard);
        if (target.kind !== 'file' && target.kind !== 'directory') continue;
        const found = lookupMember(target, name, depth + 1);
        if (found !== undefined) return found;
      }
      // `from . import render` inside a package's own __init__: the name is its submodule.
      const submodule = fileTables.resolver?.submodule(module, name);
      if (submodule !== undefined) return asTarget(submodule);
      return viaImport;
    }
    const submodule = resolvers.python?.submodule(module, name);
    if (submodule !== undefined) return asTarget(submodule);
    return undefined;
  };

  const followImport = (fileTables: FileTables, entry: ExtractedImport, depth: number): Target => {
    const module = moduleOf(fileTables, entry);
    if (module.kind === 'external' || module.kind === 'missing') return module;
    switch (entry.kind) {
      case 'module': {
        if (entry.alias !== undefined) return { kind: 'module', module };
        // `import a.b.c` binds `a`.
        const first = entry.source.split('.')[0] ?? entry.source;
        if (first === entry.source) return { kind: 'module', module };
        return asTarget(fileTables.resolver?.resolve(fileTables.input.path, first) ?? module);
      }
      case 'name':
      case 'default': {
        const found = lookupMember(module, entry.name ?? 'default', depth);
        if (found !== undefined) return found;
        // A default export that is an expression (or CommonJS module.exports) is the module itself.
        if (entry.kind === 'default') return { kind: 'module', module };
        return { kind: 'missing', module: `${entry.source}:${entry.name ?? 'default'}` };
      }
      default:
        return { kind: 'module', module };
    }
  };

  const classMember = (path: string, owner: CodeEntity, name: string, depth: number): Target | undefined => {
    const fileTables = tables.get(path);
    if (fileTables === undefined || depth > maximumDepth) return undefined;
    const own = fileTables.children.get(owner.qualifiedName)?.get(name);
    if (own !== undefined) return { kind: 'entity', path, entity: own };
    for (const base of owner.bases ?? []) {
      const parts = base.replace(/\s+/g, '').split('.');
      const resolved = resolveChain(fileTables, parts, owner.parent, depth + 1);
      const target = resolved.target;
      if (resolved.consumed !== parts.length || target?.kind !== 'entity' || target.entity.kind !== 'class') continue;
      const found = classMember(target.path, target.entity, name, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  };

  const resolveHead = (fileTables: FileTables, head: string, scope: string | undefined, depth: number): Target | undefined => {
    let current = scope;
    while (current !== undefined) {
      const scoped = fileTables.scopedImports.get(current)?.get(head);
      if (scoped !== undefined) return followImport(fileTables, scoped, depth);
      current = fileTables.byQualifiedName.get(current)?.parent;
    }
    const imported = fileTables.moduleImports.get(head);
    if (imported !== undefined) return followImport(fileTables, imported, depth);
    const entity = fileTables.topLevel.get(head);
    if (entity !== undefined) return { kind: 'entity', path: fileTables.input.path, entity };
    for (const wildcard of fileTables.wildcards) {
      const module = moduleOf(fileTables, wildcard);
      if (module.kind !== 'file' && module.kind !== 'directory') continue;
      const found = lookupMember(module, head, depth + 1);
      if (found !== undefined) return found;
    }
    if (fileTables.input.language.builtins.has(head)) return { kind: 'builtin' };
    return undefined;
  };

  /** Resolves a dotted chain as far as it goes; `consumed` counts the parts resolved. */
  const resolveChain = (
    fileTables: FileTables,
    parts: readonly string[],
    scope: string | undefined,
    depth: number,
  ): { target: Target | undefined; consumed: number } => {
    const head = parts[0];
    if (head === undefined) return { target: undefined, consumed: 0 };
    let target = resolveHead(fileTables, head, scope, depth);
    if (target === undefined) return { target: undefined, consumed: 0 };
    let consumed = 1;
    while (consumed < parts.length) {
      const part = parts[consumed] as string;
      let next: Target | undefined;
      if (target.kind === 'module') next = lookupMember(target.module, part, depth + 1);
      else if (target.kind === 'entity' && target.entity.kind === 'class') next = classMember(target.path, target.entity, part, depth + 1);
      if (next === undefined) break;
      target = next;
      consumed += 1;
    }
    return { target, consumed };
  };

  const references = (fileTables: FileTables): CodeReference[] => {
    const path = fileTables.input.path;
    const result: CodeReference[] = [];
    for (const use of fileTables.input.extraction.names) {
      const reference = referenceOf(fileTables, path, use);
      if (reference !== undefined) result.push(reference);
    }
    return result;
  };

  interface Resolution {
    readonly parts: readonly string[];
    readonly target: Target | undefined;
    readonly consumed: number;
    readonly via: CodeReference['via'];
    /** The chain up to the deepest resolved part. */
    readonly resolvedName: string;
  }
  // A file uses the same names many times (`S`, `self.args`): resolve each distinct use once,
  // keyed by enclosing class (for self chains) or scope, then by the chain.
  let resolutions = new Map<string | undefined, Map<string, Resolution | null>>();
  let resolutionsFile = '';

  const referenceOf = (fileTables: FileTables, path: string, use: NameUse): CodeReference | undefined => {
    if (resolutionsFile !== path) {
      resolutions = new Map();
      resolutionsFile = path;
    }
    const context = use.selfClass === undefined ? use.scope : `self:${use.selfClass}`;
    let byName = resolutions.get(context);
    if (byName === undefined) {
      byName = new Map();
      resolutions.set(context, byName);
    }
    let resolution = byName.get(use.name);
    if (resolution === undefined) {
      resolution = resolve(fileTables, path, use);
      byName.set(use.name, resolution);
    }
    if (resolution === null) return undefined;
    return toReference(path, use, resolution);
  };

  const resolve = (fileTables: FileTables, path: string, use: NameUse): Resolution | null => {
    const parts = use.name.split('.');
    let target: Target | undefined;
    let consumed = 0;
    let via: CodeReference['via'];
    if (use.selfClass !== undefined) {
      const owner = fileTables.byQualifiedName.get(use.selfClass);
      if (owner === undefined || parts.length < 2) return null;
      target = classMember(path, owner, parts[1] as string, 0);
      // Instance attributes set in methods are not entities: not a reference worth keeping.
      if (target === undefined) return null;
      consumed = 2;
      while (consumed < parts.length && target.kind === 'entity' && target.entity.kind === 'class') {
        const next = classMember(target.path, target.entity, parts[consumed] as string, 0);
        if (next === undefined) break;
        target = next;
        consumed += 1;
      }
      via = 'self';
    } else {
      const head = parts[0] as string;
      const resolved = resolveChain(fileTables, parts, use.scope, 0);
      target = resolved.target;
      consumed = resolved.consumed;
      if (target !== undefined && target.kind !== 'builtin') {
        const boundByImport = isBoundByImport(fileTables, head, use.scope);
        via = consumed > 1 ? 'attribute' : boundByImport ? 'import' : target.kind === 'entity' && target.path === path ? 'local' : 'import';
      }
    }
    return { parts, target, consumed, via, resolvedName: consumed === parts.length ? use.name : parts.slice(0, consumed).join('.') };
  };

  const toReference = (path: string, use: NameUse, { parts, target, consumed, via, resolvedName }: Resolution): CodeReference => {
    const range = { start: use.start, end: use.end };
    if (target === undefined) return { name: use.name, byteRange: range, line: use.line, status: 'unresolved' };
    if (target.kind === 'builtin') return { name: parts[0] as string, byteRange: range, line: use.line, status: 'builtin' };
    if (target.kind === 'external') {
      return { name: use.name, byteRange: range, line: use.line, status: 'third-party', module: target.module };
    }
    if (target.kind === 'missing') {
      return { name: use.name, byteRange: range, line: use.line, status: 'unresolved', module: target.module };
    }
    const name = resolvedName;
    const resolvedRange = consumed === parts.length ? range : { start: use.start, end: use.start + prefixByteLength(use, name) };
    if (target.kind === 'module') {
      const targetPath = target.module.kind === 'file' ? target.module.path : undefined;
      return {
        name,
        byteRange: resolvedRange,
        line: use.line,
        status: targetPath === path ? 'same-file' : 'resolved',
        ...(via === undefined ? {} : { via }),
        targetPath: target.module.path,
        targetName: '<module>',
        targetKind: 'module',
        targetLine: 1,
      };
    }
    return {
      name,
      byteRange: resolvedRange,
      line: use.line,
      status: target.path === path ? 'same-file' : 'resolved',
      ...(via === undefined ? {} : { via }),
      targetPath: target.path,
      targetName: target.entity.qualifiedName,
      targetKind: target.entity.kind,
      targetLine: target.entity.lineRange.start,
    };
  };

  // Imports with resolved paths.
  const importsOf = (fileTables: FileTables): CodeImport[] =>
    fileTables.input.extraction.imports.map((entry) => {
      const module = moduleOf(fileTables, entry);
      const resolvedPath = module.kind === 'file' ? module.path : undefined;
      return {
        ...entry,
        ...(resolvedPath === undefined ? {} : { resolvedPath }),
        external: module.kind === 'external',
      };
    });

  const linked: IndexedFile[] = [];
  for (const fileTables of tables.values()) {
    const { input } = fileTables;
    if (only !== undefined && !only.has(input.path)) continue;
    const imports = importsOf(fileTables);
    const fileReferences = references(fileTables);
    const testedFiles = input.isTest ? testedFilesOf(fileTables, imports, fileReferences) : [];
    const moduleName = fileTables.resolver?.moduleName(input.path);
    linked.push({
      path: input.path,
      language: input.language.name,
      blobSha: input.blobSha,
      byteLength: input.extraction.byteLength,
      lineCount: input.extraction.lineCount,
      hasSyntaxErrors: input.extraction.hasSyntaxErrors,
      ...(moduleName === undefined ? {} : { moduleName }),
      isTest: input.isTest,
      // Entities are shared with the (immutable) extraction; only the module entity is named per path.
      entities: input.extraction.entities.map((entity) => (entity.kind === 'module' ? { ...entity, name: moduleEntityName(input.path) } : entity)),
      imports,
      references: fileReferences,
      tests: input.isTest ? [...input.extraction.testCases] : [],
      testedFiles,
    });
  }

  /** Source files a test file imports directly, and the files those re-export from (one level). */
  function testedFilesOf(fileTables: FileTables, imports: readonly CodeImport[], fileReferences: readonly CodeReference[]): string[] {
    const result = new Set<string>();
    const add = (path: string | undefined) => {
      if (path === undefined || path === fileTables.input.path) return;
      const target = tables.get(path);
      if (target !== undefined && !target.input.isTest) result.add(path);
    };
    fileTables.input.extraction.imports.forEach((entry, index) => {
      const resolvedPath = imports[index]?.resolvedPath;
      add(resolvedPath);
      if (resolvedPath === undefined) return;
      if (entry.kind === 'name' || entry.kind === 'default') {
        const target = followImport(fileTables, entry, 0);
        if (target.kind === 'entity') add(target.path);
        else if (target.kind === 'module' && target.module.kind === 'file') add(target.module.path);
      } else if (entry.kind === 'module' || entry.kind === 'namespace' || entry.kind === 'wildcard') {
        // A package or barrel file: one level of its own module-level imports.
        const barrel = tables.get(resolvedPath);
        if (barrel === undefined) return;
        for (const inner of barrel.input.extraction.imports) {
          if (inner.scope !== undefined) continue;
          const module = moduleOf(barrel, inner);
          if (module.kind === 'file') add(module.path);
        }
      }
    });
    for (const reference of fileReferences) if (reference.status === 'resolved') add(reference.targetPath);
    return [...result].sort();
  }

  return linked.sort((left, right) => (left.path < right.path ? -1 : left.path > right.path ? 1 : 0));
}

function isBoundByImport(fileTables: FileTables, name: string, scope: string | undefined): boolean {
  if (fileTables.moduleImports.has(name)) return true;
  let current = scope;
  while (current !== undefined) {
    if (fileTables.scopedImports.get(current)?.has(name) === true) return true;
    current = fileTables.byQualifiedName.get(current)?.parent;
  }
  return false;
}

function prefixByteLength(use: NameUse, prefix: string): number {
  // Chains are identifiers joined by dots (white space around dots is rare and dropped).
  return Math.min(use.end - use.start, Buffer.byteLength(prefix, 'utf8'));
}

function buildTables(input: LinkInput, resolvers: LinkFilesOptions['resolvers']): FileTables {
  const system = input.language.moduleSystem;
  const resolver = system === 'python' ? resolvers.python : system === 'ecmascript' ? resolvers.ecmascript : undefined;
  const topLevel = new Map<string, CodeEntity>();
  const children = new Map<string, Map<string, CodeEntity>>();
  const byQualifiedName = new Map<string, CodeEntity>();
  for (const entity of input.extraction.entities) {
    if (entity.kind === 'module') continue;
    if (!byQualifiedName.has(entity.qualifiedName)) byQualifiedName.set(entity.qualifiedName, entity);
    if (entity.parent === undefined) {
      // A later definition of the same name wins, as at run time.
      topLevel.set(entity.name, entity);
    } else {
      let siblings = children.get(entity.parent);
      if (siblings === undefined) {
        siblings = new Map();
        children.set(entity.parent, siblings);
      }
      siblings.set(entity.name, entity);
    }
  }
  const moduleImports = new Map<string, ExtractedImport>();
  const scopedImports = new Map<string, Map<string, ExtractedImport>>();
  const reexports = new Map<string, ExtractedImport>();
  const wildcards: ExtractedImport[] = [];
  for (const entry of input.extraction.imports) {
    if (entry.kind === 'wildcard') {
      if (entry.scope === undefined) wildcards.push(entry);
      continue;
    }
    const local = importBindingName(entry);
    if (local === undefined) continue;
    if (entry.reexport) {
      reexports.set(local, entry);
      continue;
    }
    if (entry.scope === undefined) moduleImports.set(local, entry);
    else {
      let scoped = scopedImports.get(entry.scope);
      if (scoped === undefined) {
        scoped = new Map();
        scopedImports.set(entry.scope, scoped);
      }
      scoped.set(local, entry);
    }
  }
  const exports = new Map(input.extraction.exports.map((entry) => [entry.name, entry.local]));
  return {
    input,
    resolver,
    topLevel,
    children,
    byQualifiedName,
    moduleImports,
    scopedImports,
    reexports,
    wildcards,
    exports,
    moduleTargets: new Map(),
  };
}

/** The module entity's name: the file name without extension, or the package folder for `__init__.py`. */
export function moduleEntityName(path: string): string {
  const segments = path.split('/');
  const fileName = segments.at(-1) ?? path;
  const baseName = fileName.replace(/(\.d)?\.[^.]+$/, '');
  const name = baseName === '__init__' && segments.length > 1 ? (segments.at(-2) ?? baseName) : baseName;
  return name.length > 0 ? name : fileName;
}

/**
 * What other files can see of a file: its entities' names, kinds, nesting and bases, its
 * module-level imports and its exports, without positions. When an edit leaves this unchanged,
 * other files resolve exactly as before; only references into the file need new line numbers.
 */
export function interfaceSignature(extraction: FileExtraction): string {
  const parts: string[] = [];
  for (const entity of extraction.entities) {
    if (entity.kind !== 'module') parts.push(`e ${entity.kind} ${entity.qualifiedName} ${(entity.bases ?? []).join(',')}`);
  }
  for (const entry of extraction.imports) {
    if (entry.scope === undefined) parts.push(`i ${entry.kind} ${entry.source} ${entry.name ?? ''} ${entry.alias ?? ''} ${entry.reexport}`);
  }
  for (const entry of extraction.exports) parts.push(`x ${entry.name} ${entry.local}`);
  return parts.join('\n');
}
