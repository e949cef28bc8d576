import { App, Aspects, CfnParameter, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ActiveActiveFailoverProps, FailbackMode, FailbackPolicy, FailoverRegionOptions, FailoverSignal } from '../../../src';
import { evacuationCommand } from '../../../src/model/commands';
import { ACCOUNT, alb, failover, regionStack } from '../../helpers';

const signal = (name: string) => FailoverSignal.fromMetric({
  signalName: name, threshold: 1, metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: name }),
});

function synth(props: Partial<ActiveActiveFailoverProps>, options: Partial<FailoverRegionOptions> = {}, nag = false) {
  const app = new App();
  const f = failover(app, { notifications: true, ...props });
  const stack = regionStack(app, 'eu-central-1');
  if (nag) {
    Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  }
  const region = f.addRegion(stack, 'Failover', {
    loadBalancer: alb(stack), signals: [signal('Latency'), signal('Errors'), signal('Saturation')], minHealthySignals: 2, ...options,
  });
  return { stack, region, template: Template.fromStack(stack) };
}


describe('FailbackPolicy', () => {
  test('automatic() is the default and changes nothing: no latch, no signals alarm', () => {
    const plain = synth({}).template.toJSON();
    const automatic = synth({ failbackPolicy: FailbackPolicy.automatic() }).template.toJSON();
    expect(automatic).toEqual(plain);
    const t = Template.fromJSON(plain);
    t.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 1);
    t.resourceCountIs('AWS::Lambda::Function', 1); // the republisher only
    expect(FailbackPolicy.automatic()).toMatchObject({ mode: FailbackMode.AUTOMATIC, holdDown: undefined, latches: false });
  });

  test('operatorConfirmed() adds the signals alarm (the switch left out), a rule on its ALARM and the latch function', () => {
    const { template, region } = synth({ failbackPolicy: FailbackPolicy.operatorConfirmed() });
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 2);
    const alarms = template.findResources('AWS::CloudWatch::CompositeAlarm', { Properties: { AlarmName: 'Api-eu-central-1-signals' } });
    const rule = JSON.stringify(Object.values(alarms)[0].Properties.AlarmRule);
    expect(rule).not.toContain('evacuated');
    // minHealthySignals 2 of 3: any two signals in ALARM.
    expect(rule.match(/ALARM\(/g)).toHaveLength(6);
    const alarmId = Object.keys(alarms)[0];
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        'resources': [{ 'Fn::GetAtt': [alarmId, 'Arn'] }],
        'detail': { state: { value: ['ALARM'] } },
      },
      Targets: [Match.objectLike({
        InputTransformer: {
          InputPathsMap: { time: '$.time', alarmName: '$.detail.alarmName', state: '$.detail.state.value' },
          InputTemplate: Match.stringLikeRegexp('^\\{"kind":"latch","version":1,"time":<time>,"alarmName":<alarmName>,"state":<state>,"config":\\{'
            + '"failoverName":"Api","region":"eu-central-1","policy":"operatorConfirmed","parameterName":"/cdk-active-active-failover/Api/eu-central-1/evacuated",'),
        },
      })],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'cdk-active-active-failover: failback latch of eu-central-1 (operatorConfirmed)',
      Runtime: 'nodejs22.x',
      Timeout: 30,
      MemorySize: 128,
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 });
    template.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com', Action: 'lambda:InvokeFunction' });
    expect(region.signalsAlarm).toBeDefined();
  });

  test('the latch\'s role may read and write the switch parameter, publish in the switches\' namespace and log: nothing more', () => {
    const { template } = synth({ failbackPolicy: FailbackPolicy.operatorConfirmed() });
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('FailbackRole') } });
    expect(Object.keys(policies)).toHaveLength(1);
    const statements = Object.values(policies)[0].Properties.PolicyDocument.Statement;
    const parameter = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:eu-central-1:${ACCOUNT}:parameter/cdk-active-active-failover/Api/eu-central-1/evacuated`]] };
    expect(statements).toEqual([
      { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/FailbackLogs/), 'Arn'] } },
      { Action: 'ssm:GetParameter', Effect: 'Allow', Resource: parameter },
      { Action: 'cloudwatch:PutMetricData', Condition: { StringEquals: { 'cloudwatch:namespace': 'ActiveActiveFailover/Evacuation' } }, Effect: 'Allow', Resource: '*' },
      { Action: 'ssm:PutParameter', Effect: 'Allow', Resource: parameter },
    ]);
    const roles = template.findResources('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp('Holds Region') } });
    expect(Object.values(roles)[0].Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('automatic({ holdDown }) writes the hold-down into the latch\'s configuration', () => {
    const { template } = synth({ failbackPolicy: FailbackPolicy.automatic({ holdDown: Duration.minutes(30) }) });
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ InputTransformer: Match.objectLike({ InputTemplate: Match.stringLikeRegexp('"policy":"automatic","holdDownMinutes":30,') }) })],
    });
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmName: 'Api-eu-central-1-health',
      AlarmDescription: Match.stringLikeRegexp('held out for at least 30 minutes, then returns when its signals are healthy\\.$'),
    });
  });

  test('the health alarm, and so every notification, says "held out: waiting for an operator" and gives the restore command', () => {
    const { template } = synth({ failbackPolicy: FailbackPolicy.operatorConfirmed() });
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
      AlarmName: 'Api-eu-central-1-health',
      AlarmDescription: Match.stringLikeRegexp(`held out: waiting for an operator\\. Restore it with: ${evacuationCommand('Api', 'eu-central-1', 0).replace(/[/.]/g, '\\$&')}$`),
    });
  });

  test('the region view tells the dashboard the policy, the signals alarm and the restore command', () => {
    const { region } = synth({ failbackPolicy: FailbackPolicy.operatorConfirmed() });
    expect(region.regionView()).toMatchObject({
      signalsAlarmName: 'Api-eu-central-1-signals',
      failback: 'operator-confirmed: once its signals take it out, held out: waiting for an operator',
      restoreCommand: evacuationCommand('Api', 'eu-central-1', 0),
    });
    expect(synth({}).region.regionView().failback).toBeUndefined();
  });

  test('is cdk-nag AwsSolutions clean, each suppression on one resource with its reason', () => {
    const { stack } = synth({ failbackPolicy: FailbackPolicy.operatorConfirmed() }, {}, true);
    const annotations = Annotations.fromStack(stack);
    // The fixture's VPC and load balancer have findings of their own: the latch's resources have none.
    const latchFindings = [...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-')),
      ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-'))].filter(m => m.id.includes('/Failback/'));
    expect(latchFindings).toEqual([]);
    expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-')).length).toBeGreaterThan(0); // the check ran
    const suppressed = stack.node.findAll().filter((c): c is CfnResource => c instanceof CfnResource && c.node.path.includes('/Failback/'))
      .flatMap(r => (r.getMetadata('cdk_nag')?.rules_to_suppress ?? []).map((s: { id: string; reason: string }) => {
        expect(s.reason.length).toBeGreaterThan(40);
        return `${r.node.path.replace(`${stack.node.path}/Failover/Failback/`, '')} ${s.id}`;
      }));
    expect(suppressed.sort()).toEqual(['Function/Resource AwsSolutions-L1', 'Role/DefaultPolicy/Resource AwsSolutions-IAM5']);
  });

  test.each([
    [Duration.minutes(4), '4 minutes'],
    [Duration.hours(25), '1 day 1 hour'],
    [Duration.seconds(330), '5 minutes 30 seconds'],
  ])('fails if the hold-down is outside 5 minutes to 24 hours or not whole minutes (%s)', (holdDown, text) => {
    expect(() => FailbackPolicy.automatic({ holdDown })).toThrow(
      `[AAF-FAILBACK-HOLD-DOWN] FailbackPolicy.automatic: 'holdDown' must be a whole number of minutes from 5 minutes to 24 hours, got: ${text}. `
      + 'Fix: pass a Duration from Duration.minutes(5) to Duration.hours(24), or leave it unset (no hold-down).');
  });

  test('accepts the bounds of the hold-down', () => {
    expect(FailbackPolicy.automatic({ holdDown: Duration.minutes(5) }).latches).toBe(true);
    expect(FailbackPolicy.automatic({ holdDown: Duration.hours(24) }).holdDown?.toMinutes()).toBe(1440);
  });

  test('fails if failbackPolicy is not a FailbackPolicy (a JavaScript string would be ignored)', () => {
    expect(() => synth({ failbackPolicy: 'operatorConfirmed' as unknown as FailbackPolicy })).toThrow(
      /^\[AAF-FAILBACK-POLICY\] ActiveActiveFailover '.*': 'failbackPolicy' must be a FailbackPolicy \(FailbackPolicy.automatic\(\) or FailbackPolicy.operatorConfirmed\(\)\), got: "operatorConfirmed"\./);
  });

  test('fails if a latching policy meets a Region without the evacuation switch', () => {
    expect(() => synth({ failbackPolicy: FailbackPolicy.operatorConfirmed() }, { evacuationSwitch: false })).toThrow(
      '[AAF-FAILBACK-NEEDS-SWITCH] FailoverRegion \'Service-eu-central-1/Failover\': \'failbackPolicy\' operatorConfirmed() holds a Region out '
      + 'with its evacuation switch, which this Region does not have, got: evacuationSwitch false. Fix: turn the switch on in this Region, '
      + 'or use FailbackPolicy.automatic() (no hold-down).');
  });

  test('fails if a latching policy meets a Region without signals', () => {
    const policy = FailbackPolicy.automatic({ holdDown: Duration.minutes(10) });
    expect(() => synth({ failbackPolicy: policy }, { signals: [], minHealthySignals: undefined })).toThrow(
      '[AAF-FAILBACK-SIGNALS] FailoverRegion \'Service-eu-central-1/Failover\': \'failbackPolicy\' automatic({ holdDown }) latches when the Region\'s '
      + 'signals alarm enters ALARM, which cannot be built here, got: 0 signals in the Region\'s own Region. Fix: give the Region signals, '
      + 'or use FailbackPolicy.automatic() (no hold-down).');
  });

  test('fails if a latching policy meets a minHealthySignals that is a token', () => {
    const app = new App();
    const f = failover(app, { failbackPolicy: FailbackPolicy.operatorConfirmed() });
    const stack = new Stack(app, 'S', { env: { account: ACCOUNT, region: 'eu-central-1' } });
    const min = new CfnParameter(stack, 'Min', { type: 'Number' }).valueAsNumber;
    expect(() => f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [signal('Latency'), signal('Errors')], minHealthySignals: min })).toThrow(
      '[AAF-FAILBACK-SIGNALS] FailoverRegion \'S/Failover\': \'failbackPolicy\' operatorConfirmed() latches when the Region\'s signals alarm '
      + 'enters ALARM, which cannot be built here, got: minHealthySignals a token (a deploy-time value). Fix: pass a number as minHealthySignals.');
  });
});
