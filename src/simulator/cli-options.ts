/**
 * What every command of the command line shares: the command's name and exit
 * codes, options as OptionSpec (read with Node's `util.parseArgs`, shown in
 * the usage), the usage error, the options several commands take (the
 * profile, seed and assumptions of a replay) and the output folder.
 * src/simulator/cli.ts dispatches the commands.
 */
import * as fs from 'fs';
import { parseArgs } from 'util';
import {
  allowedText, ASSUMPTIONS, checkAssumptions, checkProfile, checkSeed, DEFAULT_PROFILE, MAX_SEED, PROFILES, SimulationAssumptions, SimulationProfile,
} from './assumptions';
import { InputError, SimulatorErrorId } from './inputs';

/** The command's name, as users type it. */
export const COMMAND = 'cdk-active-active-failover';

/** The exit codes, as every usage lists them. */
export const EXIT_CODES = `Exit codes:
  0  success (and --help, --version)
  1  an internal error of the simulator (a bug: please report it with the message)
  2  bad usage or bad input: an unknown command or option, a malformed option value, or an assembly,
     template, scenario or output folder that cannot be read, written or simulated; the message names it
  3  an AWS call failed (history fetch, drill report: credentials, permissions, throttling beyond the
     retries); a rerun of history fetch resumes from the chunks already fetched`;

/** The options of a command, parsed: a string, true for a flag, or every value of a repeatable option. */
export type ParsedOptions = Map<string, string | boolean | string[]>;

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

/** The `--help` option every command has. */
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

/** The options of a usage, one a line, their help aligned. */
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
export function parseOptions(args: string[], specs: Readonly<Record<string, OptionSpec>>, usage: string): ParsedOptions {
  const config = Object.fromEntries(Object.entries(specs).map(([name, { type, multiple, short }]) =>
    [name, { type, ...(multiple ? { multiple } : {}), ...(short ? { short } : {}) }]));
  const { tokens } = parseArgs({ args, options: config, strict: false, allowPositionals: true, tokens: true });
  if (tokens.some(t => t.kind === 'option' && t.name === 'help' && specs.help !== undefined)) {
    return new Map([['help', true]]);
  }
  const options: ParsedOptions = new Map();
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

/** Throws a UsageError naming the first of `names` not given. */
export function requireOptions(options: ParsedOptions, names: readonly string[], usage: string): void {
  for (const name of names) {
    if (!options.has(name)) {
      throw new UsageError(`option '--${name}' is required`, usage);
    }
  }
}

/** `--assembly`, as the commands that read a synthesized app take it. */
export const ASSEMBLY_OPTION: OptionSpec = { type: 'string', value: '<dir>', help: 'the cloud assembly to read (a cdk.out folder); required' };

/** `--record-name`, as every command that picks a failover takes it. */
export const RECORD_NAME_OPTION: OptionSpec = {
  type: 'string', value: '<name>', help: 'the name users resolve (default: the latency-routed name with the most Regions)',
};

/** The options of every replay of the simulator (simulate, backtest, calibrate): the profile, the seed and changed assumptions. */
export const PROFILE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  profile: {
    type: 'string',
    value: `<${PROFILES.join(' | ')}>`,
    help: `the assumptions to start from (default: ${DEFAULT_PROFILE})`,
    check: values => asOption(() => checkProfile(values[0])),
  },
  seed: { type: 'string', value: '<n>', help: `seeds the random draws of late and partial data, 0 to ${MAX_SEED} (default: 1)`, check: values => seedOf(values[0]) },
  assume: { type: 'string', multiple: true, value: '<name>=<number>', help: 'change an assumption of the profile (below); repeatable', check: checkAssumptionArguments },
};

/** The table of assumptions a replay's usage ends with. */
export const ASSUMPTIONS_HELP = `Assumptions (--assume name=number): optimistic, documented value; allowed values.
${Object.entries(ASSUMPTIONS).map(([name, a]) => `  ${name.padEnd(26)}${`${a.optimistic}, ${a.documented}`.padEnd(12)}${allowedText(a)}`).join('\n')}`;

/** The profile, seed and assumptions of a command's options. */
export function profileOptions(options: ParsedOptions) {
  return {
    profile: (options.get('profile') ?? DEFAULT_PROFILE) as SimulationProfile,
    seed: options.has('seed') ? seedOf(options.get('seed') as string) : undefined,
    assumptions: assumptionsOf((options.get('assume') ?? []) as string[]),
  };
}

const ASSUMPTION = /^([A-Za-z][A-Za-z0-9]*)=(-?\d+(?:\.\d+)?)$/;

/** Checks the `--assume` values given so far: the last one's form, then all of them together. */
function checkAssumptionArguments(values: string[]): void {
  const last = values[values.length - 1];
  if (!ASSUMPTION.test(last)) {
    throw new InputError(SimulatorErrorId.OPTION, `--assume takes <name>=<number>, got: '${last}'`);
  }
  try {
    checkAssumptions(assumptionsOf(values));
  } catch (e) {
    throw e instanceof InputError ? new InputError(e.ruleId, `--assume ${e.detail}`) : e;
  }
}

/** The assumptions of `--assume name=number` values (checked), the last of a name winning. */
function assumptionsOf(values: string[]): Partial<SimulationAssumptions> {
  const assumptions: Record<string, number> = {};
  for (const value of values) {
    const [, name, number] = ASSUMPTION.exec(value)!;
    assumptions[name] = Number(number);
  }
  return assumptions;
}

/** The output folder of `--out` (`fallback` when not given), checked: an InputError when it is a file. It is created when the files are written. */
export function outputFolder(options: ParsedOptions, fallback: string): string {
  const out = (options.get('out') ?? fallback) as string;
  if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) {
    throw new InputError(SimulatorErrorId.OUT, `--out: '${out}' is a file; give a folder (it is created when missing), default: ${fallback}.`);
  }
  return out;
}

/** A file to write given as `--<option>`, checked before the work that fills it: an InputError when it is a folder. */
export function outputFile(option: string, file: string, fallback?: string): string {
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
    throw new InputError(SimulatorErrorId.OUT, `--${option}: '${file}' is a folder; give a file name${fallback ? ` (default: ${fallback})` : ''}.`);
  }
  return file;
}

/** Writes a run's files (`base` + each extension) into `out`; an InputError naming `--out` when the folder cannot be created or written. */
export function writeFiles(out: string, base: string, files: Record<string, string>): void {
  try {
    fs.mkdirSync(out, { recursive: true });
    for (const [extension, text] of Object.entries(files)) {
      fs.writeFileSync(`${base}${extension}`, text);
    }
  } catch (e) {
    throw new InputError(SimulatorErrorId.OUT, `--out: cannot write ${Object.keys(files).map(x => `${base}${x}`).join(', ')} `
      + `(${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give a folder that can be written.`);
  }
}

/** A subcommand of a command (`history fetch`, `drill plan`): what it does (for the usage) and how it runs (the exit code, or its promise). */
export interface Subcommand {
  readonly help: string;
  readonly run: (args: string[], print: (line: string) => void, printError: (line: string) => void) => number | Promise<number>;
}

/** The usage of a command made of subcommands. */
export function subcommandsUsage(command: string, subcommands: Readonly<Record<string, Subcommand>>): string {
  return `Usage: ${COMMAND} ${command} <subcommand> [options]

Subcommands:
${Object.entries(subcommands).map(([name, c]) => `  ${name.padEnd(10)}  ${c.help}`).join('\n')}

Options:
  -h, --help  print this help ('${COMMAND} ${command} <subcommand> --help' prints a subcommand's)

${EXIT_CODES}`;
}

/** Runs `<command> <subcommand> ...`: the usage without a subcommand (exit 2) or with --help (exit 0), a UsageError for an unknown one. */
export function runSubcommand(command: string, subcommands: Readonly<Record<string, Subcommand>>, args: string[],
  print: (line: string) => void, printError: (line: string) => void): number | Promise<number> {
  const [subcommand, ...rest] = args;
  const usage = subcommandsUsage(command, subcommands);
  if (subcommand === undefined || subcommand === '--help' || subcommand === '-h' || subcommand === 'help') {
    print(usage);
    return subcommand === undefined ? 2 : 0;
  }
  if (!Object.prototype.hasOwnProperty.call(subcommands, subcommand)) {
    throw new UsageError(subcommand.startsWith('-') ? `unknown option '${subcommand}'`
      : `unknown subcommand '${command} ${subcommand}' (subcommands: ${Object.keys(subcommands).join(', ')})`, usage);
  }
  return subcommands[subcommand].run(rest, print, printError);
}
