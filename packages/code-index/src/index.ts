/**
 * `@swespot/code-index`: a tree-sitter index of a repository snapshot: entities with spans,
 * signatures, docstrings and properties; imports resolved to files; references resolved
 * across files; test files and what they test; churn per file and entity.
 */
export { indexRepository, type IndexRepositoryOptions, type IndexRepositoryResult, type IndexRunStatistics, type SkippedFile } from './index-repository';
export { CodeIndex, type CodeSpan, type LocatedEntity, type RelevantTestFile, type CodeIndexCounts, type CodeIndexLinkState } from './code-index';
export { readCodeIndex, writeCodeIndex, type WriteCodeIndexOptions } from './write-code-index';
export { computeHotness, type HotnessOptions } from './hotness/compute-hotness';

// sources
export type { RepositorySource, RepositoryFile } from './source/repository-source';
export { createGitRepositorySource, type GitRepositorySourceSettings } from './source/create-git-repository-source';
export {
  createFileSystemRepositorySource,
  defaultIgnoredDirectories,
  type FileSystemRepositorySourceSettings,
} from './source/create-file-system-repository-source';
export { gitBlobSha } from './source/git-blob-sha';

// cache
export { extractionCacheKey, type IndexCache } from './cache/index-cache';
export { createMemoryIndexCache } from './cache/create-memory-index-cache';
export { createFileIndexCache, type FileIndexCacheSettings } from './cache/create-file-index-cache';

// parsing backends and languages
export { selectParserBackend, type ParserBackendName, type SelectedParserBackend } from './parser/load-parser-backend';
export { createNativeBackend, type NativeBackendSettings } from './parser/native-backend';
export { createWasmBackend } from './parser/wasm-backend';
export type {
  ParserBackend,
  GrammarSource,
  LoadedGrammar,
  MatchTable,
  SyntaxNode,
  SyntaxPoint,
  SyntaxCapture,
  SyntaxMatch,
  SyntaxQuery,
  SyntaxQueryOptions,
  SyntaxTree,
} from './parser/parser-backend';
export type { LanguageDefinition, LanguageQueries, TestNaming } from './languages/language-definition';
export { builtinLanguages, languageForPath } from './languages/builtin-languages';
export { pythonLanguage } from './languages/python-language';
export { javascriptLanguage, typescriptLanguage, tsxLanguage } from './languages/ecmascript-languages';
export { loadQueryFiles, findQueriesDirectory } from './languages/load-query-files';

// lower-level steps, for custom pipelines
export {
  extractFile,
  EXTRACTOR_VERSION,
  type ExtractFileOptions,
  type FileExtraction,
  type ExtractedImport,
  type ExtractedExport,
  type NameUse,
} from './extract/extract-file';
export { compileLanguage, type CompiledLanguage } from './extract/compile-language';
