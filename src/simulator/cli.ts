#!/usr/bin/env node
/**
 * The `cdk-active-active-failover` command (see docs/simulator.md):
 *
 *   cdk-active-active-failover simulate --assembly cdk.out --scenario gray-p99
 *   cdk-active-active-failover scenarios
 *   cdk-active-active-failover history generate --assembly cdk.out --days 14 --out history.jsonl.gz
 *
 * `simulate` replays a scenario against a synthesized app and prints the
 * timeline and the summary; it writes them, with an SVG picture and the
 * result as JSON, to the output folder. `history generate` writes a seeded
 * synthetic history of the failover's source metrics, with incidents planted
 * (docs/calibration.md). Offline: it reads and writes files only.
 * Options are parsed with Node's `util.parseArgs`; the exit codes are in
 * EXIT_CODES.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readAssembly } from './assembly';
import {
  allowedText, ASSUMPTIONS, checkAssumptions, checkProfile, DEFAULT_PROFILE, MAX_SEED, PROFILES, SimulationAssumptions, SimulationProfile,
} from './assumptions';
import { BUILT_IN_SCENARIOS, loadScenario } from './builtin-scenarios';
import { asOption, COMMAND, EXIT_CODES, fromOption, HELP, OptionSpec, optionsHelp, parseOptions, seedOf, UsageError, wrap } from './cli-options';
import { simulate as simulateTopology } from './engine';
import { backtest } from './history/backtest';
import { backtestSvg, backtestText } from './history/backtest-report';
import { history as historyCommand, HISTORY_SUBCOMMANDS } from './history/commands';
import { readHistory } from './history/format';
import { readIncidents } from './history/incidents';
import { InputError, SimulatorErrorId } from './inputs';
import { summaryText, timelineSvg, timelineText } from './report';
import { SCHEMA_REFERENCE } from './scenario';
import { readTopology } from './topology';

const SIMULATE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'assembly': { type: 'string', value: '<dir>', help: 'the cloud assembly to read (a cdk.out folder); required' },
  'scenario': { type: 'string', value: '<name | file.json>', help: 'a built-in scenario or a scenario file; required' },
  'out': { type: 'string', value: '<dir>', help: 'where to write <scenario>.txt, .svg and .json (default: simulation)' },
  'record-name': { type: 'string', value: '<name>', help: 'the name users resolve (default: the latency-routed name with the most Regions)' },
  'summary-only': { type: 'boolean', help: 'print the summary without the timeline' },
  'profile': {
    type: 'string',
    value: `<${PROFILES.join(' | ')}>`,
    help: `the assumptions to start from (default: ${DEFAULT_PROFILE})`,
    check: values => asOption(() => checkProfile(values[0])),
  },
  'seed': { type: 'string', value: '<n>', help: `seeds the random draws of late and partial data, 0 to ${MAX_SEED} (default: 1)`, check: values => seedOf(values[0]) },
  'assume': { type: 'string', multiple: true, value: '<name>=<number>', help: 'change an assumption of the profile (below); repeatable', check: checkAssumptionArguments },
  'help': HELP,
};

const SCENARIOS_OPTIONS: Readonly<Record<string, OptionSpec>> = { help: HELP };

/** What replays use like `simulate`: the profile, the seed and changed assumptions. */
const PROFILE_OPTIONS = {
  profile: SIMULATE_OPTIONS.profile,
  seed: SIMULATE_OPTIONS.seed,
  assume: SIMULATE_OPTIONS.assume,
};

const BACKTEST_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'assembly': SIMULATE_OPTIONS.assembly,
  'history': { type: 'string', value: '<file.jsonl.gz>', help: 'the recorded history (history fetch or another tool; docs/calibration.md); required' },
  'incidents': { type: 'string', value: '<file.json>', help: 'known incidents: departures during one are caught, the others false failovers' },
  'out': { type: 'string', value: '<dir>', help: 'where to write backtest.txt, .svg and .json (default: backtest)' },
  'record-name': SIMULATE_OPTIONS['record-name'],
  ...PROFILE_OPTIONS,
  'help': HELP,
};

const TOP_USAGE = `Usage: ${COMMAND} <command> [options]

Commands:
  simulate    replay a scenario against a synthesized app (cdk.out)
  scenarios   list the built-in scenarios
  backtest    replay a service's recorded metrics (a history) against the app: when each Region would have left DNS
  history     the service's history of metrics: ${Object.keys(HISTORY_SUBCOMMANDS).join(', ')} ('${COMMAND} history --help')

Options:
  -h, --help  print this help ('${COMMAND} <command> --help' prints a command's)
  --version   print the version

${EXIT_CODES}`;

const SIMULATE_USAGE = `Usage: ${COMMAND} simulate --assembly <dir> --scenario <name | file.json> [options]

Replays a scenario against a synthesized app, prints the timeline and the summary,
and writes them, with an SVG picture and the whole result as JSON, to the output folder.

Options:
${optionsHelp(SIMULATE_OPTIONS)}

${wrap(`Built-in scenarios: ${Object.keys(BUILT_IN_SCENARIOS).join(', ')} ('${COMMAND} scenarios' describes them).`)}
Scenario files are JSON; schema: ${SCHEMA_REFERENCE}.
Assumptions (--assume name=number): optimistic, documented value; allowed values.
${Object.entries(ASSUMPTIONS).map(([name, a]) => `  ${name.padEnd(26)}${`${a.optimistic}, ${a.documented}`.padEnd(12)}${allowedText(a)}`).join('\n')}

${EXIT_CODES}`;

const BACKTEST_USAGE = `Usage: ${COMMAND} backtest --assembly <dir> --history <file.jsonl.gz> [options]

Replays a service's recorded minutes through the same alarms, republisher, Route 53 and DNS as 'simulate':
every period a Region would have left DNS, for how long, which signals took it out and the share of users
it would have moved; with --incidents, caught incidents (detection time) and false failovers. Offline.

Options:
${optionsHelp(BACKTEST_OPTIONS)}

${EXIT_CODES}`;

const SCENARIOS_USAGE = `Usage: ${COMMAND} scenarios [options]

Lists the built-in scenarios, one a line: its name and what happens.

Options:
${optionsHelp(SCENARIOS_OPTIONS)}

${EXIT_CODES}`;

/**
 * Runs the CLI with `args` (without node and the script); returns the exit
 * code. Output goes to `print`, errors to `printError` (standard error from
 * the command line; `print` when only that is given).
 */
export function main(args: string[], print: (line: string) => void = console.log, printError: (line: string) => void = print): number {
  try {
    return run(args, print);
  } catch (e) {
    if (e instanceof UsageError) {
      printError(`error: [${e.ruleId}] ${e.message}\n\n${e.usage}`);
      return 2;
    }
    if (e instanceof InputError) {
      printError(`error: ${e.message}`);
      return 2;
    }
    // Anything else is the simulator's fault, not the input's: never a stack trace, but say so.
    printError(`error: internal error of the simulator (please report it): ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    return 1;
  }
}

/** The output folder, checked (it is created when the files are written); an InputError naming `--out` when it is a file. */
function outputFolder(out: string): string {
  if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) {
    throw new InputError(SimulatorErrorId.OUT, `--out: '${out}' is a file; give a folder (it is created when missing), default: simulation.`);
  }
  return out;
}

/** Writes the run's files to `out`; an InputError naming `--out` when the folder cannot be created or written. */
function writeFiles(out: string, base: string, files: Record<string, string>): void {
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

function run(args: string[], print: (line: string) => void): number {
  const [command, ...rest] = args;
  switch (command) {
    case undefined:
      print(TOP_USAGE);
      return 2;
    case 'help':
    case '--help':
    case '-h':
      print(TOP_USAGE);
      return 0;
    case '--version':
      print(version());
      return 0;
    case 'scenarios':
      return scenarios(rest, print);
    case 'simulate':
      return simulate(rest, print);
    case 'backtest':
      return backtestCommand(rest, print);
    case 'history':
      return historyCommand(rest, print);
    default:
      throw new UsageError(command.startsWith('-') ? `unknown option '${command}'` : `unknown command '${command}'`, TOP_USAGE);
  }
}

/** The package's version, from its package.json (`../../package.json` from lib/simulator and src/simulator alike). */
function version(): string {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8')).version;
}

function scenarios(args: string[], print: (line: string) => void): number {
  if (parseOptions(args, SCENARIOS_OPTIONS, SCENARIOS_USAGE).has('help')) {
    print(SCENARIOS_USAGE);
    return 0;
  }
  for (const s of Object.values(BUILT_IN_SCENARIOS)) {
    print(`${s.name.padEnd(24)} ${s.description}`);
  }
  return 0;
}

function simulate(args: string[], print: (line: string) => void): number {
  const options = parseOptions(args, SIMULATE_OPTIONS, SIMULATE_USAGE);
  if (options.has('help')) {
    print(SIMULATE_USAGE);
    return 0;
  }
  for (const required of ['assembly', 'scenario']) {
    if (!options.has(required)) {
      throw new UsageError(`option '--${required}' is required`, SIMULATE_USAGE);
    }
  }
  // The output folder first: a bad one fails before a long simulation, not after.
  const out = outputFolder((options.get('out') ?? 'simulation') as string);
  const notes: string[] = [];
  const scenario = fromOption('scenario', () => loadScenario(options.get('scenario') as string, notes));
  const stacks = fromOption('assembly', () => readAssembly(options.get('assembly') as string));
  const profile = (options.get('profile') ?? DEFAULT_PROFILE) as SimulationProfile;
  const result = simulateTopology(readTopology(stacks), scenario, {
    recordName: options.get('record-name') as string | undefined,
    profile,
    seed: options.has('seed') ? seedOf(options.get('seed') as string) : undefined,
    assumptions: assumptionsOf((options.get('assume') ?? []) as string[]),
  });
  result.warnings.unshift(...notes);
  const timeline = timelineText(result);
  const summary = summaryText(result);
  const base = path.join(out, result.scenario.name);
  writeFiles(out, base, {
    '.txt': `${timeline}\n\n${summary}\n`,
    '.svg': timelineSvg(result),
    '.json': JSON.stringify({ ...result, timeline: result.timeline }, undefined, 2) + '\n',
  });
  if (!options.has('summary-only')) {
    print(timeline);
    print('');
  }
  print(summary);
  print(`Written: ${base}.txt, ${base}.svg, ${base}.json`);
  return 0;
}

function backtestCommand(args: string[], print: (line: string) => void): number {
  const options = parseOptions(args, BACKTEST_OPTIONS, BACKTEST_USAGE);
  if (options.has('help')) {
    print(BACKTEST_USAGE);
    return 0;
  }
  for (const required of ['assembly', 'history']) {
    if (!options.has(required)) {
      throw new UsageError(`option '--${required}' is required`, BACKTEST_USAGE);
    }
  }
  const out = outputFolder((options.get('out') ?? 'backtest') as string);
  const stacks = fromOption('assembly', () => readAssembly(options.get('assembly') as string));
  const history = fromOption('history', () => readHistory(options.get('history') as string));
  const incidents = options.has('incidents') ? fromOption('incidents', () => readIncidents(options.get('incidents') as string, history.header)) : undefined;
  const result = backtest(stacks, history, { ...profileOptions(options), recordName: options.get('record-name') as string | undefined, incidents });
  const text = backtestText(result);
  const base = path.join(out, 'backtest');
  const { simulation, ...rest } = result;
  writeFiles(out, base, {
    '.txt': `${text}\n`,
    '.svg': backtestSvg(result),
    '.json': JSON.stringify({
      ...rest,
      profile: simulation.profile,
      seed: simulation.seed,
      assumptions: simulation.assumptions,
      recordName: simulation.recordName,
      regions: simulation.regions,
      summary: simulation.summary,
    }, undefined, 2) + '\n',
  });
  print(text);
  print(`Written: ${base}.txt, ${base}.svg, ${base}.json`);
  return 0;
}

/** The profile, seed and assumptions of a command's options. */
function profileOptions(options: Map<string, string | boolean | string[]>) {
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

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), console.log, console.error);
}
