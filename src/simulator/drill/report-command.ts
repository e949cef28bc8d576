/**
 * The command line of `drill report` (README, "Drills"), and the report as
 * text: the real drill against its plan, minute by minute, then the
 * milestones side by side with their differences.
 *
 *   cdk-active-active-failover drill report --assembly cdk.out --experiment EXPabc123
 */
import * as path from 'path';
import { DRILL_REPORT } from './aws';
import { LEAD_MINUTES } from './formulas';
import { drillTitle, Milestones } from './plan';
import { drillReport, DrillReport, ReportEnvironment } from './report';
import { ASSEMBLY_OPTION, COMMAND, EXIT_CODES, HELP, OptionSpec, optionsHelp, outputFolder, parseOptions, RECORD_NAME_OPTION, requireOptions, writeFiles } from '../cli-options';

const REPORT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'assembly': ASSEMBLY_OPTION,
  'experiment': { type: 'string', value: '<id>', help: 'the FIS experiment\'s id (EXP...); required' },
  'region': { type: 'string', value: '<region>', help: 'where the experiment ran (default: each Region that holds a drill template, until one knows it)' },
  'record-name': RECORD_NAME_OPTION,
  'out': { type: 'string', value: '<dir>', help: 'where to write drill-report-<id>.txt and .json (default: drill-report)' },
  'help': HELP,
};

const REPORT_USAGE = `Usage: ${COMMAND} ${DRILL_REPORT} --assembly <dir> --experiment <id> [options]

Reads a drill's FIS experiment (fis:GetExperiment, fis:GetExperimentTemplate: its start, end, state
and which Region and fault it drilled), then what it did, one value a minute from 10 minutes before
its start to 30 after its planned end: each Region's Route 53 HealthCheckStatus (us-east-1, the health
check ids from the stacks), RequestCount and evacuation switch, and the drilled Region's signal alarm
histories. Prints it against the drill's plan (drill plan) minute by minute, then when the signal
breached, the Region left DNS, pooled connections followed and it came back, real against predicted.
Read-only. Needs the AWS SDK for JavaScript v3 clients (@aws-sdk/client-cloudwatch,
@aws-sdk/client-cloudformation, @aws-sdk/client-fis) and the policy of the README ("Drills").

Options:
${optionsHelp(REPORT_OPTIONS)}

${EXIT_CODES}`;

/** Runs `drill report`; returns the exit code. `env` replaces AWS and the clock (tests). */
export async function drillReportCommand(args: string[], print: (line: string) => void, _printError: (line: string) => void,
  env: ReportEnvironment = {}): Promise<number> {
  const options = parseOptions(args, REPORT_OPTIONS, REPORT_USAGE);
  if (options.has('help')) {
    print(REPORT_USAGE);
    return 0;
  }
  requireOptions(options, ['assembly', 'experiment'], REPORT_USAGE);
  const out = outputFolder(options, 'drill-report');
  const experimentId = options.get('experiment') as string;
  const report = await drillReport({
    assembly: options.get('assembly') as string,
    experimentId,
    region: options.get('region') as string | undefined,
    recordName: options.get('record-name') as string | undefined,
  }, env);
  const text = reportText(report);
  const base = path.join(out, `drill-report-${experimentId.replace(/[^A-Za-z0-9_-]/g, '_')}`);
  writeFiles(out, base, { '.txt': `${text}\n`, '.json': JSON.stringify(reportJson(report), undefined, 2) + '\n' });
  print(text);
  print(`Written: ${base}.txt, ${base}.json`);
  return 0;
}

const MILESTONES: [string, keyof Milestones][] = [['signal breach', 'breach'], ['out of DNS', 'out'], ['all requests moved', 'allMoved'],
  ['back after the end', 'back']];

/** Real minus predicted, per milestone; undefined where either never happened. */
export function differences(real: Milestones, predicted: Milestones): Partial<Record<keyof Milestones, number>> {
  return Object.fromEntries(MILESTONES.map(([, k]) => [k, real[k] === undefined || predicted[k] === undefined ? undefined
    : real[k]! - predicted[k]!]));
}

/** The report as text. */
export function reportText({ plan, real }: DrillReport): string {
  const runs = plan.runs;
  const documented = runs.find(r => r.profile === 'documented')!;
  const pct = (v: number | undefined) => (v === undefined ? '   -' : `${Math.round(v * 100)}%`.padStart(4));
  const cell = (healthy: boolean | undefined, share: number | undefined) => `${healthy === undefined ? '-' : healthy ? 'in' : 'OUT'} ${pct(share)}`.padEnd(9);
  const regions = real.regions.map(r => r.region);
  const lines = [
    `Drill report: experiment ${real.experimentId} in ${real.region} (${real.status}${real.reason ? `: ${real.reason}` : ''}), `
    + `started ${real.start.toISOString()}, ran ${real.durationMinutes} min; template ${real.templateId}.`,
    `The drill: ${drillTitle(plan.drill)}.`,
    '',
    'Minute by minute (0: the experiment\'s start). Per Region: real (Route 53 HealthCheckStatus of its records: in/OUT; its share of all',
    `requests), then the plan's ${runs.map(r => r.profile).join(' and ')} (in DNS; share of users). !: a signal alarm of ${plan.drill.region} `
    + 'in ALARM; E: the evacuation switch on.',
    `minute  UTC    ${regions.map(r => `| ${r.padEnd(9 * (1 + runs.length) + 2)}`).join('')}`,
  ];
  for (let i = 0; i < real.minutes; i++) {
    const m = i - LEAD_MINUTES;
    const total = real.regions.every(r => r.requests[i] !== undefined) ? real.regions.reduce((a, r) => a + r.requests[i]!, 0) : undefined;
    const cells = real.regions.map((r, j) => {
      const alarm = r.region === plan.drill.region && inAlarm(real, m) ? '!' : '';
      const switched = r.evacuated[i] !== undefined && r.evacuated[i]! >= 1 ? 'E' : '';
      const predicted = runs.map(run => {
        const minute = run.result.timeline[i]?.regions[run.result.regions.indexOf(regions[j])];
        return cell(minute?.healthy, minute?.share);
      });
      return `| ${cell(r.status[i] === undefined ? undefined : r.status[i] === 1, total ? (r.requests[i] ?? 0) / total : undefined)}`
        + `${predicted.join('')}${alarm}${switched}`.padEnd(9 * runs.length + 2);
    });
    const utc = new Date(real.windowStart.getTime() + i * 60_000).toISOString().slice(11, 16);
    lines.push(`${String(m).padStart(6)}  ${utc}  ${cells.join('')}`.trimEnd());
  }
  lines.push('', `Signal alarms of ${plan.drill.region}: ${real.alarms.length === 0 ? 'no state change in the window'
    : real.alarms.map(a => `${a.minute >= 0 ? '+' : ''}${a.minute} min ${a.alarmName} ${a.state}`).join('; ')}.`, '');
  const diff = differences(real.milestones, documented.milestones);
  const v = (x: number | undefined) => (x === undefined ? 'never' : `${x} min`).padStart(12);
  lines.push(`Milestones (minutes from the start; back: from the end)  ${'real'.padStart(12)}${runs.map(r => r.profile.padStart(12)).join('')}`
    + '  real - documented');
  for (const [label, key] of MILESTONES) {
    const d = diff[key];
    lines.push(`  ${label.padEnd(54)}${v(real.milestones[key])}${runs.map(r => v(r.milestones[key])).join('')}  `
      + `${d === undefined ? (real.milestones[key] === documented.milestones[key] ? 'both never' : 'only one happened') : `${d > 0 ? '+' : ''}${d} min`}`);
  }
  real.notes.forEach(n => lines.push(`Note: ${n}`));
  return lines.join('\n');
}

/** Whether one of the drilled Region's signal alarms is in ALARM during minute `m` (from the start). */
function inAlarm(real: DrillReport['real'], m: number): boolean {
  const latest = new Map<string, string>();
  for (const a of real.alarms.filter(x => x.minute <= m)) {
    latest.set(a.alarmName, a.state);
  }
  return [...latest.values()].includes('ALARM');
}

function reportJson({ plan, real }: DrillReport): object {
  return {
    real,
    drill: plan.drill,
    predicted: plan.runs.map(r => ({ profile: r.profile, milestones: r.milestones, formulas: r.model.formulas, summary: r.result.summary })),
    differencesFromDocumented: differences(real.milestones, plan.runs.find(r => r.profile === 'documented')!.milestones),
  };
}
