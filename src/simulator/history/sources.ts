/**
 * The source metrics of a failover: every metric and statistic its health
 * checks' alarms, its mirrored alarms and its republishers read (percentile
 * and metric-math inputs included), plus each Region's RequestCount (the
 * share of users a departure moves, and the counterfactual of backtest).
 * What `history fetch` reads and what `backtest` needs, from one list.
 *
 * The metrics the library publishes itself (republished verdicts, mirrored
 * states, the evacuation switch, the heartbeat) are not sources: the replay
 * computes them.
 *
 * A dimension's value in the templates is often a token (the load balancer's
 * full name, a service's name): it is kept with the resource it refers to, for
 * `history fetch` to resolve from the deployed stacks or alarms.
 */
import { canonicalStatistic } from './statistics';
import { EVACUATION_NAMESPACE, REPUBLISH_NAMESPACE } from '../../model/namespaces';
import { StackTemplate } from '../dns';
import { InputError, SimulatorErrorId } from '../inputs';
import { metricKey, renderString, Topology } from '../topology';

/** The resource a dimension's value refers to: `Ref` (no attribute) or `Fn::GetAtt`. */
export interface DimensionRef {
  readonly stackName: string;
  readonly logicalId: string;
  readonly attribute?: string;
}

/** A dimension of a source metric: its value as the template writes it, and the resource it refers to when it is a token. */
export interface SourceDimension {
  readonly Name: string;
  /** The literal value, or the token rendered (`LogicalId` or `LogicalId.Attribute`). */
  readonly Value: string;
  /** Set when the value is a token: the deployed value must be looked up. */
  readonly ref?: DimensionRef;
}

/** One statistic of one metric in one Region that the failover reads. */
export interface SourceMetric {
  /** Stable and readable: `<region>/<namespace>/<metricName>/<statistic>` (dimensions added outside AWS/ namespaces). */
  readonly id: string;
  readonly region: string;
  /** The stack whose resources read it (where its tokens are resolved). */
  readonly stackName: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: readonly SourceDimension[];
  /** Canonical (see canonicalStatistic). */
  readonly statistic: string;
  /** The alarms and republished signals that read it, for messages. */
  readonly readBy: readonly string[];
  /** The simulator's store key (AWS-vended metrics by name only). */
  readonly key: string;
}

/** The namespaces whose metrics the library publishes (the replay computes them). */
const PUBLISHED_NAMESPACES: readonly string[] = [REPUBLISH_NAMESPACE, EVACUATION_NAMESPACE];

/** The metric of a Region's healthy targets. */
export const HEALTHY_HOSTS = { namespace: 'AWS/ApplicationELB', metricName: 'HealthyHostCount', statistic: 'Minimum' } as const;

/** The namespace and metric that measure a Region's requests. */
export const REQUEST_COUNT = { namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', statistic: 'Sum' } as const;

/** The source metrics of the failover whose latency records are in `regions`. */
export function sourceMetrics(topology: Topology, stacks: readonly StackTemplate[], regions: readonly string[]): SourceMetric[] {
  const resources = new Map(stacks.map(s => [s.stackName, new Set(Object.keys(s.template.Resources ?? {}))]));
  const found = new Map<string, { metric: SourceMetric; readBy: string[] }>();
  type Metric = { Namespace: string; MetricName: string; Dimensions?: any[] };
  const add = (region: string, stackName: string, m: Metric, stat: string | undefined, by: string) => {
    if (!regions.includes(region) || PUBLISHED_NAMESPACES.includes(m.Namespace)) {
      return;
    }
    const statistic = stat === undefined ? undefined : canonicalStatistic(stat);
    if (statistic === undefined) {
      throw new InputError(SimulatorErrorId.HISTORY_SERIES, `${by} reads ${m.Namespace} ${m.MetricName} with the statistic '${stat}', which a history `
        + 'cannot hold (Sum, SampleCount, Average, Minimum, Maximum, pNN): it cannot be backtested.');
    }
    const dimensions = (Array.isArray(m.Dimensions) ? m.Dimensions : []).map(d => sourceDimension(d, stackName, resources.get(stackName)));
    const key = metricKey(region, m.Namespace, m.MetricName, dimensions);
    const id = `${key}|${statistic}`;
    const entry = found.get(id);
    if (entry) {
      if (!entry.readBy.includes(by)) {
        entry.readBy.push(by);
      }
      return;
    }
    const readable = m.Namespace.startsWith('AWS/') ? '' : `/${dimensions.map(d => `${d.Name}=${d.Value}`).join(',')}`;
    const metric = {
      id: `${region}/${m.Namespace}/${m.MetricName}/${statistic}${readable}`,
      region,
      stackName,
      namespace: m.Namespace,
      metricName: m.MetricName,
      dimensions,
      statistic,
      readBy: [] as string[],
      key,
    };
    found.set(id, { metric, readBy: metric.readBy });
    metric.readBy.push(by);
  };

  const followed = new Set([...topology.leafChecks.values()].map(c => c.alarm?.id));
  const mirrored = new Set(topology.republishers.flatMap(r => r.config.mirrors.map(m => `${r.region}|${m.alarmName}`)));
  for (const alarm of topology.alarms) {
    if (!followed.has(alarm.id) && !mirrored.has(`${alarm.region}|${alarm.name}`)) {
      continue;
    }
    const stackName = alarm.id.slice(0, alarm.id.lastIndexOf('/'));
    const p = alarm.properties;
    const by = `alarm ${alarm.name}`;
    if (Array.isArray(p.Metrics)) {
      for (const q of p.Metrics) {
        if (q?.MetricStat?.Metric) {
          add(alarm.region, stackName, q.MetricStat.Metric, q.MetricStat.Stat, by);
        }
      }
    } else if (typeof p.Namespace === 'string') {
      add(alarm.region, stackName, p as Metric, p.Statistic ?? p.ExtendedStatistic, by);
    }
  }
  for (const { region, stackName, config } of topology.republishers) {
    for (const signal of config.signals) {
      for (const q of signal.queries) {
        if (q.MetricStat) {
          add(region, stackName, q.MetricStat.Metric, q.MetricStat.Stat, `republished signal ${signal.metric.MetricName}`);
        }
      }
    }
  }
  addRegionMetrics(topology, regions, [...found.values()].map(e => e.metric), add);
  return [...found.values()].map(e => e.metric).sort((a, b) => regions.indexOf(a.region) - regions.indexOf(b.region) || a.id.localeCompare(b.id));
}

/** Adds a metric a Region's stack defines, with the statistic read and who reads it. */
type AddMetric = (region: string, stackName: string, m: { Namespace: string; MetricName: string; Dimensions?: any[] }, stat: string,
  by: string) => void;

/**
 * Each Region's requests (the share of users, and the counterfactual) and,
 * when its records evaluate target health, its healthy targets (the fewest in
 * each minute), unless the signals read them already.
 */
function addRegionMetrics(topology: Topology, regions: readonly string[], metrics: readonly SourceMetric[], add: AddMetric): void {
  for (const region of regions) {
    const requests = metrics.find(m => m.region === region && m.namespace === REQUEST_COUNT.namespace
      && m.metricName === REQUEST_COUNT.metricName && m.statistic === 'Sum');
    if (requests) {
      continue;
    }
    const loadBalancer = loadBalancerDimension(topology, region, metrics);
    if (loadBalancer) {
      const metric = { Namespace: REQUEST_COUNT.namespace, MetricName: REQUEST_COUNT.metricName, Dimensions: [loadBalancer.dimension] };
      add(region, loadBalancer.stackName, metric, 'Sum', 'the share of users (each Region\'s requests)');
    }
  }
  // The load balancer's view of its targets (EvaluateTargetHealth of the records): its healthy hosts, the fewest in each minute.
  for (const region of regions) {
    const tg = topology.targetGroups.get(region);
    const loadBalancer = loadBalancerDimension(topology, region, metrics);
    if (tg !== undefined && loadBalancer !== undefined && topology.dns.records.some(r => r.loadBalancerRegion === region && r.evaluateTargetHealth)) {
      const stackName = tg.slice(0, tg.lastIndexOf('/'));
      const targetGroup = { Name: 'TargetGroup', Value: { 'Fn::GetAtt': [tg.slice(stackName.length + 1), 'TargetGroupFullName'] } };
      const metric = { Namespace: HEALTHY_HOSTS.namespace, MetricName: HEALTHY_HOSTS.metricName, Dimensions: [targetGroup, loadBalancer.dimension] };
      add(region, stackName, metric, HEALTHY_HOSTS.statistic, 'the load balancer\'s target health (records with EvaluateTargetHealth)');
    }
  }
}

/** The LoadBalancer dimension of a Region's metrics, and the stack that defines it. */
interface LoadBalancerDimension {
  readonly stackName: string;
  readonly dimension: { Name: string; Value: unknown };
}

/** The LoadBalancer dimension of a Region: another source's, else its load balancer's full name from the templates. */
function loadBalancerDimension(topology: Topology, region: string, metrics: readonly SourceMetric[]): LoadBalancerDimension | undefined {
  for (const m of metrics) {
    const d = m.region === region && m.namespace === REQUEST_COUNT.namespace ? m.dimensions.find(x => x.Name === 'LoadBalancer') : undefined;
    if (d) {
      const value = d.ref ? (d.ref.attribute ? { 'Fn::GetAtt': [d.ref.logicalId, d.ref.attribute] } : { Ref: d.ref.logicalId }) : d.Value;
      return { stackName: m.stackName, dimension: { Name: 'LoadBalancer', Value: value } };
    }
  }
  const id = topology.loadBalancers.get(region);
  if (id === undefined) {
    return undefined;
  }
  const stackName = id.slice(0, id.lastIndexOf('/'));
  return { stackName, dimension: { Name: 'LoadBalancer', Value: { 'Fn::GetAtt': [id.slice(stackName.length + 1), 'LoadBalancerFullName'] } } };
}

/** A dimension of a template's metric (a `{Name, Value}`) as a source: its token resolved to the resource it refers to. */
export function sourceDimension(d: any, stackName: string, logicalIds: ReadonlySet<string> | undefined): SourceDimension {
  const name = String(d?.Name);
  const v = d?.Value;
  if (v && typeof v === 'object' && typeof v.Ref === 'string') {
    return { Name: name, Value: v.Ref, ref: { stackName, logicalId: v.Ref } };
  }
  if (v && typeof v === 'object' && Array.isArray(v['Fn::GetAtt']) && v['Fn::GetAtt'].length === 2) {
    const [logicalId, attribute] = v['Fn::GetAtt'].map(String);
    return { Name: name, Value: `${logicalId}.${attribute}`, ref: { stackName, logicalId, attribute } };
  }
  const text = renderString(v);
  // The republisher's configuration holds tokens rendered as text: `LogicalId` or `LogicalId.Attribute`.
  const [logicalId, ...attribute] = text.split('.');
  if (typeof v === 'string' && logicalIds?.has(logicalId) && /^[A-Za-z0-9]+$/.test(logicalId)) {
    return { Name: name, Value: text, ref: { stackName, logicalId, attribute: attribute.length === 0 ? undefined : attribute.join('.') } };
  }
  return { Name: name, Value: text };
}
