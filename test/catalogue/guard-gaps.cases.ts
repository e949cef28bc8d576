/** The bad-input catalogue: what Route53AlarmGuard used to miss (alarms across stacks, identifiers, app-wide records, Stages, partitions). */
import { App, Aspects, CfnOutput, CfnParameter, Fn, Stack, Stage, Token } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Case } from './case';
import { Route53AlarmGuard } from '../../src';
import { alarm, alarmCheck, albMetric, cfnAlarm, guarded, latencyRecord } from '../guard/fixtures';
import { ACCOUNT, alb, failover, regionStack } from '../helpers';

/** A second stack of the guarded app, in `region`. */
function second(app: App, region = 'us-east-1'): Stack {
  return new Stack(app, 'Other', { env: { account: ACCOUNT, region } });
}

export const CASES: Case[] = [
  ['a p99 alarm of another stack, named through Fn::ImportValue', 'AAF-ALARM-EXTENDED-STATISTIC', () => {
    const { app, stack } = guarded();
    const other = second(app);
    new CfnOutput(other, 'Name', { value: alarm(other, 'P99', { metric: albMetric({ statistic: 'p99' }) }).alarmName, exportName: 'p99-name' });
    alarmCheck(stack, 'Check', Fn.importValue('p99-name'));
    return stack;
  }],
  ['a CLOUDWATCH_METRIC health check without AlarmIdentifier', 'AAF-GUARD-ALARM-IDENTIFIER', () => {
    const { stack } = guarded();
    new route53.CfnHealthCheck(stack, 'Check', { healthCheckConfig: { type: 'CLOUDWATCH_METRIC' } });
    return stack;
  }],
  ['an alarm ARN as AlarmIdentifier.Name', 'AAF-GUARD-ALARM-IDENTIFIER', () => {
    const { stack } = guarded();
    alarmCheck(stack, 'Check', alarm(stack, 'A').alarmArn);
    return stack;
  }],
  ['an alarm name in the wrong case', 'AAF-GUARD-ALARM-NAME-CASE', () => {
    const { stack } = guarded();
    alarm(stack, 'A', { alarmName: 'MyAlarm' });
    alarmCheck(stack, 'Check', 'myalarm');
    return stack;
  }],
  ['an alarm name no alarm of the app has', 'AAF-GUARD-ALARM-NOT-FOUND', () => {
    const { stack } = guarded();
    alarm(stack, 'A', { alarmName: 'api-latency' });
    alarmCheck(stack, 'Check', 'api-latncy');
    return stack;
  }, 'warning'],
  ['an alarm name imported from an export no stack of the app defines', 'AAF-GUARD-ALARM-UNRESOLVED', () => {
    const { stack } = guarded();
    alarmCheck(stack, 'Check', Fn.importValue('team-b-alarm'));
    return stack;
  }, 'warning'],
  ['a literal HealthCheckId that is not an ID', 'AAF-GUARD-RECORD-HEALTH-CHECK-ID', () => {
    const { stack } = guarded();
    latencyRecord(stack, 'Record', { healthCheckId: 'api-health' });
    return stack;
  }],
  ['two latency records for one name and Region in two stacks', 'AAF-GUARD-LATENCY-DUPLICATE-REGION', () => {
    const { app, stack } = guarded();
    const other = second(app);
    latencyRecord(stack, 'Record', { setIdentifier: 'a' });
    latencyRecord(other, 'Record', { setIdentifier: 'b' });
    return other;
  }],
  ['latency records of one zone in the aws and aws-cn partitions', 'AAF-REGION-PARTITION', () => {
    const { app, stack } = guarded();
    latencyRecord(stack, 'Record');
    const china = second(app, 'cn-north-1');
    latencyRecord(china, 'Record');
    return china;
  }],
  ['a health check in us-east-1 on an alarm in cn-north-1', 'AAF-REGION-PARTITION', () => {
    const { stack } = guarded();
    alarmCheck(stack, 'Check', 'api-latency', 'cn-north-1');
    return stack;
  }],
  ['one failover across us-east-1 and us-gov-west-1', 'AAF-REGION-PARTITION', () => {
    const app = new App();
    const f = failover(app);
    for (const region of ['us-east-1', 'us-gov-west-1']) {
      const stack = regionStack(app, region);
      f.addRegion(stack, 'Failover', { loadBalancer: alb(stack) });
    }
  }],
  ['a CALCULATED health check whose children are Fn::Split of an import', 'AAF-GUARD-UNRESOLVED', () => {
    const { stack } = guarded();
    new route53.CfnHealthCheck(stack, 'Check', {
      healthCheckConfig: { type: 'CALCULATED', childHealthChecks: Token.asList(Fn.split(',', Fn.importValue('Kids'))), healthThreshold: 2 },
    });
    return stack;
  }, 'warning'],
  ['a latency record whose EvaluateTargetHealth is an Fn::If', 'AAF-GUARD-UNRESOLVED', () => {
    const { stack } = guarded();
    latencyRecord(stack, 'Record').addPropertyOverride('AliasTarget.EvaluateTargetHealth', Fn.conditionIf('Prod', true, false));
    return stack;
  }, 'warning'],
  ['a hand-made alarm whose DatapointsToAlarm is a parameter', 'AAF-ALARM-TOKEN', () => {
    const { stack } = guarded();
    const a = cfnAlarm(stack, { datapointsToAlarm: new CfnParameter(stack, 'Datapoints', { type: 'Number' }).valueAsNumber });
    alarmCheck(stack, 'Check', a.ref);
    return stack;
  }, 'warning'],
  ['a guard on the App only, over a Stage with health checks', 'AAF-GUARD-STAGE', () => {
    const app = new App();
    Aspects.of(app).add(new Route53AlarmGuard());
    const stack = new Stack(new Stage(app, 'Prod', { env: { account: ACCOUNT, region: 'us-east-1' } }), 'Service');
    alarmCheck(stack, 'Check', alarm(stack, 'A').alarmName);
    app.synth();
    return stack;
  }],
];
