/**
 * The republisher, replayed: once a minute (as its EventBridge schedule runs
 * it) each republisher reads its signals' recent minutes as readable at that
 * moment (metric math included) and publishes each signal's verdict with the
 * run's minute, the states of the alarms it mirrors, the positions of the
 * evacuation switches from their parameters and, when the run did all its
 * work, its heartbeat. It runs the handler's own functions (`readWindow`,
 * `signalVerdicts`, `mirrorDatapoints`, `switchDatapoints`, `heartbeatDatum`),
 * so the replay cannot drift from the deployed code.
 *
 * The scenario's republisher faults: a failing or missed run publishes
 * nothing; a GetMetricData error fails the run at its first call (the
 * handler reads the signals first), so it publishes nothing either; a late
 * run starts within its minute, which changes nothing at minute resolution.
 */
import { Alarms } from './alarms';
import { valueStats } from './cloudwatch';
import { MetricQueries } from './metric-queries';
import { RepublisherFaultKind } from './scenario';
import { metricKey, Topology } from './topology';
import { Datum, heartbeatDatum, mirrorDatapoints, readWindow, signalVerdicts, switchDatapoints } from '../model/republisher/logic';

const MS_PER_MINUTE = 60_000;

type Republisher = Topology['republishers'][number];
type Signal = Republisher['config']['signals'][number];

/** What the replay asks of the scenario. */
export interface RepublisherScenario {
  /** The value of a Region's switch parameter at minute t ('1', '0', the failback latch's, or none). */
  readonly switchParameter: (region: string, t: number) => string | undefined;
  /** The fault of the Region's republisher at minute t; undefined: none. */
  readonly fault: (region: string, t: number) => RepublisherFaultKind | undefined;
}

export class RepublisherReplay {
  /**
   * Per Region and signal's queries, the values of the minutes that can no
   * longer change, by minute: signals that read the same queries (a sweep's
   * candidates) share them, since a value does not depend on its rule.
   */
  private readonly settled = new Map<string, Map<number, Map<string, number | undefined>>>();
  private readonly cacheKeys = new WeakMap<Signal, string>();

  /** @param delayMinutes minutes from PutMetricData until a datapoint can be read */
  constructor(private readonly topology: Topology, private readonly queries: MetricQueries, private readonly alarms: Alarms,
    private readonly delayMinutes: number, private readonly scenario: RepublisherScenario) {}

  /**
   * Every republisher's run at instant t: each signal's verdict, mirrored
   * alarm states, switch positions, then the heartbeat; nothing from a run
   * that fails.
   */
  public run(t: number): void {
    for (const republisher of this.topology.republishers) {
      const fault = this.scenario.fault(republisher.region, t);
      if (fault === 'failing' || fault === 'notInvoked' || (fault === 'getMetricDataError' && republisher.config.signals.length > 0)) {
        continue;
      }
      this.publishSignals(republisher, t);
      this.publishMirrors(republisher, t);
      this.publishSwitches(republisher, t);
      if (republisher.config.heartbeat) {
        this.publish(republisher.region, republisher.config.namespace, heartbeatDatum(republisher.config.heartbeat, t * MS_PER_MINUTE), t);
      }
    }
  }

  private publishSignals({ region, config }: Republisher, t: number): void {
    const window = readWindow(t * MS_PER_MINUTE, config.windowMinutes);
    const series = new Map<string, Map<number, number>>();
    const read = new Set<string>();
    for (const signal of config.signals) {
      // Signals with the same queries (a sweep's candidates) read the same series.
      const key = this.cacheKeys.get(signal);
      if (key !== undefined && read.has(key)) {
        continue;
      }
      const ids = signal.queries.map(q => q.Id);
      ids.forEach(id => series.set(id, new Map()));
      for (const minute of window.minutes) {
        const values = this.minuteValues(region, signal, minute / MS_PER_MINUTE, t);
        for (const id of ids) {
          const v = values.get(id);
          if (v !== undefined) {
            series.get(id)!.set(minute, v);
          }
        }
      }
      read.add(this.cacheKeys.get(signal)!);
    }
    for (const datum of signalVerdicts(config.signals, series, window, t * MS_PER_MINUTE)) {
      this.publish(region, config.namespace, datum, t);
    }
  }

  /**
   * The value of each query of a signal in a minute, as GetMetricData returns
   * it at instant t. A minute whose source datapoints can no longer change
   * (every read of it has arrived) is computed once.
   */
  private minuteValues(region: string, signal: Signal, minute: number, t: number): Map<string, number | undefined> {
    let key = this.cacheKeys.get(signal);
    if (key === undefined) {
      key = `${region}|${JSON.stringify(signal.queries)}`;
      this.cacheKeys.set(signal, key);
    }
    const cache = this.settled.get(key) ?? new Map<number, Map<string, number | undefined>>();
    this.settled.set(key, cache);
    const cached = cache.get(minute);
    if (cached) {
      return cached;
    }
    const queries = this.queryValues(region, signal, t);
    const values = new Map(signal.queries.map(q => [q.Id, queries.get(q.Id)?.(minute)]));
    const settled = signal.queries.every(q => !q.MetricStat || (minute + q.MetricStat.Period / 60 <= t
      && this.queries.store.settledFrom(this.sourceKey(region, q.MetricStat), minute, q.MetricStat.Period / 60) <= t));
    if (settled) {
      cache.set(minute, values);
    }
    return values;
  }

  /** Forgets the values of minutes before `minute` (no run reads that far back any more). */
  public forget(minute: number): void {
    for (const cache of this.settled.values()) {
      for (const m of cache.keys()) {
        if (m < minute) {
          cache.delete(m);
        }
      }
    }
  }

  private sourceKey(region: string, m: NonNullable<Signal['queries'][number]['MetricStat']>): string {
    return metricKey(region, m.Metric.Namespace, m.Metric.MetricName, m.Metric.Dimensions);
  }

  /** The switches' positions, from their parameters (which the evacuations of the scenario set). */
  private publishSwitches({ region, config }: Republisher, t: number): void {
    const parameters = new Map<string, string>();
    for (const s of config.switches ?? []) {
      const value = this.scenario.switchParameter(region, t);
      if (value !== undefined) {
        parameters.set(s.parameterName, value);
      }
    }
    for (const { namespace, datum } of switchDatapoints(config.switches ?? [], parameters, t * MS_PER_MINUTE)) {
      this.publish(region, namespace, datum, t);
    }
  }

  private publish(region: string, namespace: string, datum: Datum, t: number): void {
    const key = metricKey(region, namespace, datum.MetricName, datum.Dimensions);
    this.queries.store.put(key, datum.Timestamp.getTime() / MS_PER_MINUTE, valueStats(datum.Value), t + this.delayMinutes);
  }

  /** Each query of a signal: its value in a minute, as readable at instant t. */
  private queryValues(region: string, signal: Signal, t: number): Map<string, (minute: number) => number | undefined> {
    const subject = `republished signal ${signal.metric.MetricName} in ${region}`;
    const values = new Map<string, (minute: number) => number | undefined>();
    for (const query of signal.queries) {
      if (query.MetricStat && this.queries.modelledStatistic(query.MetricStat.Stat, subject)) {
        const m = query.MetricStat;
        const key = this.sourceKey(region, m);
        values.set(query.Id, minute => this.queries.store.statistic(key, minute, m.Period / 60, m.Stat, t));
      } else if (query.Expression) {
        const expression = this.queries.expression(query.Expression, subject);
        values.set(query.Id, minute => expression?.evaluate(id => values.get(id)?.(minute)));
      }
    }
    return values;
  }

  /** The handler asks its own Region for the states; an alarm it cannot find publishes nothing. */
  private publishMirrors({ region, config }: Republisher, t: number): void {
    const states = new Map<string, string>();
    for (const m of config.mirrors) {
      const state = this.alarms.state(region, m.alarmName);
      if (state !== undefined) {
        states.set(m.alarmName, state);
      }
    }
    for (const datum of mirrorDatapoints(config.mirrors, states, t * MS_PER_MINUTE)) {
      this.publish(region, config.namespace, datum, t);
    }
  }
}
