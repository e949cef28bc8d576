/**
 * The republisher, replayed: once a minute (as its EventBridge schedule runs
 * it) each republisher publishes the settled minutes of its signals, computed
 * from the data readable at that moment (metric math included), and the
 * states of the alarms it mirrors. It runs the handler's own functions
 * (`publishWindow`, `signalDatapoints`, `mirrorDatapoints`), so the replay
 * cannot drift from the deployed code.
 */
import { Alarms } from './alarms';
import { valueStats } from './cloudwatch';
import { MetricQueries } from './metric-queries';
import { metricKey, Topology } from './topology';
import { mirrorDatapoints, publishWindow, signalDatapoints } from '../model/republisher/logic';

const MS_PER_MINUTE = 60_000;

type Republisher = Topology['republishers'][number];
type Signal = Republisher['config']['signals'][number];

export class RepublisherReplay {
  /** @param delayMinutes minutes from PutMetricData until a datapoint can be read */
  constructor(private readonly topology: Topology, private readonly queries: MetricQueries, private readonly alarms: Alarms,
    private readonly delayMinutes: number) {}

  /** Every republisher's run at instant t: settled minutes of each signal, and mirrored alarm states. */
  public run(t: number): void {
    for (const republisher of this.topology.republishers) {
      this.publishSignals(republisher, t);
      this.publishMirrors(republisher, t);
    }
  }

  private publishSignals({ region, config }: Republisher, t: number): void {
    const window = publishWindow(t * MS_PER_MINUTE, config.settleSeconds, config.backfillMinutes);
    const series = new Map<string, Map<number, number>>();
    for (const signal of config.signals) {
      for (const [id, value] of this.queryValues(region, signal, t)) {
        const points = new Map<number, number>();
        for (const minute of window.minutes) {
          const v = value(minute / MS_PER_MINUTE);
          if (v !== undefined) {
            points.set(minute, v);
          }
        }
        series.set(id, points);
      }
    }
    for (const datum of signalDatapoints(config.signals, series, window)) {
      const key = metricKey(region, config.namespace, datum.MetricName, datum.Dimensions);
      this.queries.store.put(key, datum.Timestamp.getTime() / MS_PER_MINUTE, valueStats(datum.Value), t + this.delayMinutes);
    }
  }

  /** Each query of a signal: its value in a minute, as readable at instant t. */
  private queryValues(region: string, signal: Signal, t: number): Map<string, (minute: number) => number | undefined> {
    const subject = `republished signal ${signal.metric.MetricName} in ${region}`;
    const values = new Map<string, (minute: number) => number | undefined>();
    for (const query of signal.queries) {
      if (query.MetricStat && this.queries.modelledStatistic(query.MetricStat.Stat, subject)) {
        const m = query.MetricStat;
        const key = metricKey(region, m.Metric.Namespace, m.Metric.MetricName, m.Metric.Dimensions);
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
      const key = metricKey(region, config.namespace, datum.MetricName, datum.Dimensions);
      this.queries.store.put(key, t, valueStats(datum.Value), t + this.delayMinutes);
    }
  }
}
