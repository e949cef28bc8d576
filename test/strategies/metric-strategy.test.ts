import { App, CfnParameter, Duration, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { FailoverSignal, MetricStrategy } from '../../src';
import { alb, failover, regionStack } from '../helpers';
import { republisherConfig } from '../republisher/template-config';

function region(signals: FailoverSignal[], evacuationSwitch?: boolean) {
  const app = new App();
  const f = failover(app);
  const stack = regionStack(app, 'us-east-1');
  const lb = alb(stack);
  f.addRegion(stack, 'Failover', { loadBalancer: lb, signals, evacuationSwitch });
  return { stack, lb, template: Template.fromStack(stack) };
}

const p99 = (props: Partial<Parameters<typeof FailoverSignal.targetResponseTime>[0]> = {}) =>
  FailoverSignal.targetResponseTime({ threshold: Duration.millis(800), statistic: 'p99', signalName: 'LatencyP99', ...props });

/** The Route 53-readable alarm on a republished verdict or a mirrored state: 1 means unhealthy, read with one period. */
const VERDICT_ALARM = (signalName: string) => ({
  ...PUBLISHED_ALARM(signalName),
  Threshold: 1,
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  EvaluationPeriods: 1,
  DatapointsToAlarm: 1,
});

/** The Route 53-readable alarm on a republished or mirrored metric. */
const PUBLISHED_ALARM = (signalName: string) => ({
  AlarmName: `Api-us-east-1-${signalName}`,
  Namespace: 'ActiveActiveFailover',
  MetricName: signalName,
  Dimensions: [{ Name: 'Failover', Value: 'Api' }, { Name: 'Region', Value: 'us-east-1' }],
  Statistic: 'Maximum',
  Period: 60,
  ExtendedStatistic: Match.absent(),
  Metrics: Match.absent(),
});

describe('default strategy', () => {
  test('a simple statistic is alarmed on directly: no helper resources (without the switch, which the republisher publishes)', () => {
    const { template } = region([FailoverSignal.targetResponseTime({ threshold: Duration.millis(500) })], false);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.resourceCountIs('AWS::Events::Rule', 0);
  });

  test('a percentile is republished', () => {
    const { template } = region([p99()]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...VERDICT_ALARM('LatencyP99'),
      AlarmDescription: Match.stringLikeRegexp('strategy Republish'),
    });
    template.resourceCountIs('AWS::Lambda::Function', 1);
    // The threshold and persistence are the verdict's rule, in the republisher's configuration.
    expect(republisherConfig(template).signals[0].rule).toEqual({
      threshold: 0.8, comparison: 'GreaterThanThreshold', evaluationPeriods: 3, datapointsToAlarm: 3, recoveryThreshold: 0.8, recoveryPeriods: 1, recoverySettleMinutes: 3,
    });
  });

  test('the error-rate signals are republished', () => {
    const { template } = region([FailoverSignal.http5xxErrorRate({ threshold: 5 }), FailoverSignal.targetConnectionErrorRate({ threshold: 5 })]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', VERDICT_ALARM('Http5xxErrorRate'));
    template.hasResourceProperties('AWS::CloudWatch::Alarm', VERDICT_ALARM('TargetConnectionErrorRate'));
    expect(republisherConfig(template).signals.map((sig: any) => sig.rule.threshold)).toEqual([5, 5]);
  });
});

describe('direct', () => {
  test('fails if asked for a percentile, naming the strategies that would work', () => {
    expect(() => region([p99({ strategy: MetricStrategy.direct() })])).toThrow(
      "[AAF-ALARM-EXTENDED-STATISTIC] signal 'LatencyP99' (strategy Direct): 'ExtendedStatistic' is an extended statistic "
      + '(percentile or trimmed statistic), which Route 53 cannot read, got: p99. Fix: use one of Average, Minimum, Maximum, '
      + 'Sum, SampleCount (for a latency percentile, Maximum is the closest simple statistic). Or keep the metric and choose a '
      + 'strategy that makes it readable: MetricStrategy.republish() (publishes the value as a plain metric), '
      + "MetricStrategy.mirror() (mirrors a regular alarm's state) or, for a percentile, MetricStrategy.approximate() (uses Maximum instead).",
    );
  });

  test('fails if asked for metric math', () => {
    expect(() => region([FailoverSignal.http5xxErrorRate({ threshold: 5, strategy: MetricStrategy.direct() })]))
      .toThrow(/\[AAF-ALARM-METRIC-MATH\] signal 'Http5xxErrorRate' \(strategy Direct\).* Or keep the metric and choose a strategy/);
  });

  test('does not name other strategies for a problem they cannot solve', () => {
    expect(() => region([FailoverSignal.elbHttp5xxCount({ threshold: 5, period: Duration.seconds(30), strategy: MetricStrategy.direct() })]))
      .toThrow(/got: 30 seconds\. Fix: use a period of 1 minute \(or a whole number of minutes\)\.$/);
  });
});

describe('republish', () => {
  test('writes one configuration a tool can read: queries, value and presence ids, verdict rule and window', () => {
    const { template } = region([p99(), FailoverSignal.http5xxErrorRate({ threshold: 5 })]);
    const config = republisherConfig(template);
    // Window: 3 periods + 2 minutes of gap + 1 recovery minute + 4 minutes of settling (a rate's) + 10 minutes of margin.
    expect(config).toMatchObject({ namespace: 'ActiveActiveFailover', windowMinutes: 20, mirrors: [] });
    expect(config.signals).toHaveLength(2);
    expect(config.signals[0]).toEqual({
      metric: { MetricName: 'LatencyP99', Dimensions: [{ Name: 'Failover', Value: 'Api' }, { Name: 'Region', Value: 'us-east-1' }] },
      rule: { threshold: 0.8, comparison: 'GreaterThanThreshold', evaluationPeriods: 3, datapointsToAlarm: 3, recoveryThreshold: 0.8, recoveryPeriods: 1, recoverySettleMinutes: 3 },
      queries: [{
        Id: 's0',
        MetricStat: {
          Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime', Dimensions: [{ Name: 'LoadBalancer', Value: '<Fn::GetAtt>' }] },
          Period: 60,
          Stat: 'p99',
        },
        ReturnData: true,
      }],
      valueId: 's0',
      presenceIds: ['s0'],
    });
    const rate = config.signals[1];
    expect(rate.valueId).toBe('s1');
    // A minute without its RequestCount is judged only once it has settled (the count may just be late);
    // a rate proves a recovery only at 4 minutes (its counts can arrive apart), a percentile at 3.
    expect(rate.sampleId).toBe('s1_0r');
    expect(rate.rule.recoverySettleMinutes).toBe(4);
    expect(rate.presenceIds).toEqual(['s1_0r', 's1_1e5', 's1_2t5']);
    expect(rate.queries.map(q => q.Id)).toEqual(['s1_0r', 's1_1e5', 's1_2t5', 's1']);
    expect(rate.queries[3]).toEqual({
      Id: 's1',
      Period: 60,
      ReturnData: true,
      Expression: '100 * (FILL(s1_2t5,0) + FILL(s1_1e5,0)) / IF(IF(FILL(s1_0r,0) > FILL(s1_2t5,0) + FILL(s1_1e5,0), FILL(s1_0r,0), '
        + 'FILL(s1_2t5,0) + FILL(s1_1e5,0)) < 20, 20, IF(FILL(s1_0r,0) > FILL(s1_2t5,0) + FILL(s1_1e5,0), FILL(s1_0r,0), '
        + 'FILL(s1_2t5,0) + FILL(s1_1e5,0)))',
    });
  });

  test('one function, one schedule and one operator alarm per stack, whatever the number of signals', () => {
    const { template } = region([
      p99(), FailoverSignal.http5xxErrorRate({ threshold: 5 }), FailoverSignal.targetConnectionErrorRate({ threshold: 5 }),
    ]);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::Events::Rule', 1);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 } })],
    });
    // The republisher's own alarm: no completed run (heartbeat) in 2 of the last 3 minutes.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'RepublisherHeartbeat',
      Namespace: 'ActiveActiveFailover',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('RepublisherFunction') } }],
      Statistic: 'Sum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'breaching',
    });
  });

  test('the function: current Node.js runtime, 30 s timeout, log retention, no retries, no reserved concurrency', () => {
    const { template } = region([p99()]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Timeout: 30,
      MemorySize: 256,
      Handler: 'index.handler',
      ReservedConcurrentExecutions: Match.absent(),
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('RepublisherLogs') } },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 });
    template.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com', Action: 'lambda:InvokeFunction' });
  });

  test('IAM: exactly its logs, GetMetricData and PutMetricData in its namespace; no managed policy', () => {
    const { template } = region([p99()], false);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('RepublisherLogs'), 'Arn'] } },
          { Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': ['ActiveActiveFailover'] } } },
          { Effect: 'Allow', Action: 'cloudwatch:GetMetricData', Resource: '*' },
        ],
      },
    });
    template.resourceCountIs('AWS::IAM::Policy', 1);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] },
      ManagedPolicyArns: Match.absent(),
    });
  });

  test('settleDelay and backfillMinutes are accepted and no longer used (deprecated)', () => {
    const { template } = region([p99({ strategy: MetricStrategy.republish({ settleDelay: Duration.minutes(3), backfillMinutes: 5 }) })]);
    const config = republisherConfig(template);
    expect(config).not.toHaveProperty('settleSeconds');
    expect(config).not.toHaveProperty('backfillMinutes');
  });

  test('datapointsToAlarm (M of N) and the hysteresis are the verdict rule\'s', () => {
    const { template } = region([p99({ evaluationPeriods: 5, datapointsToAlarm: 3, recoveryThreshold: 0.5, recoveryPeriods: 2 })]);
    expect(republisherConfig(template).signals[0].rule).toEqual({
      threshold: 0.8, comparison: 'GreaterThanThreshold', evaluationPeriods: 5, datapointsToAlarm: 3, recoveryThreshold: 0.5, recoveryPeriods: 2, recoverySettleMinutes: 3,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', VERDICT_ALARM('LatencyP99'));
  });

  test.each([
    [{ datapointsToAlarm: 4 }, "[AAF-SIGNAL-DATAPOINTS] signal 'LatencyP99' (strategy Republish): 'datapointsToAlarm' must be a whole number from 1 to evaluationPeriods (3), got: 4."],
    [{ datapointsToAlarm: 0 }, "[AAF-SIGNAL-DATAPOINTS] signal 'LatencyP99' (strategy Republish): 'datapointsToAlarm' must be a whole number from 1 to evaluationPeriods (3), got: 0."],
    [{ recoveryPeriods: 0 }, "[AAF-SIGNAL-RECOVERY-PERIODS] signal 'LatencyP99' (strategy Republish): 'recoveryPeriods' must be a whole number from 1 to 60, got: 0."],
    [{ recoveryThreshold: 0.9 }, "[AAF-SIGNAL-RECOVERY-THRESHOLD] signal 'LatencyP99' (strategy Republish): 'recoveryThreshold' must be a finite number on the healthy side of the threshold (at most 0.8), got: 0.9."],
  ])('fails if the verdict rule is %j', (props, message) => {
    expect(() => region([p99(props)])).toThrow(message);
  });

  test('fails if datapointsToAlarm differs from evaluationPeriods with the direct strategy (Route 53 reads no M of N)', () => {
    expect(() => region([FailoverSignal.elbHttp5xxCount({ threshold: 5, datapointsToAlarm: 2 })])).toThrow(
      "[AAF-SIGNAL-DATAPOINTS] signal 'ElbHttp5xxCount' (strategy Direct): 'datapointsToAlarm' must equal evaluationPeriods (3) with this "
      + 'strategy, got: 2. Route 53 reads no "M out of N" alarm.',
    );
  });

  test('fails if the republished metric does not have a 1-minute period', () => {
    expect(() => region([p99({ period: Duration.minutes(5) })])).toThrow(
      "signal 'LatencyP99' (strategy Republish): 'period' must be 1 minute (the value is republished minute by minute), "
      + 'got: 300 seconds. Fix: use period Duration.minutes(1) and more evaluationPeriods.',
    );
  });

  test('fails if an expression lists no source metrics (SEARCH)', () => {
    const metric = new cloudwatch.MathExpression({ expression: "SEARCH('{AWS/EC2} CPUUtilization', 'Average')", usingMetrics: {}, period: Duration.minutes(1) });
    expect(() => region([FailoverSignal.fromMetric({ signalName: 'Search', metric, threshold: 1, strategy: MetricStrategy.republish() })])).toThrow(
      "signal 'Search' (strategy Republish): 'metric' must be built from metrics (usingMetrics), got an expression without any: "
      + '"SEARCH(\'{AWS/EC2} CPUUtilization\', \'Average\')". Fix: list the metrics the expression uses in usingMetrics '
      + '(SEARCH and Metrics Insights expressions cannot be republished).',
    );
  });

  test('fails if a source metric is in another account', () => {
    const metric = new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Latency', statistic: 'p99', account: '222222222222' });
    expect(() => region([FailoverSignal.fromMetric({ signalName: 'Remote', metric, threshold: 1 })])).toThrow(
      "signal 'Remote' (strategy Republish): 'account' of metric Shop/Latency must be the stack's (111111111111), got: '222222222222'.",
    );
  });

  test('fails if the configuration would not fit EventBridge\'s input limit', () => {
    const signals = Array.from({ length: 40 }, (_, i) => FailoverSignal.fromMetric({
      signalName: `Percentile${i}`,
      threshold: 1,
      metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: `CheckoutLatency${i}`, statistic: 'p99', dimensionsMap: { Service: 'checkout' } }),
    }));
    expect(() => region(signals)).toThrow(
      /\[AAF-REPUBLISH-CONFIG-SIZE\] the republisher of stack Service-us-east-1: its configuration must fit EventBridge's input limit of 8192 characters, got: about \d+ characters for 40 republished signals and 0 mirrored alarms/,
    );
  });

  test('a broken republisher publishes no verdict: their health checks keep their last status (and its alarm says so)', () => {
    const { template } = region([p99(), FailoverSignal.http5xxErrorRate({ threshold: 5 })]);
    const checks = Object.values(template.findResources('AWS::Route53::HealthCheck'))
      .filter(c => c.Properties.HealthCheckConfig.Type === 'CLOUDWATCH_METRIC' && !c.Properties.HealthCheckTags[0].Value.endsWith('-switch'));
    expect(checks.map(c => c.Properties.HealthCheckConfig.InsufficientDataHealthStatus)).toEqual(['LastKnownStatus', 'LastKnownStatus']);
  });

  test('an explicit insufficientDataHealthStatus still wins for a republished signal', () => {
    const { template } = region([p99({ insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum.HEALTHY })]);
    template.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({ Type: 'CLOUDWATCH_METRIC', InsufficientDataHealthStatus: 'Healthy' }),
      HealthCheckTags: [{ Key: 'Name', Value: 'Api-us-east-1-LatencyP99' }],
    });
  });
});

describe('mirror', () => {
  test('a regular alarm on the metric, mirrored as 0/1; the Route 53 alarm trips on 1 within one minute', () => {
    const { template } = region([p99({ strategy: MetricStrategy.mirror(), evaluationPeriods: 2 })]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Api-us-east-1-LatencyP99-source',
      ExtendedStatistic: 'p99',
      Threshold: 0.8,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...PUBLISHED_ALARM('LatencyP99'), Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 1, DatapointsToAlarm: 1,
    });
    template.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({ AlarmIdentifier: { Name: { Ref: Match.stringLikeRegexp('LatencyP99Alarm') }, Region: 'us-east-1' } }),
    });
    const config = republisherConfig(template);
    expect(config.signals).toEqual([]);
    expect(config.mirrors).toEqual([{
      alarmName: '<Ref>',
      insufficientDataValue: 0,
      metric: { MetricName: 'LatencyP99', Dimensions: [{ Name: 'Failover', Value: 'Api' }, { Name: 'Region', Value: 'us-east-1' }] },
    }]);
  });

  test('state changes of the mirrored alarm invoke the function at once', () => {
    const { template } = region([p99({ strategy: MetricStrategy.mirror() })]);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        'resources': [{ 'Fn::GetAtt': [Match.stringLikeRegexp('LatencyP99SourceAlarm'), 'Arn'] }],
      },
      Targets: [Match.objectLike({
        InputTransformer: {
          InputPathsMap: { time: '$.time', alarmName: '$.detail.alarmName', state: '$.detail.state.value' },
          InputTemplate: Match.anyValue(),
        },
      })],
    });
  });

  test('IAM: DescribeAlarms only on the mirrored alarms', () => {
    const { template } = region([p99({ strategy: MetricStrategy.mirror() })], false);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
          Match.objectLike({ Action: 'cloudwatch:PutMetricData' }),
          { Effect: 'Allow', Action: 'cloudwatch:DescribeAlarms', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('LatencyP99SourceAlarm'), 'Arn'] } },
        ],
      },
    });
  });

  test('insufficientDataAsAlarm publishes INSUFFICIENT_DATA as 1', () => {
    const { template } = region([p99({ strategy: MetricStrategy.mirror({ insufficientDataAsAlarm: true }) })]);
    expect(republisherConfig(template).mirrors[0].insufficientDataValue).toBe(1);
  });

  test('fromAlarm with mirror follows any alarm, including a composite one', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    const lb = alb(stack);
    const slow = new cloudwatch.Alarm(stack, 'Slow', { metric: lb.metrics.targetResponseTime({ statistic: 'p99' }), threshold: 1, evaluationPeriods: 5, datapointsToAlarm: 3 });
    const errors = new cloudwatch.Alarm(stack, 'Errors', { metric: lb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT), threshold: 10, evaluationPeriods: 1 });
    const either = new cloudwatch.CompositeAlarm(stack, 'Either', { alarmRule: cloudwatch.AlarmRule.anyOf(slow, errors) });
    f.addRegion(stack, 'Failover', { loadBalancer: lb, signals: [FailoverSignal.fromAlarm({ alarm: either, mirror: true, signalName: 'Either' })] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...PUBLISHED_ALARM('Either'),
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      AlarmDescription: Match.stringLikeRegexp('strategy Mirror'),
    });
    template.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ resources: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Either'), 'Arn'] }] }) });
  });

  test('fails if an unreadable alarm is followed without mirror, and says mirror would work', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    const lb = alb(stack);
    const alarm = new cloudwatch.Alarm(stack, 'Slow', { metric: lb.metrics.targetResponseTime({ statistic: 'p99', period: Duration.minutes(1) }), threshold: 1, evaluationPeriods: 3 });
    f.addRegion(stack, 'Failover', { loadBalancer: lb, signals: [FailoverSignal.fromAlarm({ alarm })] });
    expect(() => Template.fromStack(stack)).toThrow(
      /\[AAF-ALARM-EXTENDED-STATISTIC\] .* Or keep the alarm and follow it through a mirrored metric: FailoverSignal\.fromAlarm\(\{ alarm, mirror: true \}\)\.$/,
    );
  });
});

describe('approximate', () => {
  test('replaces a percentile with Maximum and says so', () => {
    const { template, stack } = region([p99({ strategy: MetricStrategy.approximate() })], false);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Api-us-east-1-LatencyP99',
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'TargetResponseTime',
      Statistic: 'Maximum',
      ExtendedStatistic: Match.absent(),
      Period: 60,
    });
    template.resourceCountIs('AWS::Lambda::Function', 0);
    Annotations.fromStack(stack).hasWarning('/Service-us-east-1/Failover/Signals/LatencyP99', Match.stringLikeRegexp(
      "signal 'LatencyP99': 'p99' is approximated by 'Maximum' because Route 53 cannot read percentiles. With the same threshold the Region leaves DNS earlier",
    ));
  });

  test('statistic chooses the replacement', () => {
    const { template } = region([p99({ strategy: MetricStrategy.approximate({ statistic: 'avg' }) })]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'Api-us-east-1-LatencyP99', Statistic: 'Average' });
  });

  test('leaves a simple statistic alone, without a warning', () => {
    const { stack, template } = region([
      FailoverSignal.targetResponseTime({ threshold: Duration.seconds(1), strategy: MetricStrategy.approximate() }),
    ]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Statistic: 'Average' });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('approximated'));
  });

  test('fails if asked to approximate metric math', () => {
    expect(() => region([FailoverSignal.http5xxErrorRate({ threshold: 5, strategy: MetricStrategy.approximate() })])).toThrow(
      /^\[AAF-STRATEGY-APPROXIMATE-MATH\] signal 'Http5xxErrorRate' \(strategy Approximate\): 'metric' is a metric-math expression, which cannot be approximated by a simple statistic, got: ".*"\. Fix: use MetricStrategy\.republish\(\) or MetricStrategy\.mirror\(\)\.$/,
    );
  });

  test('fails if the replacement is not a simple statistic', () => {
    expect(() => MetricStrategy.approximate({ statistic: 'p90' })).toThrow(
      "MetricStrategy.approximate: 'statistic' must be a simple statistic (Average, Minimum, Maximum, Sum or SampleCount), got: 'p90'.",
    );
  });
});

describe('error-rate signals', () => {
  test('connection-error rate over requests that reached the load balancer', () => {
    const { template } = region([FailoverSignal.targetConnectionErrorRate({ threshold: 2, minRequests: 50 })]);
    const expression = republisherConfig(template).signals[0].queries.find(q => q.Expression)!.Expression;
    expect(expression).toBe('100 * (FILL(s0_2ce,0)) / IF(IF(FILL(s0_0r,0) > FILL(s0_1e5,0), FILL(s0_0r,0), FILL(s0_1e5,0)) < 50, 50, '
      + 'IF(FILL(s0_0r,0) > FILL(s0_1e5,0), FILL(s0_0r,0), FILL(s0_1e5,0)))');
  });

  test.each([100, -1, 250, NaN, Infinity])('fails if the threshold is %s percent', threshold => {
    expect(() => FailoverSignal.http5xxErrorRate({ threshold })).toThrow(
      '[AAF-SIGNAL-THRESHOLD] Http5xxErrorRate signal: \'threshold\' must be a finite number at least 0 and below 100: a percentage of '
      + `requests (a rate never exceeds 100), got: ${threshold}. Fix: choose a finite threshold at least 0 and below 100.`,
    );
  });

  test.each([0, 2.5])('fails if minRequests is %s', minRequests => {
    expect(() => FailoverSignal.targetConnectionErrorRate({ threshold: 5, minRequests })).toThrow(
      '[AAF-SIGNAL-MIN-REQUESTS] TargetConnectionErrorRate signal: \'minRequests\' must be a whole number from 1 to 1000000000 (the rate\'s '
      + `denominator is at least minRequests: above what the load balancer serves in a period, the rate could never reach the threshold), got: ${minRequests}.`,
    );
  });
});

test('fails if a republished signal\'s stack is environment-agnostic (a Region must be a literal: AAF-REGION-TOKEN)', () => {
  const app = new App();
  const f = failover(app);
  const stack = new Stack(app, 'Agnostic');
  expect(() => f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [p99()] })).toThrow(/^\[AAF-REGION-TOKEN\] FailoverRegion 'Agnostic\/Failover'/);
});

describe('republish and mirror: the verdict rule\'s numbers', () => {
  const token = () => Token.asNumber(new CfnParameter(new Stack(), 'P', { type: 'Number' }).valueAsNumber);

  test('fails if evaluationPeriods is a token with the republish strategy (the republisher judges by it every minute)', () => {
    expect(() => region([p99({ evaluationPeriods: token() })])).toThrow(
      /^\[AAF-STRATEGY-TOKEN\] signal 'LatencyP99' \(strategy Republish\): 'evaluationPeriods' must be a number known at synth time .* got a token/,
    );
  });

  test('fails if recoveryPeriods is a token with the republish strategy', () => {
    expect(() => region([p99({ recoveryPeriods: token() })])).toThrow(/^\[AAF-STRATEGY-TOKEN\] .*'recoveryPeriods' must be a number known at synth time/);
  });

  test('fails if evaluationPeriods is over 60 with the republish strategy', () => {
    expect(() => region([p99({ evaluationPeriods: 61 })])).toThrow(
      "[AAF-SIGNAL-EVALUATION-PERIODS] signal 'LatencyP99' (strategy Republish): 'evaluationPeriods' must be a whole number from 1 to 60 "
      + 'with this strategy (minutes the republisher reads), got: 61.',
    );
  });

  test.each([0, -1, 1.5, 5, NaN])('fails if datapointsToAlarm is %s with the mirror strategy', datapointsToAlarm => {
    expect(() => region([p99({ strategy: MetricStrategy.mirror(), datapointsToAlarm })])).toThrow(
      `[AAF-SIGNAL-DATAPOINTS] signal 'LatencyP99' (strategy Mirror): 'datapointsToAlarm' must be a whole number from 1 to evaluationPeriods (3), got: ${datapointsToAlarm}.`,
    );
  });

  test('the mirror strategy\'s source alarm takes datapointsToAlarm (a regular alarm reads M of N)', () => {
    const { template } = region([p99({ strategy: MetricStrategy.mirror(), evaluationPeriods: 5, datapointsToAlarm: 3 })], false);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'Api-us-east-1-LatencyP99-source', EvaluationPeriods: 5, DatapointsToAlarm: 3 });
  });
});

describe('hysteresis options where nothing can honour them', () => {
  test.each([
    ['Direct', () => FailoverSignal.elbHttp5xxCount({ threshold: 5, recoveryThreshold: 2 }), "'recoveryThreshold' is ignored"],
    ['Mirror', () => p99({ strategy: MetricStrategy.mirror(), recoveryPeriods: 2 }), "'recoveryPeriods' is ignored"],
    ['Approximate', () => p99({ strategy: MetricStrategy.approximate(), recoveryThreshold: 0.5, recoveryPeriods: 2 }), "'recoveryThreshold' and 'recoveryPeriods' are ignored"],
  ])('warns if given to the %s strategy', (strategy, signal, text) => {
    const { stack } = region([signal()], false);
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp(
      `\\(strategy ${strategy}\\): ${text}: only MetricStrategy.republish\\(\\) judges the metric itself.*\\[ack: AAF-STRATEGY-RECOVERY-IGNORED\\]`,
    ));
  });

  test('does not warn with the republish strategy, which honours them', () => {
    const { stack } = region([p99({ recoveryThreshold: 0.5, recoveryPeriods: 2 })], false);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('is ignored'));
  });
});

test('fails if a republished signal is compared with an anomaly band (the verdict needs a static threshold)', () => {
  const metric = new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Latency', statistic: 'p99', period: Duration.minutes(1) });
  expect(() => region([FailoverSignal.fromMetric({
    signalName: 'Band',
    metric,
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_LOWER_OR_GREATER_THAN_UPPER_THRESHOLD,
    strategy: MetricStrategy.republish(),
  })])).toThrow(
    "[AAF-STRATEGY-COMPARISON] signal 'Band': 'comparisonOperator' must compare with a static threshold "
    + '(GreaterThanThreshold, GreaterThanOrEqualToThreshold, LessThanThreshold, LessThanOrEqualToThreshold): an anomaly band '
    + 'needs an anomaly detection model (ThresholdMetricId), which a signal\'s alarm has not, and Route 53 cannot read anomaly '
    + "detection alarms, got: 'LessThanLowerOrGreaterThanUpperThreshold'. Fix: use one of those operators",
  );
});
