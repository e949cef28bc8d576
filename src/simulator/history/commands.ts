/**
 * The `history` command and its subcommands (see docs/calibration.md):
 *
 *   cdk-active-active-failover history fetch --assembly cdk.out --days 14 --out history.jsonl.gz
 *   cdk-active-active-failover history generate --assembly cdk.out --days 14 --seed 1 --out history.jsonl.gz
 *
 * `history fetch` reads the failover's source metrics from CloudWatch
 * (fetch-command.ts; the one command that calls AWS). `history generate`
 * writes a seeded synthetic history of them, with incidents planted
 * (generate.ts); offline.
 */
import * as fs from 'fs';
import * as path from 'path';
import { historyFetchCommand } from './fetch-command';
import { MAX_HISTORY_MINUTES, writeHistory } from './format';
import { generateHistory } from './generate';
import { incidentsDocument } from './incidents';
import { sourceMetrics } from './sources';
import { readAssembly } from '../assembly';
import { MAX_SEED } from '../assumptions';
import {
  COMMAND, EXIT_CODES, fromOption, HELP, OptionSpec, optionsHelp, outputFile, parseOptions, requireOptions, runSubcommand, seedOf, Subcommand,
} from '../cli-options';
import { failoverOf } from '../engine';
import { InputError, SimulatorErrorId } from '../inputs';
import { readTopology } from '../topology';

/** The most days `history generate` writes: the history format's limit. */
const MAX_HISTORY_DAYS = MAX_HISTORY_MINUTES / 1440;

const HISTORY_GENERATE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'assembly': { type: 'string', value: '<dir>', help: 'the cloud assembly whose failover\'s source metrics to generate (a cdk.out folder); required' },
  'days': { type: 'string', value: '<n>', help: `how many days of minutes, 1 to ${MAX_HISTORY_DAYS}; required`, check: values => daysOf(values[0]) },
  'seed': { type: 'string', value: '<n>', help: `seeds the history, 0 to ${MAX_SEED}: the same seed, the same history (default: 1)`, check: values => seedOf(values[0]) },
  'out': { type: 'string', value: '<file.jsonl.gz>', help: 'the history file to write (gzip-compressed when the name ends in .gz); required' },
  'incidents-out': { type: 'string', value: '<file.json>', help: 'also write the planted incidents as an incidents file (for backtest --incidents)' },
  'record-name': { type: 'string', value: '<name>', help: 'the failover\'s name users resolve (default: the latency-routed name with the most Regions)' },
  'help': HELP,
};

export const HISTORY_SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  fetch: { help: 'read the failover\'s source metrics from CloudWatch into a history file (calls AWS)', run: (args, print, printError) => historyFetchCommand(args, print, printError) },
  generate: { help: 'write a seeded synthetic history of a failover\'s source metrics, with incidents planted', run: historyGenerate },
};

const HISTORY_GENERATE_USAGE = `Usage: ${COMMAND} history generate --assembly <dir> --days <n> --out <file.jsonl.gz> [options]

Writes a synthetic history of the failover's source metrics (the metrics its alarms and republishers
read, each Region's RequestCount and, where its records evaluate target health, HealthyHostCount), one value a minute: a daily traffic cycle in each Region's local
time, a quiet Region at night, latency with a long tail, harmless bursts and spikes of an incident's
magnitude, deploys and gaps with no data, and the article's four gray failures planted in both halves.
The same seed gives the same history. For tests, benchmarks and trying backtest and calibrate.

Options:
${optionsHelp(HISTORY_GENERATE_OPTIONS)}

${EXIT_CODES}`;

/** Runs `history <subcommand>`; returns the exit code (or its promise). */
export function history(args: string[], print: (line: string) => void, printError: (line: string) => void = print): number | Promise<number> {
  return runSubcommand('history', HISTORY_SUBCOMMANDS, args, print, printError);
}

function historyGenerate(args: string[], print: (line: string) => void): number {
  const options = parseOptions(args, HISTORY_GENERATE_OPTIONS, HISTORY_GENERATE_USAGE);
  if (options.has('help')) {
    print(HISTORY_GENERATE_USAGE);
    return 0;
  }
  requireOptions(options, ['assembly', 'days', 'out'], HISTORY_GENERATE_USAGE);
  const out = options.get('out') as string;
  const incidentsOut = options.get('incidents-out') as string | undefined;
  // The files first: a folder given for one fails before the history is generated, not after.
  outputFile('out', out);
  if (incidentsOut !== undefined) {
    outputFile('incidents-out', incidentsOut);
    if (path.resolve(incidentsOut) === path.resolve(out)) {
      throw new InputError(SimulatorErrorId.OPTION, `--incidents-out: '${incidentsOut}' is the history file of --out; give another file name.`);
    }
  }
  const stacks = fromOption('assembly', () => readAssembly(options.get('assembly') as string));
  const topology = readTopology(stacks);
  const { recordName, regions, warnings } = failoverOf(topology, options.get('record-name') as string | undefined, 'generated');
  const days = daysOf(options.get('days') as string);
  const seed = options.has('seed') ? seedOf(options.get('seed') as string) : 1;
  const generated = generateHistory({ sources: sourceMetrics(topology, stacks, regions), regions, minutes: days * 1440, seed });
  const { header, series } = generated.history;
  fromOption('out', () => writeHistory(out, generated.history));
  const document = incidentsDocument(generated.incidents, header);
  if (incidentsOut !== undefined) {
    try {
      fs.writeFileSync(incidentsOut, JSON.stringify(document, undefined, 2) + '\n');
    } catch (e) {
      throw new InputError(SimulatorErrorId.OUT, `--incidents-out: the incidents file '${incidentsOut}' cannot be written: `
        + `${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
    }
  }
  print(`Generated ${days} day${days === 1 ? '' : 's'} (${header.minutes} minutes from ${header.start}) of ${recordName} in ${regions.join(', ')}, `
    + `seed ${seed}: ${series.length} series (${[...new Set(series.map(x => `${x.metricName} ${x.statistic}`))].join(', ')}).`);
  print(`Requests a minute, weekday peak and night: ${generated.profiles.map(p => `${p.region} ${p.peakRequests} and ${p.troughRequests}`).join(', ')}.`);
  const kinds = [['http-5xx-burst', '5xx bursts'], ['latency-spike', 'latency spikes'], ['connection-error-blip', 'connection-error blips'],
    ['deploy', 'deploys'], ['no-data', 'gaps with no data']];
  print(`Harmless events: ${kinds.map(([kind, name]) => `${generated.events.filter(e => e.kind === kind).length} ${name}`).join(', ')}.`);
  print(`Planted ${generated.incidents.length} incident${generated.incidents.length === 1 ? '' : 's'}${generated.incidents.length === 0 ? '.' : ':'}`);
  document.incidents.forEach((i: any) => print(`  ${i.region.padEnd(16)}${i.start} to ${i.end}  ${i.label}`));
  warnings.forEach(w => print(`warning: ${w}`));
  print(`Written: ${out}${incidentsOut === undefined ? '' : `, ${incidentsOut}`}`);
  return 0;
}

/** The days of `--days`, checked. */
function daysOf(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_HISTORY_DAYS) {
    throw new InputError(SimulatorErrorId.OPTION, `--days takes a whole number from 1 to ${MAX_HISTORY_DAYS} (the history format's limit), got: '${value}'`);
  }
  return Number(value);
}
