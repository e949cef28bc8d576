/**
 * CloudWatch as the simulator sees it: datapoints that become readable some
 * minutes after their timestamp (a first, partial read of a minute replaced
 * by the whole minute later), statistics over periods, and the evaluation
 * of an alarm (by CloudWatch, with TreatMissingData) or of Route 53's copy of
 * its settings (with InsufficientDataHealthStatus).
 *
 * Time is in whole minutes since the start of the simulation; a datapoint's
 * timestamp is the start of its minute.
 */
import { ROUTE53_STATISTICS } from '../model/route53-alarm-rules';

/** The statistics of one metric over one minute. */
export interface MinuteStats {
  readonly sum: number;
  readonly sampleCount: number;
  readonly minimum: number;
  readonly maximum: number;
  /** The value at a percentile (0 to 100); absent when the metric has no distribution. */
  readonly percentile?: (p: number) => number;
}

/** A single value published as a datapoint (PutMetricData). */
export function valueStats(value: number): MinuteStats {
  return { sum: value, sampleCount: 1, minimum: value, maximum: value };
}

interface StoredDatapoint {
  readonly stats: MinuteStats;
  readonly readableAt: number;
  /** A first read superseded by a fuller one: readable until then. */
  readonly until?: number;
}

/** A minute's datapoints, and the statistics already computed with the instants between which they hold. */
interface MinuteData {
  readonly points: StoredDatapoint[];
  cache?: Map<string, { readonly value: number | undefined; readonly from: number; readonly to: number }>;
}

/** Every datapoint of the simulation, by metric key and minute. */
export class MetricStore {
  private readonly data = new Map<string, Map<number, MinuteData>>();

  /**
   * Records a datapoint of `key` for `minute`, readable from `readableAt`
   * (and until `until`, when a fuller read of the same minute replaces it then).
   */
  public put(key: string, minute: number, stats: MinuteStats, readableAt: number, until?: number): void {
    const series = this.data.get(key) ?? new Map<number, MinuteData>();
    this.data.set(key, series);
    const data = series.get(minute) ?? { points: [] };
    data.points.push({ stats, readableAt, until });
    data.cache = undefined;
    series.set(minute, data);
  }

  /**
   * The statistic of `key` over the period [start, start + periodMinutes), as
   * readable at `at`; undefined when no datapoint of the period is readable.
   * Several datapoints in a period combine as CloudWatch combines them; a
   * percentile over several is approximated by the largest of theirs.
   */
  public statistic(key: string, start: number, periodMinutes: number, statistic: string, at: number): number | undefined {
    const series = this.data.get(key);
    if (!series) {
      return undefined;
    }
    if (periodMinutes === 1) {
      const data = series.get(start);
      return data === undefined ? undefined : minuteStatistic(data, statistic, at);
    }
    const points: MinuteStats[] = [];
    for (let m = start; m < start + periodMinutes; m++) {
      for (const p of series.get(m)?.points ?? []) {
        if (p.readableAt <= at && (p.until === undefined || at < p.until)) {
          points.push(p.stats);
        }
      }
    }
    return combine(points, statistic);
  }

  /**
   * Forgets the datapoints of minutes before `minute` (no read looks that
   * far back any more): a run of weeks keeps a window, not every minute.
   */
  public forget(minute: number): void {
    for (const series of this.data.values()) {
      for (const m of series.keys()) {
        if (m < minute) {
          series.delete(m);
        }
      }
    }
  }

  /**
   * From when the datapoints of the period, as recorded so far, read the same
   * forever: every read has arrived (-Infinity: none recorded).
   */
  public settledFrom(key: string, start: number, periodMinutes: number): number {
    let from = -Infinity;
    const series = this.data.get(key);
    for (let m = start; m < start + periodMinutes && series; m++) {
      for (const p of series.get(m)?.points ?? []) {
        from = Math.max(from, p.until ?? p.readableAt);
      }
    }
    return from;
  }
}

/** A statistic of one minute as readable at `at`, computed once for the instants it holds (reads are many, datapoints few). */
function minuteStatistic(data: MinuteData, statistic: string, at: number): number | undefined {
  const cached = data.cache?.get(statistic);
  if (cached !== undefined && cached.from <= at && at < cached.to) {
    return cached.value;
  }
  const points: MinuteStats[] = [];
  let [from, to] = [-Infinity, Infinity];
  for (const p of data.points) {
    if (p.readableAt > at) {
      to = Math.min(to, p.readableAt);
    } else if (p.until !== undefined && p.until <= at) {
      from = Math.max(from, p.until);
    } else {
      points.push(p.stats);
      from = Math.max(from, p.readableAt);
      to = Math.min(to, p.until ?? Infinity);
    }
  }
  const value = combine(points, statistic);
  data.cache ??= new Map();
  data.cache.set(statistic, { value, from, to });
  return value;
}

/** The statistic of datapoints combined; undefined for none. */
function combine(points: MinuteStats[], statistic: string): number | undefined {
  if (points.length === 0) {
    return undefined;
  }
  if (points.length === 1 && statistic !== 'Average' && percentileOf(statistic) === undefined) {
    const only = points[0];
    switch (statistic) {
      case 'Sum': return only.sum;
      case 'SampleCount': return only.sampleCount;
      case 'Minimum': return only.minimum;
      case 'Maximum': return only.maximum;
    }
  }
  const total = (f: (s: MinuteStats) => number) => points.reduce((a, s) => a + f(s), 0);
  switch (statistic) {
    case 'Sum': return total(s => s.sum);
    case 'SampleCount': return total(s => s.sampleCount);
    case 'Minimum': return Math.min(...points.map(s => s.minimum));
    case 'Maximum': return Math.max(...points.map(s => s.maximum));
    case 'Average': {
      const samples = total(s => s.sampleCount);
      return samples === 0 ? undefined : total(s => s.sum) / samples;
    }
    default: {
      const p = percentileOf(statistic);
      if (p === undefined) {
        throw new Error(`statistic '${statistic}' is not modelled`);
      }
      const values = points.filter(s => s.percentile).map(s => s.percentile!(p));
      return values.length === 0 ? undefined : Math.max(...values);
    }
  }
}

/** Whether the simulator can compute a statistic: the simple ones and percentiles pNN. */
export function isModelledStatistic(statistic: string | undefined): boolean {
  return statistic !== undefined && (ROUTE53_STATISTICS.includes(statistic) || percentileOf(statistic) !== undefined);
}

/** The percentile of a statistic such as 'p99' or 'p99.9'; undefined for other statistics. */
export function percentileOf(statistic: string): number | undefined {
  const match = /^p(\d{1,2}(?:\.\d+)?)$/i.exec(statistic);
  return match ? Number(match[1]) : undefined;
}

/** How an alarm (or Route 53's copy of it) reads its metric. */
export interface AlarmModel {
  readonly name: string;
  readonly region: string;
  /** The value of one period as readable at a time: `(periodStart, at) => value`. */
  readonly value: (periodStart: number, at: number) => number | undefined;
  readonly periodMinutes: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparisonOperator: string;
  readonly treatMissingData: string;
}

/** The state of an alarm. */
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** The status of a Route 53 health check's reading of an alarm's metric. */
export type MetricCheckReading = 'healthy' | 'unhealthy' | 'insufficient';

/** The undocumented parts of alarm evaluation, as assumptions. */
export interface EvaluationAssumptions {
  /**
   * How many periods more than EvaluationPeriods an evaluation looks back
   * (CloudWatch's "evaluation range"; its length is not documented).
   */
  readonly extraRangePeriods: number;
}

export function breaches(value: number, alarm: Pick<AlarmModel, 'threshold' | 'comparisonOperator'>): boolean {
  switch (alarm.comparisonOperator) {
    case 'GreaterThanThreshold': return value > alarm.threshold;
    case 'GreaterThanOrEqualToThreshold': return value >= alarm.threshold;
    case 'LessThanThreshold': return value < alarm.threshold;
    case 'LessThanOrEqualToThreshold': return value <= alarm.threshold;
    default: throw new Error(`comparison operator '${alarm.comparisonOperator}' is not modelled`);
  }
}

/**
 * The values of the evaluation range at `at`, oldest first: the
 * EvaluationPeriods + extra most recent periods that have ended. Alarms are
 * evaluated every minute over a sliding window, so the last period ends at `at`
 * whatever its length.
 */
function range(alarm: AlarmModel, at: number, assumptions: EvaluationAssumptions): (number | undefined)[] {
  const p = alarm.periodMinutes;
  const lastStart = at - p;
  const count = alarm.evaluationPeriods + assumptions.extraRangePeriods;
  const values: (number | undefined)[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const start = lastStart - i * p;
    values.push(start < 0 ? undefined : alarm.value(start, at));
  }
  return values;
}

/**
 * Route 53's reading of a CLOUDWATCH_METRIC health check at `at`: it
 * evaluates the metric with the alarm's settings (not the alarm's state).
 * With at least EvaluationPeriods datapoints in the range, the most recent
 * ones decide (all must breach: Route 53 reads no "M out of N"); with fewer,
 * the data is insufficient and the check's InsufficientDataHealthStatus
 * applies. TreatMissingData plays no part.
 */
export function route53Reading(alarm: AlarmModel, at: number, assumptions: EvaluationAssumptions): MetricCheckReading {
  const real = range(alarm, at, assumptions).filter((v): v is number => v !== undefined);
  if (real.length < alarm.evaluationPeriods) {
    return 'insufficient';
  }
  return real.slice(-alarm.evaluationPeriods).every(v => breaches(v, alarm)) ? 'unhealthy' : 'healthy';
}

/**
 * CloudWatch's evaluation of a metric alarm at `at` (as documented in "Configuring
 * how CloudWatch alarms treat missing data"): with at least EvaluationPeriods
 * datapoints in the range, the most recent ones decide; with fewer, missing
 * periods are filled as TreatMissingData says (`ignore` keeps the state,
 * `missing` judges the datapoints there are, INSUFFICIENT_DATA when none).
 */
export function alarmState(alarm: AlarmModel, at: number, previous: AlarmState, assumptions: EvaluationAssumptions): AlarmState {
  const values = range(alarm, at, assumptions);
  const real = values.filter((v): v is number => v !== undefined);
  let window: boolean[];
  if (real.length >= alarm.evaluationPeriods) {
    window = real.slice(-alarm.evaluationPeriods).map(v => breaches(v, alarm));
  } else {
    const recent = values.slice(-alarm.evaluationPeriods);
    switch (alarm.treatMissingData) {
      case 'breaching': window = recent.map(v => v === undefined || breaches(v, alarm)); break;
      case 'notBreaching': window = recent.map(v => v !== undefined && breaches(v, alarm)); break;
      case 'ignore': return real.length === 0 ? previous : judge(real.map(v => breaches(v, alarm)), alarm);
      default:
        if (real.length === 0) {
          return 'INSUFFICIENT_DATA';
        }
        window = real.map(v => breaches(v, alarm));
    }
  }
  return judge(window, alarm);
}

function judge(window: boolean[], alarm: AlarmModel): AlarmState {
  return window.filter(b => b).length >= alarm.datapointsToAlarm ? 'ALARM' : 'OK';
}
