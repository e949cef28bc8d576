import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { ActiveActiveFailover } from './active-active-failover';
import { ProbeOptions } from './operations/probe/probe-options';
import { RepublisherOptions } from './republisher/republisher-options';
import { FailoverSignal } from './signals/failover-signal';

/**
 * Options of one Region of an active-active failover.
 */
export interface FailoverRegionOptions {
  /**
   * The Region's Application Load Balancer, in the same Region as the stack.
   */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;

  /**
   * The signals of this Region's health. Each becomes an alarm and a Route 53
   * health check; with several, a calculated health check combines them.
   *
   * @default - the failover's `defaultSignals`
   */
  readonly signals?: FailoverSignal[];

  /**
   * How many signals must be healthy for the Region to stay in DNS (the
   * calculated health check's HealthThreshold). Used only with two or more signals.
   *
   * @default - every signal: the Region leaves DNS as soon as one signal is unhealthy
   */
  readonly minHealthySignals?: number;

  /**
   * Whether the alias records also evaluate the load balancer's target health.
   *
   * @default - the failover's `evaluateTargetHealth` (true unless set)
   */
  readonly evaluateTargetHealth?: boolean;

  /**
   * Whether to create an AAAA alias record besides the A record.
   *
   * @default - true when the load balancer's `ipAddressType` is dual-stack
   */
  readonly ipv6?: boolean;

  /**
   * The SetIdentifier of this Region's latency records (1 to 128 characters).
   * Changing it replaces the records.
   *
   * @default - `<failoverName>-<region>`
   */
  readonly setIdentifier?: string;

  /**
   * This Region's own name: a record that always resolves to this Region's
   * load balancer and carries the Region's health. The failover's latency
   * records point to it; the probe and operators use it to reach this Region
   * directly. Relative to the zone or fully qualified, in the zone.
   *
   * @default - `<region>.<recordName>`, for example 'us-east-1.api.example.com'
   */
  readonly regionalRecordName?: string;

  /**
   * Whether this Region has an evacuation switch: a metric an operator sets
   * with one AWS CLI call to take the Region out of DNS, whatever its signals
   * say, and to bring it back.
   *
   * @default - the failover's `evacuationSwitch` (true unless set)
   */
  readonly evacuationSwitch?: boolean;

  /**
   * Probe traffic for this Region, replacing the failover's settings.
   *
   * @default - the failover's `probe` (on unless set)
   */
  readonly probe?: ProbeOptions;

  /**
   * An SNS topic in this Region that is told when the Region leaves DNS and
   * when it returns, with the alarm that caused it.
   *
   * @default - a new topic when the failover's `notifications` is true, none otherwise
   */
  readonly notificationTopic?: sns.ITopic;

  /**
   * Whether every alarm the library creates in this Region (each signal's
   * alarm, mirrored signals' source alarms and the evacuation switch's alarm,
   * besides the health alarm and the republisher's) tells the Region's
   * notification topic when it goes to ALARM and back to OK. Managed accounts
   * that require an action on every alarm (Control Tower CT.CLOUDWATCH.PR.1)
   * turn it on. Needs a topic: `notificationTopic`, or the failover's
   * `notifications`.
   *
   * @default - the failover's `notifyOnEveryAlarm` (false unless set)
   */
  readonly notifyOnEveryAlarm?: boolean;

  /**
   * Settings of the stack's republisher (the Lambda function behind
   * republished and mirrored signals and the evacuation switch): log
   * retention, the log group's KMS key and reserved concurrency. The stack
   * has one republisher: Regions of one stack that set the same setting must
   * agree. Ignored when the stack has no republisher.
   *
   * @default - 30 days of logs, no KMS key, no reserved concurrency
   */
  readonly republisher?: RepublisherOptions;
}

/**
 * Properties of a `FailoverRegion`.
 */
export interface FailoverRegionProps extends FailoverRegionOptions {
  /** The failover this Region serves. */
  readonly failover: ActiveActiveFailover;
}

