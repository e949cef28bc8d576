/**
 * The `drill` command and its subcommands (README, "Drills"; docs/drills.md):
 *
 *   cdk-active-active-failover drill plan --assembly cdk.out --region us-east-1 --fault cpu
 *   cdk-active-active-failover drill report --assembly cdk.out --experiment EXP123
 *
 * `drill plan` predicts a drill of the assembly under both profiles
 * (offline); `drill report` reads a real experiment and what it did from
 * AWS, read-only, and sets it against the plan (report-command.ts).
 */
import * as path from 'path';
import { DRILL_ASSUMPTIONS } from './assumptions';
import { ALL_MOVED_SHARE, planDrills, planText, summaryLines } from './plan';
import { drillReportCommand } from './report-command';
import { DRILL_FAULTS, DrillFault } from '../../model/drill/fis-actions';
import { readAssembly } from '../assembly';
import {
  ASSEMBLY_OPTION, COMMAND, EXIT_CODES, fromOption, HELP, OptionSpec, optionsHelp, outputFolder, parseOptions, RECORD_NAME_OPTION, requireOptions,
  runSubcommand, Subcommand, wrap, writeFiles,
} from '../cli-options';
import { InputError, SimulatorErrorId } from '../inputs';

/** `--fault`: one of the four drill faults. */
export const FAULT_OPTION: OptionSpec = {
  type: 'string',
  value: `<${DRILL_FAULTS.join(' | ')}>`,
  help: 'the fault of the drill (default: every fault the Region has a drill of, summary lines only)',
  check: values => faultOf(values[0]),
};

const PLAN_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'assembly': ASSEMBLY_OPTION,
  'region': { type: 'string', value: '<region>', help: 'the drilled Region (the tag cdk-active-active-failover:region of its drills); required' },
  'fault': FAULT_OPTION,
  'record-name': RECORD_NAME_OPTION,
  'out': { type: 'string', value: '<dir>', help: 'where to write the plan and the scenarios (default: drill-plan)' },
  'help': HELP,
};

/** The drill assumptions, for the usage. */
const DRILL_ASSUMPTIONS_HELP = `Drill assumptions (optimistic, documented), docs/simulator.md "Drill assumptions":
${Object.entries(DRILL_ASSUMPTIONS).map(([name, a]) => `  ${name.padEnd(30)}${a.optimistic}, ${a.documented} (${a.unit})`).join('\n')}`;

const PLAN_USAGE = `Usage: ${COMMAND} drill plan --assembly <dir> --region <region> [--fault <fault>] [options]

Finds the Region's drill of the fault (an AWS::FIS::ExperimentTemplate with the drill tags) in the
assembly, turns its action and parameters into a scenario of the simulator through the drill
assumptions, and prints the predicted timeline and summary under both profiles (optimistic, then
documented): when Route 53 reads the breach, when the Region leaves DNS, when pooled connections
have followed (its requests below ${ALL_MOVED_SHARE * 100} % of before), when it is back. Writes the
plan and each profile's scenario (a file 'simulate --scenario' reads) to the output folder. Without
--fault, plans every drill of the Region and prints one line per fault and profile. Offline.

Options:
${optionsHelp(PLAN_OPTIONS)}

${DRILL_ASSUMPTIONS_HELP}

${EXIT_CODES}`;

export const DRILL_SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  plan: { help: 'predict a drill of the assembly (a Region and a fault) under both profiles (offline)', run: drillPlanCommand },
  report: { help: 'set a real drill (an FIS experiment) against its plan, minute by minute (reads AWS)', run: (a, p, e) => drillReportCommand(a, p, e) },
};

/** Runs `drill <subcommand>`; returns the exit code (or its promise). */
export function drill(args: string[], print: (line: string) => void, printError: (line: string) => void = print): number | Promise<number> {
  return runSubcommand('drill', DRILL_SUBCOMMANDS, args, print, printError);
}

/** The fault of `--fault`, checked. */
export function faultOf(value: string): DrillFault {
  if (!(DRILL_FAULTS as readonly string[]).includes(value)) {
    throw new InputError(SimulatorErrorId.OPTION, `--fault must be one of ${DRILL_FAULTS.join(', ')}, got: '${value}'`);
  }
  return value as DrillFault;
}

function drillPlanCommand(args: string[], print: (line: string) => void): number {
  const options = parseOptions(args, PLAN_OPTIONS, PLAN_USAGE);
  if (options.has('help')) {
    print(PLAN_USAGE);
    return 0;
  }
  requireOptions(options, ['assembly', 'region'], PLAN_USAGE);
  const out = outputFolder(options, 'drill-plan');
  const stacks = fromOption('assembly', () => readAssembly(options.get('assembly') as string));
  const region = options.get('region') as string;
  const fault = options.has('fault') ? faultOf(options.get('fault') as string) : undefined;
  const plans = planDrills(stacks, { region, fault, recordName: options.get('record-name') as string | undefined });
  const scenarios = Object.fromEntries(plans.flatMap(p => p.runs.map(r =>
    [`-${p.drill.fault}-${r.profile}.scenario.json`, JSON.stringify(r.model.scenario, undefined, 2) + '\n'])));
  const json = JSON.stringify(plans.map(p => ({
    drill: p.drill,
    runs: p.runs.map(r => ({
      profile: r.profile,
      formulas: r.model.formulas,
      tasks: r.model.tasks,
      selectedTasks: r.model.selectedTasks,
      milestones: r.milestones,
      summary: r.result.summary,
      warnings: r.result.warnings,
    })),
  })), undefined, 2) + '\n';
  const text = fault === undefined ? [`Drill plans of ${region} (minutes from each drill's start; back: from its end):`, ...summaryLines(plans)].join('\n')
    : planText(plans[0]);
  const base = path.join(out, `drill-${region}${fault === undefined ? '' : `-${fault}`}`);
  writeFiles(out, path.join(out, `drill-${region}`), { ...scenarios });
  writeFiles(out, base, { '.txt': `${text}\n`, '.json': json });
  print(text);
  print(wrap(`Written: ${base}.txt, ${base}.json and the scenarios ${Object.keys(scenarios).map(s => `drill-${region}${s}`).join(', ')} in ${out}`));
  return 0;
}
