/**
 * Synthetic histories: a seeded generator of realistic CloudWatch histories
 * for a failover's source metrics, with the article's gray failures planted
 * in them, for the tests, the benchmark and the docs' example
 * (`cdk-active-active-failover history generate`). The same seed gives the
 * same history; any seed gives one a naive one-minute alarm fails over on.
 *
 * The model, each part a named constant of generate-region.ts or
 * generate-plan.ts:
 *
 * - Traffic (requests a minute) follows a daily cycle in each Region's local
 *   (solar) time, its longitude / 15 hours from UTC: log-interpolated from a
 *   trough at 04:00 to a peak at 16:00, 30 % lower on local weekends, with
 *   correlated minute-to-minute noise (8 %) and Poisson counts. The first
 *   Region is the busiest (about 6,000 requests a minute at its peak, 400 at
 *   night), each next one 42 % of it; the last of two or more is quiet: about
 *   1,000 at its peak and 2 at night, so some night minutes have no request
 *   at all and, as the load balancer publishes counts only when they are not
 *   zero, no RequestCount datapoint (null). Sizes vary by up to 15 % with the
 *   seed.
 * - Response times (seconds, as TargetResponseTime) are a lognormal body
 *   (median 55 ms, 25 % slower at the peak, log spread 0.75) and a slow tail
 *   (0.3 % of requests around 1 s): a typical p99 of 0.3 to 0.5 s, every
 *   statistic from the minute's one distribution (generate-latency.ts), so
 *   p50 < p90 < p99 <= Maximum; with few requests, the sample's statistics.
 * - Errors: 0.2 % target 5xx of requests answered, 0.02 % failed
 *   connections and 0.01 % load-balancer 503s of requests, binomial, so a
 *   quiet night's rates are noisy (1 error in 3 requests is 33 %). Failed
 *   connections are requests the load balancer answers with a 502: ELB 502 =
 *   TargetConnectionErrorCount, ELB 5XX = 502s + 503s, targets answer the
 *   rest (SampleCount of TargetResponseTime), 2XX = answered less target 5xx.
 * - Harmless events (HARMLESS, per Region): 5xx bursts (2 a day, 1 to 3
 *   minutes at 8 to 20 %), latency spikes (3 a day, 1 to 2 minutes, p99 2.5
 *   to 5 s), rare connection-error blips (one every 2 days, 1 to 2 minutes at
 *   5 to 12 %), a deploy on most weekdays in local working hours (2 to 4
 *   minutes: CPU 80 to 97 %, p99 above 1 s, 1 to 3 % 5xx, a new target
 *   unhealthy) and gaps with no datapoint at all (1.5 a day, 1 to 3 minutes,
 *   every series). Each reaches an incident's magnitude and lasts at most
 *   MAX_HARMLESS_MINUTES (4): a setting that waits 5 minutes ignores them, a
 *   one-minute alarm fails over on them. They keep 15 minutes apart and away
 *   from the planted incidents.
 * - Planted incidents (generate-plan.ts): the four gray failures at their
 *   magnitude for their duration, each changing its own signal only (a
 *   gray-p99 keeps the average under 200 ms).
 * - Every series of a Region describes one service behind one load balancer:
 *   series that differ only in their dimensions hold the same values; ECS and
 *   EC2 CPUUtilization are the same. Route 53's health checkers' requests
 *   (probe traffic) are not in the counts.
 *
 * Draws come from streams keyed by the seed, the Region and what is drawn
 * (counts from a new stream each hour), so an incident changes the minutes
 * it covers and leaves the others as they were.
 */
import {
  History, HistorySeries, isHistoryStart, isRegionCode, MAX_HISTORY_MINUTES, describeSeries, HISTORY_FORMAT, HISTORY_PERIOD_SECONDS,
  HISTORY_VERSION, SeriesKey,
} from './format';
import { minuteStatistic } from './generate-latency';
import { checkPlannedIncidents, defaultIncidentPlan, incidentOf, PlannedIncident } from './generate-plan';
import { HarmlessEvent, regionMinutes, RegionMinutes, RegionProfile, regionProfiles, utcOffsetHours } from './generate-region';
import { Incident } from './incidents';
import { canonicalStatistic } from './statistics';
import { checkSeed } from '../assumptions';
import { percentileOf } from '../cloudwatch';
import { InputError, SimulatorErrorId } from '../inputs';

/** The first minute of a generated history unless told: a fixed date, so a seed gives one history. */
export const DEFAULT_GENERATED_START = '2026-11-01T00:00:00Z';

/** What to generate. */
export interface GenerateHistoryOptions {
  /** The series to generate (a failover's sourceMetrics, or any series keys). */
  readonly sources: readonly SeriesKey[];
  /** The failover's Regions (the history's header); the first is the busiest, the last the quiet one. */
  readonly regions: readonly string[];
  /** How long: 1 to MAX_HISTORY_MINUTES (63 days). */
  readonly minutes: number;
  /** 0 to 2^31 - 1. */
  readonly seed: number;
  /** The first minute. Default: DEFAULT_GENERATED_START. */
  readonly start?: string;
  /** The incidents to plant. Default: defaultIncidentPlan (each kind once in each half; none in a history shorter than a day). */
  readonly incidents?: readonly PlannedIncident[];
}

/** A generated history and what is in it. */
export interface GeneratedHistory {
  readonly history: History;
  /** The planted incidents, as an incidents file holds them (labels such as `gray-5xx 8 %`). */
  readonly incidents: Incident[];
  /** The planted incidents with their kind and magnitude. */
  readonly planted: PlannedIncident[];
  /** The harmless events of every Region (bursts, spikes, blips, deploys and gaps with no data). */
  readonly events: HarmlessEvent[];
  /** How busy each Region is and its local time. */
  readonly profiles: RegionProfile[];
}

/** A metric the generator produces: its statistics (`pNN`: any percentile) and each minute's value (NaN: no datapoint). */
interface GeneratedMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly statistics: readonly string[];
  readonly value: (r: RegionMinutes, statistic: string) => (t: number) => number;
}

const ALB = 'AWS/ApplicationELB';
/** No datapoint (a module-level copy: a global looked up in a hot loop is slow in Jest's sandbox). */
const NO_DATAPOINT = NaN;
const GAUGE_STATISTICS = ['Average', 'Minimum', 'Maximum'];

/** A count the load balancer publishes only when it is not zero. */
function count(metricName: string, of: (r: RegionMinutes, t: number) => number): GeneratedMetric {
  return { namespace: ALB, metricName, statistics: ['Sum'], value: r => t => (of(r, t) > 0 ? of(r, t) : NO_DATAPOINT) };
}

/** Every metric the generator produces, with its statistics. */
export const GENERATED_METRICS: readonly GeneratedMetric[] = [
  count('RequestCount', (r, t) => r.requests[t]),
  count('HTTPCode_Target_5XX_Count', (r, t) => r.target5xx[t]),
  count('HTTPCode_Target_2XX_Count', (r, t) => r.served[t] - r.target5xx[t]),
  count('HTTPCode_ELB_5XX_Count', (r, t) => r.connectionErrors[t] + r.elb503[t]),
  count('HTTPCode_ELB_502_Count', (r, t) => r.connectionErrors[t]),
  count('HTTPCode_ELB_503_Count', (r, t) => r.elb503[t]),
  count('TargetConnectionErrorCount', (r, t) => r.connectionErrors[t]),
  {
    namespace: ALB,
    metricName: 'TargetResponseTime',
    statistics: [...GAUGE_STATISTICS, 'SampleCount', 'pNN'],
    value: (r, statistic) => {
      const what = percentileOf(statistic) ?? statistic;
      return t => (r.served[t] > 0 ? minuteStatistic(r.latency(t), r.served[t], what, r.samples.get(t)) : NO_DATAPOINT);
    },
  },
  { namespace: ALB, metricName: 'HealthyHostCount', statistics: GAUGE_STATISTICS, value: r => () => r.profile.targets },
  { namespace: ALB, metricName: 'UnHealthyHostCount', statistics: GAUGE_STATISTICS, value: r => t => r.unhealthy[t] },
  ...['AWS/ECS', 'AWS/EC2'].map(namespace => ({
    namespace,
    metricName: 'CPUUtilization',
    statistics: GAUGE_STATISTICS,
    value: (r: RegionMinutes, statistic: string) => {
      const values = statistic === 'Average' ? r.cpuAverage : statistic === 'Minimum' ? r.cpuMinimum : r.cpuMaximum;
      return (t: number) => values[t];
    },
  })),
];

/** The metrics and statistics the generator produces, for messages. */
export function generatedMetricsText(): string {
  return GENERATED_METRICS.map(m => `${m.namespace} ${m.metricName} (${m.statistics.join(', ')})`).join('; ');
}

/** A seeded synthetic history of the sources, with incidents planted (see the module's comment for the model). */
export function generateHistory(options: GenerateHistoryOptions): GeneratedHistory {
  const { regions, minutes } = checkOptions(options);
  const seed = checkSeed(options.seed);
  const start = options.start ?? DEFAULT_GENERATED_START;
  const startMs = Date.parse(start);
  const sources = options.sources.map(source => ({ source, metric: generatedMetric(source, regions) }));
  const planted = options.incidents === undefined ? defaultIncidentPlan(regions, minutes, seed, startMs, utcOffsetHours)
    : checkPlannedIncidents(options.incidents, regions, minutes);
  const profiles = regionProfiles(regions, seed);
  const models = new Map<string, RegionMinutes>();
  const modelOf = (region: string) => {
    if (!models.has(region)) {
      models.set(region, regionMinutes(profiles[regions.indexOf(region)], minutes, seed, startMs, planted));
    }
    return models.get(region)!;
  };
  const series: HistorySeries[] = sources.map(({ source, metric }) => {
    const model = modelOf(source.region);
    const statistic = canonicalStatistic(source.statistic)!;
    const value = metric.value(model, statistic);
    const values = new Float64Array(minutes);
    for (let t = 0; t < minutes; t++) {
      values[t] = model.noData[t] ? NO_DATAPOINT : value(t);
    }
    return {
      region: source.region,
      namespace: source.namespace,
      metricName: source.metricName,
      dimensions: source.dimensions.map(d => ({ Name: d.Name, Value: d.Value })),
      statistic,
      values,
    };
  });
  return {
    history: {
      header: {
        format: HISTORY_FORMAT,
        version: HISTORY_VERSION,
        start: new Date(startMs).toISOString().replace('.000Z', 'Z'),
        minutes,
        periodSeconds: HISTORY_PERIOD_SECONDS,
        regions: [...regions],
        source: `generated (seed ${seed}, ${planted.length} incidents planted)`,
      },
      series,
    },
    incidents: planted.map(incidentOf),
    planted,
    events: regions.flatMap(r => modelOf(r).events)
      .sort((a, b) => a.startMinute - b.startMinute || regions.indexOf(a.region) - regions.indexOf(b.region)),
    profiles,
  };
}

function checkOptions(options: GenerateHistoryOptions): { regions: readonly string[]; minutes: number } {
  const fail = (property: string, allowed: string, value: unknown) =>
    new InputError(SimulatorErrorId.OPTION, `'${property}' must be ${allowed}, got: ${JSON.stringify(value)}.`);
  const { regions, minutes, start, sources } = options;
  if (!Array.isArray(regions) || regions.length === 0 || !regions.every(isRegionCode) || new Set(regions).size !== regions.length) {
    throw fail('regions', 'a list of distinct Region codes such as ["us-east-1", "eu-central-1"]', regions);
  }
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_HISTORY_MINUTES) {
    throw fail('minutes', `a whole number from 1 to ${MAX_HISTORY_MINUTES} (63 days)`, minutes);
  }
  if (start !== undefined && !isHistoryStart(start)) {
    throw fail('start', 'an ISO 8601 UTC instant on a whole minute such as "2026-11-01T00:00:00Z"', start);
  }
  if (!Array.isArray(sources)) {
    throw fail('sources', 'a list of series (region, namespace, metricName, dimensions, statistic)', sources);
  }
  return { regions, minutes };
}

/** The generator's metric for a source; an InputError naming the series when it produces none. */
function generatedMetric(source: SeriesKey, regions: readonly string[]): GeneratedMetric {
  if (!regions.includes(source.region)) {
    throw new InputError(SimulatorErrorId.HISTORY_SERIES, `cannot generate ${describeSeries(source)}: its Region is not one of the history's `
      + `(${regions.join(', ')}).`);
  }
  const statistic = canonicalStatistic(source.statistic);
  const metric = GENERATED_METRICS.find(m => m.namespace === source.namespace && m.metricName === source.metricName);
  const produced = statistic !== undefined && metric !== undefined
    && (metric.statistics.includes(statistic) || (metric.statistics.includes('pNN') && percentileOf(statistic) !== undefined));
  if (!produced) {
    throw new InputError(SimulatorErrorId.HISTORY_SERIES, `cannot generate ${describeSeries(source)}: the generator produces `
      + `${generatedMetricsText()}. Generate a history of a failover whose signals read these, or record the history (history fetch).`);
  }
  return metric!;
}
