/**
 * `drill report`: what a real drill did, read from AWS (read-only), set
 * against its plan. In order:
 *
 * 1. Offline: the assembly's drills.
 * 2. `fis:GetExperiment` in each Region that holds a drill (or `--region`)
 *    until one knows the experiment; `fis:GetExperimentTemplate` for its
 *    template's tags: the drilled Region and fault, hence the drill of the
 *    assembly and its plan (plan.ts).
 * 3. The window: the plan's 10 minutes before the start to 30 after the
 *    planned end (never beyond now).
 * 4. The deployed ids of each Region's record health checks
 *    (`cloudformation:DescribeStackResources`) and each Region's load balancer
 *    (the same, through history/tokens.ts); `cloudwatch:GetMetricData`:
 *    Route 53's HealthCheckStatus (us-east-1), each Region's RequestCount and
 *    evacuation switch; `cloudwatch:DescribeAlarmHistory` of the drilled
 *    Region's signal alarms.
 * 5. The real milestones, read as the plan's are (plan.ts, Milestones).
 */
import { DrillAwsReader, sdkDrillReader } from './aws';
import { LEAD_MINUTES, TAIL_MINUTES } from './formulas';
import { ALL_MOVED_SHARE, DrillPlan, Milestones, planDrill } from './plan';
import { drillList, drillTemplates } from './templates';
import { DRILL_TAG_KEYS } from '../../model/drill/contract';
import { EVACUATION_NAMESPACE } from '../../model/namespaces';
import { readAssembly } from '../assembly';
import { MetricStatQuery } from '../aws/reader';
import { AwsCommandEnvironment } from '../aws/sdk';
import { fromOption } from '../cli-options';
import { normalize, StackTemplate } from '../dns';
import { failoverOf } from '../engine';
import { REQUEST_COUNT, sourceMetrics } from '../history/sources';
import { resolvedSeries, resolveTokens } from '../history/tokens';
import { InputError, SimulatorErrorId } from '../inputs';
import { renderString, Topology, readTopology } from '../topology';

const MINUTE_MS = 60_000;

/** What to report. */
export interface ReportOptions {
  readonly assembly: string;
  readonly experimentId: string;
  /** The Region where the experiment ran. @default - each Region that holds a drill, until one knows it */
  readonly region?: string;
  readonly recordName?: string;
}

/** Everything outside the report: AWS and the clock. Tests replace both. */
export interface ReportEnvironment extends AwsCommandEnvironment {
  /** @default sdkDrillReader() */
  readonly aws?: DrillAwsReader;
}

/** What AWS recorded of one Region, minute by minute over the window (undefined: no datapoint). */
export interface RegionRecord {
  readonly region: string;
  /** 1: every health check of its records healthy; 0: one unhealthy. */
  readonly status: (number | undefined)[];
  readonly requests: (number | undefined)[];
  readonly evacuated: (number | undefined)[];
}

/** A state change of one of the drilled Region's signal alarms, minutes from the experiment's start. */
export interface AlarmChange {
  readonly alarmName: string;
  readonly minute: number;
  readonly state: string;
}

/** The real drill. */
export interface RealDrill {
  readonly experimentId: string;
  readonly templateId: string;
  /** Where the experiment ran. */
  readonly region: string;
  readonly status: string;
  readonly reason?: string;
  /** The start's minute, and the minutes it ran (to now while it runs). */
  readonly start: Date;
  readonly durationMinutes: number;
  /** The first minute of the window (LEAD_MINUTES before the start) and its minutes. */
  readonly windowStart: Date;
  readonly minutes: number;
  readonly regions: RegionRecord[];
  readonly alarms: AlarmChange[];
  readonly milestones: Milestones;
  readonly notes: string[];
}

/** A real drill and its plan. */
export interface DrillReport {
  readonly plan: DrillPlan;
  readonly real: RealDrill;
}

/** Reads the experiment and what it did, and plans its drill. */
export async function drillReport(options: ReportOptions, env: ReportEnvironment = {}): Promise<DrillReport> {
  const stacks = fromOption('assembly', () => readAssembly(options.assembly));
  const topology = readTopology(stacks);
  const drills = drillTemplates(stacks);
  if (drills.length === 0) {
    throw new InputError(SimulatorErrorId.DRILL, `--assembly: '${options.assembly}' has no drill (no AWS::FIS::ExperimentTemplate with the tag `
      + `'${DRILL_TAG_KEYS.fault}'). Fix: give the assembly of the deployed app with its FailoverDrills.`);
  }
  const aws = env.aws ?? sdkDrillReader({ load: env.load, sleep: env.sleep });
  const { region, experiment } = await findExperiment(aws, options, [...new Set(drills.map(d => d.stackRegion))]);
  const template = await aws.getExperimentTemplate(region, experiment.experimentTemplateId ?? '');
  const tags = template?.tags ?? {};
  const drill = drills.find(d => d.region === tags[DRILL_TAG_KEYS.region] && d.fault === tags[DRILL_TAG_KEYS.fault]
    && d.failoverName === tags[DRILL_TAG_KEYS.failover]);
  if (drill === undefined) {
    throw new InputError(SimulatorErrorId.DRILL, `experiment ${options.experimentId} runs template ${experiment.experimentTemplateId}, whose tags `
      + `${JSON.stringify(tags)} name no drill of the assembly (its drills: ${drillList(drills)}). Fix: give the assembly of the app that deployed it.`);
  }
  const notes = parameterNotes(drill.parameters, template?.actions);
  const plan = planDrill(drill, topology, stacks, options.recordName);
  if (experiment.startTime === undefined) {
    throw new InputError(SimulatorErrorId.DRILL, `experiment ${options.experimentId} has not started (status ${experiment.state?.status}): nothing to report yet.`);
  }
  const nowMinute = Math.floor((env.now ?? Date.now)() / MINUTE_MS);
  const start = Math.floor(new Date(experiment.startTime).getTime() / MINUTE_MS);
  const endMs = experiment.endTime === undefined ? nowMinute * MINUTE_MS : new Date(experiment.endTime).getTime();
  // FIS bills the action to the nearest minute; the report counts the experiment's minutes the same way.
  const durationMinutes = Math.max(1, Math.round((endMs - new Date(experiment.startTime).getTime()) / MINUTE_MS));
  const windowStart = start - LEAD_MINUTES;
  const minutes = Math.max(1, Math.min(LEAD_MINUTES + drill.durationMinutes + TAIL_MINUTES, nowMinute - windowStart));
  if (durationMinutes !== drill.durationMinutes) {
    notes.push(`the experiment ran ${durationMinutes} min, the drill's duration is ${drill.durationMinutes} min (status ${experiment.state?.status}`
      + `${experiment.state?.reason ? `: ${experiment.state.reason}` : ''}): the plan assumes the full duration.`);
  }
  const window = { start: windowStart, minutes };
  const regions = await regionRecords(aws, topology, stacks, plan.runs[0].result.recordName, window, notes);
  const alarms = await alarmChanges(aws, topology, stacks, drill.region, window, start);
  const real: RealDrill = {
    experimentId: options.experimentId,
    templateId: experiment.experimentTemplateId ?? '',
    region,
    status: experiment.state?.status ?? 'unknown',
    reason: experiment.state?.reason,
    start: new Date(start * MINUTE_MS),
    durationMinutes,
    windowStart: new Date(windowStart * MINUTE_MS),
    minutes,
    regions,
    alarms,
    milestones: realMilestones(regions.find(r => r.region === drill.region)!, alarms, durationMinutes),
    notes,
  };
  return { plan, real };
}

async function findExperiment(aws: DrillAwsReader, options: ReportOptions, regions: string[]) {
  const searched = options.region === undefined ? regions : [options.region];
  for (const region of searched) {
    const experiment = await aws.getExperiment(region, options.experimentId);
    if (experiment !== undefined) {
      return { region, experiment };
    }
  }
  throw new InputError(SimulatorErrorId.DRILL, `--experiment: no experiment ${options.experimentId} in ${searched.join(', ')} `
    + `(${options.region === undefined ? 'the Regions of the assembly\'s drill templates' : '--region'}). Fix: give the id 'aws fis list-experiments' `
    + 'shows, and --region where it ran.');
}

/** Where the deployed template's parameters differ from the assembly's. */
function parameterNotes(planned: Readonly<Record<string, string>>,
  actions: Record<string, { parameters?: Record<string, string> }> | undefined): string[] {
  const deployed = Object.values(actions ?? {})[0]?.parameters ?? {};
  return Object.entries(deployed).filter(([k, v]) => planned[k] !== undefined && planned[k] !== v)
    .map(([k, v]) => `the deployed template's ${k} is ${v}, the assembly's ${planned[k]}: the plan follows the assembly (deploy it, or synthesize what is deployed).`);
}

/** The health checks of a Region's records of the name, down its alias chain: `<stack>/<logicalId>`. */
function recordChecks(topology: Topology, name: string, region: string, depth = 0): string[] {
  const records = topology.dns.records.filter(r => r.name === normalize(name) && r.type === 'A' && (r.region === region || r.region === undefined));
  return records.flatMap(r => [...r.healthCheckId === undefined ? [] : [r.healthCheckId],
    ...(r.aliasName !== undefined && depth < 3 ? recordChecks(topology, r.aliasName, region, depth + 1) : [])]);
}

/** The physical id of `<stack>/<logicalId>` (a health check's id, an alarm's name); undefined, with a note, when the stack does not give it. */
async function physicalId(aws: DrillAwsReader, stacks: readonly StackTemplate[], id: string, notes: string[]): Promise<string | undefined> {
  const stack = stacks.find(s => id.startsWith(`${s.stackName}/`));
  if (stack === undefined) {
    return undefined;
  }
  const resource = await aws.describeStackResource(stack.region, stack.deployedName ?? stack.stackName, id.slice(stack.stackName.length + 1));
  if (resource?.PhysicalResourceId === undefined) {
    notes.push(`${id} is not deployed in stack ${stack.deployedName ?? stack.stackName}: left out.`);
  }
  return resource?.PhysicalResourceId;
}

async function regionRecords(aws: DrillAwsReader, topology: Topology, stacks: StackTemplate[], recordName: string,
  window: { start: number; minutes: number }, notes: string[]): Promise<RegionRecord[]> {
  const { regions } = failoverOf(topology, recordName, 'reported');
  const checks = new Map<string, string[]>();
  for (const region of regions) {
    const ids = await Promise.all(recordChecks(topology, recordName, region).map(id => physicalId(aws, stacks, id, notes)));
    checks.set(region, ids.filter((x): x is string => x !== undefined));
  }
  const route53 = [...checks.values()].flat().map(id => query(`c${id.replace(/[^A-Za-z0-9]/g, '')}`, 'AWS/Route53', 'HealthCheckStatus',
    [{ Name: 'HealthCheckId', Value: id }], 'Minimum'));
  const statuses = await metricValues(aws, 'us-east-1', route53, window);
  const sources = sourceMetrics(topology, stacks, regions).filter(s => s.metricName === REQUEST_COUNT.metricName && s.statistic === 'Sum');
  // Tokens from the stacks only: the report's policy has no DescribeAlarms.
  const resolved = await resolveTokens({ topology, stacks, sources, aws: { ...aws, describeAlarms: async () => [] } });
  const series = resolvedSeries(sources, resolved);
  const records: RegionRecord[] = [];
  for (const region of regions) {
    const own = series.find(s => s.region === region);
    const sw = topology.switches.get(region)?.properties;
    const queries = [
      ...own ? [query('requests', own.namespace, own.metricName, own.dimensions, 'Sum')] : [],
      ...sw && sw.Namespace === EVACUATION_NAMESPACE ? [query('evacuated', sw.Namespace, sw.MetricName,
        (sw.Dimensions ?? []).map((d: any) => ({ Name: d.Name, Value: renderString(d.Value) })), 'Maximum')] : [],
    ];
    const values = await metricValues(aws, region, queries, window);
    const ids = (checks.get(region) ?? []).map(id => `c${id.replace(/[^A-Za-z0-9]/g, '')}`);
    records.push({
      region,
      status: Array.from({ length: window.minutes }, (_, m) => {
        const known = ids.map(id => statuses.get(id)?.[m]).filter((v): v is number => v !== undefined);
        return known.length === 0 ? undefined : known.some(v => v < 1) ? 0 : 1;
      }),
      requests: values.get('requests') ?? new Array(window.minutes).fill(undefined),
      evacuated: values.get('evacuated') ?? new Array(window.minutes).fill(undefined),
    });
  }
  return records;
}

function query(id: string, namespace: string, metricName: string, dimensions: readonly { Name: string; Value: string }[],
  stat: string): MetricStatQuery {
  return {
    Id: id,
    MetricStat: { Metric: { Namespace: namespace, MetricName: metricName, Dimensions: dimensions.map(d => ({ ...d })) }, Period: 60, Stat: stat },
    ReturnData: true,
  };
}

/** The queries' values, one per minute of the window, every page read (at most 500 queries). */
async function metricValues(aws: DrillAwsReader, region: string, queries: MetricStatQuery[], window: { start: number; minutes: number }) {
  const values = new Map(queries.map(q => [q.Id, new Array<number | undefined>(window.minutes).fill(undefined)]));
  if (queries.length === 0) {
    return values;
  }
  const request = {
    MetricDataQueries: queries,
    StartTime: new Date(window.start * MINUTE_MS),
    EndTime: new Date((window.start + window.minutes) * MINUTE_MS),
    ScanBy: 'TimestampAscending' as const,
  };
  let token: string | undefined;
  do {
    const page = await aws.getMetricData(region, { ...request, NextToken: token });
    for (const r of page.MetricDataResults ?? []) {
      const target = values.get(r.Id ?? '');
      (r.Timestamps ?? []).forEach((t, j) => {
        const m = Math.round(new Date(t).getTime() / MINUTE_MS) - window.start;
        if (target && m >= 0 && m < window.minutes && Number.isFinite(r.Values?.[j])) {
          target[m] = r.Values![j];
        }
      });
    }
    token = page.NextToken === token ? undefined : page.NextToken;
  } while (token);
  return values;
}

/** The state changes of the drilled Region's signal alarms (those its health checks follow, the switch's left out). */
async function alarmChanges(aws: DrillAwsReader, topology: Topology, stacks: StackTemplate[], region: string,
  window: { start: number; minutes: number }, start: number): Promise<AlarmChange[]> {
  const changes: AlarmChange[] = [];
  const alarms = [...topology.leafChecks.values()].map(c => c.alarm)
    .filter(a => a !== undefined && a.region === region && a.properties.Namespace !== EVACUATION_NAMESPACE);
  for (const alarm of alarms) {
    const name = typeof alarm!.properties.AlarmName === 'string' ? alarm!.name : await physicalId(aws, stacks, alarm!.id, []);
    if (name === undefined) {
      continue;
    }
    const items = await aws.describeAlarmHistory(region, name, new Date(window.start * MINUTE_MS),
      new Date((window.start + window.minutes) * MINUTE_MS));
    for (const item of items) {
      const state = newState(item.HistoryData, item.HistorySummary);
      if (state !== undefined && item.Timestamp !== undefined) {
        changes.push({ alarmName: name, minute: Math.floor(new Date(item.Timestamp).getTime() / MINUTE_MS) - start, state });
      }
    }
  }
  return changes.sort((a, b) => a.minute - b.minute || a.alarmName.localeCompare(b.alarmName));
}

/** The new state of a StateUpdate item: from its HistoryData, else its summary ("Alarm updated from OK to ALARM"). */
function newState(data: string | undefined, summary: string | undefined): string | undefined {
  try {
    const value = JSON.parse(data ?? '')?.newState?.stateValue;
    if (typeof value === 'string') {
      return value;
    }
  } catch {
    // not JSON: the summary says it
  }
  return / to (OK|ALARM|INSUFFICIENT_DATA)$/.exec(summary ?? '')?.[1];
}

/** The real milestones of the drilled Region, read as the plan's: minutes from the start (back: from the end). */
function realMilestones(record: RegionRecord, alarms: readonly AlarmChange[], durationMinutes: number): Milestones {
  const lead = record.requests.slice(0, LEAD_MINUTES).filter((v): v is number => v !== undefined);
  const before = lead.length === 0 ? undefined : lead.reduce((a, b) => a + b, 0) / lead.length;
  const find = (from: number, test: (m: number) => boolean) => {
    for (let m = from; m < record.status.length - LEAD_MINUTES; m++) {
      if (test(m)) {
        return m;
      }
    }
    return undefined;
  };
  const at = (m: number) => m + LEAD_MINUTES;
  const out = find(0, m => record.status[at(m)] === 0);
  const back = out === undefined ? undefined : find(Math.max(durationMinutes, out), m => record.status[at(m)] === 1);
  return {
    breach: alarms.find(a => a.state === 'ALARM' && a.minute >= 0)?.minute,
    out,
    allMoved: before === undefined || before === 0 ? undefined
      : find(0, m => record.requests[at(m)] !== undefined && record.requests[at(m)]! <= before * ALL_MOVED_SHARE),
    back: back === undefined ? undefined : back - durationMinutes,
  };
}
