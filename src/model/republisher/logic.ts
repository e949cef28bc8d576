/**
 * The republisher's pure logic: which minutes to read, the GetMetricData
 * queries, and how results become datapoints (verdicts, mirrored states,
 * switch positions, the heartbeat). No AWS calls, no CDK.
 */
import { switchPosition } from '../failback';
import { MirroredAlarmConfig, PublishedMetricConfig, RepublishedSignalConfig, SwitchConfig } from './config';
import { verdict } from './verdict';

const MINUTE_MS = 60_000;

/** A window of whole minutes: [start, end), and the minute starts in it. */
export interface ReadWindow {
  readonly start: Date;
  readonly end: Date;
  /** Minute starts, epoch milliseconds, oldest first. */
  readonly minutes: number[];
}

/** One series returned by GetMetricData (merged over pages). */
export interface SeriesResult {
  readonly Id?: string;
  readonly Timestamps?: Date[];
  readonly Values?: number[];
  readonly StatusCode?: string;
  readonly Messages?: { readonly Code?: string; readonly Value?: string }[];
}

/** A datapoint to publish. */
export interface Datum {
  readonly MetricName: string;
  readonly Dimensions: { Name: string; Value: string }[];
  readonly Timestamp: Date;
  readonly Value: number;
  readonly StorageResolution: number;
}

/** The start of the minute that contains `ms`. */
export function floorToMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

/**
 * The minutes a run at `now` (epoch milliseconds) reads: the `windowMinutes`
 * minutes before the run's own minute. It depends only on the minute of the
 * run, so a duplicated run reads (and publishes) the same.
 */
export function readWindow(now: number, windowMinutes: number): ReadWindow {
  const end = floorToMinute(now);
  const minutes = Array.from({ length: windowMinutes }, (_, i) => end - (windowMinutes - i) * MINUTE_MS);
  return { start: new Date(minutes[0]), end: new Date(end), minutes };
}

/** Every signal's queries, in one list for one GetMetricData call. */
export function buildQueries(signals: RepublishedSignalConfig[]) {
  return signals.flatMap(s => s.queries);
}

/** Merges the pages of GetMetricData results by query id. */
export function mergeSeries(pages: SeriesResult[][]): Map<string, Map<number, number>> {
  const series = new Map<string, Map<number, number>>();
  for (const result of pages.flat()) {
    if (!result.Id) {
      continue;
    }
    const points = series.get(result.Id) ?? new Map<number, number>();
    series.set(result.Id, points);
    (result.Timestamps ?? []).forEach((t, i) => {
      const value = result.Values?.[i];
      if (value !== undefined) {
        points.set(new Date(t).getTime(), value);
      }
    });
  }
  return series;
}

/** At most this many GetMetricData pages per run: a NextToken that never ends cannot loop forever. */
export const MAX_METRIC_DATA_PAGES = 20;

/** How many times a GetMetricData call whose results report InternalError is made again within a run. */
export const METRIC_DATA_RETRIES = 2;

/** The pause before retry `retry` (0-based) of a GetMetricData call: 250 ms, then 500 ms. */
export function metricDataRetryDelayMs(retry: number): number {
  return 250 * 2 ** retry;
}

/** A message GetMetricData returned, for one query or (without `query`) for the whole call. */
export interface MetricDataMessage {
  readonly query?: string;
  readonly code?: string;
  readonly value?: string;
}

/**
 * What a page of GetMetricData results asks of the caller: fail (a result is
 * Forbidden), call again from the first page (InternalError: "retry your
 * request"), read the next page (NextToken: PartialData means more data
 * follows), stop paging (too many pages), or go on with the data.
 */
export type MetricDataAction = 'forbidden' | 'retry' | 'nextPage' | 'tooManyPages' | 'done';

/** A page of GetMetricData results, checked. */
export interface MetricDataPageCheck {
  readonly action: MetricDataAction;
  /** The ids of the queries whose StatusCode is not Complete, by StatusCode. */
  readonly statuses: Record<string, string[]>;
  readonly messages: MetricDataMessage[];
  /** Anomalies that do not stop the run (the verdicts are decided from the data returned). */
  readonly warnings: string[];
}

/**
 * Checks page `page` (1-based) of a GetMetricData call: its results' status
 * codes, its NextToken and its messages. A result without a StatusCode counts
 * as Complete.
 */
export function checkMetricDataPage(
  results: SeriesResult[], nextToken: string | undefined, page: number, callMessages: { Code?: string; Value?: string }[] = [],
): MetricDataPageCheck {
  // A Map, not an object: a StatusCode such as "constructor" or "__proto__" must not find Object.prototype's members.
  const byStatus = new Map<string, string[]>();
  const messages: MetricDataMessage[] = callMessages.map(m => ({ code: m.Code, value: m.Value }));
  for (const result of results) {
    const status = result.StatusCode ?? 'Complete';
    if (status !== 'Complete') {
      byStatus.set(status, [...byStatus.get(status) ?? [], result.Id ?? '?']);
    }
    messages.push(...(result.Messages ?? []).map(m => ({ query: result.Id, code: m.Code, value: m.Value })));
  }
  const statuses: Record<string, string[]> = Object.fromEntries(byStatus);
  const warnings = [...byStatus]
    .filter(([status]) => !['Forbidden', 'InternalError', 'PartialData'].includes(status))
    .map(([status, ids]) => `unknown StatusCode ${JSON.stringify(status)} for ${ids.join(', ')}: its data is used as returned`);
  const action: MetricDataAction = byStatus.has('Forbidden') ? 'forbidden' : byStatus.has('InternalError') ? 'retry'
    : !nextToken ? 'done' : page >= MAX_METRIC_DATA_PAGES ? 'tooManyPages' : 'nextPage';
  if (action === 'done' && byStatus.has('PartialData')) {
    warnings.push(`StatusCode PartialData for ${byStatus.get('PartialData')!.join(', ')} without a NextToken: the verdicts are decided from the data returned`);
  }
  return { action, statuses, messages, warnings };
}

/**
 * A signal's value in each minute of the window (undefined: no data). A
 * minute has a value only when it is a finite number and at least one of the
 * signal's source metrics has data in it: nothing is made up for a minute
 * with no data (FILL() and constants alone do not count).
 */
export function minuteValues(signal: RepublishedSignalConfig, series: Map<string, Map<number, number>>, window: ReadWindow): (number | undefined)[] {
  return window.minutes.map((minute, i) => {
    const present = signal.presenceIds.some(id => series.get(id)?.has(minute));
    const value = series.get(signal.valueId)?.get(minute);
    // Without its sample count, a minute is judged only once it has settled: the count may just be late.
    const provisional = signal.sampleId !== undefined && !series.get(signal.sampleId)?.has(minute)
      && window.minutes.length - i < signal.rule.recoverySettleMinutes;
    return present && !provisional && value !== undefined && Number.isFinite(value) ? value : undefined;
  });
}

/** A signal's verdict at a run, and what it was decided from. */
export interface VerdictReport {
  readonly signal: RepublishedSignalConfig;
  /** The datapoint to publish: the verdict at the run's minute. */
  readonly datum: Datum;
  readonly verdict: 0 | 1;
  /** How many minutes of the window had a value. */
  readonly minutesWithData: number;
}

/** Every signal's verdict at `runMinute`, with how many minutes of the window had data. */
export function verdictReports(
  signals: RepublishedSignalConfig[], series: Map<string, Map<number, number>>, window: ReadWindow, runMinute: number,
): VerdictReport[] {
  return signals.map(signal => {
    const values = minuteValues(signal, series, window);
    const value = verdict(values, signal.rule);
    return { signal, datum: datum(signal.metric, runMinute, value), verdict: value, minutesWithData: values.filter(v => v !== undefined).length };
  });
}

/**
 * Every signal's verdict (1 unhealthy, 0 healthy), published with the run's
 * own minute `runMinute`: one datapoint per signal and run, whatever the data.
 */
export function signalVerdicts(
  signals: RepublishedSignalConfig[], series: Map<string, Map<number, number>>, window: ReadWindow, runMinute: number,
): Datum[] {
  return verdictReports(signals, series, window, runMinute).map(r => r.datum);
}

/**
 * How often a restored switch ('0') is published again: a Region out of DNS
 * gets a fresh datapoint every minute; one in DNS every 15 minutes, which
 * keeps its health check from resting for hours on a last known status, for
 * one PutMetricData call in 15.
 */
export const RESTORED_SWITCH_EVERY_MINUTES = 15;

/** What a run does with one switch: publish its position, or skip it (and why). */
export interface SwitchDecision {
  readonly parameterName: string;
  readonly namespace: string;
  /** The position to publish, if any. */
  readonly datum?: Datum;
  /** Why nothing is published, if so. */
  readonly skipped?: string;
}

/**
 * What to do with each switch at `runMinute`: publish 1 for a Region out of
 * DNS (every run): an operator's '1', or the failback latch's `latched` or
 * `latched until T` before T (model/failback.ts); 0 for an operator's '0'
 * (every RESTORED_SWITCH_EVERY_MINUTES minutes) and for a hold-down that has
 * ended (every run for RESTORED_SWITCH_EVERY_MINUTES minutes after T, so the
 * release is seen at once, then with the restored cadence); nothing for a
 * parameter that is absent or holds anything else (the switch's health check
 * then keeps its last status).
 */
export function switchDecisions(switches: SwitchConfig[], parameters: Map<string, string>, runMinute: number): SwitchDecision[] {
  const restoredTurn = (runMinute / MINUTE_MS) % RESTORED_SWITCH_EVERY_MINUTES === 0;
  return switches.map(s => {
    const value = parameters.get(s.parameterName);
    const decision = { parameterName: s.parameterName, namespace: s.namespace };
    const position = switchPosition(value, runMinute);
    const released = position.until !== undefined && runMinute - position.until < RESTORED_SWITCH_EVERY_MINUTES * MINUTE_MS;
    if (position.value === 1 || (position.value === 0 && (restoredTurn || released))) {
      return { ...decision, datum: datum(s.metric, runMinute, position.value) };
    }
    const skipped = value === undefined ? 'parameter absent (the switch was never set): its health check keeps its last status'
      : position.value === 0 ? `${value === '0' ? 'restored (\'0\')' : `released (${JSON.stringify(value)})`}: published every `
        + `${RESTORED_SWITCH_EVERY_MINUTES} minutes, not this minute`
        : `parameter holds ${JSON.stringify(value.slice(0, 40))}, expected '1' (evacuated), '0' (restored), 'latched' or 'latched until <ISO 8601 instant>'`;
    return { ...decision, skipped };
  });
}

/** The switch positions to publish at `runMinute` (see `switchDecisions`). */
export function switchDatapoints(
  switches: SwitchConfig[], parameters: Map<string, string>, runMinute: number,
): { namespace: string; datum: Datum }[] {
  return switchDecisions(switches, parameters, runMinute).flatMap(d => (d.datum ? [{ namespace: d.namespace, datum: d.datum }] : []));
}

/** The heartbeat of a run that did all its work. */
export function heartbeatDatum(heartbeat: PublishedMetricConfig, runMinute: number): Datum {
  return datum(heartbeat, runMinute, 1);
}

/**
 * The 0/1 value that mirrors an alarm state: 1 in ALARM, 0 when OK, the
 * configured value when INSUFFICIENT_DATA, nothing for an unknown state.
 */
export function mirrorValue(state: string | undefined, insufficientDataValue: number): number | undefined {
  switch (state) {
    case 'ALARM': return 1;
    case 'OK': return 0;
    case 'INSUFFICIENT_DATA': return insufficientDataValue;
    default: return undefined;
  }
}

/** What a run does with one mirrored alarm: publish its 0/1 value, or skip it (and why). */
export interface MirrorDecision {
  readonly alarmName: string;
  readonly state?: string;
  readonly datum?: Datum;
  readonly skipped?: string;
}

/** What to do with each mirror, given the alarm states that were read (by name). */
export function mirrorDecisions(mirrors: MirroredAlarmConfig[], states: Map<string, string>, minute: number): MirrorDecision[] {
  return mirrors.map(mirror => {
    const state = states.get(mirror.alarmName);
    const value = mirrorValue(state, mirror.insufficientDataValue);
    if (value !== undefined) {
      return { alarmName: mirror.alarmName, state, datum: datum(mirror.metric, minute, value) };
    }
    const skipped = state === undefined ? 'alarm not found (deleted, renamed, or not readable by the function)'
      : `unknown alarm state ${JSON.stringify(state)}`;
    return { alarmName: mirror.alarmName, state, skipped };
  });
}

/** The datapoints that mirror the given alarm states at `minute`. */
export function mirrorDatapoints(mirrors: MirroredAlarmConfig[], states: Map<string, string>, minute: number): Datum[] {
  return mirrorDecisions(mirrors, states, minute).flatMap(d => (d.datum ? [d.datum] : []));
}

/** Splits a list into batches of at most `size` items. */
export function batches<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

function datum(metric: PublishedMetricConfig, minute: number, value: number): Datum {
  return {
    MetricName: metric.MetricName,
    Dimensions: metric.Dimensions.map(d => ({ Name: d.Name, Value: d.Value })),
    Timestamp: new Date(minute),
    Value: value,
    StorageResolution: 60,
  };
}
