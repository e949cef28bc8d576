import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import {
  FailoverSignal, MetricStrategy, MetricStrategyBindOptions, MetricStrategyConfig, SignalBindContext, SignalConfig,
} from '../../src';
import { alb, failover, regionStack } from '../helpers';

interface Fixture {
  readonly stack: Stack;
  readonly lb: elbv2.ApplicationLoadBalancer;
  readonly synth: (signals: FailoverSignal[]) => Template;
}

function fixture(): Fixture {
  const app = new App();
  // Only the signal's own resources: no switch alarm beside it.
  const f = failover(app, { evacuationSwitch: false });
  const stack = regionStack(app, 'us-east-1');
  const lb = alb(stack);
  return {
    stack,
    lb,
    synth: signals => {
      f.addRegion(stack, 'Failover', { loadBalancer: lb, signals });
      return Template.fromStack(stack);
    },
  };
}

const ALB_DIMENSIONS = [{ Name: 'LoadBalancer', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Alb'), 'LoadBalancerFullName'] } }];

describe('built-in signals: defaults', () => {
  test.each<[string, (f: Fixture) => FailoverSignal, Record<string, unknown>, string]>([
    ['targetResponseTime', () => FailoverSignal.targetResponseTime({ threshold: Duration.millis(500) }),
      { MetricName: 'TargetResponseTime', Namespace: 'AWS/ApplicationELB', Statistic: 'Average', Threshold: 0.5, Dimensions: ALB_DIMENSIONS }, 'Healthy'],
    ['targetHttp5xxCount', () => FailoverSignal.targetHttp5xxCount({ threshold: 50 }),
      { MetricName: 'HTTPCode_Target_5XX_Count', Namespace: 'AWS/ApplicationELB', Statistic: 'Sum', Threshold: 50, Dimensions: ALB_DIMENSIONS }, 'Healthy'],
    ['elbHttp5xxCount', () => FailoverSignal.elbHttp5xxCount({ threshold: 10 }),
      { MetricName: 'HTTPCode_ELB_5XX_Count', Namespace: 'AWS/ApplicationELB', Statistic: 'Sum', Threshold: 10, Dimensions: ALB_DIMENSIONS }, 'Healthy'],
    ['targetConnectionErrorCount', () => FailoverSignal.targetConnectionErrorCount({ threshold: 20 }),
      { MetricName: 'TargetConnectionErrorCount', Namespace: 'AWS/ApplicationELB', Statistic: 'Sum', Threshold: 20, Dimensions: ALB_DIMENSIONS }, 'Healthy'],
    ['unhealthyHostCount', f => FailoverSignal.unhealthyHostCount({
      threshold: 1,
      targetGroup: f.lb.addListener('Http', { port: 80 }).addTargets('Service', { port: 80 }),
    }), {
      MetricName: 'UnHealthyHostCount',
      Namespace: 'AWS/ApplicationELB',
      Statistic: 'Average',
      Threshold: 1,
      Dimensions: [Match.objectLike({ Name: 'LoadBalancer' }), Match.objectLike({ Name: 'TargetGroup' })],
    }, 'LastKnownStatus'],
    ['ecsServiceCpu', f => FailoverSignal.ecsServiceCpu({
      service: ecs.FargateService.fromFargateServiceAttributes(f.stack, 'Svc', {
        serviceName: 'api', cluster: ecs.Cluster.fromClusterAttributes(f.stack, 'Cluster', { clusterName: 'main', vpc: f.lb.vpc! }),
      }),
    }), {
      MetricName: 'CPUUtilization',
      Namespace: 'AWS/ECS',
      Statistic: 'Average',
      Threshold: 90,
      Dimensions: [{ Name: 'ClusterName', Value: 'main' }, { Name: 'ServiceName', Value: 'api' }],
    }, 'LastKnownStatus'],
    ['autoScalingGroupCpu', f => FailoverSignal.autoScalingGroupCpu({
      autoScalingGroup: autoscaling.AutoScalingGroup.fromAutoScalingGroupName(f.stack, 'Asg', 'web-asg'),
    }), {
      MetricName: 'CPUUtilization',
      Namespace: 'AWS/EC2',
      Statistic: 'Average',
      Threshold: 90,
      Dimensions: [{ Name: 'AutoScalingGroupName', Value: 'web-asg' }],
    }, 'LastKnownStatus'],
    ['fromMetric', () => FailoverSignal.fromMetric({
      threshold: 3, metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'CheckoutFailures', statistic: 'Sum' }),
    }), { MetricName: 'CheckoutFailures', Namespace: 'Shop', Statistic: 'Sum', Threshold: 3 }, 'Healthy'],
  ])('%s: 1-minute alarm, 3 of 3 periods, Route 53-readable', (_name, make, expected, insufficientData) => {
    const f = fixture();
    const template = f.synth([make(f)]);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...expected,
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      ComparisonOperator: 'GreaterThanThreshold',
      ExtendedStatistic: Match.absent(),
      Metrics: Match.absent(),
      TreatMissingData: insufficientData === 'Healthy' ? 'notBreaching' : 'ignore',
    });
    template.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({ Type: 'CLOUDWATCH_METRIC', InsufficientDataHealthStatus: insufficientData }),
    });
  });
});

describe('built-in signals: overrides', () => {
  test('period, evaluationPeriods, statistic and signalName', () => {
    const template = fixture().synth([FailoverSignal.targetResponseTime({
      threshold: Duration.seconds(2), statistic: 'Maximum', period: Duration.minutes(2), evaluationPeriods: 5, signalName: 'SlowResponses',
    })]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Api-us-east-1-SlowResponses', Statistic: 'Maximum', Period: 120, EvaluationPeriods: 5, DatapointsToAlarm: 5, Threshold: 2,
    });
  });

  test.each<[route53.InsufficientDataHealthStatusEnum, string]>([
    [route53.InsufficientDataHealthStatusEnum.UNHEALTHY, 'breaching'],
    [route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS, 'ignore'],
    [route53.InsufficientDataHealthStatusEnum.HEALTHY, 'notBreaching'],
  ])('insufficientDataHealthStatus %s sets the health check and a matching TreatMissingData (%s)', (status, treat) => {
    const template = fixture().synth([FailoverSignal.elbHttp5xxCount({ threshold: 5, insufficientDataHealthStatus: status })]);
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ InsufficientDataHealthStatus: status }) });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { TreatMissingData: treat });
  });

  test('CPU threshold', () => {
    const f = fixture();
    const template = f.synth([FailoverSignal.autoScalingGroupCpu({
      autoScalingGroup: autoscaling.AutoScalingGroup.fromAutoScalingGroupName(f.stack, 'Asg', 'web'), threshold: 75,
    })]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 75 });
  });

  test('fromMetric: comparison operator, trafficBased and the metric\'s period replaced by 1 minute', () => {
    const template = fixture().synth([FailoverSignal.fromMetric({
      signalName: 'Orders',
      threshold: 10,
      trafficBased: false,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'OrdersPlaced', statistic: 'Sum', period: Duration.minutes(5) }),
    })]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Api-us-east-1-Orders', ComparisonOperator: 'LessThanThreshold', Period: 60, TreatMissingData: 'ignore',
    });
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ InsufficientDataHealthStatus: 'LastKnownStatus' }) });
  });

  test('fromAlarm: trafficBased false defaults to LastKnownStatus', () => {
    const f = fixture();
    const alarm = new cloudwatch.Alarm(f.stack, 'Cpu', {
      metric: new cloudwatch.Metric({ namespace: 'AWS/EC2', metricName: 'CPUUtilization', period: Duration.minutes(1) }),
      threshold: 95,
      evaluationPeriods: 2,
    });
    const template = f.synth([FailoverSignal.fromAlarm({ alarm, trafficBased: false })]);
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ InsufficientDataHealthStatus: 'LastKnownStatus' }) });
  });
});

describe('signal validation', () => {
  test('fails if a latency signal asks for a percentile with the direct strategy', () => {
    const f = fixture();
    expect(() => f.synth([FailoverSignal.targetResponseTime({ threshold: Duration.seconds(1), statistic: 'p99', strategy: MetricStrategy.direct() })])).toThrow(
      "[AAF-ALARM-EXTENDED-STATISTIC] signal 'TargetResponseTime' (strategy Direct): 'ExtendedStatistic' is an extended "
      + 'statistic (percentile or trimmed statistic), which Route 53 cannot read, got: p99. Fix: use one of Average, Minimum, '
      + 'Maximum, Sum, SampleCount (for a latency percentile, Maximum is the closest simple statistic).',
    );
  });

  test('fails if a metric signal is a metric-math expression', () => {
    const f = fixture();
    const errorRate = new cloudwatch.MathExpression({
      expression: 'errors / requests * 100',
      usingMetrics: { errors: f.lb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT), requests: f.lb.metrics.requestCount() },
    });
    expect(() => f.synth([FailoverSignal.fromMetric({ signalName: 'ErrorRate', metric: errorRate, threshold: 5, strategy: MetricStrategy.direct() })])).toThrow(
      "[AAF-ALARM-METRIC-MATH] signal 'ErrorRate' (strategy Direct): 'Metrics' uses metric math, which Route 53 cannot read "
      + '(the API answers InternalFailure), got: expression "errors / requests * 100". Fix: alarm on a single metric with a simple statistic',
    );
  });

  test('fails if a metric signal uses a trimmed-mean statistic', () => {
    const metric = new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Latency', statistic: 'tm90' });
    expect(() => fixture().synth([FailoverSignal.fromMetric({ metric, threshold: 1, strategy: MetricStrategy.direct() })]))
      .toThrow(/\[AAF-ALARM-EXTENDED-STATISTIC\] signal 'Latency' .* got: tm90\./);
  });

  test('fails if a signal\'s period is 30 seconds (high resolution)', () => {
    expect(() => fixture().synth([FailoverSignal.elbHttp5xxCount({ threshold: 5, period: Duration.seconds(30) })])).toThrow(
      "[AAF-ALARM-PERIOD] signal 'ElbHttp5xxCount': 'period' is not a standard-resolution period; Route 53 reads "
      + 'only alarms whose period is 60 seconds or a multiple of 60, got: 30 seconds. Fix: use a period of 1 minute (or a whole number of minutes).',
    );
  });

  test('fails if evaluationPeriods is 0', () => {
    expect(() => FailoverSignal.elbHttp5xxCount({ threshold: 5, evaluationPeriods: 0 })).toThrow(
      "signal 'ElbHttp5xxCount': 'evaluationPeriods' must be a whole number of at least 1, got: 0.",
    );
  });

  test('fails if the evaluation window exceeds one day', () => {
    expect(() => fixture().synth([FailoverSignal.elbHttp5xxCount({ threshold: 5, evaluationPeriods: 1441 })])).toThrow(/\[AAF-ALARM-EVALUATION-WINDOW\]/);
  });

  test.each(['Sum', 'SampleCount', 'min', 'tc90', 'TS(10%:90%)', 'PR(:0.5)'])('fails if a latency signal uses the statistic %s', statistic => {
    expect(() => FailoverSignal.targetResponseTime({ threshold: Duration.seconds(1), statistic })).toThrow(
      '[AAF-SIGNAL-STATISTIC] TargetResponseTime signal: \'statistic\' must be a response time in seconds, compared with the threshold: '
      + 'a sum, count or percentile rank of response times says nothing about how slow the Region is, and Minimum breaches only once '
      + `every request is slow, got: '${statistic}'. Fix: use 'Average', 'Maximum', a percentile`,
    );
  });

  test('fails if a derived signal name is not usable, and says to set signalName', () => {
    const metric = new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Orders Placed' });
    expect(() => FailoverSignal.fromMetric({ metric, threshold: 1 })).toThrow(/got: 'Orders Placed' \(derived from the metric or alarm; set signalName\)\./);
  });

  test('fails if a threshold is not a finite number', () => {
    expect(() => FailoverSignal.elbHttp5xxCount({ threshold: NaN })).toThrow(
      "[AAF-SIGNAL-THRESHOLD] ElbHttp5xxCount signal: 'threshold' must be a finite number at least 0: a count per period (a count is never "
      + 'below 0, so below 0 the signal fires whenever there is data), got: NaN. Fix: choose a finite threshold at least 0.',
    );
  });

  test('fails if a CPU threshold is above 100', () => {
    expect(() => FailoverSignal.autoScalingGroupCpu({
      autoScalingGroup: autoscaling.AutoScalingGroup.fromAutoScalingGroupName(fixture().stack, 'Asg', 'web'), threshold: 150,
    })).toThrow(/^\[AAF-SIGNAL-THRESHOLD\] AutoScalingGroupCpu signal: 'threshold' must be a finite number above 0 and below 100: .*got: 150\. Fix: /);
  });

  test.each(['has space', '', '-leading', 'a/b', 'x'.repeat(65)])('fails if signalName is %j', signalName => {
    expect(() => FailoverSignal.elbHttp5xxCount({ threshold: 5, signalName })).toThrow(
      `'signalName' must start with a letter or digit and contain only letters, digits, '-', '_' and '.' (at most 64 characters), got: '${signalName}'.`,
    );
  });
});

describe('existing alarms Route 53 cannot read', () => {
  const subject = "FailoverRegion 'Service-us-east-1/Failover', signal 'Bad', alarm 'Service-us-east-1/Bad'";

  test.each<[string, (f: Fixture) => cloudwatch.IAlarm, string]>([
    ['a p99 alarm', f => new cloudwatch.Alarm(f.stack, 'Bad', {
      metric: f.lb.metrics.targetResponseTime({ statistic: 'p99', period: Duration.minutes(1) }), threshold: 1, evaluationPeriods: 3,
    }), `[AAF-ALARM-EXTENDED-STATISTIC] ${subject}: 'ExtendedStatistic' is an extended statistic (percentile or trimmed statistic), `
      + 'which Route 53 cannot read, got: p99. Fix: use one of Average, Minimum, Maximum, Sum, SampleCount'],
    ['a metric-math alarm', f => new cloudwatch.MathExpression({
      expression: 'e / r * 100',
      period: Duration.minutes(1),
      usingMetrics: { e: f.lb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT), r: f.lb.metrics.requestCount() },
    }).createAlarm(f.stack, 'Bad', { threshold: 5, evaluationPeriods: 2 }),
    `[AAF-ALARM-METRIC-MATH] ${subject}: 'Metrics' uses metric math, which Route 53 cannot read (the API answers InternalFailure), got: expression "e / r * 100".`],
    ['an M-out-of-N alarm', f => new cloudwatch.Alarm(f.stack, 'Bad', {
      metric: f.lb.metrics.requestCount({ period: Duration.minutes(1) }), threshold: 1, evaluationPeriods: 5, datapointsToAlarm: 3,
    }), `[AAF-ALARM-M-OF-N] ${subject}: 'DatapointsToAlarm' makes this an "M out of N" alarm, which Route 53 cannot read, got: 3 out of 5 evaluation periods.`],
    ['a 10-second alarm', f => new cloudwatch.Alarm(f.stack, 'Bad', {
      metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Errors', period: Duration.seconds(10) }), threshold: 1, evaluationPeriods: 3,
    }), `[AAF-ALARM-PERIOD] ${subject}: 'Period' is not a standard-resolution period`],
    ['a composite alarm', f => new cloudwatch.CompositeAlarm(f.stack, 'Bad', {
      alarmRule: cloudwatch.AlarmRule.fromAlarm(cloudwatch.Alarm.fromAlarmName(f.stack, 'Other', 'other'), cloudwatch.AlarmState.ALARM),
    }), `[AAF-ALARM-COMPOSITE] ${subject}: 'AlarmRule' is a composite alarm, which has no single metric for Route 53 to evaluate`],
    ['an anomaly detection alarm', f => anomalyAlarm(f.stack),
      `[AAF-ALARM-ANOMALY-DETECTION] ${subject}: 'ThresholdMetricId' makes this an anomaly detection alarm`],
  ])('fails if the alarm is %s', (_name, make, message) => {
    const f = fixture();
    const alarm = make(f);
    expect(() => f.synth([FailoverSignal.fromAlarm({ alarm, signalName: 'Bad' })])).toThrow(message);
  });

  test('fails if an imported alarm is in another account', () => {
    const f = fixture();
    const alarm = cloudwatch.Alarm.fromAlarmArn(f.stack, 'Bad', 'arn:aws:cloudwatch:us-east-1:222222222222:alarm:x');
    expect(() => f.synth([FailoverSignal.fromAlarm({ alarm, signalName: 'Bad' })])).toThrow(
      `[AAF-ALARM-CROSS-ACCOUNT] ${subject}: 'AlarmArn' is in another account than the health check's (111111111111)`,
    );
  });
});

/** An Alarm construct whose CfnAlarm is an anomaly detection alarm. */
function anomalyAlarm(scope: Construct): cloudwatch.IAlarm {
  const alarm = new cloudwatch.Alarm(scope, 'Bad', {
    metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Errors', period: Duration.minutes(1) }),
    threshold: 1,
    evaluationPeriods: 3,
  });
  const cfn = alarm.node.defaultChild as cloudwatch.CfnAlarm;
  cfn.thresholdMetricId = 'ad1';
  return alarm;
}

describe('extensibility', () => {
  test('a user-defined signal binds to the Region context and drives a health check', () => {
    class QueueDepthSignal extends FailoverSignal {
      public readonly signalName = 'QueueDepth';
      public bind(scope: Construct, context: SignalBindContext): SignalConfig {
        const alarm = new cloudwatch.Metric({ namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', period: Duration.minutes(1), statistic: 'Maximum' })
          .createAlarm(scope, 'Alarm', { alarmName: `${context.failoverName}-${context.region}-queue`, threshold: 1000, evaluationPeriods: 2 });
        return { alarm, insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS, trafficBased: false };
      }
    }
    const template = fixture().synth([new QueueDepthSignal()]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'Api-us-east-1-queue' });
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ InsufficientDataHealthStatus: 'LastKnownStatus' }) });
  });

  test('a user-defined strategy supplies the metric the alarm watches', () => {
    class MaximumInsteadStrategy extends MetricStrategy {
      public readonly strategyName = 'MaximumInstead';
      public bind(_scope: Construct, options: MetricStrategyBindOptions): MetricStrategyConfig {
        return { metric: (options.metric as cloudwatch.Metric).with({ statistic: 'Maximum' }) };
      }
    }
    const template = fixture().synth([FailoverSignal.targetResponseTime({
      threshold: Duration.seconds(1), statistic: 'p99', strategy: new MaximumInsteadStrategy(),
    })]);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Statistic: 'Maximum', ExtendedStatistic: Match.absent(), AlarmDescription: Match.stringLikeRegexp('strategy MaximumInstead'),
    });
  });
});
