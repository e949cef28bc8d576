/**
 * The republisher's configuration: written into the template by the construct
 * (as the input of its EventBridge targets) and read by the Lambda handler.
 * Plain types only: runtime code imports this module, and so can any tool that
 * reads synthesized templates.
 */

import { VerdictRule } from './verdict';

// Re-exported for the republisher's readers: defined once, in model/namespaces.ts.
export { REPUBLISH_NAMESPACE } from '../namespaces';

/**
 * The version of the configuration format. 2: republished signals publish a
 * verdict per run (`rule`, `windowMinutes`), switches and a heartbeat.
 */
export const CONFIG_VERSION = 2;

/** A metric dimension, as CloudWatch's APIs name it. */
export interface DimensionConfig {
  readonly Name: string;
  readonly Value: string;
}

/** The metric a datapoint is published to (in REPUBLISH_NAMESPACE). */
export interface PublishedMetricConfig {
  readonly MetricName: string;
  readonly Dimensions: DimensionConfig[];
}

/** One GetMetricData query, as the API takes it. */
export interface MetricDataQueryConfig {
  readonly Id: string;
  readonly Expression?: string;
  readonly MetricStat?: {
    readonly Metric: { readonly Namespace: string; readonly MetricName: string; readonly Dimensions: DimensionConfig[] };
    readonly Period: number;
    readonly Stat: string;
  };
  readonly Period?: number;
  readonly ReturnData: boolean;
}

/**
 * A signal whose percentile or metric-math value is judged every minute by its
 * verdict rule; the verdict (0 healthy, 1 unhealthy) is published.
 */
export interface RepublishedSignalConfig {
  /** Where the verdict is published. */
  readonly metric: PublishedMetricConfig;
  /** How the recent minutes' values become the verdict. */
  readonly rule: VerdictRule;
  /** The queries that compute the value (unique ids across the whole configuration). */
  readonly queries: MetricDataQueryConfig[];
  /** The id of the query whose values are published. */
  readonly valueId: string;
  /**
   * The ids of the source metrics. A minute is published only if at least one
   * of them has a datapoint in it, so a value made up by FILL() or by a
   * constant is never published for a minute with no data.
   */
  readonly presenceIds: string[];
  /**
   * The id of the source metric that counts the minute's samples (an error
   * rate's RequestCount). A minute without it has a value that may rest on
   * part of its counts (a late RequestCount makes a rate read 100 %): it
   * counts only once it has settled (see the rule's recoverySettleMinutes).
   */
  readonly sampleId?: string;
}

/** An alarm whose state is mirrored as a 0/1 metric (1 while in ALARM). */
export interface MirroredAlarmConfig {
  readonly alarmName: string;
  /** Where the 0/1 value is published. */
  readonly metric: PublishedMetricConfig;
  /** The value published while the alarm is INSUFFICIENT_DATA (0 or 1). */
  readonly insufficientDataValue: number;
}

/**
 * An evacuation switch whose position is kept in an SSM parameter (written by
 * the operator's command) and published every minute, so the switch's metric
 * never goes silent while the republisher runs.
 */
export interface SwitchConfig {
  /** The parameter holding '1' (evacuated) or '0' (restored); absent until first set. */
  readonly parameterName: string;
  readonly namespace: string;
  readonly metric: PublishedMetricConfig;
}

/** Everything the republisher of one stack does. */
export interface RepublisherConfig {
  readonly namespace: string;
  /** How many minutes before the run's minute each run reads to decide the verdicts. */
  readonly windowMinutes: number;
  readonly signals: RepublishedSignalConfig[];
  readonly mirrors: MirroredAlarmConfig[];
  readonly switches: SwitchConfig[];
  /** Published (1) at the end of every run that did all its work: the republisher's own health. */
  readonly heartbeat: PublishedMetricConfig;
}

/**
 * The input of the once-a-minute schedule: a static input (no input
 * transformer), so expressions may contain any character. The handler takes
 * the minute from its clock.
 */
export interface TickEvent {
  readonly kind: 'tick';
  readonly version: number;
  readonly config: RepublisherConfig;
}

/** The input of the alarm state-change rule (its configuration lists the mirrors only). */
export interface AlarmStateEvent {
  readonly kind: 'alarmState';
  readonly version: number;
  readonly time: string;
  readonly alarmName: string;
  readonly state: string;
  readonly config: RepublisherConfig;
}

/** Any event the republisher handles. */
export type RepublisherEvent = TickEvent | AlarmStateEvent;
