/**
 * CloudWatch statistics as users write them, parsed by the grammar
 * aws-cdk-lib accepts (case-insensitive): the simple statistics and their
 * aliases, `IQM`, `pNN[.NN]`, `tmNN`, `wmNN`, `tcNN`, `tsNN`, and the ranged
 * forms `TM(a:b)`, `WM(a:b)`, `TC(a:b)`, `TS(a:b)`, `PR(a:b)` whose bounds
 * are both percentages or both values, one of them possibly empty, the lower
 * below the upper.
 *
 * This is the one place the library reads a statistic: the signals, the
 * strategies and the Route 53 alarm rules all call `parseStatistic`.
 * Sources: CloudWatch User Guide, "CloudWatch statistics definitions";
 * aws-cdk-lib `aws-cloudwatch/lib/private/statistic.ts`.
 */

/** What a statistic computes. */
export enum StatisticKind {
  /** Average, Minimum, Maximum, Sum, SampleCount: the only ones Route 53 reads. */
  SIMPLE = 'simple',
  PERCENTILE = 'percentile',
  TRIMMED_MEAN = 'trimmedMean',
  WINSORIZED_MEAN = 'winsorizedMean',
  /** A number of datapoints: not in the metric's unit. */
  TRIMMED_COUNT = 'trimmedCount',
  /** A sum of datapoints. */
  TRIMMED_SUM = 'trimmedSum',
  /** A percentage of datapoints: not in the metric's unit. */
  PERCENTILE_RANK = 'percentileRank',
}

/** A statistic, parsed. */
export interface ParsedStatistic {
  readonly kind: StatisticKind;
  /** The name CloudWatch expects: 'Average', 'p99', 'tm90', 'TM(10%:90%)' (also for 'IQM'). */
  readonly name: string;
}

/** The simple statistics and the aliases CloudWatch and aws-cdk-lib accept for them. */
const SIMPLE: Record<string, string> = {
  average: 'Average',
  avg: 'Average',
  minimum: 'Minimum',
  min: 'Minimum',
  maximum: 'Maximum',
  max: 'Maximum',
  sum: 'Sum',
  samplecount: 'SampleCount',
  n: 'SampleCount',
};

/** The statistics that take one percentage: `p99`, `tm90`. */
const SINGLE: Record<string, StatisticKind> = {
  p: StatisticKind.PERCENTILE,
  tm: StatisticKind.TRIMMED_MEAN,
  wm: StatisticKind.WINSORIZED_MEAN,
  tc: StatisticKind.TRIMMED_COUNT,
  ts: StatisticKind.TRIMMED_SUM,
};

/** The statistics that take a range: `TM(10%:90%)`, `PR(:0.5)`. */
const RANGED: Record<string, StatisticKind> = {
  pr: StatisticKind.PERCENTILE_RANK,
  tm: StatisticKind.TRIMMED_MEAN,
  wm: StatisticKind.WINSORIZED_MEAN,
  tc: StatisticKind.TRIMMED_COUNT,
  ts: StatisticKind.TRIMMED_SUM,
};

/** A bound of a range: a non-negative number, a percentage when it ends with '%'. */
const BOUND = /^(\d+(?:\.\d+)?)(%?)$/;

/**
 * Parses a statistic, or returns `undefined` when CloudWatch does not know it
 * (an alarm would fail to deploy; GetMetricData would refuse it).
 */
export function parseStatistic(statistic: string): ParsedStatistic | undefined {
  if (typeof statistic !== 'string') {
    return undefined; // from JavaScript or another jsii language, anything may arrive
  }
  const lower = statistic.trim().toLowerCase();
  if (SIMPLE[lower] !== undefined) {
    return { kind: StatisticKind.SIMPLE, name: SIMPLE[lower] };
  }
  if (lower === 'iqm') {
    // The interquartile mean is TM(25%:75%). Named so, because aws-cdk-lib renders 'IQM' as an alarm's
    // Statistic, which only takes the simple statistics, and as TM(...) as its ExtendedStatistic.
    return { kind: StatisticKind.TRIMMED_MEAN, name: 'TM(25%:75%)' };
  }
  const single = /^([a-z]+)(\d+(?:\.\d+)?)$/.exec(lower);
  if (single && SINGLE[single[1]] !== undefined) {
    return Number(single[2]) <= 100 ? { kind: SINGLE[single[1]], name: lower } : undefined;
  }
  const ranged = /^([a-z]+)\(([^()]*)\)$/.exec(lower);
  if (ranged && RANGED[ranged[1]] !== undefined && validRange(ranged[2])) {
    return { kind: RANGED[ranged[1]], name: `${ranged[1].toUpperCase()}(${ranged[2].replace(/\s/g, '')})` };
  }
  return undefined;
}

/** `a:b`: at least one bound, both percentages (at most 100) or both values. */
function validRange(range: string): boolean {
  const sides = range.split(':').map(s => s.trim());
  if (sides.length !== 2) {
    return false;
  }
  const bounds = sides.filter(s => s !== '').map(s => BOUND.exec(s));
  if (bounds.length === 0 || bounds.some(b => b === null)) {
    return false;
  }
  const percents = bounds.map(b => b![2] === '%');
  const sameKind = percents.every(p => p === percents[0]) && bounds.every(b => b![2] !== '%' || Number(b![1]) <= 100);
  // 'TM(90%:10%)' keeps the datapoints above the 90th and at most the 10th percentile: none. A range of
  // percentiles must be non-empty (lower below upper: the lower bound is exclusive); one of values may be a point.
  const [lower, upper] = sides.map(s => (s === '' ? undefined : Number(BOUND.exec(s)![1])));
  const ordered = lower === undefined || upper === undefined || (percents[0] ? lower < upper : lower <= upper);
  return sameKind && ordered;
}

/** A statistic's value is in the metric's unit (not a count, a sum or a percentage of datapoints). */
export function isInMetricUnit(parsed: ParsedStatistic): boolean {
  return parsed.kind === StatisticKind.PERCENTILE || parsed.kind === StatisticKind.TRIMMED_MEAN
    || parsed.kind === StatisticKind.WINSORIZED_MEAN
    || (parsed.kind === StatisticKind.SIMPLE && parsed.name !== 'Sum' && parsed.name !== 'SampleCount');
}
