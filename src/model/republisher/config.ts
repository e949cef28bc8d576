/**
 * The republisher's configuration: written into the template by the construct
 * (as the input of its EventBridge targets) and read by the Lambda handler.
 * Plain types only: runtime code imports this module, and so can any tool that
 * reads synthesized templates.
 */

// Re-exported for the republisher's readers: defined once, in model/namespaces.ts.
export { REPUBLISH_NAMESPACE } from '../namespaces';

/** The version of the configuration format. */
export const CONFIG_VERSION = 1;

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

/** A signal whose percentile or metric-math value is republished as a plain metric. */
export interface RepublishedSignalConfig {
  /** Where the value is published. */
  readonly metric: PublishedMetricConfig;
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
}

/** An alarm whose state is mirrored as a 0/1 metric (1 while in ALARM). */
export interface MirroredAlarmConfig {
  readonly alarmName: string;
  /** Where the 0/1 value is published. */
  readonly metric: PublishedMetricConfig;
  /** The value published while the alarm is INSUFFICIENT_DATA (0 or 1). */
  readonly insufficientDataValue: number;
}

/** Everything the republisher of one stack does. */
export interface RepublisherConfig {
  readonly namespace: string;
  /** How long after a minute ends it is published. */
  readonly settleSeconds: number;
  /** How many settled minutes each run publishes (repairs missed runs). */
  readonly backfillMinutes: number;
  readonly signals: RepublishedSignalConfig[];
  readonly mirrors: MirroredAlarmConfig[];
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
