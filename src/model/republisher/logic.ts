/**
 * The republisher's pure logic: which minutes to publish, the GetMetricData
 * queries, and how results become datapoints. No AWS calls, no CDK.
 */
import { MirroredAlarmConfig, PublishedMetricConfig, RepublishedSignalConfig } from './config';

const MINUTE_MS = 60_000;

/** A window of whole minutes: [start, end), and the minute starts in it. */
export interface PublishWindow {
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
 * The minutes a run at `now` (epoch milliseconds) publishes: the
 * `backfillMinutes` most recent minutes that ended at least `settleSeconds`
 * before the start of the current minute. The result depends only on the
 * minute of the run, so a duplicated run publishes the same minutes. A minute
 * whose data has settled gets the same value whichever run publishes it; data
 * that arrives after the settle delay can make a later run publish another
 * value for the same minute (the alarm then reads the larger).
 */
export function publishWindow(now: number, settleSeconds: number, backfillMinutes: number): PublishWindow {
  const end = floorToMinute(floorToMinute(now) - settleSeconds * 1000);
  const minutes = Array.from({ length: backfillMinutes }, (_, i) => end - (backfillMinutes - i) * MINUTE_MS);
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

/**
 * The datapoints of every signal for the window's minutes. A minute is
 * published only when its value is a finite number and at least one of the
 * signal's source metrics has data in it; nothing is invented for a minute
 * with no data.
 */
export function signalDatapoints(
  signals: RepublishedSignalConfig[], series: Map<string, Map<number, number>>, window: PublishWindow,
): Datum[] {
  const datums: Datum[] = [];
  for (const signal of signals) {
    for (const minute of window.minutes) {
      const present = signal.presenceIds.some(id => series.get(id)?.has(minute));
      const value = series.get(signal.valueId)?.get(minute);
      if (present && value !== undefined && Number.isFinite(value)) {
        datums.push(datum(signal.metric, minute, value));
      }
    }
  }
  return datums;
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

/** The datapoints that mirror the given alarm states at `minute`. */
export function mirrorDatapoints(mirrors: MirroredAlarmConfig[], states: Map<string, string>, minute: number): Datum[] {
  const datums: Datum[] = [];
  for (const mirror of mirrors) {
    const value = mirrorValue(states.get(mirror.alarmName), mirror.insufficientDataValue);
    if (value !== undefined) {
      datums.push(datum(mirror.metric, minute, value));
    }
  }
  return datums;
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
