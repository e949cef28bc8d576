import { CfnResource, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { metricQueries } from './metric-queries';
import { RepublisherFunction } from './republisher-function';
import { RepublisherOptions } from './republisher-options';
import { DEFAULT_LOG_RETENTION, grantLogsUseOfKey, republisherSettingsOf, requestRepublisherSettings } from './republisher-settings';
import { republisherLogGroupName, switchParameterName } from '../model/names';
import { EVACUATION_METRIC, EVACUATION_NAMESPACE, regionDimensions, REPUBLISHER_HEARTBEAT_METRIC } from '../model/namespaces';
import {
  CONFIG_VERSION, MirroredAlarmConfig, PublishedMetricConfig, REPUBLISH_NAMESPACE, RepublishedSignalConfig, RepublisherConfig, SwitchConfig,
} from '../model/republisher/config';
import { VerdictRule, verdictWindowMinutes } from '../model/republisher/verdict';

/** The construct id of the one republisher of a stack. */
const REPUBLISHER_ID = 'ActiveActiveFailoverRepublisher';

/** CloudWatch's limit on an alarm's actions for one state. */
const MAX_ALARM_ACTIONS = 5;

/** EventBridge's limit on a target's input (and input template). */
export const MAX_INPUT_TEMPLATE_LENGTH = 8192;

/** Where a signal's republished or mirrored value is published. */
export interface PublishedSignal {
  readonly failoverName: string;
  readonly region: string;
  readonly signalName: string;
}

/**
 * The one republisher of a stack: a Lambda function that runs every minute and
 * publishes each republished signal's settled value (one GetMetricData call for
 * all of them) and each mirrored alarm's state, as plain metrics Route 53 can read.
 *
 * Not part of the public API: strategies create it through `Republisher.of`.
 */
export class Republisher extends Construct {
  /**
   * The republisher of `scope`'s stack, created on first use. `settings` are the
   * settings a strategy asks for; all strategies of a stack must agree.
   */
  /**
   * Records the settings `scope` (a Region) asks for, for the republisher of
   * its stack, and applies them when the republisher already exists.
   */
  public static configure(scope: Construct, options: RepublisherOptions | undefined): void {
    requestRepublisherSettings(scope, options);
    Republisher.tryOf(scope)?.applySettings();
  }

  /** The republisher of `scope`'s stack, if one exists. */
  public static tryOf(scope: Construct): Republisher | undefined {
    return Stack.of(scope).node.tryFindChild(REPUBLISHER_ID) as Republisher | undefined;
  }

  public static of(scope: Construct): Republisher {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(REPUBLISHER_ID) as Republisher | undefined;
    return existing ?? new Republisher(stack, REPUBLISHER_ID);
  }

  /**
   * The metric a signal's value is published to. It has no label: the CDK renders
   * an alarm on a labelled metric with the Metrics array, which Route 53 cannot read.
   */
  public static publishedMetric(signal: PublishedSignal): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: REPUBLISH_NAMESPACE,
      metricName: signal.signalName,
      dimensionsMap: regionDimensions(signal.failoverName, signal.region),
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.minutes(1),
    });
  }

  /** The function. */
  public readonly function: RepublisherFunction;

  /**
   * In ALARM when the republisher has not completed a run in 2 of the last 3
   * minutes (its heartbeat is missing): it failed, was throttled, dropped its
   * events, was not invoked or stopped publishing. Its signals' health checks
   * then keep their last status. Not a failover signal.
   */
  public readonly alarm: cloudwatch.Alarm;

  private readonly role: iam.Role;
  private readonly logGroup: logs.LogGroup;
  private readonly keysGranted: kms.IKey[] = [];
  private readonly signals: RepublishedSignalConfig[] = [];
  private readonly mirrors: MirroredAlarmConfig[] = [];
  private readonly switches: SwitchConfig[] = [];
  private readonly mirroredAlarmArns: string[] = [];
  private getMetricData?: iam.PolicyStatement;
  private describeAlarms?: iam.PolicyStatement;
  private getParameters?: iam.PolicyStatement;
  private readonly notifiedTopics: sns.ITopic[] = [];

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const logGroup = this.logGroup = new logs.LogGroup(this, 'Logs', { retention: DEFAULT_LOG_RETENTION });

    // Least privilege: each statement is added when a strategy needs it.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Republishes failover signals as metrics Route 53 health checks can read',
    });
    this.role.addToPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }));
    this.role.addToPolicy(new iam.PolicyStatement({
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'], // PutMetricData has no resource type; the namespace condition narrows it.
      conditions: { StringEquals: { 'cloudwatch:namespace': Lazy.list({ produce: () => this.namespaces() }) } },
    }));

    this.function = new RepublisherFunction(this, 'Function', {
      role: this.role,
      logGroup,
      timeout: Duration.seconds(30),
      memorySize: 256,
      description: 'cdk-active-active-failover: republishes failover signals once a minute',
    });
    // A late or failed run is superseded by the next one: never retry.
    this.function.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(1) });

    const schedule = new events.CfnRule(this, 'Schedule', {
      description: 'Runs the failover republisher every minute',
      scheduleExpression: 'rate(1 minute)',
      state: 'ENABLED',
      targets: [this.tickTarget()],
    });
    this.allowInvoke('Schedule', schedule);

    this.alarm = new cloudwatch.Alarm(this, 'HeartbeatAlarm', {
      alarmDescription: 'The failover republisher has not completed a run in 2 of the last 3 minutes (failed, throttled, '
        + 'not invoked, or not publishing). Its verdicts, mirrored states and switch positions are not refreshed: their '
        + 'health checks keep their last status. Runbook: README, "Republisher health".',
      metric: new cloudwatch.Metric({
        namespace: REPUBLISH_NAMESPACE,
        metricName: REPUBLISHER_HEARTBEAT_METRIC,
        dimensionsMap: this.heartbeatDimensions(),
        statistic: cloudwatch.Stats.SUM,
        period: Duration.minutes(1),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });

    this.node.addValidation({ validate: () => this.validateInputSize() });
    this.applySettings();

    // cdk-nag reads suppressions from this metadata; the library does not depend on it.
    (this.role.node.tryFindChild('DefaultPolicy')?.node.defaultChild as CfnResource | undefined)?.addMetadata('cdk_nag', {
      rules_to_suppress: [{
        id: 'AwsSolutions-IAM5',
        reason: 'cloudwatch:GetMetricData and cloudwatch:PutMetricData have no resource type, so their Resource must be "*"; '
          + 'PutMetricData is limited to the ActiveActiveFailover namespace by the cloudwatch:namespace condition.',
        applies_to: ['Resource::*'],
      }],
    });
    (this.function.node.defaultChild as CfnResource).addMetadata('cdk_nag', {
      rules_to_suppress: [{
        id: 'AwsSolutions-L1',
        reason: 'The runtime is pinned (nodejs22.x, the bundle\'s esbuild target) so that every supported aws-cdk-lib '
          + 'version deploys the same, tested function; newer aws-cdk-lib versions know newer Node.js runtimes.',
      }],
    });
  }

  /** The republisher's configuration (with tokens), as the handler receives it. */
  public get config(): RepublisherConfig {
    return {
      namespace: REPUBLISH_NAMESPACE,
      windowMinutes: verdictWindowMinutes(this.signals.map(s => s.rule)),
      signals: this.signals,
      mirrors: this.mirrors,
      switches: this.switches,
      heartbeat: { MetricName: REPUBLISHER_HEARTBEAT_METRIC, Dimensions: toDimensions(this.heartbeatDimensions()) },
    };
  }

  /**
   * Judges `metric` (a percentile or metric-math value, 1-minute period) every
   * minute by `rule`, and returns the metric its verdict is published to
   * (0 healthy, 1 unhealthy, with the run's timestamp).
   */
  public addSignal(signal: PublishedSignal, metric: cloudwatch.IMetric, rule: VerdictRule, samplesKey?: string): cloudwatch.Metric {
    if (!this.getMetricData) {
      this.getMetricData = new iam.PolicyStatement({
        actions: ['cloudwatch:GetMetricData'],
        resources: ['*'], // GetMetricData has no resource type.
      });
      this.role.addToPolicy(this.getMetricData);
    }
    const published = Republisher.publishedMetric(signal);
    const queries = metricQueries(metric, `s${this.signals.length}`);
    const taken = new Set(this.signals.flatMap(s => s.queries.map(q => q.Id)));
    const clash = queries.queries.find(q => taken.has(q.Id));
    if (clash) {
      throw new Error(`[AAF-INTERNAL] Republisher: query id '${clash.Id}' is used twice; this is a bug in cdk-active-active-failover.`);
    }
    const { leafIds, ...signalQueries } = queries;
    const sampleId = samplesKey === undefined ? undefined : leafIds[samplesKey];
    this.signals.push({ metric: publishedMetricConfig(published), rule, ...signalQueries, ...(sampleId ? { sampleId } : {}) });
    return published;
  }

  /**
   * Publishes a Region's evacuation switch every minute from its parameter
   * (`model/names.ts` switchParameterName), so the switch's metric never goes
   * silent while the republisher runs.
   */
  public addSwitch(failoverName: string, region: string): void {
    const parameterName = switchParameterName(failoverName, region);
    if (!this.getParameters) {
      this.getParameters = new iam.PolicyStatement({ actions: ['ssm:GetParameters'] });
      this.role.addToPolicy(this.getParameters);
    }
    this.getParameters.addResources(Stack.of(this).formatArn({ service: 'ssm', resource: 'parameter', resourceName: parameterName.slice(1) }));
    this.switches.push({
      parameterName,
      namespace: EVACUATION_NAMESPACE,
      metric: { MetricName: EVACUATION_METRIC, Dimensions: toDimensions(regionDimensions(failoverName, region)) },
    });
  }

  /**
   * Mirrors `alarm`'s state as a 0/1 metric (1 while in ALARM) and returns that
   * metric.
   */
  public addMirror(signal: PublishedSignal, alarm: cloudwatch.IAlarm, insufficientDataValue: number): cloudwatch.Metric {
    if (!this.describeAlarms) {
      this.describeAlarms = new iam.PolicyStatement({ actions: ['cloudwatch:DescribeAlarms'] });
      this.role.addToPolicy(this.describeAlarms);
      const stateChange = new events.CfnRule(this, 'AlarmStateChange', {
        description: 'Runs the failover republisher when a mirrored alarm changes state',
        state: 'ENABLED',
        eventPattern: {
          'source': ['aws.cloudwatch'],
          'detail-type': ['CloudWatch Alarm State Change'],
          'resources': Lazy.list({ produce: () => this.mirroredAlarmArns }),
        },
        targets: [this.alarmStateTarget()],
      });
      this.allowInvoke('AlarmStateChange', stateChange);
    }
    this.describeAlarms.addResources(alarm.alarmArn);
    this.mirroredAlarmArns.push(alarm.alarmArn);
    const published = Republisher.publishedMetric(signal);
    this.mirrors.push({ alarmName: alarm.alarmName, metric: publishedMetricConfig(published), insufficientDataValue });
    return published;
  }

  /**
   * Tells `topic` when the republisher alarm changes, once per topic (several
   * Regions of a stack may share one). CloudWatch takes at most 5 actions per
   * state: topics beyond the fifth are not told (each Region's own health
   * alarm still is).
   */
  public notify(topic: sns.ITopic): void {
    if (this.notifiedTopics.includes(topic) || this.notifiedTopics.length >= MAX_ALARM_ACTIONS) {
      return;
    }
    this.notifiedTopics.push(topic);
    const action = new cloudwatchActions.SnsAction(topic);
    this.alarm.addAlarmAction(action);
    this.alarm.addOkAction(action);
  }

  /**
   * Applies the settings the stack's Regions asked for (model: republisher-settings.ts)
   * to the log group and the function; unset settings keep their defaults.
   */
  private applySettings(): void {
    const settings = republisherSettingsOf(this);
    const logGroup = this.logGroup.node.defaultChild as logs.CfnLogGroup;
    if (settings.logRetention !== undefined) {
      logGroup.retentionInDays = settings.logRetention === logs.RetentionDays.INFINITE ? undefined : settings.logRetention;
    }
    const key = settings.logEncryptionKey;
    if (key && !this.keysGranted.includes(key)) {
      this.keysGranted.push(key);
      // A fixed name: the key policy names the log group, which must not reference the key's stack back.
      logGroup.logGroupName = republisherLogGroupName(Stack.of(this).stackName);
      logGroup.kmsKeyId = key.keyArn;
      grantLogsUseOfKey(this, key);
    }
    if (settings.reservedConcurrentExecutions !== undefined) {
      (this.function.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = settings.reservedConcurrentExecutions;
    }
  }

  /** The namespaces the function publishes to. */
  private namespaces(): string[] {
    return this.switches.length > 0 ? [REPUBLISH_NAMESPACE, EVACUATION_NAMESPACE] : [REPUBLISH_NAMESPACE];
  }

  /** The heartbeat's dimensions: the function, by name (which the handler knows at run time). */
  private heartbeatDimensions(): Record<string, string> {
    return { FunctionName: this.function.functionName };
  }

  /** The schedule's target: a static input with the whole configuration. */
  private tickTarget(): events.CfnRule.TargetProperty {
    return {
      id: 'Republisher',
      arn: this.function.functionArn,
      retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 },
      input: Lazy.string({ produce: () => this.tickInput() }),
    };
  }

  /**
   * The state-change rule's target: the alarm's name, state and time from the
   * event, and the mirrors (alarm names only, no expressions, so nothing in the
   * template can be mistaken for a <placeholder>).
   */
  private alarmStateTarget(): events.CfnRule.TargetProperty {
    const stack = Stack.of(this);
    return {
      id: 'Republisher',
      arn: this.function.functionArn,
      retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 },
      inputTransformer: {
        inputPathsMap: { time: '$.time', alarmName: '$.detail.alarmName', state: '$.detail.state.value' },
        inputTemplate: Lazy.string({
          produce: () => `{"kind":"alarmState","version":${CONFIG_VERSION},"time":<time>,"alarmName":<alarmName>,"state":<state>,`
            + `"config":${stack.toJsonString({ ...this.config, signals: [] })}}`,
        }),
      },
    };
  }

  private tickInput(): string {
    return `{"kind":"tick","version":${CONFIG_VERSION},"config":${Stack.of(this).toJsonString(this.config)}}`;
  }

  private allowInvoke(id: string, rule: events.CfnRule): void {
    this.function.addPermission(`${id}Invoke`, {
      principal: new iam.ServicePrincipal('events.amazonaws.com'),
      sourceArn: rule.attrArn,
    });
  }

  /**
   * EventBridge accepts target inputs of at most 8,192 characters. The
   * configuration's tokens (load balancer names) are counted as the
   * CloudFormation references they are now, a close estimate of their deployed length.
   */
  private validateInputSize(): string[] {
    // An alarm name that is still a reference may be up to 255 characters once deployed.
    const unresolvedNames = this.mirrors.filter(m => Token.isUnresolved(m.alarmName)).length;
    const length = JSON.stringify(Stack.of(this).resolve(this.config)).length + 100 + unresolvedNames * 255;
    if (length <= MAX_INPUT_TEMPLATE_LENGTH) {
      return [];
    }
    return [
      `[AAF-REPUBLISH-CONFIG-SIZE] the republisher of stack ${Stack.of(this).stackName}: its configuration must fit EventBridge's `
      + `input limit of ${MAX_INPUT_TEMPLATE_LENGTH} characters, got: about ${length} characters for ${this.signals.length} republished `
      + `signals and ${this.mirrors.length} mirrored alarms. Fix: republish fewer signals in this stack (use the direct strategy `
      + 'where the metric allows it) or split the Region\'s failovers across stacks.',
    ];
  }
}

function publishedMetricConfig(metric: cloudwatch.Metric): PublishedMetricConfig {
  return { MetricName: metric.metricName, Dimensions: toDimensions(metric.dimensions ?? {}) };
}

function toDimensions(map: Record<string, unknown>): { Name: string; Value: string }[] {
  return Object.entries(map).map(([Name, Value]) => ({ Name, Value: String(Value) }));
}
