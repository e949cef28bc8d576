import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { FailoverSignal } from '../../../src';
import { DnsModel, HealthInputs } from '../../../src/simulator/dns';
import { ACCOUNT, alb, failover, regionStack } from '../../helpers';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

/** Users near each Region: 20 ms to it, more to the others. */
const NEAR: Record<string, Record<string, number>> = {
  'us-east-1': { 'us-east-1': 20, 'eu-west-1': 80, 'ap-southeast-2': 200 },
  'eu-west-1': { 'us-east-1': 80, 'eu-west-1': 20, 'ap-southeast-2': 250 },
  'ap-southeast-2': { 'us-east-1': 200, 'eu-west-1': 250, 'ap-southeast-2': 20 },
};

const signal = (name: string) => FailoverSignal.fromMetric({
  signalName: name, threshold: 1, metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: name }),
});

/**
 * Three Regions with three signals each; us-east-1 stays in DNS while any one
 * of its signals is healthy (minHealthySignals 1).
 */
function threeRegions(beforeSynth: (f: ReturnType<typeof failover>, stacks: ReturnType<typeof regionStack>[]) => void = () => {}) {
  const app = new App();
  const f = failover(app);
  const stacks = REGIONS.map(region => {
    const stack = regionStack(app, region);
    f.addRegion(stack, 'Failover', {
      loadBalancer: alb(stack),
      signals: [signal('Latency'), signal('Errors'), signal('Saturation')],
      minHealthySignals: region === 'us-east-1' ? 1 : undefined,
    });
    return stack;
  });
  beforeSynth(f, stacks);
  const model = DnsModel.fromTemplates(stacks.map(s => ({ stackName: s.stackName, region: s.region, template: Template.fromStack(s).toJSON() })));
  return { app, failover: f, stacks, model };
}

/** Health inputs: every alarm healthy except those named; every load balancer healthy. */
function inputs(unhealthyAlarms: string[]): HealthInputs {
  return {
    leafHealthy: check => !unhealthyAlarms.includes(check.alarmName ?? ''),
    loadBalancerHealthy: () => true,
  };
}

/** Where the users near each Region are sent. */
function routing(model: DnsModel, unhealthyAlarms: string[] = []): Record<string, string | undefined> {
  return Object.fromEntries(REGIONS.map(near => [near, model.resolve('api.example.com', 'A', NEAR[near], inputs(unhealthyAlarms))]));
}

const evacuated = (...regions: string[]) => regions.map(r => `Api-${r}-evacuated`);

describe('evacuation switch', () => {
  test('creates a switch per Region: a metric alarm Route 53 can read and a LastKnownStatus health check on the latency record', () => {
    const { stacks } = threeRegions();
    const template = Template.fromStack(stacks[0]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Api-us-east-1-evacuated',
      Namespace: 'ActiveActiveFailover/Evacuation',
      MetricName: 'Evacuated',
      Dimensions: [{ Name: 'Failover', Value: 'Api' }, { Name: 'Region', Value: 'us-east-1' }],
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'ignore',
    });
    template.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: {
        Type: 'CLOUDWATCH_METRIC',
        AlarmIdentifier: { Name: { Ref: Match.stringLikeRegexp('^FailoverEvacuationSwitchAlarm') }, Region: 'us-east-1' },
        // One call holds the switch: with no new value, Route 53 keeps the last status.
        InsufficientDataHealthStatus: 'LastKnownStatus',
        Inverted: false,
      },
      HealthCheckTags: [{ Key: 'Name', Value: 'Api-us-east-1-switch' }],
    });
  });

  test('with every signal healthy, users go to their nearest Region', () => {
    expect(routing(threeRegions().model)).toEqual({ 'us-east-1': 'us-east-1', 'eu-west-1': 'eu-west-1', 'ap-southeast-2': 'ap-southeast-2' });
  });

  test('the switch takes a Region out although its signals are healthy and its calculated check needs only one of them', () => {
    const { model } = threeRegions();
    expect(routing(model, evacuated('us-east-1'))).toEqual({ 'us-east-1': 'eu-west-1', 'eu-west-1': 'eu-west-1', 'ap-southeast-2': 'ap-southeast-2' });
    // Restored: the users come back.
    expect(routing(model)['us-east-1']).toBe('us-east-1');
  });

  test('the signals still take the Region out by themselves, per minHealthySignals', () => {
    const { model } = threeRegions();
    // us-east-1 needs one healthy signal of three: two unhealthy keep it in, three take it out.
    expect(routing(model, ['Api-us-east-1-Latency', 'Api-us-east-1-Errors'])['us-east-1']).toBe('us-east-1');
    expect(routing(model, ['Api-us-east-1-Latency', 'Api-us-east-1-Errors', 'Api-us-east-1-Saturation'])['us-east-1']).toBe('eu-west-1');
    // eu-west-1 needs all three: one unhealthy takes it out.
    expect(routing(model, ['Api-eu-west-1-Errors'])['eu-west-1']).toBe('us-east-1');
  });

  test('the Region\'s own name keeps reaching it while it is evacuated (for the probe and for operators)', () => {
    const { model } = threeRegions();
    const health = inputs([...evacuated('us-east-1'), 'Api-us-east-1-Latency', 'Api-us-east-1-Errors', 'Api-us-east-1-Saturation']);
    expect(model.resolve('us-east-1.api.example.com', 'A', NEAR['eu-west-1'], health)).toBe('us-east-1');
  });

  test('fails open: with every Region evacuated, Route 53 answers as if none were', () => {
    const { model } = threeRegions();
    expect(routing(model, evacuated(...REGIONS))).toEqual(routing(model));
    // Two of three evacuated: everyone goes to the last one.
    expect(routing(model, evacuated('us-east-1', 'eu-west-1'))).toEqual({
      'us-east-1': 'ap-southeast-2', 'eu-west-1': 'ap-southeast-2', 'ap-southeast-2': 'ap-southeast-2',
    });
  });

  test('stack outputs give the operator the commands and names', () => {
    const { stacks } = threeRegions();
    const outputs = Template.fromStack(stacks[1]).toJSON().Outputs;
    const value = (prefix: string) => Object.entries<any>(outputs).find(([id]) => id.startsWith(prefix))?.[1].Value;
    // The parameter first (the republisher publishes it every minute), then the position itself (works with the republisher down).
    expect(value('FailoverOutputsEvacuateCommand')).toBe('aws ssm put-parameter --region eu-west-1 --name '
      + '/cdk-active-active-failover/Api/eu-west-1/evacuated --type String --value 1 --overwrite && aws cloudwatch put-metric-data --region eu-west-1 '
      + '--namespace ActiveActiveFailover/Evacuation --metric-name Evacuated --dimensions Failover=Api,Region=eu-west-1 --value 1');
    expect(value('FailoverOutputsRestoreCommand')).toMatch(/--dimensions Failover=Api,Region=eu-west-1 --value 0$/);
    expect(value('FailoverOutputsStatusCommand')).toMatch(/^aws cloudwatch describe-alarms --region eu-west-1 .*--alarm-names Api-eu-west-1-health Api-eu-west-1-evacuated/);
    expect(value('FailoverOutputsRegionalRecordName')).toBe('eu-west-1.api.example.com.');
    expect(value('FailoverOutputsHealthAlarmName')).toBe('Api-eu-west-1-health');
    expect(value('FailoverOutputsSwitchHealthCheckId')).toEqual({ Ref: expect.stringMatching(/^FailoverEvacuationSwitchHealthCheck/) });
    // No exports: nothing ties the Regions' stacks together.
    expect(JSON.stringify(outputs)).not.toMatch(/Export/);
  });

  test('grantEvacuate allows PutMetricData in the switch\'s namespace only, and PutParameter on the Region\'s switch parameter', () => {
    const { stacks } = threeRegions((f, regionStacks) => {
      const role = new iam.Role(regionStacks[0], 'Operator', { assumedBy: new iam.AccountPrincipal(ACCOUNT) });
      f.regions[0].grantEvacuate(role);
    });
    Template.fromStack(stacks[0]).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: 'cloudwatch:PutMetricData',
          Effect: 'Allow',
          Resource: '*',
          Condition: { StringEquals: { 'cloudwatch:namespace': 'ActiveActiveFailover/Evacuation' } },
        }, {
          Action: 'ssm:PutParameter',
          Effect: 'Allow',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:us-east-1:${ACCOUNT}:parameter/cdk-active-active-failover/Api/us-east-1/evacuated`]] },
        }],
      },
    });
  });

  test('fails if grantEvacuate is called on a Region without a switch', () => {
    const app = new App();
    const f = failover(app, { evacuationSwitch: false });
    const stack = regionStack(app, 'us-east-1');
    const region = f.addRegion(stack, 'Failover', { loadBalancer: alb(stack) });
    expect(region.switchHealthCheck).toBeUndefined();
    expect(() => region.grantEvacuate(new iam.AccountPrincipal(ACCOUNT))).toThrow(
      /\[AAF-SWITCH-OFF\] FailoverRegion 'Service-us-east-1\/Failover': 'evacuationSwitch' must be on to grant access to it, got: false/,
    );
  });

  test('fails if an escape hatch makes the switch alarm one Route 53 cannot read (checked like every alarm behind a health check)', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    const region = f.addRegion(stack, 'Failover', { loadBalancer: alb(stack) });
    (region.switchAlarm!.node.defaultChild as cloudwatch.CfnAlarm).addPropertyOverride('Period', 10);
    expect(() => Template.fromStack(stack)).toThrow(
      /^\[AAF-ALARM-PERIOD\] FailoverRegion 'Service-us-east-1\/Failover', evacuation switch: 'Period' /,
    );
  });

  test('a Region can turn its switch off: the latency record then carries no health check', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [signal('Latency')], evacuationSwitch: false });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'api.example.com.', HealthCheckId: Match.absent() });
    expect(Object.keys(template.toJSON().Outputs)).not.toContainEqual(expect.stringMatching(/EvacuateCommand/));
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
  });
});
