/**
 * A history as the simulator's source of minutes (see MinuteSource in
 * engine.ts): each recorded minute is written to the metric store as the
 * profile says it arrives (late, a first read from some load balancer nodes
 * only), and everything downstream (alarms, the republisher, Route 53, DNS,
 * users) is the simulator's own code.
 *
 * The counterfactual. The history was recorded with users where they were;
 * the replay moves them. While DNS sends a Region fewer requests than it got
 * (it left DNS, or only its pooled connections remain), the Region's request
 * counts shrink with them, down to the health checkers' alone; a Region that
 * receives another's users grows. Named modelling assumptions
 * (docs/calibration.md, "The counterfactual"):
 *
 * - the service's condition does not depend on its load: rates (5xx, failed
 *   connections), response times and CPU stay as recorded, only the counts
 *   of requests (the load balancer's request metrics' Sum and SampleCount)
 *   follow the requests that arrive. Pessimistic for a fault caused by load
 *   (it would ease once users leave), neutral for the gray failures;
 * - each Region's recorded requests come from the users DNS sends it when
 *   every Region is healthy (its home groups), each group in proportion to
 *   its users;
 * - Route 53's endpoint checkers meet the recorded errors (failed connections
 *   and 5xx, when recorded), not their timeouts (no history holds them).
 */
import { describeSeries, History, HistorySeries } from './format';
import { REQUEST_COUNT, SourceMetric } from './sources';
import { MinuteStats } from '../cloudwatch';
import { MinuteSource, SourceContext } from '../engine';
import { InputError, SimulatorErrorId } from '../inputs';
import { PRODUCED_METRICS } from '../produced-metrics';
import { CheckedMinute } from '../route53';
import { metricKey } from '../topology';

/** One metric of a Region as recorded: its statistics, minute by minute. */
interface RecordedMetric {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  /** Reported by each load balancer node: a first read may show some nodes only, and its counts follow the requests that arrive. */
  readonly perNode: boolean;
  readonly sum?: Float64Array;
  readonly sampleCount?: Float64Array;
  readonly average?: Float64Array;
  readonly minimum?: Float64Array;
  readonly maximum?: Float64Array;
  readonly percentiles: [number, Float64Array][];
}

/** The recorded series a replay reads, matched to the failover's sources. */
export interface MatchedHistory {
  /** Per Region, its recorded metrics. */
  readonly metrics: ReadonlyMap<string, readonly RecordedMetric[]>;
  /** Per Region, its recorded requests (RequestCount Sum), when the history has them. */
  readonly requests: ReadonlyMap<string, Float64Array>;
  /** The history's series no source reads (left out). */
  readonly unused: readonly HistorySeries[];
}

/**
 * The history's series for each source; an InputError listing every source
 * the history lacks. AWS-vended metrics match by Region, namespace, name and
 * statistic (the simulator models one load balancer and one service per
 * Region); others by their dimensions too, or, when a dimension is a token
 * of the templates, by the dimensions' names if one series only fits.
 */
export function matchHistory(history: History, sources: readonly SourceMetric[], regions: readonly string[]): MatchedHistory {
  const missingRegions = regions.filter(r => !history.header.regions.includes(r));
  if (missingRegions.length > 0) {
    throw new InputError(SimulatorErrorId.HISTORY_SERIES, `the history covers ${history.header.regions.join(', ')}, not the failover's Regions `
      + `${missingRegions.join(', ')} (the failover's Regions: ${regions.join(', ')}). Fetch a history of this app: cdk-active-active-failover history fetch.`);
  }
  const byKey = new Map<string, HistorySeries[]>();
  for (const s of history.series) {
    const key = `${metricKey(s.region, s.namespace, s.metricName, [...s.dimensions])}|${s.statistic}`;
    byKey.set(key, [...byKey.get(key) ?? [], s]);
  }
  const used = new Set<HistorySeries>();
  const missing: SourceMetric[] = [];
  const found = new Map<SourceMetric, HistorySeries>();
  for (const source of sources) {
    const same = byKey.get(`${source.key}|${source.statistic}`) ?? [];
    if (same.length > 1) {
      // AWS metrics match by Region, name and statistic: two load balancers' (or services') series would be one silently.
      throw new InputError(SimulatorErrorId.HISTORY_SERIES, `the history has ${same.length} series of ${source.id} (read by ${source.readBy.join(', ')}): `
        + `${same.map(describeSeries).join('; ')}. The simulator models one load balancer and one service per Region and matches AWS metrics by `
        + 'Region, name and statistic: keep only the series of this app\'s resources (docs/calibration.md, "The history file").');
    }
    let series: HistorySeries | undefined = same[0];
    if (!series && source.dimensions.some(d => d.ref)) {
      const names = source.dimensions.map(d => d.Name).sort().join(',');
      const fits = history.series.filter(s => s.region === source.region && s.namespace === source.namespace && s.metricName === source.metricName
        && s.statistic === source.statistic && s.dimensions.map(d => d.Name).sort().join(',') === names);
      series = fits.length === 1 ? fits[0] : undefined;
    }
    if (series) {
      found.set(source, series);
      used.add(series);
    } else {
      missing.push(source);
    }
  }
  if (missing.length > 0) {
    throw new InputError(SimulatorErrorId.HISTORY_SERIES, `the history lacks ${missing.length} series the failover reads: `
      + `${missing.map(m => `${m.id} (read by ${m.readBy.join(', ')})`).join('; ')}. A history fetched for this app has them all `
      + '(cdk-active-active-failover history fetch); a history from another tool needs one line per series (docs/calibration.md, "The history file").');
  }
  const metrics = new Map<string, RecordedMetric[]>(regions.map(r => [r, []]));
  const grouped = new Map<string, HistorySeries[]>();
  for (const [source, series] of found) {
    grouped.set(source.key, [...(grouped.get(source.key) ?? []), series]);
  }
  for (const [key, list] of grouped) {
    metrics.get(list[0].region)!.push(recordedMetric(key, list));
  }
  const requests = new Map<string, Float64Array>();
  for (const region of regions) {
    const r = metrics.get(region)!.find(m => m.namespace === REQUEST_COUNT.namespace && m.name === REQUEST_COUNT.metricName && m.sum);
    if (r?.sum) {
      requests.set(region, r.sum);
    }
  }
  return { metrics, requests, unused: history.series.filter(s => !used.has(s)) };
}

function recordedMetric(key: string, list: HistorySeries[]): RecordedMetric {
  const of = (statistic: string) => list.find(s => s.statistic === statistic)?.values;
  const first = list[0];
  const produced = PRODUCED_METRICS.find(m => m.namespace === first.namespace && m.name === first.metricName);
  return {
    key,
    namespace: first.namespace,
    name: first.metricName,
    perNode: produced?.perNode ?? false,
    sum: of('Sum'),
    sampleCount: of('SampleCount'),
    average: of('Average'),
    minimum: of('Minimum'),
    maximum: of('Maximum'),
    percentiles: list.filter(s => s.statistic.startsWith('p')).map(s => [Number(s.statistic.slice(1)), s.values]),
  };
}

/** What a recorded minute shows, its counts times `factor` (0 to 1 of its nodes, times the requests that arrive); undefined: no datapoint. */
function minuteStats(m: RecordedMetric, t: number, factor: number): MinuteStats | undefined {
  const avg = m.average?.[t];
  const sampleCount = m.sampleCount?.[t] ?? NaN;
  const sum = m.sum?.[t] ?? (avg !== undefined && !Number.isNaN(avg) ? avg * (Number.isNaN(sampleCount) ? 1 : sampleCount) : NaN);
  const minimum = m.minimum?.[t] ?? NaN;
  const maximum = m.maximum?.[t] ?? NaN;
  const percentiles = m.percentiles.map(([p, values]) => [p, values[t]] as const).filter(([, v]) => !Number.isNaN(v));
  if (Number.isNaN(sum) && Number.isNaN(sampleCount) && Number.isNaN(minimum) && Number.isNaN(maximum) && percentiles.length === 0) {
    return undefined;
  }
  const count = Number.isNaN(sampleCount) ? 1 : sampleCount;
  return {
    sum: sum * factor,
    sampleCount: count * factor,
    minimum,
    maximum,
    percentile: percentiles.length === 0 ? undefined : (p: number) => percentiles.find(([q]) => q === p)?.[1] ?? NaN,
  };
}

/** The source of a backtest's minutes: the history's, moved with the users (see the module's doc). */
export function historySource(matched: MatchedHistory, minutes: { readonly from: number }): (context: SourceContext) => MinuteSource {
  return context => {
    const { regions, users, store, arrival, assumptions, baselineProbes, homes } = context;
    const rpm = assumptions.requestsPerUserMinute;
    const homeUsers = new Map<string, number>();
    users.forEach((g, i) => {
      if (homes[i] !== undefined) {
        homeUsers.set(homes[i]!, (homeUsers.get(homes[i]!) ?? 0) + g.users);
      }
    });
    /** The users' requests a Region got in minute t of the history, as recorded (without the health checkers'). */
    const recordedUserRequests = (region: string, t: number): number => {
      const recorded = matched.requests.get(region);
      if (!recorded) {
        return (homeUsers.get(region) ?? 0) * rpm;
      }
      const r = recorded[minutes.from + t];
      return Number.isNaN(r) ? 0 : Math.max(0, r - (baselineProbes.get(region) ?? 0));
    };
    const perUser = new Float64Array(users.length);
    const keys = new Set<string>();
    for (const list of matched.metrics.values()) {
      list.forEach(m => keys.add(m.key));
    }
    return {
      keys,
      requestsPerUser: t => {
        users.forEach((_, i) => {
          const home = homes[i];
          const n = home === undefined ? 0 : homeUsers.get(home) ?? 0;
          perUser[i] = n === 0 ? 0 : recordedUserRequests(home!, t) / n;
        });
        return perUser;
      },
      serve: (t, userRequests, probes) => {
        const checked = new Map<string, CheckedMinute>();
        const h = minutes.from + t;
        for (const region of regions) {
          const expected = recordedUserRequests(region, t) + (baselineProbes.get(region) ?? 0);
          const arriving = (userRequests.get(region) ?? 0) + (probes.get(region) ?? 0);
          const k = expected > 0 ? arriving / expected : 0;
          const recorded = matched.metrics.get(region) ?? [];
          for (const m of recorded) {
            if (m.perNode && k === 0) {
              continue; // no request arrives: the load balancer reports nothing
            }
            for (const read of arrival.revisions(region, { namespace: m.namespace, name: m.name, perNode: m.perNode }, t)) {
              const share = m.perNode ? k * (read.nodes === undefined ? 1 : read.nodes.length / assumptions.albNodes) : 1;
              const stats = minuteStats(m, h, share);
              if (stats !== undefined) {
                store.put(m.key, t, stats, read.readableAt, read.until);
              }
            }
          }
          checked.set(region, checkedMinute(recorded, h));
        }
        return checked;
      },
    };
  };
}

/** What Route 53's endpoint checkers and the load balancer's target checks met in a recorded minute. */
function checkedMinute(recorded: readonly RecordedMetric[], t: number): CheckedMinute {
  const sumOf = (name: string) => {
    const v = recorded.find(m => m.namespace === REQUEST_COUNT.namespace && m.name === name)?.sum?.[t];
    return v === undefined || Number.isNaN(v) ? 0 : v;
  };
  const requests = sumOf(REQUEST_COUNT.metricName);
  const connectionErrors = sumOf('TargetConnectionErrorCount');
  const failed = connectionErrors + Math.max(0, sumOf('HTTPCode_ELB_5XX_Count') - connectionErrors) + sumOf('HTTPCode_Target_5XX_Count');
  const healthy = recorded.find(m => m.namespace === REQUEST_COUNT.namespace && m.name === 'HealthyHostCount');
  const hosts = healthy === undefined ? undefined : [healthy.minimum, healthy.average, healthy.maximum].map(v => v?.[t]).find(v => v !== undefined);
  return {
    checkerFailedShare: requests > 0 ? Math.min(1, failed / requests) : 0,
    targetsHealthy: hosts === undefined || Number.isNaN(hosts) || hosts > 0,
  };
}

/**
 * The series among `series` with no datapoint in minutes [from, to) that
 * should have some: every series but the load balancer's error counts (a
 * count of zero is no datapoint); the RequestCount included.
 */
export function seriesWithoutData(series: readonly HistorySeries[], from: number, to: number): HistorySeries[] {
  const zeroIsNoData = (s: HistorySeries) => s.metricName !== REQUEST_COUNT.metricName
    && PRODUCED_METRICS.some(p => p.producedAs === 'count' && p.namespace === s.namespace && p.name === s.metricName);
  return series.filter(s => !zeroIsNoData(s) && !s.values.subarray(from, to).some(v => !Number.isNaN(v)));
}
