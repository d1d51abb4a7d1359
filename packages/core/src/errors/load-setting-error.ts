import { SwespotError } from './swespot-error';

const name = 'SwespotLoadSettingError';
const marker = `swespot.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A setting (typically an API key) was given neither as an option nor through its
 * environment variable. The message names both, never the value.
 */
export class LoadSettingError extends SwespotError {
  private readonly [symbol] = true;
  /** The option that can carry the setting, e.g. `apiKey`. */
  readonly option: string | undefined;
  /** The environment variable that can carry the setting, e.g. `ANTHROPIC_API_KEY`. */
  readonly environmentVariable: string | undefined;

  constructor({
    message,
    option,
    environmentVariable,
    cause,
  }: {
    message: string;
    option?: string;
    environmentVariable?: string;
    cause?: unknown;
  }) {
    super({ message, cause });
    this.name = name;
    this.option = option;
    this.environmentVariable = environmentVariable;
  }

  static override isInstance(error: unknown): error is LoadSettingError {
    return SwespotError.hasMarker(error, marker);
  }
}
