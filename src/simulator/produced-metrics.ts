/**
 * The metrics the simulator produces. One table says, for each metric of the
 * load balancer, ECS and EC2, how a minute of a Region's traffic becomes its
 * datapoint; the simulation writes the datapoints from it and knows from it
 * which alarms read a metric it models. The republisher's metrics and the
 * evacuation switch's come from the templates (see `producedKeys`).
 */
import { Revision } from './arrival';
import { MetricStore, MinuteStats, valueStats } from './cloudwatch';
import { alarmMetricKey, metricKey, Topology } from './topology';
import { RegionTraffic, TrafficView, viewOf } from './traffic';
import { ROUTE53_STATISTICS } from '../model/route53-alarm-rules';

/**
 * How a metric's minute is produced: `count`, only when it is not zero (as
 * the load balancer reports counts); `gauge`, every minute; `distribution`,
 * in minutes with requests a target answered, with percentiles.
 */
export type ProducedAs = 'count' | 'gauge' | 'distribution';

/** A metric the simulator produces in each Region. */
export interface ProducedMetric {
  readonly namespace: string;
  readonly name: string;
  readonly producedAs: ProducedAs;
  /** Reported by each load balancer node: a first read may show some nodes only (counts and response times). */
  readonly perNode: boolean;
  /** The statistics that have data (a percentile of a single value has none). */
  readonly statistics: readonly string[];
  /** What its value is, for the docs. */
  readonly description: string;
  /** The datapoint of what a read shows of a minute of traffic; undefined: none. */
  readonly datapoint: (traffic: TrafficView) => MinuteStats | undefined;
}

const ALB = 'AWS/ApplicationELB';
/** A single value has every simple statistic (a percentile of one value is not reported). */
const SINGLE_VALUE_STATISTICS = ROUTE53_STATISTICS;

function count(name: string, description: string, value: (t: TrafficView) => number): ProducedMetric {
  return {
    namespace: ALB,
    name,
    producedAs: 'count',
    perNode: true,
    statistics: SINGLE_VALUE_STATISTICS,
    description,
    datapoint: t => {
      const v = value(t);
      return v > 0 ? valueStats(v) : undefined;
    },
  };
}

function gauge(namespace: string, name: string, description: string, value: (t: TrafficView) => number): ProducedMetric {
  return { namespace, name, producedAs: 'gauge', perNode: false, statistics: SINGLE_VALUE_STATISTICS, description, datapoint: t => valueStats(value(t)) };
}

const healthyHosts = (t: TrafficView) => t.targets * t.condition.healthyTargetPercent / 100;

/**
 * Every metric the simulator produces from traffic, in each Region. With no
 * healthy target the load balancer fails open (it routes to every target):
 * the counts go on, and the targets' errors are the condition's.
 */
export const PRODUCED_METRICS: readonly ProducedMetric[] = [
  count('RequestCount', 'requests of users and health checkers (also with no healthy target: the load balancer fails open)', t => t.requests),
  count('TargetConnectionErrorCount', 'requests × `targetConnectionErrorPercent`', t => t.connectionErrors),
  count('HTTPCode_Target_5XX_Count', 'requests a target answers × `http5xxPercent`', t => t.target5xx),
  count('HTTPCode_Target_2XX_Count', 'requests a target answers without a 5xx', t => t.served - t.target5xx),
  count('HTTPCode_ELB_5XX_Count', 'failed connections + requests × `elb5xxPercent`', t => t.connectionErrors + t.elb5xx),
  count('HTTPCode_ELB_502_Count', 'failed connections', t => t.connectionErrors),
  count('HTTPCode_ELB_503_Count', 'requests × `elb5xxPercent` (the load balancer\'s own 5xx, counted as 503s)', t => t.elb5xx),
  {
    namespace: ALB,
    name: 'TargetResponseTime',
    producedAs: 'distribution',
    perNode: true,
    statistics: [...SINGLE_VALUE_STATISTICS, 'pNN'],
    description: 'seconds, from the condition\'s average, percentiles and maximum (linear between percentiles; over several conditions, their mix)',
    datapoint: t => (t.latency === undefined ? undefined : {
      sum: t.latency.sum,
      sampleCount: t.served,
      minimum: 0,
      maximum: t.latency.maximum,
      percentile: t.latency.percentile,
    }),
  },
  gauge(ALB, 'HealthyHostCount', 'targets × `healthyTargetPercent`', healthyHosts),
  gauge(ALB, 'UnHealthyHostCount', 'the other targets', t => t.targets - healthyHosts(t)),
  gauge('AWS/ECS', 'CPUUtilization', '`cpuPercent`', t => t.condition.cpuPercent),
  gauge('AWS/EC2', 'CPUUtilization', '`cpuPercent`', t => t.condition.cpuPercent),
];

/**
 * Writes the datapoints of a Region's minute t, each read as `reads` says
 * (when, and which nodes it shows: a partial first read, then the whole minute).
 */
export function produceMinute(store: MetricStore, region: string, t: number, traffic: RegionTraffic,
  reads: (metric: ProducedMetric) => Revision[]): void {
  const whole = viewOf(traffic);
  const partial = new Map<string, ReturnType<typeof viewOf>>();
  for (const metric of PRODUCED_METRICS) {
    for (const read of reads(metric)) {
      let view = whole;
      if (read.nodes !== undefined) {
        const key = read.nodes.join(',');
        view = partial.get(key) ?? viewOf(traffic, read.nodes);
        partial.set(key, view);
      }
      const stats = metric.datapoint(view);
      if (stats !== undefined) {
        store.put(metricKey(region, metric.namespace, metric.name), t, stats, read.readableAt, read.until);
      }
    }
  }
}

/** The keys of every metric the simulation writes: the table's in each Region, the republishers' and the switches'. */
export function producedKeys(regions: readonly string[], topology: Topology): Set<string> {
  const keys = new Set<string>();
  for (const region of regions) {
    for (const metric of PRODUCED_METRICS) {
      keys.add(metricKey(region, metric.namespace, metric.name));
    }
  }
  for (const { region, config } of topology.republishers) {
    const heartbeat = config.heartbeat ? [config.heartbeat] : [];
    for (const published of [...config.signals.map(s => s.metric), ...config.mirrors.map(m => m.metric), ...heartbeat]) {
      keys.add(metricKey(region, config.namespace, published.MetricName, published.Dimensions));
    }
  }
  for (const alarm of topology.switches.values()) {
    keys.add(alarmMetricKey(alarm));
  }
  return keys;
}
