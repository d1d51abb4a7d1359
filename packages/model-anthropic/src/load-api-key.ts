import { LoadSettingError } from '@swespot/core';

/** Options of {@link loadApiKey}. */
export interface LoadApiKeyOptions {
  /** The key given as an option; wins when set. */
  readonly apiKey: string | undefined;
  /** The environment variable read when the option is unset, e.g. `OPENAI_API_KEY`. */
  readonly environmentVariableName: string;
  /** The option's name in messages. Default: `apiKey`. */
  readonly optionName?: string;
  /** What the key is for, in messages, e.g. `OpenAI`. */
  readonly description: string;
  /** Returned when neither the option nor the variable is set; when undefined, that raises. */
  readonly fallback?: string;
}

/**
 * Reads an API key at call time: the option, then the environment variable, then the
 * fallback. Raises `LoadSettingError` naming the option and the variable (never a value)
 * when none is set or the value is blank. Never reads `process.env` at import time.
 */
export function loadApiKey(options: LoadApiKeyOptions): string {
  const optionName = options.optionName ?? 'apiKey';
  const fromOption = options.apiKey;
  if (fromOption !== undefined) {
    if (fromOption.trim() === '') {
      throw new LoadSettingError({
        message: `${options.description} API key is empty. Pass a key in the '${optionName}' option or set the ${options.environmentVariableName} environment variable.`,
        option: optionName,
        environmentVariable: options.environmentVariableName,
      });
    }
    return fromOption;
  }
  const fromEnvironment = process.env[options.environmentVariableName];
  if (fromEnvironment !== undefined && fromEnvironment.trim() !== '') return fromEnvironment;
  if (options.fallback !== undefined) return options.fallback;
  throw new LoadSettingError({
    message: `${options.description} API key is missing. Pass it in the '${optionName}' option or set the ${options.environmentVariableName} environment variable.`,
    option: optionName,
    environmentVariable: options.environmentVariableName,
  });
}
