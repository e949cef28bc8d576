/**
 * The failback latch of one Region: the Region's signals alarm (a composite
 * alarm over its signal alarms, the switch left out), an EventBridge rule on
 * that alarm entering ALARM, and the Lambda function that then holds the
 * Region out with its evacuation switch. Not part of the public API.
 */
import { CfnResource, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FailbackLatchFunction } from './failback-latch-function';
import { FailbackMode, FailbackPolicy } from './failback-policy';
import { evacuationCommand } from '../../model/commands';
import { heldOutNote, LATCH_CONFIG_VERSION, LatchConfig } from '../../model/failback';
import { signalsAlarmName, switchParameterName } from '../../model/names';
import { EVACUATION_METRIC, EVACUATION_NAMESPACE, regionDimensions } from '../../model/namespaces';
import { DEFAULT_LOG_RETENTION } from '../../republisher/republisher-settings';
import { grantSetSwitch } from '../evacuation/evacuation-switch';
import { healthRuleFits, healthRuleSize, regionHealthRule } from '../notifications/health-rule';

/** What a Region's latch is built from. */
export interface FailbackLatchProps {
  readonly failoverName: string;
  readonly region: string;
  readonly policy: FailbackPolicy;
  /** One alarm per signal. */
  readonly signalAlarms: cloudwatch.IAlarm[];
  /** How many signals must be healthy (may be a token). */
  readonly minHealthySignals: number;
  /** Whether the Region has an evacuation switch. */
  readonly hasSwitch: boolean;
}

/** A Region's failback latch. */
export interface FailbackLatch {
  /** In ALARM while too few of the Region's signals are healthy; its entering ALARM latches. */
  readonly signalsAlarm: cloudwatch.CompositeAlarm;
  readonly function: FailbackLatchFunction;
  readonly rule: events.CfnRule;
  /** What the health alarm's description (and so every notification) ends with. */
  readonly note: string;
  /** The policy in words, for the dashboard. */
  readonly summary: string;
}

/**
 * Creates the latch of the Region `owner` (in its `Failback` construct) when
 * the policy needs one. Throws when the Region cannot have one: no switch, or
 * no signals alarm to act on.
 */
export function createFailbackLatch(owner: Construct, props: FailbackLatchProps): FailbackLatch | undefined {
  if (!props.policy.latches) {
    return undefined;
  }
  const subject = `FailoverRegion '${owner.node.path}'`;
  const policyText = props.policy.mode === FailbackMode.OPERATOR_CONFIRMED ? 'operatorConfirmed()' : 'automatic({ holdDown })';
  if (!props.hasSwitch) {
    throw new Error(`[AAF-FAILBACK-NEEDS-SWITCH] ${subject}: 'failbackPolicy' ${policyText} holds a Region out with its evacuation `
      + 'switch, which this Region does not have, got: evacuationSwitch false. Fix: turn the switch on in this Region, or use '
      + 'FailbackPolicy.automatic() (no hold-down).');
  }
  const scope = new Construct(owner, 'Failback');
  const rule = signalsRule(scope, props, subject, policyText);
  const { failoverName, region } = props;
  const signalsAlarm = new cloudwatch.CompositeAlarm(scope, 'SignalsAlarm', {
    compositeAlarmName: signalsAlarmName(failoverName, region),
    alarmDescription: `Region ${region} of failover '${failoverName}': too few of its signals are healthy (the evacuation switch `
      + `is not part of it). Entering ALARM, it latches the Region out of DNS (failback policy ${props.policy.mode}).`,
    alarmRule: rule,
  });

  const logGroup = new logs.LogGroup(scope, 'Logs', { retention: DEFAULT_LOG_RETENTION });
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Holds Region ${region} of failover '${failoverName}' out of DNS with its evacuation switch when its signals take it out`,
  });
  role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [parameterArn(scope, failoverName, region)] }));
  grantSetSwitch(scope, role, failoverName, region);

  const fn = new FailbackLatchFunction(scope, 'Function', {
    role,
    logGroup,
    timeout: Duration.seconds(30),
    memorySize: 128,
    description: `cdk-active-active-failover: failback latch of ${region} (${props.policy.mode})`,
  });
  // Idempotent (the event's time decides, an operator's '1' is left alone): retrying a failed latch is safe.
  fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(1) });

  const config = latchConfig(props);
  const stateChange = new events.CfnRule(scope, 'Rule', {
    description: `Latches Region ${region} of failover '${failoverName}' out of DNS when its signals alarm enters ALARM`,
    state: 'ENABLED',
    eventPattern: {
      'source': ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
      'resources': [signalsAlarm.alarmArn],
      'detail': { state: { value: ['ALARM'] } },
    },
    targets: [{
      id: 'Latch',
      arn: fn.functionArn,
      retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 3600 },
      inputTransformer: {
        inputPathsMap: { time: '$.time', alarmName: '$.detail.alarmName', state: '$.detail.state.value' },
        // Plain values only (no token, no '<' or '>'): nothing in the configuration can be mistaken for a <placeholder>.
        inputTemplate: `{"kind":"latch","version":${LATCH_CONFIG_VERSION},"time":<time>,"alarmName":<alarmName>,"state":<state>,`
          + `"config":${JSON.stringify(config)}}`,
      },
    }],
  });
  fn.addPermission('RuleInvoke', { principal: new iam.ServicePrincipal('events.amazonaws.com'), sourceArn: stateChange.attrArn });

  suppressNagFindings(role, fn);
  const holdDown = config.holdDownMinutes;
  return {
    signalsAlarm,
    function: fn,
    rule: stateChange,
    note: heldOutNote(config.policy, holdDown, evacuationCommand(failoverName, region, 0)),
    summary: config.policy === 'operatorConfirmed'
      ? 'operator-confirmed: once its signals take it out, held out: waiting for an operator'
      : `automatic, hold-down ${holdDown} min: once its signals take it out, held out at least that long`,
  };
}

/** The latch's configuration: plain values only. */
function latchConfig(props: FailbackLatchProps): LatchConfig {
  const { failoverName, region } = props;
  return {
    failoverName,
    region,
    policy: props.policy.mode === FailbackMode.OPERATOR_CONFIRMED ? 'operatorConfirmed' : 'automatic',
    ...(props.policy.mode === FailbackMode.AUTOMATIC ? { holdDownMinutes: props.policy.holdDown!.toMinutes() } : {}),
    parameterName: switchParameterName(failoverName, region),
    namespace: EVACUATION_NAMESPACE,
    metric: {
      MetricName: EVACUATION_METRIC,
      Dimensions: Object.entries(regionDimensions(failoverName, region)).map(([Name, Value]) => ({ Name, Value })),
    },
    signalsAlarmName: signalsAlarmName(failoverName, region),
  };
}

/** The two cdk-nag findings the latch answers, each with its reason. */
function suppressNagFindings(role: iam.Role, fn: lambda.Function): void {
  // cdk-nag reads suppressions from this metadata; the library does not depend on it.
  (role.node.tryFindChild('DefaultPolicy')?.node.defaultChild as CfnResource | undefined)?.addMetadata('cdk_nag', {
    rules_to_suppress: [{
      id: 'AwsSolutions-IAM5',
      reason: 'cloudwatch:PutMetricData has no resource type, so its Resource must be "*"; it is limited to the '
        + 'ActiveActiveFailover/Evacuation namespace by the cloudwatch:namespace condition.',
      applies_to: ['Resource::*'],
    }],
  });
  (fn.node.defaultChild as CfnResource).addMetadata('cdk_nag', {
    rules_to_suppress: [{
      id: 'AwsSolutions-L1',
      reason: 'The runtime is pinned (nodejs22.x, the bundle\'s esbuild target) so that every supported aws-cdk-lib '
        + 'version deploys the same, tested function; newer aws-cdk-lib versions know newer Node.js runtimes.',
    }],
  });
}

/** The rule of the signals alarm: the health alarm's rule without the switch. */
function signalsRule(scope: Construct, props: FailbackLatchProps, subject: string, policyText: string): cloudwatch.IAlarmRule {
  const stackRegion = Stack.of(scope).region;
  const fail = (got: string, fix: string) => new Error(`[AAF-FAILBACK-SIGNALS] ${subject}: 'failbackPolicy' ${policyText} latches `
    + `when the Region's signals alarm enters ALARM, which cannot be built here, got: ${got}. Fix: ${fix}.`);
  if (Token.isUnresolved(props.minHealthySignals)) {
    throw fail('minHealthySignals a token (a deploy-time value)', 'pass a number as minHealthySignals');
  }
  // A composite alarm can only watch alarms of its own Region; those of other Regions count as healthy.
  const local = props.signalAlarms.filter(a => Token.isUnresolved(a.env.region) || a.env.region === stackRegion);
  const offset = props.signalAlarms.length - local.length;
  const minHealthy = props.minHealthySignals - offset;
  if (local.length === 0) {
    throw fail(`${props.signalAlarms.length} signals in the Region's own Region`, 'give the Region signals, or use FailbackPolicy.automatic() (no hold-down)');
  }
  if (!healthRuleFits(healthRuleSize(undefined, local, minHealthy))) {
    throw fail(`a rule too large for CloudWatch for ${local.length} signals and minHealthySignals ${props.minHealthySignals}`,
      'use fewer signals or another minHealthySignals (the health alarm\'s error lists the values that fit)');
  }
  return regionHealthRule(undefined, local, minHealthy)!;
}

function parameterArn(scope: Construct, failoverName: string, region: string): string {
  return Stack.of(scope).formatArn({ service: 'ssm', region, resource: 'parameter', resourceName: switchParameterName(failoverName, region).slice(1) });
}
