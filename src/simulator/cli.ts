#!/usr/bin/env node
/**
 * cdk-active-active-failover simulate --assembly cdk.out --scenario gray-p99
 *
 * Replays a scenario against a synthesized app and prints the timeline and
 * the summary; writes them, with an SVG picture and the result as JSON, to
 * the output folder. Offline: it reads files only.
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkAssumptions, DEFAULT_ASSUMPTIONS, SimulationAssumptions } from './engine';
import { loadScenario, simulateAssembly } from './index';
import { summaryText, timelineSvg, timelineText } from './report';
import { BUILT_IN_SCENARIOS } from './scenario';

const USAGE = `Usage:
  cdk-active-active-failover simulate --assembly <cdk.out> --scenario <built-in name | file.json>
      [--record-name <name>] [--out <folder>] [--summary-only] [--assume <name>=<minutes or number>]...
  cdk-active-active-failover scenarios

Built-in scenarios: ${Object.keys(BUILT_IN_SCENARIOS).join(', ')}.
Assumptions (--assume): ${Object.entries(DEFAULT_ASSUMPTIONS).map(([k, v]) => `${k}=${v}`).join(', ')}.`;

/** A command-line error: printed with the usage, exit code 2. */
class UsageError extends Error {}

/** Runs the CLI with `args` (without node and the script); returns the exit code. */
export function main(args: string[], print: (line: string) => void = console.log): number {
  try {
    return run(args, print);
  } catch (e) {
    if (e instanceof UsageError) {
      print(`error: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    print(`error: ${(e as Error).message}`);
    return 1;
  }
}

function run(args: string[], print: (line: string) => void): number {
  const [command, ...rest] = args;
  if (command === 'scenarios') {
    for (const s of Object.values(BUILT_IN_SCENARIOS)) {
      print(`${s.name.padEnd(24)} ${s.description}`);
    }
    return 0;
  }
  if (command === undefined || command === '--help' || command === 'help') {
    print(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'simulate') {
    throw new UsageError(`unknown command '${command}'`);
  }
  const options = parseOptions(rest);
  const scenario = loadScenario(options.scenario);
  const result = simulateAssembly(options.assembly, scenario, { recordName: options.recordName, assumptions: options.assumptions });
  const timeline = timelineText(result);
  const summary = summaryText(result);
  fs.mkdirSync(options.out, { recursive: true });
  const base = path.join(options.out, result.scenario.name);
  fs.writeFileSync(`${base}.txt`, `${timeline}\n\n${summary}\n`);
  fs.writeFileSync(`${base}.svg`, timelineSvg(result));
  fs.writeFileSync(`${base}.json`, JSON.stringify({ ...result, timeline: result.timeline }, undefined, 2) + '\n');
  if (!options.summaryOnly) {
    print(timeline);
    print('');
  }
  print(summary);
  print(`Written: ${base}.txt, ${base}.svg, ${base}.json`);
  return 0;
}

interface CliOptions {
  readonly assembly: string;
  readonly scenario: string;
  readonly out: string;
  readonly recordName?: string;
  readonly summaryOnly: boolean;
  readonly assumptions: Partial<SimulationAssumptions>;
}

function parseOptions(args: string[]): CliOptions {
  const values: Record<string, string> = {};
  const assumptions: Record<string, number> = {};
  let summaryOnly = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--summary-only') {
      summaryOnly = true;
      continue;
    }
    if (!['--assembly', '--scenario', '--out', '--record-name', '--assume'].includes(arg)) {
      throw new UsageError(`unknown option '${arg}'`);
    }
    const value = args[++i];
    if (value === undefined) {
      throw new UsageError(`option '${arg}' needs a value`);
    }
    if (arg === '--assume') {
      const match = /^([A-Za-z][A-Za-z0-9]*)=(-?\d+(?:\.\d+)?)$/.exec(value);
      if (!match) {
        throw new UsageError(`--assume takes <name>=<number>, got: '${value}'`);
      }
      assumptions[match[1]] = Number(match[2]);
      try {
        checkAssumptions(assumptions);
      } catch (e) {
        throw new UsageError(`--assume ${(e as Error).message}`);
      }
    } else {
      values[arg.slice(2)] = value;
    }
  }
  for (const required of ['assembly', 'scenario']) {
    if (values[required] === undefined) {
      throw new UsageError(`option '--${required}' is required`);
    }
  }
  return {
    assembly: values.assembly,
    scenario: values.scenario,
    out: values.out ?? 'simulation',
    recordName: values['record-name'],
    summaryOnly,
    assumptions,
  };
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
