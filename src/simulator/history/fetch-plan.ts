/**
 * What `history fetch` asks CloudWatch for, decided before the first call:
 * the window (whole minutes, ending at the current minute) and the chunks,
 * each one GetMetricData call of one Region within the API's limits, and what
 * they cost.
 *
 * GetMetricData takes at most 500 queries and returns at most 100,800
 * datapoints a call (more pages with NextToken); a chunk holds as many of a
 * Region's series as fit whole into 100,800 datapoints (5 series of 14 days
 * of minutes, 4 of 15 days), so every series is requested once over the whole
 * window: the fewest metrics billed. A window longer than 100,800 minutes
 * (70 days, beyond CloudWatch's 1-minute retention) would be cut into time
 * windows of one series each.
 *
 * Sources: GetMetricData's limits and its billing per metric requested
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html,
 * https://aws.amazon.com/cloudwatch/pricing/); CloudWatch keeps 1-minute data
 * for 15 days, then 5-minute data for 63 days
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#metrics-retention).
 */
import { HISTORY_PERIOD_SECONDS, SeriesKey } from './format';
import { InputError, SimulatorErrorId } from '../inputs';

/** GetMetricData's limits per call. */
export interface GetMetricDataLimits {
  /** MetricDataQuery structures per call. */
  readonly maxQueries: number;
  /** Datapoints a call returns before it paginates. */
  readonly maxDatapoints: number;
}

/** The limits AWS documents. */
export const GET_METRIC_DATA_LIMITS: GetMetricDataLimits = { maxQueries: 500, maxDatapoints: 100_800 };

/** CloudWatch keeps 1-minute datapoints for 15 days (then 5-minute ones for 63 days). */
export const ONE_MINUTE_RETENTION_DAYS = 15;

/** GetMetricData's price in us-east-1, per 1,000 metrics requested (other Regions may differ). */
export const USD_PER_1000_METRICS = 0.01;

const MINUTE_MS = HISTORY_PERIOD_SECONDS * 1000;

/** The minutes fetched. */
export interface FetchWindow {
  /** The first minute (inclusive), on a whole minute. */
  readonly start: Date;
  /** The end (exclusive): the current minute, which is not complete yet. */
  readonly end: Date;
  readonly minutes: number;
}

/** The `days` before the current minute: end = now floored to the minute, start = end - days. */
export function fetchWindow(nowMs: number, days: number): FetchWindow {
  const minutes = days * 24 * 60;
  const end = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
  return { start: new Date(end - minutes * MINUTE_MS), end: new Date(end), minutes };
}

/** The number of days of `--days`, checked: a whole number from 1 to 15. */
export function checkDays(value: string): number {
  const days = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(days >= 1 && days <= ONE_MINUTE_RETENTION_DAYS)) {
    throw new InputError(SimulatorErrorId.OPTION, `--days takes a whole number of days from 1 to ${ONE_MINUTE_RETENTION_DAYS}, got: '${value}'. `
      + `CloudWatch keeps 1-minute datapoints for ${ONE_MINUTE_RETENTION_DAYS} days only (then 5-minute ones for 63 days), and a history holds `
      + 'one value per minute (docs/calibration.md, "Fetching").');
  }
  return days;
}

/** One GetMetricData call (and its pages): some series of one Region over some minutes. */
export interface FetchChunk {
  readonly index: number;
  readonly region: string;
  /** Indexes into the series list, in order. */
  readonly series: readonly number[];
  /** The chunk's first minute, from the window's start. */
  readonly fromMinute: number;
  readonly minutes: number;
}

/** The chunks of `series` over `minutes`, Region by Region, within `limits`. */
export function planChunks(series: readonly SeriesKey[], minutes: number, limits: GetMetricDataLimits = GET_METRIC_DATA_LIMITS): FetchChunk[] {
  const windowMinutes = Math.min(minutes, limits.maxDatapoints);
  const windows = Math.ceil(minutes / windowMinutes);
  const perCall = Math.max(1, Math.min(limits.maxQueries, Math.floor(limits.maxDatapoints / windowMinutes)));
  const regions = [...new Set(series.map(s => s.region))];
  const chunks: FetchChunk[] = [];
  for (const region of regions) {
    const indexes = series.flatMap((s, i) => (s.region === region ? [i] : []));
    // Balanced groups: 6 series at 5 a call are 3 + 3, not 5 + 1.
    const groups = Math.ceil(indexes.length / perCall);
    const size = Math.ceil(indexes.length / groups);
    for (let w = 0; w < windows; w++) {
      const fromMinute = w * windowMinutes;
      for (let g = 0; g < groups; g++) {
        chunks.push({
          index: chunks.length,
          region,
          series: indexes.slice(g * size, (g + 1) * size),
          fromMinute,
          minutes: Math.min(windowMinutes, minutes - fromMinute),
        });
      }
    }
  }
  return chunks;
}

/** What the chunks cost: calls, metrics requested (what GetMetricData bills) and dollars at the us-east-1 price. */
export interface CostEstimate {
  readonly calls: number;
  readonly metrics: number;
  readonly usd: number;
}

/** The cost of fetching `chunks`, one call each (a call CloudWatch paginates costs its metrics again). */
export function costEstimate(chunks: readonly FetchChunk[]): CostEstimate {
  const metrics = chunks.reduce((n, c) => n + c.series.length, 0);
  // In millionths of a dollar first, so 18 metrics cost 0.00018, not 0.00017999999999999998.
  return { calls: chunks.length, metrics, usd: Math.round(metrics * USD_PER_1000_METRICS * 1000) / 1e6 };
}

/** The estimate as a sentence. */
export function costText(cost: CostEstimate): string {
  const usd = cost.usd === 0 ? '$0' : cost.usd < 0.01 ? `$${cost.usd.toPrecision(2)}` : `$${cost.usd.toFixed(2)}`;
  return `${cost.calls} GetMetricData ${cost.calls === 1 ? 'call' : 'calls'} requesting ${cost.metrics} ${cost.metrics === 1 ? 'metric' : 'metrics'}: `
    + `about ${usd} at $${USD_PER_1000_METRICS} per 1,000 metrics requested (the us-east-1 price; other Regions may differ: `
    + 'https://aws.amazon.com/cloudwatch/pricing/)';
}
