import { App, CfnParameter } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { FailoverSignal } from '../../../src';
import { combinations, regionHealthRule } from '../../../src/operations/notifications/health-rule';
import { alb, failover, regionStack } from '../../helpers';

const signal = (name: string) => FailoverSignal.fromMetric({
  signalName: name, threshold: 1, metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: name }),
});

/** The rendered AlarmRule with each alarm ARN replaced by its logical id. */
function ruleOf(template: Template): string {
  const [alarm] = Object.values<any>(template.findResources('AWS::CloudWatch::CompositeAlarm'));
  return alarm.Properties.AlarmRule['Fn::Join'][1]
    .map((part: any) => (typeof part === 'string' ? part : part['Fn::GetAtt'][0].replace(/^FailoverSignals|^Failover|Alarm[0-9A-F]{8}$/g, '')))
    .join('');
}

describe('the Region\'s health alarm', () => {
  test('is in ALARM when the switch is, or when any signal is (minHealthySignals defaults to all)', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [signal('Latency'), signal('Errors')] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmName: 'Api-us-east-1-health',
      AlarmActions: Match.absent(),
    });
    expect(ruleOf(template)).toBe('(ALARM("EvacuationSwitch") OR ALARM("Latency") OR ALARM("Errors"))');
  });

  test('with minHealthySignals, is in ALARM when too few signals are healthy', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    f.addRegion(stack, 'Failover', {
      loadBalancer: alb(stack), signals: [signal('A'), signal('B'), signal('C')], minHealthySignals: 2, evacuationSwitch: false,
    });
    // Out of DNS when 2 of 3 are unhealthy.
    expect(ruleOf(Template.fromStack(stack))).toBe(
      '((ALARM("A") AND ALARM("B")) OR (ALARM("A") AND ALARM("C")) OR (ALARM("B") AND ALARM("C")))',
    );
  });

  test('rule building: combinations and the degenerate cases', () => {
    expect(combinations([1, 2, 3, 4], 2)).toEqual([[1, 2], [1, 3], [1, 4], [2, 3], [2, 4], [3, 4]]);
    expect(combinations([1, 2, 3], 3)).toEqual([[1, 2, 3]]);
    expect(combinations([1, 2], 0)).toEqual([[]]);
    expect(regionHealthRule(undefined, [], 1)).toBeUndefined();
  });
});

test('a minHealthySignals token leaves the Region without a health alarm, with a warning (and fails with notifications)', () => {
  const make = (notifications: boolean) => {
    const app = new App();
    const f = failover(app, { notifications });
    const stack = regionStack(app, 'us-east-1');
    const minHealthySignals = new CfnParameter(stack, 'MinHealthy', { type: 'Number' }).valueAsNumber;
    const region = f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [signal('A'), signal('B')], minHealthySignals });
    return { stack, region };
  };
  const { stack, region } = make(false);
  expect(region.healthAlarm).toBeUndefined();
  Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::CompositeAlarm', 0);
  Annotations.fromStack(stack).hasWarning('/Service-us-east-1/Failover', Match.stringLikeRegexp("'minHealthySignals' is a token"));
  // The status command then names only alarms that exist.
  const outputs = Template.fromStack(stack).toJSON().Outputs;
  const status = Object.entries<any>(outputs).find(([id]) => id.includes('StatusCommand'))![1].Value;
  expect(status).toContain('--alarm-names Api-us-east-1-evacuated --query');
  expect(() => make(true)).toThrow(/\[AAF-HEALTH-ALARM-RULE\] .*'minHealthySignals' is a token/);
});

describe('notifications', () => {
  test('notifications: true creates a topic per Region, told when the Region leaves DNS (ALARM) and returns (OK)', () => {
    const app = new App();
    const f = failover(app, { notifications: true });
    const stacks = ['us-east-1', 'eu-west-1'].map(r => regionStack(app, r));
    stacks.forEach(s => f.addRegion(s, 'Failover', { loadBalancer: alb(s), signals: [signal('Latency')] }));
    for (const stack of stacks) {
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::SNS::Topic', 1);
      const topicRef = { Ref: Match.stringLikeRegexp('^FailoverNotifications') };
      template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
        AlarmName: `Api-${stack.region}-health`,
        AlarmActions: [topicRef],
        OKActions: [topicRef],
      });
      // The topic's policy lets the health alarm publish (it replaces the default policy) and enforces encryption in transit.
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: [
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
              Condition: {
                ArnEquals: {
                  'aws:SourceArn': [
                    { 'Fn::GetAtt': [Match.stringLikeRegexp('^FailoverHealthAlarm'), 'Arn'] },
                    { 'Fn::GetAtt': [Match.stringLikeRegexp('^ActiveActiveFailoverRepublisherHeartbeatAlarm'), 'Arn'] },
                  ],
                },
              },
            }),
            Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ],
        },
      });
      expect(JSON.stringify(template.toJSON())).not.toMatch(/Fn::ImportValue/);
    }
    expect(f.regions[0].notificationTopic).toBeDefined();
  });

  test('a Region can bring its own topic of its Region', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'eu-west-1');
    const topic = new sns.Topic(stack, 'OnCall');
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [signal('Latency')], notificationTopic: topic });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    const onCall = { Ref: Match.stringLikeRegexp('^OnCall') };
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmActions: [onCall], OKActions: [onCall] });
  });

  test('fails if the topic is in another Region than the alarm', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'eu-west-1');
    const topic = sns.Topic.fromTopicArn(stack, 'Elsewhere', 'arn:aws:sns:us-east-1:111111111111:on-call');
    expect(() => f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [signal('Latency')], notificationTopic: topic })).toThrow(
      /\[AAF-NOTIFICATION-REGION\] FailoverRegion 'Service-eu-west-1\/Failover': 'notificationTopic' must be in the Region's own Region \(eu-west-1\), got a topic in 'us-east-1'/,
    );
  });

  test('fails if a topic is given but there is nothing to report on', () => {
    const app = new App();
    const f = failover(app, { evacuationSwitch: false });
    const stack = regionStack(app, 'eu-west-1');
    expect(() => f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [], notificationTopic: new sns.Topic(stack, 'T') })).toThrow(
      /\[AAF-NOTIFICATION-NOTHING\] .*'notificationTopic' needs signals or the evacuation switch to report on, got neither/,
    );
  });

  test('fails if notifications need a health alarm rule longer than CloudWatch accepts', () => {
    const app = new App();
    const f = failover(app, { notifications: true });
    const stack = regionStack(app, 'eu-west-1');
    const signals = Array.from({ length: 12 }, (_, i) => signal(`S${i}`));
    expect(() => f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals, minHealthySignals: 6 })).toThrow(
      /\[AAF-HEALTH-ALARM-RULE\] .*'minHealthySignals' with 12 signals needs a health alarm rule of about \d+ characters .*more than CloudWatch's 10240, got: minHealthySignals 6\. Fix: set minHealthySignals to 1 or 12/,
    );
  });
});

describe('the republisher alarm', () => {
  test('is told to each topic once, however many Regions of the stack share it (CloudWatch takes 5 actions a state)', () => {
    const app = new App();
    const stack = regionStack(app, 'us-east-1');
    const topic = new sns.Topic(stack, 'Shared');
    const loadBalancer = alb(stack);
    for (const name of ['A', 'B', 'C', 'D', 'E', 'F']) {
      const f = failover(app, { failoverName: name, recordName: name.toLowerCase() }, name);
      f.addRegion(stack, `Failover${name}`, { loadBalancer, signals: [signal('Latency')], notificationTopic: topic });
    }
    const [alarm] = Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm', {
      Properties: { MetricName: 'RepublisherHeartbeat' },
    }));
    expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Shared/) }]);
    expect(alarm.Properties.OKActions).toHaveLength(1);
  });
});
