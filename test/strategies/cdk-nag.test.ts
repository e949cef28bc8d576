import { App, Aspects, CfnResource, Duration } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, NagSuppressions } from 'cdk-nag';
import { FailoverDashboard, FailoverSignal, MetricStrategy } from '../../src';
import { failover, importedAlb, regionStack } from '../helpers';

test('a Region using every strategy is cdk-nag AwsSolutions clean (each suppression on one resource, with a reason)', () => {
  const app = new App();
  const f = failover(app);
  const stack = regionStack(app, 'us-east-1');
  const loadBalancer = importedAlb(stack);
  const composite = new cloudwatch.CompositeAlarm(stack, 'Composite', {
    alarmRule: cloudwatch.AlarmRule.fromAlarm(cloudwatch.Alarm.fromAlarmName(stack, 'Other', 'other'), cloudwatch.AlarmState.ALARM),
  });
  f.addRegion(stack, 'Failover', {
    loadBalancer,
    signals: [
      FailoverSignal.elbHttp5xxCount({ threshold: 50 }),
      FailoverSignal.targetResponseTime({ threshold: Duration.millis(800), statistic: 'p99' }),
      FailoverSignal.http5xxErrorRate({ threshold: 5 }),
      FailoverSignal.targetConnectionErrorRate({ threshold: 5, strategy: MetricStrategy.mirror() }),
      FailoverSignal.targetResponseTime({ signalName: 'Approx', threshold: Duration.seconds(1), statistic: 'p90', strategy: MetricStrategy.approximate() }),
      FailoverSignal.fromAlarm({ alarm: composite, mirror: true, signalName: 'Composite' }),
    ],
  });
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  const annotations = Annotations.fromStack(stack);
  expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-'))).toEqual([]);
  expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-'))).toEqual([]);
  // The republisher's policy, for the two CloudWatch actions that have no resource type.
  const policy = stack.node.findChild('ActiveActiveFailoverRepublisher').node.findChild('Role').node.findChild('DefaultPolicy').node.defaultChild as CfnResource;
  expect(policy.getMetadata('cdk_nag')).toEqual({
    rules_to_suppress: [expect.objectContaining({ id: 'AwsSolutions-IAM5', applies_to: ['Resource::*'], reason: expect.stringMatching(/no resource type/) })],
  });
  // And its function, for the pinned runtime: aws-cdk-lib versions newer than the
  // minimum know newer Node.js runtimes, and AwsSolutions-L1 asks for the newest.
  const fn = stack.node.findChild('ActiveActiveFailoverRepublisher').node.findChild('Function').node.defaultChild as CfnResource;
  expect(fn.getMetadata('cdk_nag')).toEqual({
    rules_to_suppress: [expect.objectContaining({ id: 'AwsSolutions-L1', reason: expect.stringMatching(/runtime is pinned/) })],
  });
});

test('without the suppression, cdk-nag would flag exactly the two wildcard CloudWatch actions (the suppression is not hiding more)', () => {
  const app = new App();
  const f = failover(app);
  const stack = regionStack(app, 'us-east-1');
  const loadBalancer = importedAlb(stack);
  f.addRegion(stack, 'Failover', { loadBalancer, signals: [FailoverSignal.http5xxErrorRate({ threshold: 5 })] });
  const policy = stack.node.findChild('ActiveActiveFailoverRepublisher').node.findChild('Role').node.findChild('DefaultPolicy').node.defaultChild as CfnResource;
  policy.addMetadata('cdk_nag', undefined);
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-'));
  expect(errors.map(e => [e.id, String(e.entry.data).slice(0, 20)])).toEqual([
    ['/Service-us-east-1/ActiveActiveFailoverRepublisher/Role/DefaultPolicy/Resource', 'AwsSolutions-IAM5[Re'],
  ]);
});

test('a Region with every operations option on (switch, probe, notifications, dashboard, evacuation grant) is cdk-nag AwsSolutions clean', () => {
  const app = new App();
  const f = failover(app, { notifications: true });
  const stack = regionStack(app, 'eu-west-1');
  const region = f.addRegion(stack, 'Failover', {
    loadBalancer: importedAlb(stack),
    signals: [FailoverSignal.http5xxErrorRate({ threshold: 5 }), FailoverSignal.targetResponseTime({ threshold: Duration.seconds(1), statistic: 'p99' })],
    minHealthySignals: 1,
    probe: { path: '/health' },
  });
  const operator = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountPrincipal('111111111111') });
  region.grantEvacuate(operator);
  // The grant is the user's policy, so the user documents its one wildcard (as the README shows).
  NagSuppressions.addResourceSuppressions(operator.node.findChild('DefaultPolicy'), [{
    id: 'AwsSolutions-IAM5',
    reason: 'cloudwatch:PutMetricData has no resource type; the cloudwatch:namespace condition limits it to the evacuation switch.',
    appliesTo: ['Resource::*'],
  }]);
  new FailoverDashboard(stack, 'Dashboard', { failover: f });
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  const annotations = Annotations.fromStack(stack);
  expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-'))).toEqual([]);
  expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-'))).toEqual([]);
  const topic = region.notificationTopic!.node.defaultChild as CfnResource;
  expect(topic.getMetadata('cdk_nag')).toEqual({
    rules_to_suppress: [expect.objectContaining({ id: 'AwsSolutions-SNS2', reason: expect.stringMatching(/cannot publish to a topic encrypted with the AWS managed key/) })],
  });
});
