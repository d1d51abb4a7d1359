import { javascriptLanguage, tsxLanguage, typescriptLanguage } from './ecmascript-languages';
import type { LanguageDefinition } from './language-definition';
import { pythonLanguage } from './python-language';

/** The languages indexed by default: Python, JavaScript, TypeScript and TSX. */
export const builtinLanguages: readonly LanguageDefinition[] = [pythonLanguage, javascriptLanguage, typescriptLanguage, tsxLanguage];

/**
 * The language of a path by its extension among `languages` (default: {@link builtinLanguages}),
 * or `undefined`. The longest matching extension wins.
 */
export function languageForPath(
  path: string,
  languages: readonly LanguageDefinition[] = builtinLanguages,
): LanguageDefinition | undefined {
  let best: LanguageDefinition | undefined;
  let bestLength = 0;
  for (const language of languages) {
    for (const extension of language.extensions) {
      if (extension.length > bestLength && path.endsWith(extension)) {
        best = language;
        bestLength = extension.length;
      }
    }
  }
  return best;
}
