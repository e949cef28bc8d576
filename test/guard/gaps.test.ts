/**
 * What the guard used to miss: alarms behind exports and cross-stack
 * references, a missing or mistyped AlarmIdentifier, latency records of one
 * zone in several stacks or partitions, and Stages an App's guard never
 * reached.
 */
import { App, Aspects, CfnOutput, CfnParameter, Fn, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { FailoverDashboard, Route53AlarmGuard } from '../../src';
import { checkSamePartition, partitionOf } from '../../src/model/regions';
import { ACCOUNT, alb, failover, regionStack } from '../helpers';
import { alarm, alarmCheck, albMetric, findings, guarded, latencyRecord } from './fixtures';

/** The messages of level `level` on `stack` that carry `ruleId`. */
function messages(stack: Stack, ruleId: string, level: 'error' | 'warning' = 'error'): string[] {
  const annotations = Annotations.fromStack(stack);
  const found = level === 'error' ? annotations.findError('*', Match.anyValue()) : annotations.findWarning('*', Match.anyValue());
  return found.map(m => String(m.entry.data)).filter(m => m.startsWith(`[${ruleId}]`));
}

describe('alarms in another stack of the app', () => {
  test('follows Fn::ImportValue to the alarm of the exporting stack, and checks it', () => {
    const { app, stack } = guarded();
    const alarms = new Stack(app, 'Alarms', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const p99 = alarm(alarms, 'P99', { metric: albMetric({ statistic: 'p99' }) });
    new CfnOutput(alarms, 'P99Name', { value: p99.alarmName, exportName: 'api-p99-alarm' });
    alarmCheck(stack, 'Check', Fn.importValue('api-p99-alarm'));
    expect(findings(stack)).toEqual([['Check', 'AAF-ALARM-EXTENDED-STATISTIC']]);
    expect(messages(stack, 'AAF-ALARM-EXTENDED-STATISTIC')[0]).toContain("alarm 'Alarms/P99/Resource'");
  });

  test('follows stack.exportValue(alarm.alarmName), and an export of a literal alarm name', () => {
    const { app, stack } = guarded();
    const alarms = new Stack(app, 'Alarms', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const mOfN = alarm(alarms, 'MOfN', { evaluationPeriods: 5, datapointsToAlarm: 3 });
    alarmCheck(stack, 'ByExportValue', alarms.exportValue(mOfN.alarmName));
    alarm(alarms, 'Named', { alarmName: 'api-p90', metric: albMetric({ statistic: 'p90' }) });
    new CfnOutput(alarms, 'Literal', { value: 'api-p90', exportName: 'api-p90-name' });
    alarmCheck(stack, 'ByLiteral', Fn.importValue('api-p90-name'));
    expect(findings(stack)).toEqual([['ByExportValue', 'AAF-ALARM-M-OF-N'], ['ByLiteral', 'AAF-ALARM-EXTENDED-STATISTIC']]);
  });

  test('follows a cross-stack reference to its own alarm, though another stack has an alarm of the same logical ID', () => {
    const { app, stack } = guarded();
    const good = new Stack(app, 'Good', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const bad = new Stack(app, 'Bad', { env: { account: ACCOUNT, region: 'us-east-1' } });
    alarm(good, 'Latency');
    const p99 = alarm(bad, 'Latency', { metric: albMetric({ statistic: 'p99' }) });
    alarmCheck(stack, 'Check', p99.alarmName);
    expect(findings(stack)).toEqual([['Check', 'AAF-ALARM-EXTENDED-STATISTIC']]);
    expect(messages(stack, 'AAF-ALARM-EXTENDED-STATISTIC')[0]).toContain("alarm 'Bad/Latency/Resource'");
  });

  test('warns if an imported alarm name comes from an export no stack of the app defines', () => {
    const { stack } = guarded();
    alarm(stack, 'Other', { alarmName: 'other' });
    alarmCheck(stack, 'Check', Fn.importValue('team-b-alarm'));
    expect(findings(stack)).toEqual([]);
    expect(messages(stack, 'AAF-GUARD-ALARM-UNRESOLVED', 'warning')).toEqual([
      "[AAF-GUARD-ALARM-UNRESOLVED] Health check 'Checks/Check': 'AlarmIdentifier.Name' imports export 'team-b-alarm', which no stack of "
      + 'the app defines, so the guard cannot see the alarm; the guard cannot check the alarm, got: {"Fn::ImportValue":"team-b-alarm"}. '
      + "Fix: define the alarm in the app and pass alarm.alarmName (or Fn.importValue of an export of the alarm's name made in the app), "
      + "or acknowledge this finding (Route53AlarmGuard.acknowledge(check, 'AAF-GUARD-ALARM-UNRESOLVED', reason)). "
      + '[ack: AAF-GUARD-ALARM-UNRESOLVED] [ack: cdk-active-active-failover:AAF-GUARD-ALARM-UNRESOLVED]',
    ]);
  });

  test('warns if the export exists only in another Region, or carries something other than an alarm name', () => {
    const { app, stack } = guarded();
    const west = new Stack(app, 'West', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    new CfnOutput(west, 'Out', { value: alarm(west, 'A').alarmName, exportName: 'west-alarm' });
    new CfnOutput(stack, 'ZoneId', { value: new route53.CfnHostedZone(stack, 'Zone', { name: 'example.com' }).ref, exportName: 'zone-id' });
    alarmCheck(stack, 'Elsewhere', Fn.importValue('west-alarm'));
    alarmCheck(stack, 'NotAnAlarm', Fn.importValue('zone-id'));
    const warnings = messages(stack, 'AAF-GUARD-ALARM-UNRESOLVED', 'warning');
    expect(warnings).toEqual([
      expect.stringContaining("imports export 'west-alarm', defined only by 'West' (eu-west-1): exports are per account and Region"),
      expect.stringContaining("imports export 'zone-id' of 'Checks', whose value ({\"Ref\":\"Zone\"}) is not an alarm's name the guard can find"),
    ]);
  });

  test('warns if AlarmIdentifier.Name is a parameter', () => {
    const { stack } = guarded();
    alarm(stack, 'A', { alarmName: 'a' });
    const name = new CfnParameter(stack, 'AlarmName', { type: 'String' });
    alarmCheck(stack, 'Check', name.valueAsString);
    expect(messages(stack, 'AAF-GUARD-ALARM-UNRESOLVED', 'warning')[0]).toMatch(
      /'AlarmIdentifier.Name' refers to 'AlarmName', which is not an alarm the guard can find in the app .*got: \{"Ref":"AlarmName"\}\. Fix: /,
    );
  });
});

describe('the AlarmIdentifier', () => {
  test('fails if a CLOUDWATCH_METRIC health check has no AlarmIdentifier', () => {
    const { stack } = guarded();
    new route53.CfnHealthCheck(stack, 'Check', { healthCheckConfig: { type: 'CLOUDWATCH_METRIC', insufficientDataHealthStatus: 'Healthy' } });
    expect(messages(stack, 'AAF-GUARD-ALARM-IDENTIFIER')).toEqual([
      "[AAF-GUARD-ALARM-IDENTIFIER] Health check 'Checks/Check': 'AlarmIdentifier' is required on a CLOUDWATCH_METRIC health check "
      + '(it names the alarm the check follows); Route 53 rejects the check without it, got: none. '
      + "Fix: set AlarmIdentifier: { Name: the alarm's name (alarm.alarmName), Region: the alarm's Region (alarm.stack.region) }.",
    ]);
  });

  test('fails if AlarmIdentifier.Name is an alarm ARN (literal or alarm.alarmArn), or Region is not a Region code', () => {
    const { stack } = guarded();
    const a = alarm(stack, 'A');
    alarmCheck(stack, 'Literal', 'arn:aws:cloudwatch:us-east-1:111111111111:alarm:api');
    alarmCheck(stack, 'Attribute', a.alarmArn);
    alarmCheck(stack, 'Region', a.alarmName, 'US East (N. Virginia)');
    expect(findings(stack)).toEqual([
      ['Attribute', 'AAF-GUARD-ALARM-IDENTIFIER'], ['Literal', 'AAF-GUARD-ALARM-IDENTIFIER'], ['Region', 'AAF-GUARD-ALARM-IDENTIFIER'],
    ]);
    const all = messages(stack, 'AAF-GUARD-ALARM-IDENTIFIER');
    expect(all).toContain("[AAF-GUARD-ALARM-IDENTIFIER] Health check 'Checks/Attribute': 'AlarmIdentifier.Name' is the ARN of alarm "
      + "'Checks/A/Resource'; Route 53 looks the alarm up by its name, got: {\"Fn::GetAtt\":[\"ACCC8ACD5\",\"Arn\"]}. Fix: use alarm.alarmName (a Ref), not alarm.alarmArn.");
    expect(all).toContain("[AAF-GUARD-ALARM-IDENTIFIER] Health check 'Checks/Region': 'AlarmIdentifier.Region' is not a Region code "
      + "(such as us-east-1), got: 'US East (N. Virginia)'. Fix: set it to the alarm's Region (alarm.stack.region).");
  });

  test('fails if AlarmIdentifier.Name matches an alarm only in another case', () => {
    const { stack } = guarded();
    alarm(stack, 'A', { alarmName: 'MyAlarm' });
    alarmCheck(stack, 'Check', 'myalarm');
    expect(messages(stack, 'AAF-GUARD-ALARM-NAME-CASE')).toEqual([
      "[AAF-GUARD-ALARM-NAME-CASE] Health check 'Checks/Check': 'AlarmIdentifier.Name' names no alarm of the app: alarm 'Checks/A/Resource' "
      + "is named 'MyAlarm', and CloudWatch alarm names are case-sensitive, so Route 53 would not find it, got: 'myalarm'. "
      + "Fix: write the name exactly as the alarm has it ('MyAlarm'), or better, pass alarm.alarmName.",
    ]);
  });

  test('warns if a literal AlarmIdentifier.Name names no alarm of an app that defines alarms, and not when the app defines none', () => {
    const { stack } = guarded();
    alarm(stack, 'A', { alarmName: 'api-latency' });
    alarmCheck(stack, 'Check', 'api-errors');
    expect(messages(stack, 'AAF-GUARD-ALARM-NOT-FOUND', 'warning')).toEqual([
      "[AAF-GUARD-ALARM-NOT-FOUND] Health check 'Checks/Check': 'AlarmIdentifier.Name' names no alarm of the app (which defines 1 named "
      + 'alarm(s)), so the guard cannot check it and Route 53 finds it only if it exists outside the app, in the Region of '
      + "AlarmIdentifier.Region, got: 'api-errors'. Fix: pass alarm.alarmName of the alarm, or, if the alarm is made outside this app, "
      + "acknowledge this finding (Route53AlarmGuard.acknowledge(check, 'AAF-GUARD-ALARM-NOT-FOUND', reason)). "
      + '[ack: AAF-GUARD-ALARM-NOT-FOUND] [ack: cdk-active-active-failover:AAF-GUARD-ALARM-NOT-FOUND]',
    ]);
    const empty = guarded();
    alarmCheck(empty.stack, 'Check', 'api-errors');
    expect(findings(empty.stack, 'warning')).toEqual([]);
  });

  test('an acknowledged AAF-GUARD-ALARM-NOT-FOUND is information', () => {
    const { stack } = guarded();
    alarm(stack, 'A', { alarmName: 'api-latency' });
    Route53AlarmGuard.acknowledge(alarmCheck(stack, 'Check', 'team-b-alarm'), 'AAF-GUARD-ALARM-NOT-FOUND', 'made by team B');
    expect(findings(stack, 'warning')).toEqual([]);
    expect(findings(stack, 'info')).toEqual([['Check', 'AAF-GUARD-ALARM-NOT-FOUND']]);
  });
});

describe('records', () => {
  test('fails if a record\'s HealthCheckId is a literal that is not an ID, or refers to another resource type', () => {
    const { stack } = guarded();
    latencyRecord(stack, 'Literal', { healthCheckId: 'api-health' });
    latencyRecord(stack, 'Alarm', { healthCheckId: alarm(stack, 'A').alarmName, name: 'www.example.com.' });
    expect(findings(stack)).toEqual([['Alarm', 'AAF-GUARD-RECORD-HEALTH-CHECK-ID'], ['Literal', 'AAF-GUARD-RECORD-HEALTH-CHECK-ID']]);
    expect(messages(stack, 'AAF-GUARD-RECORD-HEALTH-CHECK-ID')).toContain(
      "[AAF-GUARD-RECORD-HEALTH-CHECK-ID] Record 'Checks/Literal': 'HealthCheckId' is not a Route 53 health check ID (a UUID such as "
      + "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d), so Route 53 rejects the record, got: 'api-health'. Fix: pass healthCheck.healthCheckId "
      + '(a Ref to an AWS::Route53::HealthCheck), or the ID of an existing health check.',
    );
  });

  test('fails if two latency records for one name and Region of one zone are in two stacks of the app', () => {
    const { app, stack } = guarded();
    const other = new Stack(app, 'Other', { env: { account: ACCOUNT, region: 'us-east-1' } });
    latencyRecord(stack, 'Record', { setIdentifier: 'first' });
    latencyRecord(other, 'Record', { setIdentifier: 'second' });
    expect(findings(stack)).toEqual([]);
    expect(messages(other, 'AAF-GUARD-LATENCY-DUPLICATE-REGION')).toEqual([
      "[AAF-GUARD-LATENCY-DUPLICATE-REGION] Record 'Other/Record': 'Region' is already used by 'Checks/Record' for api.example.com. A "
      + "in the same hosted zone; Route 53 rejects the second record, got: 'us-east-1'. Fix: serve each Region from one record (put "
      + 'several load balancers behind one name).',
    ]);
  });

  test('two latency records for one name and Region in two hosted zones are fine', () => {
    const { app, stack } = guarded();
    const other = new Stack(app, 'Other', { env: { account: ACCOUNT, region: 'us-east-1' } });
    latencyRecord(stack, 'Record', { setIdentifier: 'first' });
    latencyRecord(other, 'Record', { setIdentifier: 'second', hostedZoneId: 'Z0OTHERZONE' });
    expect(findings(other)).toEqual([]);
  });

  test('fails if two Stages, each with its guard, hold latency records for one name and Region of one zone', () => {
    const app = new App();
    const stacks = ['StageA', 'StageB'].map(id => {
      const stage = new Stage(app, id, { env: { account: ACCOUNT, region: 'us-east-1' } });
      Aspects.of(stage).add(new Route53AlarmGuard());
      return new Stack(stage, 'Service');
    });
    latencyRecord(stacks[0], 'Record', { setIdentifier: 'a' });
    latencyRecord(stacks[1], 'Record', { setIdentifier: 'b' });
    expect(findings(stacks[0])).toEqual([]);
    expect(findings(stacks[1])).toEqual([['Record', 'AAF-GUARD-LATENCY-DUPLICATE-REGION']]);
  });

  test('fails if latency records of one zone are in Regions of two partitions, in two stacks', () => {
    const { app, stack } = guarded();
    const gov = new Stack(app, 'Gov', { env: { account: ACCOUNT, region: 'us-gov-west-1' } });
    latencyRecord(stack, 'Record');
    latencyRecord(gov, 'Record');
    expect(findings(stack)).toEqual([]);
    expect(messages(gov, 'AAF-REGION-PARTITION')).toEqual([
      "[AAF-REGION-PARTITION] Record 'Gov/Record': 'Region' must be in the partition of the other Regions of the hosted zone of "
      + "'Checks/Record', which has us-east-1 (partition aws): a hosted zone, the health checks of its records and the alarms they watch "
      + 'live in one partition (aws, aws-cn, aws-us-gov, aws-eusc, ...), so Route 53 cannot serve or watch Regions of two partitions '
      + "together, got: 'us-gov-west-1' (partition aws-us-gov). Fix: serve each partition from a hosted zone of that partition, with its own "
      + 'ActiveActiveFailover (or its own latency records).',
    ]);
  });
});

test('fails if a health check watches an alarm in a Region of another partition than its own stack', () => {
  const { stack } = guarded();
  alarmCheck(stack, 'Check', 'api-latency', 'cn-north-1');
  expect(messages(stack, 'AAF-REGION-PARTITION')).toEqual([
    "[AAF-REGION-PARTITION] Health check 'Checks/Check': 'AlarmIdentifier.Region' must be in the partition of the other Regions of the "
    + "health check's stack 'Checks', which has us-east-1 (partition aws): a hosted zone, the health checks of its records and the alarms "
    + 'they watch live in one partition (aws, aws-cn, aws-us-gov, aws-eusc, ...), so Route 53 cannot serve or watch Regions of two '
    + "partitions together, got: 'cn-north-1' (partition aws-cn). Fix: make the health check in a stack of the alarm's partition, "
    + 'or watch an alarm of its own partition.',
  ]);
});

describe('the partition rule (model/regions.ts)', () => {
  test.each([
    ['us-east-1', 'aws'], ['cn-northwest-1', 'aws-cn'], ['us-gov-east-1', 'aws-us-gov'], ['eusc-de-east-1', 'aws-eusc'],
    ['us-iso-east-1', 'aws-iso'], ['us-isob-east-1', 'aws-iso-b'], ['eu-isoe-west-1', 'aws-iso-e'], ['us-isof-south-1', 'aws-iso-f'],
  ])('%s is in %s', (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
  });

  test('fails if a Region joins Regions of another partition, and names each with its partition', () => {
    expect(checkSamePartition('region', 'us-east-1', ['us-east-2', 'eu-west-1'], 'x')).toEqual([]);
    const [violation] = checkSamePartition('region', 'us-east-1', ['cn-north-1', 'us-gov-west-1', 'cn-north-1'], "failover 'Api'");
    expect(violation.ruleId).toBe('AAF-REGION-PARTITION');
    expect(violation.value).toBe("'us-east-1' (partition aws)");
    expect(violation.problem).toMatch(/^must be in the partition of the other Regions of failover 'Api', which has cn-north-1 \(partition aws-cn\), us-gov-west-1 \(partition aws-us-gov\): /);
  });
});

describe('partitions of one failover', () => {
  test('fails if one failover spans Regions of several partitions (us-east-1, cn-north-1, us-gov-west-1, eusc-de-east-1)', () => {
    const app = new App();
    const f = failover(app);
    const add = (region: string) => {
      const stack = regionStack(app, region);
      f.addRegion(stack, 'Failover', { loadBalancer: alb(stack) });
    };
    add('us-east-1');
    expect(() => add('cn-north-1')).toThrow(
      "[AAF-REGION-PARTITION] FailoverRegion 'Service-cn-north-1/Failover': 'region' must be in the partition of the other Regions of "
      + "failover 'Api' (hosted zone Z0123456789EXAMPLE), which has us-east-1 (partition aws): a hosted zone, the health checks of its "
      + 'records and the alarms they watch live in one partition (aws, aws-cn, aws-us-gov, aws-eusc, ...), so Route 53 cannot serve or '
      + "watch Regions of two partitions together, got: 'cn-north-1' (partition aws-cn). Fix: serve each partition from a hosted zone of that partition, with its "
      + 'own ActiveActiveFailover (or its own latency records).',
    );
    expect(() => add('us-gov-west-1')).toThrow(/\[AAF-REGION-PARTITION\].*got: 'us-gov-west-1' \(partition aws-us-gov\)/);
    expect(() => add('eusc-de-east-1')).toThrow(/\[AAF-REGION-PARTITION\].*got: 'eusc-de-east-1' \(partition aws-eusc\)/);
    expect(f.regions.map(r => r.region)).toEqual(['us-east-1']);
  });

  test('one failover per partition synthesizes, dashboard included', () => {
    const app = new App();
    for (const [id, regions] of [['Aws', ['us-east-1', 'eu-west-1']], ['China', ['cn-north-1', 'cn-northwest-1']]] as const) {
      const f = failover(app, { hostedZoneId: `Z0${id.toUpperCase()}ZONE`, zoneName: `${id.toLowerCase()}.example.com` }, id);
      for (const region of regions) {
        const stack = regionStack(app, region, `${id}-${region}`);
        f.addRegion(stack, 'Failover', { loadBalancer: alb(stack) });
      }
      new FailoverDashboard(regionStack(app, regions[0], `${id}-Dashboard`), 'Dashboard', { failover: f });
    }
    expect(() => app.synth()).not.toThrow();
  });
});

describe('Stages', () => {
  test('a guard on the App passes when each Stage with Route 53 resources has its own guard, or when a Stage has none', () => {
    const app = new App();
    Aspects.of(app).add(new Route53AlarmGuard());
    const guardedStage = new Stage(app, 'Guarded', { env: { account: ACCOUNT, region: 'us-east-1' } });
    Aspects.of(guardedStage).add(new Route53AlarmGuard());
    const stack = new Stack(guardedStage, 'Service');
    alarmCheck(stack, 'Check', alarm(stack, 'P99', { metric: albMetric({ statistic: 'p99' }) }).alarmName);
    new Stack(new Stage(app, 'NoRoute53', { env: { account: ACCOUNT, region: 'us-east-1' } }), 'Empty');
    expect(findings(stack)).toEqual([['Check', 'AAF-ALARM-EXTENDED-STATISTIC']]);
  });

  test('fails if a guarded Stage holds a nested Stage with Route 53 resources and no guard of its own', () => {
    const app = new App();
    const outer = new Stage(app, 'Outer', { env: { account: ACCOUNT, region: 'us-east-1' } });
    Aspects.of(outer).add(new Route53AlarmGuard());
    const inner = new Stage(outer, 'Inner');
    latencyRecord(new Stack(inner, 'Service'), 'Record');
    expect(() => app.synth()).toThrow(
      "[AAF-GUARD-STAGE] Route53AlarmGuard on Stage 'Outer': 'Aspects.of(stage)' does not reach into nested Stages, which the CDK "
      + "synthesizes on their own, so none of their health checks and records would be checked, got: 'Outer/Inner' (1 health check(s) "
      + 'and record(s)) without a Route53AlarmGuard of their own. Fix: add a guard to each Stage: Aspects.of(stage).add(new Route53AlarmGuard()).',
    );
  });
});
