import { SwespotError } from './swespot-error';

const name = 'SwespotUnsupportedCapabilityError';
const marker = `swespot.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A backend was asked for something it cannot do, e.g. network isolation from the local
 * sandbox. Soft incompatibilities are returned as warnings instead; this is thrown only
 * when the caller's intent cannot be met.
 */
export class UnsupportedCapabilityError extends SwespotError {
  private readonly [symbol] = true;
  /** The capability that is missing, e.g. `networkIsolation`. */
  readonly capability: string;
  /** The backend that lacks it, e.g. `local`. */
  readonly provider: string;

  constructor({
    message,
    capability,
    provider,
    cause,
  }: {
    message?: string;
    capability: string;
    provider: string;
    cause?: unknown;
  }) {
    super({ message: message ?? `The '${provider}' backend does not support '${capability}'.`, cause });
    this.name = name;
    this.capability = capability;
    this.provider = provider;
  }

  static override isInstance(error: unknown): error is UnsupportedCapabilityError {
    return SwespotError.hasMarker(error, marker);
  }
}
