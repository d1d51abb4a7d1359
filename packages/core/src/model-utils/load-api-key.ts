import { LoadSettingError } from '../errors/load-setting-error';

/** Options of {@link loadApiKey}. */
export interface LoadApiKeyOptions {
  /** The key given as an option; wins when set. */
  readonly apiKey: string | undefined;
  /**
   * The environment variable read when the option is unset, e.g. `OPENAI_API_KEY`, or
   * several, read in order (`['GEMINI_API_KEY', 'GOOGLE_API_KEY']`).
   */
  readonly environmentVariableName: string | readonly string[];
  /** The option's name in messages. Default: `apiKey`. */
  readonly optionName?: string;
  /** What the key is for, in messages, e.g. `OpenAI`. */
  readonly description: string;
  /** Returned when neither the option nor a variable is set; when undefined, that raises. */
  readonly fallback?: string;
}

/**
 * Reads an API key at call time: the option, then the environment variable(s), then the
 * fallback. Raises `LoadSettingError` naming the option and the variables (never a value)
 * when none is set or the value is blank. Never reads `process.env` at import time.
 */
export function loadApiKey(options: LoadApiKeyOptions): string {
  const optionName = options.optionName ?? 'apiKey';
  const variables = typeof options.environmentVariableName === 'string' ? [options.environmentVariableName] : [...options.environmentVariableName];
  const variableText = variables.length === 1 ? `the ${variables[0]} environment variable` : `one of the environment variables ${variables.join(', ')}`;
  const fail = (problem: string) =>
    new LoadSettingError({
      message: `${options.description} API key is ${problem}. Pass it in the '${optionName}' option or set ${variableText}.`,
      option: optionName,
      ...(variables[0] === undefined ? {} : { environmentVariable: variables[0] }),
    });
  if (options.apiKey !== undefined) {
    if (options.apiKey.trim() === '') throw fail('empty');
    return options.apiKey;
  }
  for (const variable of variables) {
    const value = process.env[variable];
    if (value !== undefined && value.trim() !== '') return value;
  }
  if (options.fallback !== undefined) return options.fallback;
  throw fail('missing');
}
