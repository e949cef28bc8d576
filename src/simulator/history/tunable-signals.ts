/**
 * The knobs of a failover's signals as the templates hold them, and the same
 * templates with other settings: what calibration sweeps and replays.
 *
 * A signal (by its name, in every Region) is tunable when Route 53 follows
 * it through one of two shapes the library writes:
 * - republished: the republisher judges the value with a verdict rule
 *   (threshold, M of N, hysteresis) and an alarm follows the verdict;
 * - direct: an alarm on the metric itself (threshold, N periods that must
 *   all breach: Route 53 reads no M of N).
 * Mirrored alarms and alarms made outside the app keep their own settings.
 */
import { DEGRADED_METRIC, GrayFailure } from './overlay';
import { EVACUATION_NAMESPACE } from '../../model/namespaces';
import { RepublishedSignalConfig } from '../../model/republisher/config';
import { AlarmDefinition, LeafCheckDefinition, metricKey, Topology } from '../topology';

/** A signal's settings that calibration changes. */
export interface SignalSettings {
  readonly threshold: number;
  /** Minutes (periods) in a row that must breach: M = N. */
  readonly persistence: number;
}

/** One Region's instance of a tunable signal. */
export interface SignalInstance {
  readonly region: string;
  readonly check: LeafCheckDefinition;
  readonly alarm: AlarmDefinition;
  /** Set for a republished signal: its entry in the Region's republisher. */
  readonly republished?: { readonly republisher: number; readonly signal: number };
}

/** A tunable signal: the same name in each of its Regions. */
export interface TunableSignal {
  readonly name: string;
  readonly shape: 'republished' | 'direct';
  readonly instances: readonly SignalInstance[];
  /** As the templates set it (the first Region's). */
  readonly current: SignalSettings;
  readonly comparison: string;
  /** The metrics it reads (namespace and name), to tell which gray failure it watches. */
  readonly reads: readonly { readonly namespace: string; readonly metricName: string; readonly statistic?: string }[];
}

/** The signal's name from its alarm's (`<failover>-<region>-<signal>`). */
export function signalNameOf(alarmName: string, region: string): string {
  const i = alarmName.indexOf(`-${region}-`);
  return i < 0 ? alarmName : alarmName.slice(i + region.length + 2);
}

/** The tunable signals of the failover in `regions`, and the names of those that are not (mirrored, made outside the app). */
export function tunableSignals(topology: Topology, regions: readonly string[]): { signals: TunableSignal[]; untunable: string[] } {
  const byName = new Map<string, {
    shape: TunableSignal['shape'];
    instances: SignalInstance[];
    settings: SignalSettings;
    comparison: string;
    reads: TunableSignal['reads'];
  }>();
  const untunable = new Set<string>();
  for (const check of topology.leafChecks.values()) {
    const alarm = check.alarm;
    if (check.type !== 'CLOUDWATCH_METRIC' || !alarm || !regions.includes(alarm.region) || alarm.properties.Namespace === EVACUATION_NAMESPACE) {
      continue;
    }
    const name = signalNameOf(alarm.name, alarm.region);
    const p = alarm.properties;
    const key = typeof p.Namespace === 'string' ? metricKey(alarm.region, p.Namespace, p.MetricName, p.Dimensions) : undefined;
    const republishers = topology.republishers.map((r, i) => ({ r, i })).filter(({ r }) => r.region === alarm.region);
    let found: { shape: TunableSignal['shape']; instance: SignalInstance; settings: SignalSettings; comparison: string; reads: TunableSignal['reads'] }
      | undefined;
    for (const { r, i } of republishers) {
      const j = r.config.signals.findIndex(s => metricKey(r.region, r.config.namespace, s.metric.MetricName, s.metric.Dimensions) === key);
      if (j >= 0) {
        const rule = r.config.signals[j].rule;
        found = {
          shape: 'republished',
          instance: { region: alarm.region, check, alarm, republished: { republisher: i, signal: j } },
          settings: { threshold: rule.threshold, persistence: rule.evaluationPeriods },
          comparison: rule.comparison,
          reads: r.config.signals[j].queries.filter(q => q.MetricStat)
            .map(q => ({ namespace: q.MetricStat!.Metric.Namespace, metricName: q.MetricStat!.Metric.MetricName, statistic: q.MetricStat!.Stat })),
        };
      }
      if (r.config.mirrors.some(m => metricKey(r.region, r.config.namespace, m.metric.MetricName, m.metric.Dimensions) === key)
        || (r.config.heartbeat && metricKey(r.region, r.config.namespace, r.config.heartbeat.MetricName, r.config.heartbeat.Dimensions) === key)) {
        untunable.add(name);
        found = undefined;
      }
    }
    const published = topology.republishers.some(r => r.region === alarm.region && r.config.namespace === p.Namespace);
    if (!found && !published && !untunable.has(name) && typeof p.Namespace === 'string' && !Array.isArray(p.Metrics)) {
      const n = Number(p.EvaluationPeriods ?? 1);
      found = {
        shape: 'direct',
        instance: { region: alarm.region, check, alarm },
        settings: { threshold: Number(p.Threshold), persistence: n },
        comparison: p.ComparisonOperator,
        reads: [{ namespace: p.Namespace, metricName: p.MetricName, statistic: p.Statistic ?? p.ExtendedStatistic }],
      };
    } else if (!found) {
      untunable.add(name);
    }
    if (found) {
      const entry = byName.get(name)
        ?? { shape: found.shape, instances: [], settings: found.settings, comparison: found.comparison, reads: found.reads };
      entry.instances.push(found.instance);
      byName.set(name, entry);
    }
  }
  const signals = [...byName.entries()].filter(([name]) => !untunable.has(name)).map(([name, e]) => ({
    name, shape: e.shape, instances: e.instances, current: e.settings, comparison: e.comparison, reads: e.reads,
  }));
  return { signals, untunable: [...untunable].sort() };
}

/** The gray failure a signal watches: the one whose first degraded metric it reads; undefined: none of them. */
export function watchedFailure(signal: TunableSignal): GrayFailure | undefined {
  const reads = (f: GrayFailure) => signal.reads.some(r => r.metricName === DEGRADED_METRIC[f].metricName
    && (DEGRADED_METRIC[f].namespace === undefined || DEGRADED_METRIC[f].namespace === r.namespace));
  // The 5xx rate also counts the load balancer's 502s, so a connection-error signal is told by its own count.
  return (['connectionErrors', 'http5xx', 'latency', 'cpu'] as GrayFailure[]).find(reads);
}

/** Alarm properties with other settings (N periods, all of them breaching). */
function alarmWith(alarm: AlarmDefinition, s: SignalSettings, suffix = ''): AlarmDefinition {
  return {
    id: `${alarm.id}${suffix}`,
    name: `${alarm.name}${suffix}`,
    region: alarm.region,
    properties: { ...alarm.properties, Threshold: s.threshold, EvaluationPeriods: s.persistence, DatapointsToAlarm: s.persistence },
  };
}

/** A verdict rule's signal with other settings; the recovery threshold keeps its distance from the threshold, in proportion. */
function republishedWith(signal: RepublishedSignalConfig, s: SignalSettings, metricSuffix = ''): RepublishedSignalConfig {
  const r = signal.rule;
  const ratio = r.threshold === 0 ? 1 : r.recoveryThreshold / r.threshold;
  return {
    ...signal,
    metric: { ...signal.metric, MetricName: `${signal.metric.MetricName}${metricSuffix}` },
    rule: {
      ...r, threshold: s.threshold, recoveryThreshold: s.threshold * ratio, evaluationPeriods: s.persistence, datapointsToAlarm: s.persistence,
    },
  };
}

/** The topology with each named signal set as `settings` says (every Region). */
export function withSettings(topology: Topology, signals: readonly TunableSignal[], settings: ReadonlyMap<string, SignalSettings>): Topology {
  const alarms = new Map<string, AlarmDefinition>();
  const republishers = topology.republishers.map(r => ({ ...r, config: { ...r.config, signals: [...r.config.signals] } }));
  for (const signal of signals) {
    const s = settings.get(signal.name);
    if (!s) {
      continue;
    }
    for (const instance of signal.instances) {
      if (instance.republished) {
        const { republisher, signal: j } = instance.republished;
        republishers[republisher].config.signals[j] = republishedWith(republishers[republisher].config.signals[j], s);
      } else {
        alarms.set(instance.alarm.id, alarmWith(instance.alarm, s));
      }
    }
  }
  return rebuild(topology, alarms, republishers);
}

/**
 * The topology for a sweep: for each candidate of each signal, a copy of
 * every Region's health check, alarm (and republished signal) with the
 * candidate's settings, followed by no record; the original checks are left
 * out, so no Region ever leaves DNS and every candidate reads the same
 * minutes. Returns the candidates' check ids, by signal and candidate index,
 * by Region.
 */
export function sweepTopology(topology: Topology, candidates: ReadonlyMap<TunableSignal, readonly SignalSettings[]>):
{ topology: Topology; checks: Map<TunableSignal, Map<string, string>[]> } {
  const alarms = new Map<string, AlarmDefinition>();
  const added: AlarmDefinition[] = [];
  const republishers = topology.republishers.map(r => ({ ...r, config: { ...r.config, signals: [...r.config.signals] } }));
  const leafChecks = new Map<string, LeafCheckDefinition>();
  const checks = new Map<TunableSignal, Map<string, string>[]>();
  for (const [signal, list] of candidates) {
    checks.set(signal, list.map((s, c) => {
      const byRegion = new Map<string, string>();
      for (const instance of signal.instances) {
        const suffix = `~${signal.name}~${c}`;
        let alarm: AlarmDefinition;
        if (instance.republished) {
          const r = republishers[instance.republished.republisher];
          const original = topology.republishers[instance.republished.republisher].config.signals[instance.republished.signal];
          const copy = republishedWith(original, s, suffix);
          r.config.signals.push(copy);
          alarm = {
            ...instance.alarm,
            id: `${instance.alarm.id}${suffix}`,
            name: `${instance.alarm.name}${suffix}`,
            properties: { ...instance.alarm.properties, MetricName: copy.metric.MetricName },
          };
        } else {
          alarm = alarmWith(instance.alarm, s, suffix);
        }
        added.push(alarm);
        const id = `${instance.check.id}${suffix}`;
        leafChecks.set(id, { ...instance.check, id, alarm });
        byRegion.set(instance.region, id);
      }
      return byRegion;
    }));
  }
  return { topology: rebuild({ ...topology, leafChecks }, alarms, republishers, added), checks };
}

/** The topology with alarms replaced (by id) and added, and other republishers. */
function rebuild(topology: Topology, replaced: ReadonlyMap<string, AlarmDefinition>, republishers: Topology['republishers'],
  added: readonly AlarmDefinition[] = []): Topology {
  const alarms = [...topology.alarms.map(a => replaced.get(a.id) ?? a), ...added];
  const byId = new Map(alarms.map(a => [a.id, a]));
  const leafChecks = new Map([...topology.leafChecks]
    .map(([id, c]) => [id, c.alarm && replaced.has(c.alarm.id) ? { ...c, alarm: byId.get(c.alarm.id) } : c]));
  return { ...topology, alarms, leafChecks, republishers };
}
