import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidConfigError } from '@swespot/core';
import { type Command, InvalidArgumentError as CommanderInvalidArgumentError, type Option } from 'commander';
import type { CommandContext, GlobalOptions } from '../commands/command-context';
import { loadSwespotConfig, SWESPOT_CONFIG_FILE_NAME, type LoadedSwespotConfig } from './load-swespot-config';
import type { SwespotConfig } from './swespot-config-schema';

/** What a {@link ConfigBinding} reads: the resolved config and which keys the file really sets. */
export interface ConfigView {
  /** The validated config, defaults filled in, `repo` and `outDir` made absolute. */
  readonly config: SwespotConfig;
  /** The file it came from. */
  readonly file: string;
  /** Whether the file itself sets the dotted key (`sandbox.provider`), as opposed to a default of the schema. */
  has(key: string): boolean;
}

/**
 * Where one option's value comes from in `swespot.config.json`: a dotted key
 * (`'sandbox.provider'`), taken when the file sets it, or a key for the help text with a
 * function that builds the value (`undefined`: the file says nothing). With `list: true` the
 * function returns a list (checked by the config schema) that becomes the value of a
 * repeatable option as it is; the option's collector starts afresh when the command line
 * repeats the flag ({@link isConfigList}), so the command line replaces the file's list.
 */
export type ConfigBinding = string | { readonly key: string; readonly read: (view: ConfigView) => unknown; readonly list?: boolean };

const configLists = new WeakSet<object>();

/**
 * Whether `value` is a list a repeatable option got from the config file: its collector
 * (commander's `(value, previous) => ...`) then starts a new list instead of adding to it.
 */
export function isConfigList(value: unknown): boolean {
  return typeof value === 'object' && value !== null && configLists.has(value);
}

const bindingsByCommand = new WeakMap<Command, Map<Option, ConfigBinding>>();

function keyOf(binding: ConfigBinding): string {
  return typeof binding === 'string' ? binding : binding.key;
}

/**
 * Declares which options of `command` take their value from which config keys, by long flag:
 * `bindConfigKeys(command, { '--sandbox': 'sandbox.provider' })`. Each such option's help gets
 * `(config: KEY)`. {@link installConfigDefaults} then fills them in: the command line wins over
 * the config file, and the file over the option's own default. Returns `command`.
 *
 * @throws {Error} when `command` has no option with one of the flags (a programming error).
 */
export function bindConfigKeys(command: Command, bindings: Readonly<Record<string, ConfigBinding>>): Command {
  const known = bindingsByCommand.get(command) ?? new Map<Option, ConfigBinding>();
  for (const [flag, binding] of Object.entries(bindings)) {
    const option = command.options.find((candidate) => candidate.long === flag);
    if (option === undefined) throw new Error(`bindConfigKeys: ${command.name()} has no option ${flag}`);
    option.description = `${option.description} (config: ${keyOf(binding)})`;
    known.set(option, binding);
  }
  bindingsByCommand.set(command, known);
  return command;
}

function valueAt(value: unknown, key: string): unknown {
  let current = value;
  for (const segment of key.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** A config value as the option would hold it had it been typed on the command line. */
function toOptionValue(option: Option, value: unknown, key: string, file: string, list: boolean): unknown {
  const fail = (message: string): never => {
    throw new InvalidConfigError({ issues: [{ path: key, message: `${message} (for ${option.long})` }], file });
  };
  if (list) {
    if (!Array.isArray(value)) return fail(`expected a list, got ${JSON.stringify(value)}`);
    const copy = [...(value as unknown[])];
    configLists.add(copy);
    return copy;
  }
  if (option.isBoolean()) {
    if (typeof value !== 'boolean') fail(`expected true or false, got ${JSON.stringify(value)}`);
    return value;
  }
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fail(`expected a string or a number, got ${JSON.stringify(value)}`);
  if (option.argChoices !== undefined && !option.argChoices.includes(text)) fail(`expected one of ${option.argChoices.join(', ')}, got ${JSON.stringify(text)}`);
  if (option.parseArg === undefined) return text;
  try {
    return option.parseArg(text, undefined);
  } catch (error) {
    if (error instanceof CommanderInvalidArgumentError) return fail(error.message);
    throw error;
  }
}

/**
 * The one place where the config file meets the command line, for every subcommand: before a
 * subcommand parses its arguments, the options bound with {@link bindConfigKeys} get the values
 * `swespot.config.json` (or `--config FILE`) sets, as the source `config`; the command line then
 * overrides them, and options neither sets keep their defaults. The file is read only when the
 * subcommand has a bound option, and only when `--config` names it or it exists in the working
 * directory; an invalid file stops the command with every issue as `path: message`.
 *
 * Call once on the program after every subcommand is registered.
 */
export function installConfigDefaults(program: Command, context: CommandContext): void {
  let loaded: Promise<LoadedSwespotConfig | undefined> | undefined;
  const load = () =>
    (loaded ??= (async () => {
      const file = program.opts<GlobalOptions>().config;
      if (file === undefined && !existsSync(join(context.cwd, SWESPOT_CONFIG_FILE_NAME))) return undefined;
      return loadSwespotConfig({ file, cwd: context.cwd, abortSignal: context.abortSignal });
    })());
  const hook = async (_parent: Command, subcommand: Command) => {
    const bindings = bindingsByCommand.get(subcommand);
    if (bindings === undefined || bindings.size === 0) return;
    const source = await load();
    if (source === undefined) return;
    const view: ConfigView = { config: source.config, file: source.file, has: (key) => valueAt(source.input, key) !== undefined };
    for (const [option, binding] of bindings) {
      const value = typeof binding === 'string' ? (view.has(binding) ? valueAt(source.config, binding) : undefined) : binding.read(view);
      if (value === undefined) continue;
      subcommand.setOptionValueWithSource(option.attributeName(), toOptionValue(option, value, keyOf(binding), source.file, typeof binding !== 'string' && binding.list === true), 'config');
    }
  };
  const visit = (command: Command) => {
    if (command.commands.length === 0) return;
    command.hook('preSubcommand', hook);
    for (const child of command.commands) visit(child);
  };
  visit(program);
}
