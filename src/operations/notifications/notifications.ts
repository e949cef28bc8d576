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
import {
  healthRuleFits, HealthRuleSize, healthRuleSize, MAX_ALARM_RULE_ALARMS, MAX_ALARM_RULE_LENGTH, regionHealthRule,
} from './health-rule';
import { healthAlarmName, topicDisplayName } from '../../model/names';
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
  /** Whether every alarm created in `scope` tells the topic too. */
  readonly notifyOnEveryAlarm?: boolean;
  /** A sentence the health alarm's description ends with (the failback latch's, so every notification names it). */
  readonly note?: string;
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
  const everyAlarm = props.notifyOnEveryAlarm ? alarmsCreatedIn(scope, healthAlarm) : [];
  if (props.notifyOnEveryAlarm && !wantsNotifications) {
    throw new Error(`[AAF-NOTIFICATION-EVERY-ALARM] FailoverRegion '${scope.node.path}': 'notifyOnEveryAlarm' needs a topic to `
      + 'tell, got: no notificationTopic and the failover\'s notifications false. Fix: set the failover\'s notifications to true, '
      + 'pass this Region a notificationTopic, or leave notifyOnEveryAlarm unset (false).');
  }
  const admitted = [...(republisherAlarm ? [republisherAlarm] : []), ...everyAlarm];
  const topic = props.topic ?? (props.createTopic && healthAlarm ? createTopic(scope, props, healthAlarm, admitted) : undefined);
  if (props.createTopic && !props.topic && props.signalAlarms.length === 0 && !props.switchAlarm) {
    // A warning, not an error: 'notifications' is the failover's, and a Region cannot opt out of it.
    addWarning(scope, WarningId.NOTIFICATIONS_NOTHING, `[${WarningId.NOTIFICATIONS_NOTHING}] FailoverRegion '${scope.node.path}': the failover's 'notifications' is true, `
      + 'but this Region has neither signals nor the evacuation switch, so it gets no topic and nothing is ever told, got: '
      + 'signals [] and evacuationSwitch false. Fix: add signals or turn the switch on in this Region.');
  }
  if (topic) {
    notify(scope, props.region, topic, healthAlarm);
    props.republisher?.notify(topic);
    const action = new cloudwatchActions.SnsAction(topic);
    for (const alarm of everyAlarm) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
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
      `[${WarningId.NO_HEALTH_ALARM}] ${subject} has no health alarm (no notifications, no health on the dashboard): `
      + '\'minHealthySignals\' is a token, so which signals take the Region out is not known at synth time, '
      // Not the token itself: a token in an annotation's text turns it into an intrinsic.
      + 'got: a token (a deploy-time value). Fix: pass a number.');
    if (wantsNotifications) {
      throw new Error(`[AAF-HEALTH-ALARM-RULE] ${subject}: notifications need the Region's health alarm, `
        + 'but \'minHealthySignals\' is a token, got: a token (a deploy-time value). Fix: pass a number.');
    }
    return undefined;
  }
  // Signal alarms of other Regions cannot be watched; count them as healthy.
  const offset = props.signalAlarms.length - local.length;
  const size = healthRuleSize(props.switchAlarm, local, props.minHealthySignals - offset);
  // Checked before the rule is built: building an oversized one can exhaust the stack or the heap.
  if (!healthRuleFits(size)) {
    const { problem, fix } = oversizedRule(props, local, offset, size);
    if (wantsNotifications) {
      throw new Error(`[AAF-HEALTH-ALARM-RULE] ${subject}: notifications need the Region's health alarm, but ${problem}. Fix: ${fix}.`);
    }
    addWarning(scope, WarningId.NO_HEALTH_ALARM,
      `[${WarningId.NO_HEALTH_ALARM}] ${subject} has no health alarm (no notifications, no health on the dashboard): ${problem}. Fix: ${fix}.`);
    return undefined;
  }
  const rule = regionHealthRule(props.switchAlarm, local, props.minHealthySignals - offset);
  if (!rule) {
    return undefined;
  }
  return new cloudwatch.CompositeAlarm(scope, 'HealthAlarm', {
    compositeAlarmName: healthAlarmName(props.failoverName, props.region),
    alarmDescription: `Region ${props.region} of failover '${props.failoverName}' is taken out of DNS by its alarms: its `
      + 'evacuation switch is on, or too few of its signals are healthy (target health and fail-open are not seen here). '
      + 'The state reason names the alarms that caused it.' + (props.note ? ` ${props.note}` : ''),
    alarmRule: rule,
  });
}

/** What is wrong with a health alarm rule CloudWatch would reject, and the values of minHealthySignals that fit. */
function oversizedRule(
  props: RegionNotificationsProps, local: cloudwatch.IAlarm[], offset: number, size: HealthRuleSize,
): { problem: string; fix: string } {
  const n = props.signalAlarms.length;
  const length = size.length < 1e9 ? `${Math.round(size.length)}` : size.length.toExponential(1);
  const problem = size.length > MAX_ALARM_RULE_LENGTH
    ? `'minHealthySignals' with ${n} signals needs a health alarm rule of about ${length} characters (one alarm combination per way `
      + `the Region can have too few healthy signals), more than CloudWatch's ${MAX_ALARM_RULE_LENGTH}, got: minHealthySignals ${props.minHealthySignals}`
    : `'signals' are too many for the health alarm: its rule would name ${size.alarms} alarms, more than the ${MAX_ALARM_RULE_ALARMS} `
      + `CloudWatch allows in a composite alarm, got: ${n} signals`;
  const fitting: number[] = [];
  for (let m = 1; m <= n; m++) {
    if (healthRuleFits(healthRuleSize(props.switchAlarm, local, m - offset))) {
      fitting.push(m);
    }
  }
  const fix = fitting.length > 0
    ? `set minHealthySignals to ${describeRanges(fitting)} (the values whose rule fits), or use fewer signals`
    : `use fewer signals (at most ${MAX_ALARM_RULE_ALARMS - (props.switchAlarm ? 1 : 0)} in the Region's own Region)`;
  return { problem, fix };
}

/** Whole numbers in order as ranges: '1, 3 to 5 or 9'. */
function describeRanges(values: number[]): string {
  const ranges: string[] = [];
  for (let i = 0; i < values.length; i++) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j] + 1) {
      j++;
    }
    ranges.push(j === i ? `${values[i]}` : `${values[i]} to ${values[j]}`);
    i = j;
  }
  return ranges.length === 1 ? ranges[0] : `${ranges.slice(0, -1).join(', ')} or ${ranges[ranges.length - 1]}`;
}

/**
 * The alarms created in `scope` (the Region's signal, source and switch
 * alarms), but its health alarm: alarms users pass in live elsewhere.
 */
function alarmsCreatedIn(scope: Construct, healthAlarm: cloudwatch.IAlarm | undefined): (cloudwatch.Alarm | cloudwatch.CompositeAlarm)[] {
  return scope.node.findAll()
    .filter((c): c is cloudwatch.Alarm | cloudwatch.CompositeAlarm => c instanceof cloudwatch.Alarm || c instanceof cloudwatch.CompositeAlarm)
    .filter(c => c !== healthAlarm);
}

/** The topic, with a policy that admits the health alarm and the `admitted` alarms (the republisher's, and every alarm when asked). */
function createTopic(
  scope: Construct, props: RegionNotificationsProps, healthAlarm: cloudwatch.IAlarm, admitted: cloudwatch.IAlarm[],
): sns.ITopic {
  const topic = new sns.Topic(scope, 'Notifications', {
    displayName: topicDisplayName(props.failoverName, props.region),
  });
  // A topic policy replaces the default one, which let the account's services
  // publish: allow the health alarm (and the republisher's, and every alarm when asked) explicitly.
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowHealthAlarm',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: {
      ArnEquals: { 'aws:SourceArn': admitted.length > 0 ? [healthAlarm, ...admitted].map(a => a.alarmArn) : healthAlarm.alarmArn },
    },
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
