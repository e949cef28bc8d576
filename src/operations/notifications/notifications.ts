/**
 * A Region's health alarm and its notifications: the composite alarm in ALARM
 * while the Region's alarms take it out of DNS, the SNS topic (with its
 * policy) and the alarm's actions. Not part of the public API.
 */
import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { estimatedRuleLength, MAX_ALARM_RULE_LENGTH, regionHealthRule } from './health-rule';
import { healthAlarmName } from '../../model/names';
import { WarningId } from '../../model/warnings';
import { addWarning } from '../../private/warnings';
import { Republisher } from '../../republisher/republisher';

/** What a Region's notifications are built from. */
export interface RegionNotificationsProps {
  readonly failoverName: string;
  readonly region: string;
  /** One alarm per signal. */
  readonly signalAlarms: cloudwatch.IAlarm[];
  readonly switchAlarm?: cloudwatch.IAlarm;
  /** How many signals must be healthy (may be a token). */
  readonly minHealthySignals: number;
  /** The topic the user gave. */
  readonly topic?: sns.ITopic;
  /** Whether the failover creates a topic for Regions without one. */
  readonly createTopic: boolean;
  /** The stack's republisher, whose alarm the topic is told too. */
  readonly republisher?: Republisher;
}

/** A Region's health alarm, notification topic and republisher alarm. */
export interface RegionNotifications {
  readonly healthAlarm?: cloudwatch.IAlarm;
  readonly topic?: sns.ITopic;
  readonly republisherAlarm?: cloudwatch.IAlarm;
}

/**
 * Creates the health alarm (`scope/HealthAlarm`) and, when asked, the topic
 * (`scope/Notifications`), and tells the topic when the alarm changes.
 */
export function createRegionNotifications(scope: Construct, props: RegionNotificationsProps): RegionNotifications {
  const wantsNotifications = props.topic !== undefined || props.createTopic;
  const healthAlarm = createHealthAlarm(scope, props, wantsNotifications);
  const republisherAlarm = props.republisher?.alarm;
  const topic = props.topic ?? (props.createTopic && healthAlarm ? createTopic(scope, props, healthAlarm, republisherAlarm) : undefined);
  if (topic) {
    notify(scope, props.region, topic, healthAlarm);
    props.republisher?.notify(topic);
  }
  return { healthAlarm, topic, republisherAlarm };
}

/**
 * The Region's health alarm: a composite alarm in ALARM while the switch is,
 * or while fewer than minHealthySignals signal alarms are OK.
 */
function createHealthAlarm(scope: Construct, props: RegionNotificationsProps, wantsNotifications: boolean): cloudwatch.IAlarm | undefined {
  const subject = `FailoverRegion '${scope.node.path}'`;
  const stackRegion = Stack.of(scope).region;
  // A composite alarm can only watch alarms of its own Region.
  const local = props.signalAlarms.filter(a => Token.isUnresolved(a.env.region) || a.env.region === stackRegion);
  if (Token.isUnresolved(props.minHealthySignals)) {
    addWarning(scope, WarningId.NO_HEALTH_ALARM,
      `${subject} has no health alarm (no notifications, no health on the dashboard): `
      + '\'minHealthySignals\' is a token, so which signals take the Region out is not known at synth time. Pass a number.');
    if (wantsNotifications) {
      throw new Error(`[AAF-HEALTH-ALARM-RULE] ${subject}: notifications need the Region's health alarm, `
        + `but 'minHealthySignals' is a token, got: ${props.minHealthySignals}. Fix: pass a number.`);
    }
    return undefined;
  }
  // Signal alarms of other Regions cannot be watched; count them as healthy.
  const minHealthy = props.minHealthySignals - (props.signalAlarms.length - local.length);
  const rule = regionHealthRule(props.switchAlarm, local, minHealthy);
  if (!rule) {
    return undefined;
  }
  const length = estimatedRuleLength(rule);
  if (length > MAX_ALARM_RULE_LENGTH) {
    const problem = `'minHealthySignals' of ${props.minHealthySignals} out of ${local.length} signals needs a health alarm rule `
      + `of about ${length} characters, more than CloudWatch's ${MAX_ALARM_RULE_LENGTH}`;
    const fix = 'use fewer signals, or set minHealthySignals closer to the number of signals';
    if (wantsNotifications) {
      throw new Error(`[AAF-HEALTH-ALARM-RULE] ${subject}: notifications need the Region's health alarm, but ${problem}. Fix: ${fix}.`);
    }
    addWarning(scope, WarningId.NO_HEALTH_ALARM,
      `${subject} has no health alarm (no notifications, no health on the dashboard): ${problem}. To have one, ${fix}.`);
    return undefined;
  }
  return new cloudwatch.CompositeAlarm(scope, 'HealthAlarm', {
    compositeAlarmName: healthAlarmName(props.failoverName, props.region),
    alarmDescription: `Region ${props.region} of failover '${props.failoverName}' is taken out of DNS by its alarms: its `
      + 'evacuation switch is on, or too few of its signals are healthy (target health and fail-open are not seen here). '
      + 'The state reason names the alarms that caused it.',
    alarmRule: rule,
  });
}

function createTopic(
  scope: Construct, props: RegionNotificationsProps, healthAlarm: cloudwatch.IAlarm, republisherAlarm: cloudwatch.IAlarm | undefined,
): sns.ITopic {
  const topic = new sns.Topic(scope, 'Notifications', {
    displayName: `Failover '${props.failoverName}': ${props.region} leaves or returns to DNS`,
  });
  // A topic policy replaces the default one, which let the account's services
  // publish: allow the health alarm (and the republisher's) explicitly.
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowHealthAlarm',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: { ArnEquals: { 'aws:SourceArn': republisherAlarm ? [healthAlarm.alarmArn, republisherAlarm.alarmArn] : healthAlarm.alarmArn } },
  }));
  // Encryption in transit only. Written out: with aws-cdk-lib 2.173 (the oldest
  // supported), `enforceSSL` adds its statement only along with another one.
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowPublishThroughSSLOnly',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: { Bool: { 'aws:SecureTransport': 'false' } },
  }));
  // cdk-nag reads suppressions from this metadata; the library does not depend on it.
  (topic.node.defaultChild as CfnResource).addMetadata('cdk_nag', {
    rules_to_suppress: [{
      id: 'AwsSolutions-SNS2',
      reason: 'CloudWatch alarm actions cannot publish to a topic encrypted with the AWS managed key (alias/aws/sns), and '
        + 'the messages carry only alarm names and states. For encryption at rest, pass notificationTopic: a topic encrypted '
        + 'with a customer managed key whose key policy lets cloudwatch.amazonaws.com use it.',
    }],
  });
  return topic;
}

/** Tells the topic when the health alarm changes: ALARM (left DNS) and OK (returned). */
function notify(scope: Construct, region: string, topic: sns.ITopic, healthAlarm: cloudwatch.IAlarm | undefined): void {
  const topicRegion = topic.env.region;
  if (!Token.isUnresolved(topicRegion) && !Token.isUnresolved(region) && topicRegion !== region) {
    throw new Error(
      `[AAF-NOTIFICATION-REGION] FailoverRegion '${scope.node.path}': 'notificationTopic' must be in the Region's own Region `
      + `(${region}), got a topic in '${topicRegion}'. CloudWatch alarm actions can only publish to a topic of the `
      + `alarm's Region. Fix: pass a topic of ${region}, or set the failover's notifications to true to create one.`,
    );
  }
  if (!healthAlarm) {
    throw new Error(
      `[AAF-NOTIFICATION-NOTHING] FailoverRegion '${scope.node.path}': 'notificationTopic' needs signals or the evacuation switch `
      + 'to report on, got neither. Fix: add signals, turn the switch on, or drop the topic.',
    );
  }
  const action = new cloudwatchActions.SnsAction(topic);
  (healthAlarm as cloudwatch.CompositeAlarm).addAlarmAction(action);
  (healthAlarm as cloudwatch.CompositeAlarm).addOkAction(action);
}
