/**
 * The commands that replay a recorded history (docs/calibration.md):
 *
 *   cdk-active-active-failover backtest --assembly cdk.out --history history.jsonl.gz [--incidents incidents.json]
 *   cdk-active-active-failover calibrate --assembly cdk.out --history history.jsonl.gz
 *
 * Both read the assembly, the history and the known incidents the same way,
 * replay through the simulator's own layers, and write a text report and a
 * JSON result (the backtest also an SVG timeline) to the output folder.
 * Offline.
 */
import * as path from 'path';
import { backtest, BacktestResult } from './backtest';
import { backtestSvg, backtestText } from './backtest-report';
import { calibrate, CalibrationResult } from './calibrate';
import { calibrationText, cdkCode } from './calibrate-report';
import { History, readHistory } from './format';
import { Incident, readIncidents } from './incidents';
import { readAssembly } from '../assembly';
import { MAX_SEED } from '../assumptions';
import {
  ASSEMBLY_OPTION, ASSUMPTIONS_HELP, COMMAND, EXIT_CODES, fromOption, HELP, OptionSpec, optionsHelp, outputFolder, parseOptions, ParsedOptions,
  PROFILE_OPTIONS, profileOptions, RECORD_NAME_OPTION, requireOptions, writeFiles,
} from '../cli-options';
import { StackTemplate } from '../dns';

const INPUT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'assembly': ASSEMBLY_OPTION,
  'history': { type: 'string', value: '<file.jsonl.gz>', help: 'the recorded history (history fetch, history generate or another tool; docs/calibration.md); required' },
  'incidents': { type: 'string', value: '<file.json>', help: 'known incidents: departures during one are caught, the others false failovers' },
  'record-name': RECORD_NAME_OPTION,
};

const BACKTEST_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  ...INPUT_OPTIONS,
  out: { type: 'string', value: '<dir>', help: 'where to write backtest.txt, .svg and .json (default: backtest)' },
  ...PROFILE_OPTIONS,
  help: HELP,
};

const CALIBRATE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  ...INPUT_OPTIONS,
  out: { type: 'string', value: '<dir>', help: 'where to write calibration.txt and .json (default: calibration)' },
  ...PROFILE_OPTIONS,
  seed: { ...PROFILE_OPTIONS.seed, help: `seeds the overlaid incidents' times and Regions and the draws of late and partial data, 0 to ${MAX_SEED} (default: 1)` },
  help: HELP,
};

export const BACKTEST_USAGE = `Usage: ${COMMAND} backtest --assembly <dir> --history <file.jsonl.gz> [options]

Replays a service's recorded minutes through the same alarms, republisher, Route 53 and DNS as 'simulate':
every period a Region would have left DNS, for how long, which signals took it out and the share of users
it would have moved; with --incidents, caught incidents (detection time) and false failovers. Offline.

Options:
${optionsHelp(BACKTEST_OPTIONS)}

${ASSUMPTIONS_HELP}

${EXIT_CODES}`;

export const CALIBRATE_USAGE = `Usage: ${COMMAND} calibrate --assembly <dir> --history <file.jsonl.gz> [options]

Finds, for each signal the app synthesizes, the fastest threshold and persistence that catch the article's
gray failures overlaid on the first half of the history and raise no false failover on it, with a margin;
replays the recommendation, the settings as synthesized and the article's setup on the held-out second
half, and prints the CDK code to paste. Deterministic for a seed. Offline; minutes for weeks of history.

Options:
${optionsHelp(CALIBRATE_OPTIONS)}

${ASSUMPTIONS_HELP}

${EXIT_CODES}`;

/** The inputs both commands read: the assembly, the history, the known incidents and the replay's options. */
interface ReplayInputs {
  readonly stacks: StackTemplate[];
  readonly history: History;
  readonly incidents?: Incident[];
  readonly options: ReturnType<typeof profileOptions> & { readonly recordName?: string };
}

function readInputs(options: ParsedOptions): ReplayInputs {
  const stacks = fromOption('assembly', () => readAssembly(options.get('assembly') as string));
  const history = fromOption('history', () => readHistory(options.get('history') as string));
  const incidents = options.has('incidents') ? fromOption('incidents', () => readIncidents(options.get('incidents') as string, history.header)) : undefined;
  return { stacks, history, incidents, options: { ...profileOptions(options), recordName: options.get('record-name') as string | undefined } };
}

/** Runs `backtest`; returns the exit code. */
export function backtestCommand(args: string[], print: (line: string) => void): number {
  const options = parseOptions(args, BACKTEST_OPTIONS, BACKTEST_USAGE);
  if (options.has('help')) {
    print(BACKTEST_USAGE);
    return 0;
  }
  requireOptions(options, ['assembly', 'history'], BACKTEST_USAGE);
  // The output folder first: a bad one fails before a long replay, not after.
  const out = outputFolder(options, 'backtest');
  const inputs = readInputs(options);
  const result = backtest(inputs.stacks, inputs.history, { ...inputs.options, incidents: inputs.incidents });
  const text = backtestText(result);
  const base = path.join(out, 'backtest');
  writeFiles(out, base, { '.txt': `${text}\n`, '.svg': backtestSvg(result), '.json': json(backtestJson(result)) });
  print(text);
  print(`Written: ${base}.txt, ${base}.svg, ${base}.json`);
  return 0;
}

/** Runs `calibrate`; returns the exit code. */
export function calibrateCommand(args: string[], print: (line: string) => void): number {
  const options = parseOptions(args, CALIBRATE_OPTIONS, CALIBRATE_USAGE);
  if (options.has('help')) {
    print(CALIBRATE_USAGE);
    return 0;
  }
  requireOptions(options, ['assembly', 'history'], CALIBRATE_USAGE);
  const out = outputFolder(options, 'calibration');
  const inputs = readInputs(options);
  const result = calibrate(inputs.stacks, inputs.history, { ...inputs.options, incidents: inputs.incidents });
  const text = calibrationText(result);
  const base = path.join(out, 'calibration');
  writeFiles(out, base, { '.txt': `${text}\n`, '.json': json(calibrationJson(result)) });
  print(text);
  print(`Written: ${base}.txt, ${base}.json`);
  return 0;
}

function json(value: unknown): string {
  return JSON.stringify(value, undefined, 2) + '\n';
}

/** A backtest as JSON: its departures and incidents, with the simulation's settings and summary instead of its minute-by-minute timeline. */
function backtestJson(result: BacktestResult): object {
  const { simulation, ...rest } = result;
  return {
    ...rest,
    profile: simulation.profile,
    seed: simulation.seed,
    assumptions: simulation.assumptions,
    recordName: simulation.recordName,
    regions: simulation.regions,
    summary: simulation.summary,
  };
}

/** A calibration as JSON: every candidate of every signal, the recommendation and the held-out runs (as backtests without timelines). */
function calibrationJson(result: CalibrationResult): object {
  return {
    ...result,
    heldOut: result.heldOut.map(run => ({
      configuration: run.configuration,
      settings: Object.fromEntries(run.settings),
      unmodified: backtestJson(run.unmodified),
      overlaid: backtestJson(run.overlaid),
      overlays: run.overlays,
    })),
    cdkCode: cdkCode(result),
  };
}
