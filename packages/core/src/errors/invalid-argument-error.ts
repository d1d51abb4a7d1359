import { SwespotError } from './swespot-error';

const name = 'SwespotInvalidArgumentError';
const marker = `swespot.error.${name}`;
const symbol = Symbol.for(marker);

/** A function or command was called with an argument it cannot use. */
export class InvalidArgumentError extends SwespotError {
  private readonly [symbol] = true;
  /** The name of the argument, option or flag that was wrong. */
  readonly argument: string;

  constructor({ message, argument, cause }: { message: string; argument: string; cause?: unknown }) {
    super({ message, cause });
    this.name = name;
    this.argument = argument;
  }

  static override isInstance(error: unknown): error is InvalidArgumentError {
    return SwespotError.hasMarker(error, marker);
  }
}
