import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { addDrill, drillFixture, DrillFixture } from './fixture';
import { DrillFault, FailoverDrill } from '../../../src';
import { ACCOUNT } from '../../helpers';

/** The synthesized experiment templates of a stack, by their fault tag. */
function templatesByFault(stack: Stack): Record<string, any> {
  const resources = Template.fromStack(stack).findResources('AWS::FIS::ExperimentTemplate');
  return Object.fromEntries(Object.values(resources).map((r: any) => [r.Properties.Tags['cdk-active-active-failover:fault'], r.Properties]));
}

function synthesizedWith(options: Parameters<typeof addDrill>[1] = {}, fixture: DrillFixture = drillFixture()) {
  addDrill(fixture, options);
  return templatesByFault(fixture.stack);
}

describe('FailoverDrill defaults', () => {
  const fixture = drillFixture();
  const drill = addDrill(fixture);
  const template = Template.fromStack(fixture.stack);
  const byFault = templatesByFault(fixture.stack);

  test('one experiment template per fault, all four by default, each with the contract\'s tags and Name', () => {
    expect(drill.faults).toEqual([DrillFault.CPU, DrillFault.LATENCY, DrillFault.CONNECTION_ERRORS, DrillFault.HTTP_5XX]);
    expect(Object.keys(byFault).sort()).toEqual(['connectionErrors', 'cpu', 'http5xx', 'latency']);
    for (const [fault, props] of Object.entries(byFault)) {
      expect(props.Tags).toEqual({
        'cdk-active-active-failover:failover': 'Api',
        'cdk-active-active-failover:region': 'us-east-1',
        'cdk-active-active-failover:fault': fault,
        'Name': `Api-us-east-1-drill-${fault}`,
      });
    }
  });

  test('one action Inject on target Tasks: PERCENT(50) of the service\'s tasks, by cluster and service', () => {
    for (const props of Object.values(byFault)) {
      expect(Object.keys(props.Actions)).toEqual(['Inject']);
      expect(props.Actions.Inject.Targets).toEqual({ Tasks: 'Tasks' });
      expect(props.Targets).toEqual({
        Tasks: {
          ResourceType: 'aws:ecs:task',
          SelectionMode: 'PERCENT(50)',
          Parameters: { cluster: { Ref: expect.stringMatching(/^Cluster/) }, service: { 'Fn::GetAtt': [expect.stringMatching(/^Service/), 'Name'] } },
        },
      });
    }
  });

  test.each([
    ['cpu', 'aws:ecs:task-cpu-stress', { duration: 'PT10M', percent: '100' }],
    ['latency', 'aws:ecs:task-network-latency',
      { duration: 'PT10M', delayMilliseconds: '2000', sources: '10.0.0.0/17,10.0.128.0/17', useEcsFaultInjectionEndpoints: 'true' }],
    ['connectionErrors', 'aws:ecs:task-network-blackhole-port',
      { duration: 'PT10M', port: '80', trafficType: 'ingress', useEcsFaultInjectionEndpoints: 'true' }],
    ['http5xx', 'aws:ecs:task-network-packet-loss',
      { duration: 'PT10M', lossPercent: '100', flowsPercent: '10', sources: '10.0.0.0/17,10.0.128.0/17', useEcsFaultInjectionEndpoints: 'true' }],
  ])('the %s drill runs %s with its default parameters (port and sources read from the service and load balancer)', (fault, actionId, parameters) => {
    expect(byFault[fault].Actions.Inject).toMatchObject({ ActionId: actionId, Parameters: parameters });
    expect(Object.keys(byFault[fault].Actions.Inject.Parameters).sort()).toEqual(Object.keys(parameters).sort());
  });

  test('the description says what it injects and what a run costs', () => {
    expect(byFault.cpu.Description).toBe("Drill 'cpu' of failover Api in us-east-1: CPU stress at 100 % in 50 % of the service's tasks "
      + 'for 10 min (aws:ecs:task-cpu-stress). FIS cost per run: about USD 1.00 (USD 0.10 per action-minute).');
    for (const props of Object.values(byFault)) {
      expect(props.Description.length).toBeLessThanOrEqual(512);
    }
  });

  test('stop condition: the safety alarm only (no other Region\'s alarm by default)', () => {
    for (const props of Object.values(byFault)) {
      expect(props.StopConditions).toEqual([{ Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': [expect.stringMatching(/SafetyAlarm/), 'Arn'] } }]);
    }
  });

  test('the safety alarm: the Region\'s 5xx share above 15 % (10 points above the 5 % the http5xx drill intends) for 3 minutes', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Api-us-east-1-drill-safety',
      Threshold: 15,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
      Metrics: Match.arrayWith([Match.objectLike({ Expression: Match.stringLikeRegexp('FILL\\(t5,0\\) \\+ FILL\\(e5,0\\)') })]),
    });
    expect(drill.safetyAlarm).toBeDefined();
  });

  test('experiment logging to a log group kept one month (schema 2)', () => {
    for (const props of Object.values(byFault)) {
      expect(props.LogConfiguration).toEqual({
        LogSchemaVersion: 2,
        CloudWatchLogsConfiguration: { LogGroupArn: { 'Fn::GetAtt': [expect.stringMatching(/DrillLogs/), 'Arn'] } },
      });
    }
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('the experiment role trusts FIS for this account\'s experiments in this Region only', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'fis.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': ACCOUNT },
            ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:fis:us-east-1:${ACCOUNT}:experiment/*`]] } },
          },
        }],
      },
    });
  });

  test('the experiment role: the table\'s actions, each scoped as far as IAM allows', () => {
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('DrillExperimentRole') } });
    const statements = (Object.values(policies)[0] as any).Properties.PolicyDocument.Statement;
    const byAction = new Map<string, any>();
    for (const s of statements) {
      for (const a of [s.Action].flat()) {
        byAction.set(a, s);
      }
    }
    expect([...byAction.keys()].sort()).toEqual([
      'ec2:DescribeInstances', 'ec2:DescribeSubnets', 'ecs:DescribeContainerInstances', 'ecs:DescribeTasks', 'ecs:ListTasks',
      'logs:CreateLogDelivery', 'logs:DescribeLogGroups', 'logs:DescribeResourcePolicies', 'logs:PutResourcePolicy',
      'ssm:CancelCommand', 'ssm:ListCommands', 'ssm:SendCommand',
    ]);
    const rendered = (a: string) => JSON.stringify(byAction.get(a).Resource);
    expect(rendered('ssm:SendCommand')).toContain(':ssm:us-east-1::document/AWSFIS-Run-*');
    expect(rendered('ssm:SendCommand')).toContain(`:ssm:us-east-1:${ACCOUNT}:managed-instance/*`);
    expect(rendered('ecs:DescribeTasks')).toMatch(/:ecs:us-east-1:111111111111:task\/",\{"Ref":"Cluster[A-Z0-9]+"\},"\/\*"/);
    expect(byAction.get('ecs:ListTasks').Condition).toEqual({ ArnEquals: { 'ecs:cluster': { 'Fn::GetAtt': [expect.stringMatching(/^Cluster/), 'Arn'] } } });
    expect(byAction.get('ssm:ListCommands').Resource).toBe('*');
  });

  test('a start command per fault in the stack outputs', () => {
    const outputs = template.findOutputs('*', { Description: Match.stringLikeRegexp("^Starts the 'cpu' drill") });
    expect(JSON.stringify(Object.values(outputs)[0])).toContain('aws fis start-experiment --region us-east-1 --experiment-template-id ');
  });

  test('experimentTemplate(fault) returns the fault\'s template', () => {
    expect(Stack.of(drill).resolve(drill.experimentTemplate(DrillFault.HTTP_5XX).tags.renderTags()))
      .toMatchObject({ 'cdk-active-active-failover:fault': 'http5xx' });
  });
});

describe('FailoverDrill overrides', () => {
  test('faults, duration, shares and magnitudes reach the templates', () => {
    const byFault = synthesizedWith({
      faults: [DrillFault.LATENCY, DrillFault.HTTP_5XX, DrillFault.CPU],
      duration: Duration.minutes(3),
      taskPercent: 25,
      cpuPercent: 80,
      latencyDelay: Duration.millis(1500),
      http5xxFlowsPercent: 20,
      loadBalancerSources: ['192.168.0.0/24'],
      logRetention: logs.RetentionDays.ONE_WEEK,
    });
    expect(Object.keys(byFault).sort()).toEqual(['cpu', 'http5xx', 'latency']);
    expect(byFault.cpu.Actions.Inject.Parameters).toEqual({ duration: 'PT3M', percent: '80' });
    expect(byFault.latency.Actions.Inject.Parameters).toMatchObject({ delayMilliseconds: '1500', sources: '192.168.0.0/24' });
    expect(byFault.http5xx.Actions.Inject.Parameters).toMatchObject({ flowsPercent: '20', sources: '192.168.0.0/24' });
    expect(byFault.cpu.Targets.Tasks.SelectionMode).toBe('PERCENT(25)');
    expect(byFault.cpu.Description).toContain('about USD 0.30');
  });

  test('the blackholed port can be given', () => {
    expect(synthesizedWith({ faults: [DrillFault.CONNECTION_ERRORS], connectionErrorsPort: 8080 }).connectionErrors.Actions.Inject.Parameters.port).toBe('8080');
  });

  test('the safety threshold can be given, and the 5xx drill\'s share moves its default', () => {
    const given = drillFixture();
    addDrill(given, { safetyErrorRatePercent: 40 });
    Template.fromStack(given.stack).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'Api-us-east-1-drill-safety', Threshold: 40 });
    const noHttp5xx = drillFixture();
    addDrill(noHttp5xx, { faults: [DrillFault.CPU] });
    Template.fromStack(noHttp5xx.stack).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'Api-us-east-1-drill-safety', Threshold: 10 });
  });

  test('extra stop-condition alarms follow the safety alarm', () => {
    const f = drillFixture();
    const mine = cloudwatch.Alarm.fromAlarmArn(f.stack, 'Mine', `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:orders-failing`);
    addDrill(f, { stopConditionAlarms: [mine] });
    expect(templatesByFault(f.stack).cpu.StopConditions[1]).toEqual({ Source: 'aws:cloudwatch:alarm', Value: `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:orders-failing` });
  });

  test('crossRegionStopConditions adds the other Regions\' health alarms by ARN, with no reference to their stacks', () => {
    const f = drillFixture({ regions: ['us-east-1', 'eu-central-1', 'ap-southeast-2'] });
    addDrill(f, { crossRegionStopConditions: true });
    expect(templatesByFault(f.stack).cpu.StopConditions.slice(1).map((s: any) => Stack.of(f.stack).resolve(s.Value))).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudwatch:eu-central-1:${ACCOUNT}:alarm:Api-eu-central-1-health`]] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudwatch:ap-southeast-2:${ACCOUNT}:alarm:Api-ap-southeast-2-health`]] },
    ]);
  });

  test('the safety alarm tells the Region\'s notification topic', () => {
    const f = drillFixture({ notifications: true });
    addDrill(f);
    Template.fromStack(f.stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Api-us-east-1-drill-safety', AlarmActions: [{ Ref: Match.stringLikeRegexp('Notifications') }],
    });
  });

  test('new FailoverDrill(...) is the same as region.addDrill(...)', () => {
    const f = drillFixture();
    new FailoverDrill(f.stack, 'Drill', { region: f.region, service: f.service, faults: [DrillFault.CPU] });
    expect(Object.keys(templatesByFault(f.stack))).toEqual(['cpu']);
  });
});

describe('FailoverDrill fails', () => {
  const synth = (options: Parameters<typeof addDrill>[1], fixture = drillFixture()) => () => {
    addDrill(fixture, options);
    Template.fromStack(fixture.stack);
  };

  test.each([
    ['faults is empty', { faults: [] }, /\[AAF-DRILL-FAULTS\] .*'faults' must list one or more of 'cpu', 'latency', 'connectionErrors', 'http5xx', each once, got: \[\]/],
    ['a fault is unknown', { faults: ['disk' as DrillFault] }, /\[AAF-DRILL-FAULTS\] .*got: \["disk"\]/],
    ['a fault is listed twice', { faults: [DrillFault.CPU, DrillFault.CPU] }, /\[AAF-DRILL-FAULTS\] .*got: \["cpu", "cpu"\]/],
    ['duration is not whole minutes', { duration: Duration.seconds(90) }, /\[AAF-DRILL-DURATION\] .*'duration' must be whole minutes from 1 to 60, got: 90 seconds/],
    ['duration is over an hour', { duration: Duration.minutes(61) }, /\[AAF-DRILL-DURATION\] .*got: 3660 seconds/],
    ['taskPercent is 0', { taskPercent: 0 }, /\[AAF-DRILL-PERCENT\] .*'taskPercent' must be a whole number from 1 to 100 .*got: 0/],
    ['cpuPercent is over 100', { cpuPercent: 120 }, /\[AAF-DRILL-PERCENT\] .*'cpuPercent' .*got: 120/],
    ['http5xxFlowsPercent is a fraction', { http5xxFlowsPercent: 2.5 }, /\[AAF-DRILL-PERCENT\] .*'http5xxFlowsPercent' .*got: 2.5/],
    ['latencyDelay is a fraction of a millisecond', { latencyDelay: Duration.millis(0.5) }, /\[AAF-DRILL-LATENCY\] .*'latencyDelay' must be a whole number of milliseconds/],
    ['connectionErrorsPort is out of range', { connectionErrorsPort: 70000 }, /\[AAF-DRILL-PORT\] .*'connectionErrorsPort' must be a whole number from 1 to 65535, got: 70000/],
    ['loadBalancerSources is empty', { loadBalancerSources: [] }, /\[AAF-DRILL-SOURCES\] .*'loadBalancerSources' must list the CIDR blocks .*got: \[\]/],
    ['loadBalancerSources holds a comma', { loadBalancerSources: ['10.0.0.0/24,10.0.1.0/24'] }, /\[AAF-DRILL-SOURCES\]/],
    ['the safety threshold is at or below what the drills intend', { taskPercent: 50, http5xxFlowsPercent: 40, safetyErrorRatePercent: 20 },
      /\[AAF-DRILL-SAFETY-THRESHOLD\] .*'safetyErrorRatePercent' must be above the 20 % of requests the drills are meant to fail and below 100, got: 20/],
    ['the default safety threshold reaches 100', { taskPercent: 100, http5xxFlowsPercent: 95 }, /\[AAF-DRILL-SAFETY-THRESHOLD\] .*got: 105/],
  ])('fails if %s', (_, options, message) => {
    expect(synth(options as Parameters<typeof addDrill>[1])).toThrow(message);
  });

  test.each([
    ['a fault is undefined (a misspelt DrillFault member)', { faults: [DrillFault.CPU, undefined as unknown as DrillFault] },
      /\[AAF-DRILL-FAULTS\] .*got: \["cpu", undefined\]/],
    ['faults is not a list', { faults: 'cpu' as unknown as DrillFault[] }, /\[AAF-DRILL-FAULTS\] .*got: "cpu"/],
    ['logRetention is not a CloudWatch Logs retention', { logRetention: 2 as logs.RetentionDays },
      /\[AAF-DRILL-LOG-RETENTION\] .*'logRetention' must be a retention CloudWatch Logs accepts .*got: 2\./],
    ['a loadBalancerSources entry is not a CIDR block', { loadBalancerSources: ['foo'] }, /\[AAF-DRILL-SOURCES\] .*got: \['foo'\]/],
    ['a loadBalancerSources prefix is over 32', { loadBalancerSources: ['10.0.0.0/33'] }, /\[AAF-DRILL-SOURCES\] .*got: \['10.0.0.0\/33'\]/],
    ['a loadBalancerSources entry has spaces', { loadBalancerSources: [' 10.0.0.0/24'] }, /\[AAF-DRILL-SOURCES\]/],
    ['a loadBalancerSources entry is given twice', { loadBalancerSources: ['10.0.0.0/24', '10.0.0.0/24'] }, /\[AAF-DRILL-SOURCES\]/],
    ['a stop-condition alarm is null', { stopConditionAlarms: [null as unknown as cloudwatch.IAlarm] },
      /\[AAF-DRILL-STOP-CONDITIONS\] .*'stopConditionAlarms' must list alarms \(cloudwatch.IAlarm\), got: \[null\]/],
  ])('fails if %s', (_, options, message) => {
    expect(synth(options as Parameters<typeof addDrill>[1])).toThrow(message);
  });

  test('fails if the service is imported by its ARN alone (no cluster to target)', () => {
    const f = drillFixture();
    const imported = ecs.FargateService.fromFargateServiceArn(f.stack, 'Imported', `arn:aws:ecs:us-east-1:${ACCOUNT}:service/c/x`);
    expect(() => f.region.addDrill('Drill', { service: imported as unknown as ecs.IBaseService, faults: [DrillFault.CPU] })).toThrow(
      /\[AAF-DRILL-SERVICE\] .*'service' must be a service whose cluster is known, got: arn:aws:ecs:us-east-1:\d+:service\/c\/x/);
  });

  test('an alarm given twice as a stop condition is one stop condition', () => {
    const f = drillFixture();
    const alarm = cloudwatch.Alarm.fromAlarmArn(f.stack, 'Mine', `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:mine`);
    addDrill(f, { faults: [DrillFault.CPU], stopConditionAlarms: [alarm, alarm] });
    const template = Object.values(Template.fromStack(f.stack).findResources('AWS::FIS::ExperimentTemplate'))[0] as any;
    expect(template.Properties.StopConditions.filter((c: any) => c.Value === alarm.alarmArn)).toHaveLength(1);
  });

  test('fails if a stop-condition alarm is in another Region', () => {
    const f = drillFixture();
    const other = cloudwatch.Alarm.fromAlarmArn(f.stack, 'Other', `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:x`);
    expect(synth({ stopConditionAlarms: [other] }, f)).toThrow(
      /\[AAF-DRILL-ALARM-REGION\] .*'stopConditionAlarms\[0\]' must be in the drilled Region, us-east-1: .*got: an alarm in eu-west-1/);
  });

  test('fails if there are more than 5 stop conditions', () => {
    const f = drillFixture();
    const alarms = [1, 2, 3, 4, 5].map(i => cloudwatch.Alarm.fromAlarmArn(f.stack, `A${i}`, `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:a${i}`));
    expect(synth({ stopConditionAlarms: alarms }, f)).toThrow(
      /\[AAF-DRILL-STOP-CONDITIONS\] .*'stopConditionAlarms' must add up to at most 5 per experiment template .*got: 6 stop conditions/);
  });

  test('fails if the other Regions\' health alarms take the stop conditions over 5', () => {
    const f = drillFixture({ regions: ['us-east-1', 'eu-central-1', 'ap-southeast-2'] });
    const alarms = [1, 2, 3].map(i => cloudwatch.Alarm.fromAlarmArn(f.stack, `A${i}`, `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:a${i}`));
    expect(synth({ stopConditionAlarms: alarms, crossRegionStopConditions: true }, f)).toThrow(
      /\[AAF-DRILL-STOP-CONDITIONS\] .*'crossRegionStopConditions' .*got: 6 stop conditions \(the safety alarm, 2 other Regions' health alarms, 3 of yours\)/);
  });

  test('fails if a Region gets a second drill', () => {
    const f = drillFixture();
    addDrill(f, { faults: [DrillFault.CPU] });
    expect(() => f.region.addDrill('Again', { service: f.service })).toThrow(/\[AAF-DRILL-DUPLICATE\] .*'region' must have one drill, got: Region us-east-1 already drilled by/);
  });

  test('fails if 2 x the latency reaches the target group\'s health-check timeout', () => {
    expect(synth({ latencyDelay: Duration.millis(2500) })).toThrow(
      /\[AAF-DRILL-LATENCY\] .*'latencyDelay' must be below half the target group's health-check timeout \(5 s\).*got: 2500 ms\. Fix: pass at most 2499 ms/);
  });

  test('a longer health-check timeout allows a longer latency', () => {
    const f = drillFixture();
    const group = f.stack.node.findAll().find((c): c is elbv2.ApplicationTargetGroup => c instanceof elbv2.ApplicationTargetGroup)!;
    group.configureHealthCheck({ timeout: Duration.seconds(10), interval: Duration.seconds(30) });
    expect(synth({ latencyDelay: Duration.millis(4000) }, f)).not.toThrow();
  });

  test('fails if the task definition was not prepared, naming each missing prerequisite', () => {
    const f = drillFixture({ prepare: null });
    expect(synth({}, f)).toThrow(/\[AAF-DRILL-SIDECAR\] .*'taskDefinition.containerDefinitions' must hold the SSM agent sidecar.*needed by 'cpu', 'latency', 'connectionErrors', 'http5xx'.*got: no container with MANAGED_INSTANCE_ROLE_NAME/);
    expect(synth({}, drillFixture({ prepare: null }))).toThrow(/\[AAF-DRILL-PID-MODE\] .*'taskDefinition.pidMode' must be 'task' .*needed by 'latency', 'connectionErrors', 'http5xx', got: unset/);
    expect(synth({}, drillFixture({ prepare: null }))).toThrow(/\[AAF-DRILL-FAULT-INJECTION\] .*'taskDefinition.EnableFaultInjection' must be true .*got: false/);
  });

  test('fails if the task definition was prepared for the cpu fault only and the drill has network faults', () => {
    const f = drillFixture({ prepare: { faults: [DrillFault.CPU] } });
    expect(synth({}, f)).toThrow(/\[AAF-DRILL-PID-MODE\]/);
    expect(synth({ faults: [DrillFault.CPU] }, drillFixture({ prepare: { faults: [DrillFault.CPU] } }))).not.toThrow();
  });

  test('fails if ECS Exec is on', () => {
    const f = drillFixture();
    (f.service.node.defaultChild as ecs.CfnService).enableExecuteCommand = true;
    expect(synth({}, f)).toThrow(/\[AAF-DRILL-EXEC-COMMAND\] .*'service.enableExecuteCommand' must be false: ECS Exec runs its own SSM agent.*got: true/);
  });

  test('fails if the load balancer\'s subnets are unknown and no sources are given', () => {
    const f = drillFixture();
    const stack = new Stack(f.app, 'Other', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const region = f.failover.addRegion(stack, 'Failover', {
      loadBalancer: elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Lb', {
        loadBalancerArn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/api/0123456789abcdef`,
        securityGroupId: 'sg-0123456789abcdef0',
        loadBalancerCanonicalHostedZoneId: 'Z32O12XQLNTSW2',
        loadBalancerDnsName: 'api-1.eu-west-1.elb.amazonaws.com',
      }),
    });
    region.addDrill('Drill', { service: f.service, faults: [DrillFault.LATENCY] });
    expect(() => Template.fromStack(stack)).toThrow(
      /\[AAF-DRILL-SOURCES\] .*'loadBalancerSources' must list the CIDR blocks of the load balancer's subnets \(not readable from the load balancer.*got: unknown/);
  });

  test('fails if the service registers no container port and no connectionErrorsPort is given', () => {
    const f = drillFixture();
    const vpc = new ec2.Vpc(f.stack, 'BareVpc', { availabilityZones: ['us-east-1a', 'us-east-1b'], natGateways: 0, subnetConfiguration: [{ name: 'P', subnetType: ec2.SubnetType.PUBLIC }] });
    const td = new ecs.FargateTaskDefinition(f.stack, 'BareTask');
    td.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx') });
    FailoverDrill.prepareTaskDefinition(td, { faults: [DrillFault.CONNECTION_ERRORS] });
    const service = new ecs.FargateService(f.stack, 'Bare', { cluster: new ecs.Cluster(f.stack, 'BareCluster', { vpc }), taskDefinition: td });
    expect(synth({ service, faults: [DrillFault.CONNECTION_ERRORS] }, f)).toThrow(
      /\[AAF-DRILL-PORT\] .*'connectionErrorsPort' must be a whole number from 1 to 65535, got: unknown/);
  });

  test('experimentTemplate fails for a fault the drill does not have', () => {
    const f = drillFixture();
    const drill = addDrill(f, { faults: [DrillFault.CPU] });
    expect(() => drill.experimentTemplate(DrillFault.LATENCY)).toThrow(/\[AAF-DRILL-FAULTS\] .*'fault' must be one of this drill's faults \(cpu\), got: 'latency'/);
  });

  test('an imported service is not checked (nothing to read), and its port must then be given', () => {
    const f = drillFixture({ prepare: null });
    const imported = ecs.FargateService.fromFargateServiceAttributes(f.stack, 'Imported', {
      serviceArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/orders/api`,
      cluster: ecs.Cluster.fromClusterAttributes(f.stack, 'ImportedCluster', { clusterName: 'orders', vpc: f.loadBalancer.vpc!, securityGroups: [] }),
    });
    expect(synth({ service: imported, connectionErrorsPort: 8080 }, f)).not.toThrow();
  });
});
