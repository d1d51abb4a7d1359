import { z } from 'zod';
import {
  byteRangeSchema,
  commitShaSchema,
  countSchema,
  isoDateTimeSchema,
  lineRangeSchema,
  schemaVersionSchema,
} from './record-fields';

/** What an indexed entity is: a whole module (file), a class, a function, a method or a variable. */
export const codeEntityKindSchema = z
  .enum(['module', 'class', 'function', 'method', 'variable'])
  .describe('module (the whole file), class, function, method, or a module/class-level variable.');

/** What an indexed entity is. */
export type CodeEntityKind = z.infer<typeof codeEntityKindSchema>;

/** Commits and distinct authors that touched a file or an entity's lines inside a time window. */
export const codeHotnessSchema = z
  .strictObject({
    commitCount: countSchema.describe('Commits in the window that changed these lines.'),
    authorCount: countSchema.describe('Distinct author e-mail addresses among those commits.'),
  })
  .describe('Churn of a file or entity inside the hotness window.');

/** Churn of a file or entity. */
export type CodeHotness = z.infer<typeof codeHotnessSchema>;

/**
 * A module, class, function, method or variable of one file, with its spans (the span
 * includes decorators and a leading doc comment when the language has them), its signature,
 * its docstring, and syntactic properties.
 */
export const codeEntitySchema = z
  .strictObject({
    kind: codeEntityKindSchema,
    name: z.string().min(1).describe('Name as written, e.g. filter; the file name without extension for modules.'),
    qualifiedName: z
      .string()
      .min(1)
      .describe('Dotted path inside the file, e.g. Query.filter; `<module>` for the module entity.'),
    parent: z.string().min(1).optional().describe('qualifiedName of the enclosing entity, absent at top level.'),
    byteRange: byteRangeSchema,
    lineRange: lineRangeSchema,
    signature: z.string().optional().describe('The header up to the body, e.g. `def filter(self, *args):`.'),
    docstring: z.string().optional().describe('Docstring or doc comment, with quotes and comment markers kept.'),
    decorators: z.array(z.string()).describe('Decorator texts, e.g. `@property`, in source order.'),
    bases: z.array(z.string()).optional().describe('Base classes as written, for classes.'),
    properties: z
      .array(z.string().min(1))
      .describe('Sorted syntactic properties of the body, e.g. has-if, has-loop, has-call.'),
    complexity: countSchema.describe('Cyclomatic complexity: 1 plus the decision points inside the span.'),
    hotness: codeHotnessSchema.optional(),
  })
  .describe('An entity of a file.');

/** An entity of a file. See {@link codeEntitySchema}. */
export type CodeEntity = z.infer<typeof codeEntitySchema>;

/** How an import binds a name: a whole module, one name, a default export, a namespace, all names, or nothing. */
export const codeImportKindSchema = z
  .enum(['module', 'name', 'default', 'namespace', 'wildcard', 'side-effect', 'dynamic'])
  .describe(
    'module: import a.b; name: from m import x / import {x}; default: import x from; namespace: import * as x / require; wildcard: *; side-effect: import "m"; dynamic: import("m").',
  );

/** How an import binds a name. */
export type CodeImportKind = z.infer<typeof codeImportKindSchema>;

/** One binding created by an import or re-export statement, with where its module resolved to. */
export const codeImportSchema = z
  .strictObject({
    kind: codeImportKindSchema,
    source: z.string().min(1).describe('The module as written: `..util`, `numpy.linalg`, `./util.js`, `@acme/core`.'),
    name: z.string().min(1).optional().describe('The imported name, for name imports.'),
    alias: z.string().min(1).optional().describe('The local name when it differs from `name`.'),
    line: z.int().positive().describe('Line of the statement, 1-based.'),
    reexport: z.boolean().describe('True for `export ... from` and Python `__init__` style re-exports of names.'),
    scope: z.string().min(1).optional().describe('qualifiedName of the function the import sits in; absent at module level.'),
    resolvedPath: z.string().min(1).optional().describe('The repository file the module resolved to.'),
    external: z.boolean().describe('True when the module is not a file of the repository (third-party or standard library).'),
  })
  .describe('One import binding.');

/** One import binding. See {@link codeImportSchema}. */
export type CodeImport = z.infer<typeof codeImportSchema>;

/**
 * How a name used in a file was classified: defined in another repository file (`resolved`),
 * in the same file (`same-file`), by a third-party or standard-library module
 * (`third-party`), by the language (`builtin`), or nowhere the index could find (`unresolved`).
 */
export const codeReferenceStatusSchema = z
  .enum(['resolved', 'same-file', 'third-party', 'builtin', 'unresolved'])
  .describe('resolved (other repository file), same-file, third-party, builtin, unresolved.');

/** How a name used in a file was classified. */
export type CodeReferenceStatus = z.infer<typeof codeReferenceStatusSchema>;

/** A name (or dotted chain) used in a file and what it refers to. */
export const codeReferenceSchema = z
  .strictObject({
    name: z.string().min(1).describe('The name or dotted chain as used, e.g. helper, util.helper, self.run.'),
    byteRange: byteRangeSchema.describe('Bytes of the name or chain in the file.'),
    line: z.int().positive().describe('Line of the use, 1-based.'),
    status: codeReferenceStatusSchema,
    via: z
      .enum(['import', 'attribute', 'self', 'local'])
      .optional()
      .describe('How it resolved: through an import, a module or class attribute, self/this, or a same-file name.'),
    targetPath: z.string().min(1).optional().describe('File that defines the target, for resolved and same-file.'),
    targetName: z.string().min(1).optional().describe('qualifiedName of the target entity; `<module>` for a module.'),
    targetKind: codeEntityKindSchema.optional(),
    targetLine: z.int().positive().optional().describe('First line of the target entity.'),
    module: z.string().min(1).optional().describe('The imported module, for third-party and unresolved imports.'),
  })
  .describe('A use of a name and its target.');

/** A name used in a file and its target. See {@link codeReferenceSchema}. */
export type CodeReference = z.infer<typeof codeReferenceSchema>;

/** One test function or test case of a test file. */
export const codeTestCaseSchema = z
  .strictObject({
    name: z.string().min(1).describe('Test name: a function name, or the string given to it()/test().'),
    qualifiedName: z.string().min(1).describe('Path of the test: TestClass.test_x, or describe > it.'),
    byteRange: byteRangeSchema,
    lineRange: lineRangeSchema,
  })
  .describe('A test function or case.');

/** One test function or case. */
export type CodeTestCase = z.infer<typeof codeTestCaseSchema>;

/** One indexed file: entities, imports, references, tests and churn. */
export const indexedFileSchema = z
  .strictObject({
    path: z.string().min(1).describe('Path from the repository root, `/`-separated.'),
    language: z.string().min(1).describe('Language name, e.g. python, javascript, typescript, tsx.'),
    blobSha: z
      .string()
      .regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'Expected a git blob id: 40 or 64 lowercase hex characters')
      .describe('Git blob id of the content; the cache key.'),
    byteLength: countSchema.describe('Size of the file in bytes.'),
    lineCount: countSchema.describe('Lines in the file.'),
    hasSyntaxErrors: z.boolean().describe('True when tree-sitter recovered from syntax errors in the file.'),
    moduleName: z.string().min(1).optional().describe('Importable module name, e.g. pkg.sub.util for Python.'),
    isTest: z.boolean().describe('True for test files (language conventions and the repository test configuration).'),
    entities: z.array(codeEntitySchema).describe('The module entity first, then entities in source order.'),
    imports: z.array(codeImportSchema),
    references: z.array(codeReferenceSchema).describe('Uses of non-local names, in source order.'),
    tests: z.array(codeTestCaseSchema).describe('Test functions and cases, for test files.'),
    testedFiles: z
      .array(z.string().min(1))
      .describe('Repository source files a test file imports, directly or through one re-export.'),
    hotness: codeHotnessSchema.optional(),
  })
  .describe('One indexed file.');

/** One indexed file. See {@link indexedFileSchema}. */
export type IndexedFile = z.infer<typeof indexedFileSchema>;

/** The window the hotness figures cover. */
export const codeHotnessWindowSchema = z
  .strictObject({
    since: isoDateTimeSchema.optional().describe('Oldest committer date counted; absent: from the first commit.'),
    until: isoDateTimeSchema.optional().describe('Newest committer date counted; absent: up to the indexed commit.'),
    commitsScanned: countSchema.describe('Commits walked in the window.'),
    firstParent: z.boolean().describe('Whether only first parents were followed.'),
  })
  .describe('Window of the hotness figures.');

/** The window the hotness figures cover. */
export type CodeHotnessWindow = z.infer<typeof codeHotnessWindowSchema>;

/**
 * A code index as written to `index.json`: every indexed file of a repository at one commit
 * (or working tree) with entities, imports, resolved references, tests and churn.
 */
export const codeIndexRecordSchema = z
  .strictObject({
    schemaVersion: schemaVersionSchema,
    type: z.literal('code-index'),
    commit: commitShaSchema.optional().describe('Indexed commit; absent for a working tree.'),
    backend: z.enum(['native', 'wasm']).describe('tree-sitter binding that parsed the files.'),
    extractorVersion: z.int().positive().describe('Version of the extraction rules; cached entries of another version are ignored.'),
    createdAt: isoDateTimeSchema,
    hotnessWindow: codeHotnessWindowSchema.optional(),
    files: z.array(indexedFileSchema).describe('Indexed files sorted by path.'),
  })
  .describe('A tree-sitter code index of one repository snapshot.');

/** A code index as written to `index.json`. See {@link codeIndexRecordSchema}. */
export type CodeIndexRecord = z.infer<typeof codeIndexRecordSchema>;
