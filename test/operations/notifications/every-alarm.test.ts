import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { FailoverSignal, MetricStrategy } from '../../../src';
import { alb, failover, regionStack } from '../../helpers';

const signals = () => [
  FailoverSignal.fromMetric({ signalName: 'Latency', threshold: 1, metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Latency' }) }),
  FailoverSignal.fromMetric({
    signalName: 'Errors', threshold: 1, metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Errors' }), strategy: MetricStrategy.mirror(),
  }),
];

/** The alarms of the template, by AlarmName, with their actions. */
function actionsByAlarm(template: Template): Record<string, unknown> {
  const alarms = template.findResources('AWS::CloudWatch::Alarm');
  return Object.fromEntries(Object.values<any>(alarms).map(a => [
    a.Properties.AlarmName ?? 'Heartbeat', [a.Properties.AlarmActions?.length ?? 0, a.Properties.OKActions?.length ?? 0],
  ]));
}

describe('notifyOnEveryAlarm', () => {
  test('off by default: only the health alarm and the republisher\'s tell the topic', () => {
    const app = new App();
    const stack = regionStack(app, 'us-east-1');
    failover(app, { notifications: true }).addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: signals() });
    expect(actionsByAlarm(Template.fromStack(stack))).toEqual({
      'Api-us-east-1-Latency': [0, 0],
      'Api-us-east-1-Errors': [0, 0],
      'Api-us-east-1-Errors-source': [0, 0],
      'Api-us-east-1-evacuated': [0, 0],
      'Heartbeat': [1, 1],
    });
  });

  test('on the failover: every alarm of the Region tells the topic (ALARM and OK), and the topic\'s policy admits each', () => {
    const app = new App();
    const stack = regionStack(app, 'us-east-1');
    failover(app, { notifications: true, notifyOnEveryAlarm: true }).addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: signals() });
    const template = Template.fromStack(stack);
    const actions = actionsByAlarm(template);
    expect(Object.values(actions)).toEqual(Object.values(actions).map(() => [1, 1]));
    expect(Object.keys(actions)).toHaveLength(5);
    const topic = { Ref: Match.stringLikeRegexp('^FailoverNotifications') };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Api-us-east-1-evacuated', AlarmActions: [topic], OKActions: [topic],
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowHealthAlarm',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          // The health alarm, the republisher's, and the four alarms of the Region.
          Condition: { ArnEquals: { 'aws:SourceArn': Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp('EvacuationSwitchAlarm'), 'Arn'] }]) } },
        })]),
      },
    });
    const [policy] = Object.values<any>(template.findResources('AWS::SNS::TopicPolicy'));
    expect(policy.Properties.PolicyDocument.Statement[0].Condition.ArnEquals['aws:SourceArn']).toHaveLength(6);
  });

  test('a Region overrides the failover, with its own topic', () => {
    const app = new App();
    const stack = regionStack(app, 'us-east-1');
    const topic = new sns.Topic(stack, 'Topic');
    failover(app).addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: signals(), notificationTopic: topic, notifyOnEveryAlarm: true });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Api-us-east-1-Latency', AlarmActions: [{ Ref: Match.stringLikeRegexp('^Topic') }],
    });
  });

  test('fails if there is no topic to tell', () => {
    const app = new App();
    const stack = regionStack(app, 'us-east-1');
    expect(() => failover(app, { notifyOnEveryAlarm: true }).addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: signals() }))
      .toThrow("[AAF-NOTIFICATION-EVERY-ALARM] FailoverRegion 'Service-us-east-1/Failover': 'notifyOnEveryAlarm' needs a topic to "
        + "tell, got: no notificationTopic and the failover's notifications false. Fix: set the failover's notifications to true, "
        + 'pass this Region a notificationTopic, or leave notifyOnEveryAlarm unset (false).');
  });

  test('fails if it is not a boolean', () => {
    expect(() => failover(new App(), { notifyOnEveryAlarm: 'true' as unknown as boolean })).toThrow(/\[AAF-INPUT-BOOLEAN\] .*'notifyOnEveryAlarm'/);
  });
});
