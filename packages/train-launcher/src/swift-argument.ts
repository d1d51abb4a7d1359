/** One `--name value...` pair of an ms-swift command line. */
export interface SwiftArgument {
  /** Flag name without dashes, as the targeted ms-swift version spells it, e.g. `save_interval`. */
  name: string;
  /** Its values, already rendered; several for list flags such as `--dataset`. */
  values: string[];
}

/**
 * Renders a number the way ms-swift examples write it: integers plainly, small rates in
 * exponent form (`1e-5`, `1.5e-6`), other fractions plainly (`0.03`).
 */
export function formatSwiftNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  if (Math.abs(value) < 1e-3) return value.toExponential().replace('e+', 'e');
  return String(value);
}

/** Renders one value for the command line: booleans as `true`/`false`, numbers via {@link formatSwiftNumber}. */
export function formatSwiftValue(value: string | number | boolean): string {
  if (typeof value === 'number') return formatSwiftNumber(value);
  return String(value);
}

/** Flattens arguments into an argv list: `['--model', 'Qwen/...', '--dataset', 'a', 'b', ...]`. */
export function toArgv(swiftArguments: readonly SwiftArgument[]): string[] {
  return swiftArguments.flatMap((argument) => [`--${argument.name}`, ...argument.values]);
}
