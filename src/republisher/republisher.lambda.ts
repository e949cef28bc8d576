/**
 * The republisher: once a minute, publishes each republished signal's verdict
 * (decided from its recent percentile or metric-math values), each mirrored
 * alarm's state as a 0/1 metric, and each evacuation switch's position from its
 * parameter, so that Route 53 health checks can follow them; then its own
 * heartbeat. Also called on alarm state changes, for a faster mirror datapoint.
 *
 * Each step runs even when another failed (a verdict is not held back by an
 * alarm that cannot be described); the heartbeat goes out only when every step
 * succeeded, and a failed run throws its first error. Every run logs one JSON
 * line (see RunLog). A thin shell over ../model/republisher: every decision is
 * made there.
 */
import {
  CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand, PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AlarmStateEvent, MirroredAlarmConfig, RepublisherConfig, SwitchConfig, TickEvent } from '../model/republisher/config';
import { parseEvent } from '../model/republisher/event';
import {
  batches, buildQueries, checkMetricDataPage, Datum, floorToMinute, heartbeatDatum, MAX_METRIC_DATA_PAGES, mergeSeries,
  METRIC_DATA_RETRIES, metricDataRetryDelayMs, MetricDataMessage, MetricDataPageCheck, mirrorDecisions, ReadWindow, readWindow,
  SeriesResult, switchDecisions, verdictReports,
} from '../model/republisher/logic';
import { checkMetricDataResponse } from '../model/republisher/metric-data-response';

/** PutMetricData takes at most 1,000 datums a call; stay well under the 1 MB payload. */
const PUT_BATCH = 500;
/** DescribeAlarms takes at most 100 alarm names a call. */
const DESCRIBE_BATCH = 100;
/** GetParameters takes at most 10 names a call. */
const PARAMETER_BATCH = 10;

// Few SDK attempts: the next run is a minute away, and runs must not pile up.
const cloudwatch = new CloudWatchClient({ maxAttempts: 3 });
const ssm = new SSMClient({ maxAttempts: 3 });

/** What one invocation did. */
export interface RepublishResult {
  /** Datapoints published, the heartbeat aside. */
  readonly published: number;
}

/** The one JSON line each invocation logs. */
export interface RunLog {
  readonly logType: 'republisherRun';
  /** 'tick', 'alarmState', or 'invalid' for an event that failed its checks. */
  kind: string;
  /** The minute the datapoints are stamped with (ISO 8601). */
  runMinute?: string;
  outcome: 'ok' | 'failed';
  /** Datapoints PutMetricData accepted, the heartbeat aside. */
  published: number;
  heartbeat: boolean;
  verdicts: { signal: string; dimensions: string; verdict: 0 | 1; minutesWithData: number }[];
  mirrors: { alarmName: string; state?: string; value: number }[];
  switches: { parameterName: string; value: number }[];
  skipped: { item: string; reason: string }[];
  /** GetMetricData pages read (over all attempts) and calls made again after an InternalError. */
  metricDataPages: number;
  retries: number;
  messages: MetricDataMessage[];
  warnings: string[];
  errors: { step: string; id?: string; name: string; message: string }[];
  durationMs: number;
}

export async function handler(event: unknown): Promise<RepublishResult> {
  const started = Date.now();
  const log: RunLog = {
    logType: 'republisherRun',
    kind: 'invalid',
    outcome: 'failed',
    published: 0,
    heartbeat: false,
    verdicts: [],
    mirrors: [],
    switches: [],
    skipped: [],
    metricDataPages: 0,
    retries: 0,
    messages: [],
    warnings: [],
    errors: [],
    durationMs: 0,
  };
  try {
    const checked = parseEvent(event);
    log.kind = checked.kind;
    const result = checked.kind === 'alarmState' ? await alarmState(checked, log) : await tick(checked, log);
    log.outcome = 'ok';
    return result;
  } catch (error) {
    if (log.errors.length === 0) {
      log.errors.push(describeError(log.kind === 'invalid' ? 'event' : 'run', error));
    }
    throw error;
  } finally {
    log.durationMs = Date.now() - started;
    console.log(JSON.stringify(log));
  }
}

/** Runs `steps` in order, each even if an earlier one failed; then throws the first error, if any. */
class Steps {
  private readonly failures: unknown[] = [];

  constructor(private readonly log: RunLog) {}

  public get failed(): boolean {
    return this.failures.length > 0;
  }

  public async run(step: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.failures.push(error);
      this.log.errors.push(describeError(step, error));
    }
  }

  public finish(): void {
    if (this.failed) {
      throw this.failures[0];
    }
  }
}

async function tick(event: TickEvent, log: RunLog): Promise<RepublishResult> {
  const config = event.config;
  const now = Date.now();
  const runMinute = floorToMinute(now);
  log.runMinute = new Date(runMinute).toISOString();
  const steps = new Steps(log);
  const datums: Datum[] = [];
  let switchDatums = new Map<string, Datum[]>();
  if (config.signals.length > 0) {
    await steps.run('GetMetricData', async () => {
      datums.push(...await verdicts(config, readWindow(now, config.windowMinutes), runMinute, log));
    });
  }
  if (config.mirrors.length > 0) {
    await steps.run('DescribeAlarms', async () => {
      datums.push(...mirrored(config.mirrors, await describeStates(config.mirrors), runMinute, log));
    });
  }
  if (config.switches.length > 0) {
    await steps.run('GetParameters', async () => {
      switchDatums = positions(config.switches, await readParameters(config.switches), runMinute, log);
    });
  }
  for (const [namespace, list] of switchDatums) {
    await steps.run('PutMetricData', () => put(namespace, list, log));
  }
  // The heartbeat goes with the last call, and only when every step so far succeeded.
  const heartbeat = steps.failed ? undefined : heartbeatDatum(config.heartbeat, runMinute);
  await steps.run('PutMetricData', () => put(config.namespace, datums, log, heartbeat));
  log.heartbeat = heartbeat !== undefined && !steps.failed;
  steps.finish();
  return { published: log.published };
}

/** Every signal's verdict at `runMinute`, from the window's values. */
async function verdicts(config: RepublisherConfig, window: ReadWindow, runMinute: number, log: RunLog): Promise<Datum[]> {
  const series = mergeSeries(await readSeries(config, window, log));
  return verdictReports(config.signals, series, window, runMinute).map(report => {
    log.verdicts.push({
      signal: report.datum.MetricName,
      dimensions: report.datum.Dimensions.map(d => `${d.Name}=${d.Value}`).join(','),
      verdict: report.verdict,
      minutesWithData: report.minutesWithData,
    });
    return report.datum;
  });
}

/**
 * The window's series, every page of one GetMetricData call. A call whose
 * results report InternalError is made again from its first page, at most
 * METRIC_DATA_RETRIES times; Forbidden and a NextToken that never ends fail at once.
 */
async function readSeries(config: RepublisherConfig, window: ReadWindow, log: RunLog): Promise<SeriesResult[][]> {
  for (let retry = 0; ; retry++) {
    const { pages, check } = await readPages(config, window, log);
    const queries = (status: string) => check.statuses[status]?.join(', ');
    const messages = check.messages.length > 0 ? ` Messages: ${JSON.stringify(check.messages)}.` : '';
    const nothing = 'No verdict is published this run: the signals\' health checks keep their last status until a run succeeds.';
    if (check.action === 'done') {
      return pages;
    } else if (check.action === 'forbidden') {
      throw new Error('[AAF-REPUBLISHER-METRIC-DATA-FORBIDDEN] GetMetricData returned StatusCode Forbidden for queries '
        + `${queries('Forbidden')}, expected Complete: the function may not read these metrics.${messages} ${nothing} Fix: check the `
        + 'metrics\' account and Region and the permissions of the function\'s role (cloudwatch:GetMetricData).');
    } else if (check.action === 'tooManyPages') {
      throw new Error(`[AAF-REPUBLISHER-METRIC-DATA-PAGES] GetMetricData still returned a NextToken after ${MAX_METRIC_DATA_PAGES} `
        + `pages, expected the ${window.minutes.length} minutes of ${buildQueries(config.signals).length} queries in far fewer; `
        + `stopped rather than page forever. ${nothing}`);
    } else if (retry >= METRIC_DATA_RETRIES) {
      throw new Error('[AAF-REPUBLISHER-METRIC-DATA-INTERNAL] GetMetricData returned StatusCode InternalError for queries '
        + `${queries('InternalError')} in ${retry + 1} attempts, expected Complete.${messages} ${nothing} The next run tries again.`);
    }
    log.retries++;
    await new Promise(resolve => setTimeout(resolve, metricDataRetryDelayMs(retry)));
  }
}

/** The pages of one GetMetricData call, until its last page or the first page that asks for something else. */
async function readPages(config: RepublisherConfig, window: ReadWindow, log: RunLog) {
  const pages: SeriesResult[][] = [];
  let nextToken: string | undefined;
  for (let page = 1; ; page++) {
    const response = await cloudwatch.send(new GetMetricDataCommand({
      MetricDataQueries: buildQueries(config.signals),
      StartTime: window.start,
      EndTime: window.end,
      ScanBy: 'TimestampAscending',
      NextToken: nextToken,
    }));
    log.metricDataPages++;
    const shape = checkMetricDataResponse(response, window);
    log.warnings.push(...shape.warnings);
    if (shape.problems.length > 0) {
      throw new Error(`[AAF-REPUBLISHER-METRIC-DATA-MALFORMED] GetMetricData's page ${page} cannot be read: ${shape.problems.join('; ')}. `
        + 'Expected MetricDataResults: a list of {Id, StatusCode, Timestamps, Values}, with as many Timestamps as Values. No verdict '
        + 'is published this run: the signals\' health checks keep their last status until a run succeeds. Fix: check what answers '
        + 'the function\'s CloudWatch calls (a proxy or VPC endpoint in front of CloudWatch, the SDK bundled with the function).');
    }
    const results = response.MetricDataResults ?? [];
    const check: MetricDataPageCheck = checkMetricDataPage(results, response.NextToken, page, response.Messages);
    log.messages.push(...check.messages);
    log.warnings.push(...check.warnings);
    pages.push(results);
    if (check.action !== 'nextPage') {
      return { pages, check };
    }
    nextToken = response.NextToken;
  }
}

/** The switches' datapoints by namespace, given their parameters; what is skipped goes to the log. */
function positions(switches: SwitchConfig[], parameters: Map<string, string>, runMinute: number, log: RunLog): Map<string, Datum[]> {
  const byNamespace = new Map<string, Datum[]>();
  for (const d of switchDecisions(switches, parameters, runMinute)) {
    if (d.datum) {
      byNamespace.set(d.namespace, [...byNamespace.get(d.namespace) ?? [], d.datum]);
      log.switches.push({ parameterName: d.parameterName, value: d.datum.Value });
    } else {
      log.skipped.push({ item: `switch ${d.parameterName}`, reason: d.skipped ?? '' });
    }
  }
  return byNamespace;
}

/** The mirrors' datapoints, given the alarms' states; what is skipped goes to the log. */
function mirrored(mirrors: MirroredAlarmConfig[], states: Map<string, string>, minute: number, log: RunLog): Datum[] {
  return mirrorDecisions(mirrors, states, minute).flatMap(d => {
    if (!d.datum) {
      log.skipped.push({ item: `alarm ${d.alarmName}`, reason: d.skipped ?? '' });
      return [];
    }
    log.mirrors.push({ alarmName: d.alarmName, state: d.state, value: d.datum.Value });
    return [d.datum];
  });
}

async function alarmState(event: AlarmStateEvent, log: RunLog): Promise<RepublishResult> {
  const minute = floorToMinute(Date.parse(event.time));
  log.runMinute = new Date(minute).toISOString();
  const mirrors = event.config.mirrors.filter(m => m.alarmName === event.alarmName);
  if (mirrors.length === 0) {
    log.skipped.push({ item: `alarm ${event.alarmName}`, reason: 'not mirrored by this republisher' });
  }
  const datums = mirrored(mirrors, new Map([[event.alarmName, event.state]]), minute, log);
  const steps = new Steps(log);
  await steps.run('PutMetricData', () => put(event.config.namespace, datums, log));
  steps.finish();
  return { published: log.published };
}

/** The switches' parameters that exist, by name (GetParameters leaves out the absent ones). */
async function readParameters(switches: SwitchConfig[]): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  for (const names of batches(switches.map(s => s.parameterName), PARAMETER_BATCH)) {
    const response = await ssm.send(new GetParametersCommand({ Names: names }));
    for (const parameter of response.Parameters ?? []) {
      if (parameter.Name && parameter.Value !== undefined) {
        values.set(parameter.Name, parameter.Value);
      }
    }
  }
  return values;
}

async function describeStates(mirrors: MirroredAlarmConfig[]): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  for (const names of batches(mirrors.map(m => m.alarmName), DESCRIBE_BATCH)) {
    const response = await cloudwatch.send(new DescribeAlarmsCommand({
      AlarmNames: names, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: DESCRIBE_BATCH,
    }));
    for (const alarm of [...response.MetricAlarms ?? [], ...response.CompositeAlarms ?? []]) {
      if (alarm.AlarmName && alarm.StateValue) {
        states.set(alarm.AlarmName, alarm.StateValue);
      }
    }
  }
  return states;
}

/** Publishes `datums`, then `heartbeat` (in the last call); the log counts the datums accepted. */
async function put(namespace: string, datums: Datum[], log: RunLog, heartbeat?: Datum): Promise<void> {
  for (const batch of batches(heartbeat ? [...datums, heartbeat] : datums, PUT_BATCH)) {
    await cloudwatch.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: batch }));
    log.published += batch.filter(d => d !== heartbeat).length;
  }
}

function describeError(step: string, error: unknown): RunLog['errors'][number] {
  const message = error instanceof Error ? error.message : String(error);
  return { step, id: /^\[(AAF-[A-Z0-9-]+)\]/.exec(message)?.[1], name: error instanceof Error ? error.name : typeof error, message };
}
