/**
 * The alarms of the simulation: how each reads its metric (an `AlarmModel`
 * over the metric store, metric math included) and CloudWatch's state of
 * each, minute by minute. Only the alarms Route 53 follows and those the
 * republisher mirrors are modelled.
 */
import { AlarmModel, AlarmState, alarmState, EvaluationAssumptions } from './cloudwatch';
import { MetricQueries } from './metric-queries';
import { AlarmDefinition, alarmMetricKey, metricKey, renderString, Topology } from './topology';
import { EVACUATION_NAMESPACE } from '../model/namespaces';

const MODELLED_COMPARISONS = ['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'];

export class Alarms {
  private readonly models = new Map<string, AlarmModel>();
  /** CloudWatch's state of each alarm, by `<region>|<name>`. */
  private readonly states = new Map<string, AlarmState>();

  /**
   * @param produced the keys of the metrics the simulation writes: an alarm on another has no data
   * @param warnings where what cannot be modelled is reported
   */
  constructor(private readonly topology: Topology, queries: MetricQueries, produced: ReadonlySet<string>, warnings: string[]) {
    const followed = new Set([...topology.leafChecks.values()].map(c => c.alarm?.id));
    const mirrored = new Set(topology.republishers.flatMap(r => r.config.mirrors.map(m => `${r.region}|${m.alarmName}`)));
    for (const alarm of topology.alarms.filter(a => followed.has(a.id) || mirrored.has(`${a.region}|${a.name}`))) {
      const model = alarmModel(alarm, { queries, produced, warnings });
      if (model) {
        this.models.set(alarm.id, model);
      }
    }
    const modelled = new Set(topology.alarms.filter(a => this.models.has(a.id)).map(a => `${a.region}|${a.name}`));
    for (const key of mirrored) {
      if (!modelled.has(key)) {
        const [region, name] = key.split('|');
        const known = topology.alarms.some(a => a.region === region && a.name === name);
        warnings.push(`the republisher in ${region} mirrors alarm ${name}, ${known ? 'a metric alarm the simulator cannot evaluate (see the warning '
          + 'above)' : 'which is not a metric alarm of the assembly in that Region (a composite alarm, or one made outside the app)'}: `
          + 'it publishes nothing for it, so the signal that follows it never changes.');
      }
    }
  }

  /** How the alarm of this id reads its metric; undefined when it is not modelled. */
  public model(alarmId: string): AlarmModel | undefined {
    return this.models.get(alarmId);
  }

  /** CloudWatch evaluates every modelled alarm at instant t. */
  public evaluate(t: number, assumptions: EvaluationAssumptions): void {
    for (const alarm of this.topology.alarms) {
      const model = this.models.get(alarm.id);
      if (model) {
        const key = `${alarm.region}|${alarm.name}`;
        this.states.set(key, alarmState(model, t, this.states.get(key) ?? 'INSUFFICIENT_DATA', assumptions));
      }
    }
  }

  /** The state of the alarm of this name in this Region; undefined when no such alarm is modelled. */
  public state(region: string, name: string): AlarmState | undefined {
    return this.states.get(`${region}|${name}`);
  }
}

/** What building an alarm model needs. */
interface ModelContext {
  readonly queries: MetricQueries;
  readonly produced: ReadonlySet<string>;
  readonly warnings: string[];
}

/** How an alarm's metric is read: the value of a period as readable at a time. */
interface AlarmValue {
  readonly value: AlarmModel['value'];
  readonly periodMinutes: number;
}

/** How the simulator reads an alarm's metric; undefined (with a warning) when it cannot. */
function alarmModel(alarm: AlarmDefinition, context: ModelContext): AlarmModel | undefined {
  const p = alarm.properties;
  const subject = `alarm ${alarm.name} (${alarm.region})`;
  const unmodelled = (key: string, what: string) => {
    if (!context.produced.has(key) && (p.Namespace !== EVACUATION_NAMESPACE)) {
      context.warnings.push(`${subject} reads ${what}, which the simulator does not model: it has no data.`);
    }
  };
  const { value, periodMinutes } = Array.isArray(p.Metrics)
    ? metricsValue(alarm, subject, context.queries, unmodelled)
    : singleMetricValue(alarm, subject, context.queries, unmodelled);
  if (!MODELLED_COMPARISONS.includes(p.ComparisonOperator)) {
    context.warnings.push(`${subject} compares with ${p.ComparisonOperator}, which the simulator does not model: it never alarms.`);
    return undefined;
  }
  const evaluationPeriods = Number(p.EvaluationPeriods ?? 1);
  return {
    name: alarm.name,
    region: alarm.region,
    value,
    periodMinutes,
    evaluationPeriods,
    datapointsToAlarm: Number(p.DatapointsToAlarm ?? evaluationPeriods),
    threshold: Number(p.Threshold),
    comparisonOperator: p.ComparisonOperator,
    treatMissingData: p.TreatMissingData ?? 'missing',
  };
}

type Unmodelled = (key: string, what: string) => void;

/** An alarm on metric math (`Metrics`): the query that returns data, over the others. */
function metricsValue(alarm: AlarmDefinition, subject: string, queries: MetricQueries, unmodelled: Unmodelled): AlarmValue {
  const values = new Map<string, (start: number, at: number) => number | undefined>();
  let result: string | undefined;
  let periodMinutes = 1;
  for (const q of alarm.properties.Metrics) {
    if (q.MetricStat) {
      const m = q.MetricStat;
      const key = metricKey(alarm.region, m.Metric.Namespace, m.Metric.MetricName, m.Metric.Dimensions);
      unmodelled(key, `${m.Metric.Namespace} ${m.Metric.MetricName}`);
      periodMinutes = m.Period / 60;
      const modelled = queries.modelledStatistic(m.Stat, subject);
      values.set(q.Id, (start, at) => (modelled ? queries.store.statistic(key, start, m.Period / 60, m.Stat, at) : undefined));
    } else if (q.Expression) {
      const expression = queries.expression(renderString(q.Expression), subject);
      periodMinutes = (q.Period ?? 60) / 60;
      values.set(q.Id, (start, at) => expression?.evaluate(id => values.get(id)?.(start, at)));
    }
    if (q.ReturnData !== false) {
      result = q.Id;
    }
  }
  const resultQuery = result === undefined ? undefined : values.get(result);
  return { value: (start, at) => resultQuery?.(start, at), periodMinutes };
}

/** An alarm on one metric and a statistic. */
function singleMetricValue(alarm: AlarmDefinition, subject: string, queries: MetricQueries, unmodelled: Unmodelled): AlarmValue {
  const p = alarm.properties;
  const key = alarmMetricKey(alarm);
  unmodelled(key, `${p.Namespace} ${p.MetricName}`);
  const statistic = p.Statistic ?? p.ExtendedStatistic;
  const periodMinutes = Math.max(1, Math.round(Number(p.Period ?? 60) / 60));
  const modelled = queries.modelledStatistic(statistic, subject);
  return { value: (start, at) => (modelled ? queries.store.statistic(key, start, periodMinutes, statistic, at) : undefined), periodMinutes };
}
