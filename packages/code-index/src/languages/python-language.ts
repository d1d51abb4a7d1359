import { createRequire } from 'node:module';
import type { LanguageDefinition } from './language-definition';
import { loadQueryFiles } from './load-query-files';

const require = createRequire(import.meta.url);

const keywords = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield print exec'.split(
    ' ',
  ),
);
// `print` and `exec` are Python 2 statements; in Python 3 they are builtins and stay classified as such.
keywords.delete('print');
keywords.delete('exec');

const builtins = new Set(
  `ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError Ellipsis EncodingWarning EnvironmentError Exception ExceptionGroup FileExistsError FileNotFoundError FloatingPointError FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError IndexError InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError ModuleNotFoundError NameError NotADirectoryError NotImplemented NotImplementedError OSError OverflowError PendingDeprecationWarning PermissionError ProcessLookupError RecursionError ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError TypeError UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning UserWarning ValueError Warning ZeroDivisionError __build_class__ __debug__ __doc__ __import__ __loader__ __name__ __package__ __spec__ __file__ __path__ __all__ __builtins__ abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex copyright credits delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter len license list locals map max memoryview min next object oct open ord pow print property quit range repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip unicode long basestring xrange raw_input reduce cmp`.split(
    /\s+/,
  ),
);

/**
 * Python (`.py`, `.pyi`) with the `tree-sitter-python` grammar. Tests: pytest's default
 * `test_*.py` / `*_test.py` files, `test*` functions and `Test*` classes, and unittest
 * `TestCase` subclasses.
 */
export const pythonLanguage: LanguageDefinition = {
  name: 'python',
  extensions: ['.py', '.pyi'],
  grammar: {
    name: 'python',
    loadNative: () => require('tree-sitter-python'),
    wasmPath: () => require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
  },
  queries: () => ({
    definitions: loadQueryFiles(['python/definitions.scm']),
    rootDefinitions: loadQueryFiles(['python/root-definitions.scm']),
    imports: loadQueryFiles(['python/imports.scm']),
    locals: loadQueryFiles(['python/locals.scm']),
    properties: loadQueryFiles(['python/properties.scm']),
  }),
  moduleSystem: 'python',
  keywords,
  builtins,
  selfNames: ['self', 'cls'],
  testFilePatterns: ['**/test_*.py', '**/*_test.py'],
  testNaming: { functionPattern: /^test/, classPattern: /^Test/, baseClassPattern: /TestCase$/ },
};
