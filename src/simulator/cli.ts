#!/usr/bin/env node
/**
 * The `cdk-active-active-failover` command (see docs/simulator.md):
 *
 *   cdk-active-active-failover simulate --assembly cdk.out --scenario gray-p99
 *   cdk-active-active-failover scenarios
 *   cdk-active-active-failover history fetch --assembly cdk.out --days 14 --out history.jsonl.gz
 *   cdk-active-active-failover backtest --assembly cdk.out --history history.jsonl.gz
 *   cdk-active-active-failover calibrate --assembly cdk.out --history history.jsonl.gz
 *   cdk-active-active-failover drill plan --assembly cdk.out --region us-east-1 --fault cpu
 *   cdk-active-active-failover drill report --assembly cdk.out --experiment EXPabc123
 *
 * `simulate` replays a scenario against a synthesized app and prints the
 * timeline and the summary; it writes them, with an SVG picture and the
 * result as JSON, to the output folder. The history commands (fetch,
 * generate) and the replays of a history (backtest, calibrate) are in
 * history/ (docs/calibration.md); the drills' (plan, report) in drill/.
 * Everything is offline except `history fetch` and `drill report`, the
 * commands that call AWS.
 * Options are parsed with Node's `util.parseArgs` (cli-options.ts); the exit
 * codes are in EXIT_CODES.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readAssembly } from './assembly';
import { AwsCallError } from './aws/sdk';
import { BUILT_IN_SCENARIOS, loadScenario } from './builtin-scenarios';
import {
  ASSEMBLY_OPTION, ASSUMPTIONS_HELP, COMMAND, EXIT_CODES, fromOption, HELP, OptionSpec, optionsHelp, outputFolder, parseOptions,
  PROFILE_OPTIONS, profileOptions, RECORD_NAME_OPTION,
  requireOptions, UsageError, wrap, writeFiles,
} from './cli-options';
import { drill as drillCommand, DRILL_SUBCOMMANDS } from './drill/commands';
import { simulate as simulateTopology } from './engine';
import { history as historyCommand, HISTORY_SUBCOMMANDS } from './history/commands';
import { backtestCommand, calibrateCommand } from './history/replay-commands';
import { InputError } from './inputs';
import { summaryText, timelineSvg, timelineText } from './report';
import { SCHEMA_REFERENCE } from './scenario';
import { readTopology } from './topology';

const SIMULATE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'assembly': ASSEMBLY_OPTION,
  'scenario': { type: 'string', value: '<name | file.json>', help: 'a built-in scenario or a scenario file; required' },
  'out': { type: 'string', value: '<dir>', help: 'where to write <scenario>.txt, .svg and .json (default: simulation)' },
  'record-name': RECORD_NAME_OPTION,
  'summary-only': { type: 'boolean', help: 'print the summary without the timeline' },
  ...PROFILE_OPTIONS,
  'help': HELP,
};

const SCENARIOS_OPTIONS: Readonly<Record<string, OptionSpec>> = { help: HELP };

const TOP_USAGE = `Usage: ${COMMAND} <command> [options]

Commands:
  simulate    replay a scenario against a synthesized app (cdk.out)
  scenarios   list the built-in scenarios
  backtest    replay a service's recorded metrics (a history) against the app: when each Region would have left DNS
  calibrate   find each signal's fastest threshold and persistence with no false failover on a history
  history     the service's history of metrics: ${Object.keys(HISTORY_SUBCOMMANDS).join(', ')} ('${COMMAND} history --help')
  drill       fault-injection drills: ${Object.keys(DRILL_SUBCOMMANDS).join(', ')} ('${COMMAND} drill --help')

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
${ASSUMPTIONS_HELP}

${EXIT_CODES}`;

const SCENARIOS_USAGE = `Usage: ${COMMAND} scenarios [options]

Lists the built-in scenarios, one a line: its name and what happens.

Options:
${optionsHelp(SCENARIOS_OPTIONS)}

${EXIT_CODES}`;

/**
 * Runs the CLI with `args` (without node and the script); returns the exit
 * code, or a promise of it for a command that calls AWS (`history fetch`).
 * Output goes to `print`, errors to `printError` (standard error from the
 * command line; `print` when only that is given).
 */
export function main(args: string[], print: (line: string) => void = console.log,
  printError: (line: string) => void = print): number | Promise<number> {
  const report = (e: unknown): number => {
    if (e instanceof UsageError) {
      printError(`error: [${e.ruleId}] ${e.message}

${e.usage}`);
      return 2;
    }
    if (e instanceof InputError) {
      printError(`error: ${e.message}`);
      // An AWS call that failed is an InputError of its own exit code: the input may be right, the account or the network not.
      return e instanceof AwsCallError ? 3 : 2;
    }
    // Anything else is the simulator's fault, not the input's: never a stack trace, but say so.
    printError(`error: internal error of the simulator (please report it): ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    return 1;
  };
  try {
    const code = run(args, print, printError);
    return typeof code === 'number' ? code : code.catch(report);
  } catch (e) {
    return report(e);
  }
}

function run(args: string[], print: (line: string) => void, printError: (line: string) => void): number | Promise<number> {
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
    case 'calibrate':
      return calibrateCommand(rest, print);
    case 'history':
      return historyCommand(rest, print, printError);
    case 'drill':
      return drillCommand(rest, print, printError);
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
  requireOptions(options, ['assembly', 'scenario'], SIMULATE_USAGE);
  // The output folder first: a bad one fails before a long simulation, not after.
  const out = outputFolder(options, 'simulation');
  const notes: string[] = [];
  const scenario = fromOption('scenario', () => loadScenario(options.get('scenario') as string, notes));
  const stacks = fromOption('assembly', () => readAssembly(options.get('assembly') as string));
  const result = simulateTopology(readTopology(stacks), scenario, {
    ...profileOptions(options),
    recordName: options.get('record-name') as string | undefined,
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

if (require.main === module) {
  void Promise.resolve(main(process.argv.slice(2), console.log, console.error)).then(code => {
    process.exitCode = code;
  });
}
