/**
 * The command line's shared machinery: the command's name and exit codes,
 * options as OptionSpec (read with Node's `util.parseArgs`, shown in the
 * usage), the usage error, and the checks of options several commands take.
 */
import { parseArgs } from 'util';
import { checkSeed, MAX_SEED } from './assumptions';
import { InputError, SimulatorErrorId } from './inputs';

export const COMMAND = 'cdk-active-active-failover';

export const EXIT_CODES = `Exit codes:
  0  success (and --help, --version)
  1  an internal error of the simulator (a bug: please report it with the message)
  2  bad usage or bad input: an unknown command or option, a malformed option value, or an assembly,
     template, scenario or output folder that cannot be read, written or simulated; the message names it`;

/** An option of a command: how parseArgs reads it and how the usage shows it. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
  /** How the usage shows the value. */
  readonly value?: string;
  readonly help: string;
  /** Checks the values given so far (every one of a repeatable option), in the order given; throws what is wrong. */
  readonly check?: (values: string[]) => void;
}

export const HELP: OptionSpec = { type: 'boolean', short: 'h', help: 'print this help' };

/** The text in lines of at most `width` characters, broken at spaces. */
export function wrap(text: string, width = 100): string {
  const lines = [''];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== '' && last.length + 1 + word.length > width) {
      lines.push(word);
    } else {
      lines[lines.length - 1] = last === '' ? word : `${last} ${word}`;
    }
  }
  return lines.join('\n');
}

export function optionsHelp(options: Readonly<Record<string, OptionSpec>>): string {
  const rows = Object.entries(options).map(([name, o]) =>
    [`${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`, o.help]);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, help]) => `  ${left.padEnd(width)}${help}`).join('\n');
}

/** A command-line error: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string, public readonly usage: string, public readonly ruleId: string = SimulatorErrorId.OPTION) {
    super(message);
  }
}

/** What `load` returns; an InputError from it prefixed with the option it comes from. */
export function fromOption<T>(option: string, load: () => T): T {
  try {
    return load();
  } catch (e) {
    if (e instanceof InputError) {
      throw new InputError(e.ruleId, `--${option}: ${e.detail}`);
    }
    throw e;
  }
}

/**
 * The options given, by name: a string (the last one given), true for a flag,
 * or every value of a repeatable option. Throws a UsageError, naming the
 * argument, at the first unknown option, missing or unexpected value, or
 * argument that is not an option; `--assume` values are checked in order.
 */
export function parseOptions(args: string[], specs: Readonly<Record<string, OptionSpec>>, usage: string): Map<string, string | boolean | string[]> {
  const config = Object.fromEntries(Object.entries(specs).map(([name, { type, multiple, short }]) =>
    [name, { type, ...(multiple ? { multiple } : {}), ...(short ? { short } : {}) }]));
  const { tokens } = parseArgs({ args, options: config, strict: false, allowPositionals: true, tokens: true });
  if (tokens.some(t => t.kind === 'option' && t.name === 'help' && specs.help !== undefined)) {
    return new Map([['help', true]]);
  }
  const options = new Map<string, string | boolean | string[]>();
  for (const token of tokens) {
    if (token.kind === 'positional') {
      throw new UsageError(`unexpected argument '${token.value}'`, usage);
    }
    if (token.kind !== 'option') {
      continue;
    }
    const spec = Object.prototype.hasOwnProperty.call(specs, token.name) ? specs[token.name] : undefined;
    if (spec === undefined) {
      throw new UsageError(`unknown option '${token.rawName}'`, usage);
    }
    if (spec.type === 'boolean') {
      if (token.value !== undefined) {
        throw new UsageError(`option '${token.rawName}' takes no value, got: '${token.value}'`, usage);
      }
      options.set(token.name, true);
    } else if (token.value === undefined) {
      throw new UsageError(`option '${token.rawName}' needs a value`, usage);
    } else {
      const values = spec.multiple ? [...(options.get(token.name) as string[] | undefined) ?? [], token.value] : [token.value];
      try {
        spec.check?.(spec.multiple ? values : [token.value]);
      } catch (e) {
        throw e instanceof InputError ? new UsageError(e.detail, usage, e.ruleId) : new UsageError((e as Error).message, usage);
      }
      options.set(token.name, spec.multiple ? values : token.value);
    }
  }
  return options;
}

/** The seed of `--seed`, checked. */
export function seedOf(value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new InputError(SimulatorErrorId.ASSUMPTION, `--seed takes a whole number from 0 to ${MAX_SEED}, got: '${value}'`);
  }
  return asOption(() => checkSeed(Number(value)));
}

/** What `check` returns; its error as an option's ("--seed must be ..."). */
export function asOption<T>(check: () => T): T {
  try {
    return check();
  } catch (e) {
    throw e instanceof InputError ? new InputError(e.ruleId, `--${e.detail}`) : e;
  }
}
