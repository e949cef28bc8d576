/** The bad-input catalogue: hand-made resources Route53AlarmGuard rejects. */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Case } from './case';
import { alarm, alarmCheck, albMetric, ELB_ALIAS, guarded, latencyRecord, ZONE_ID } from '../guard/fixtures';


export const CASES: Case[] = [
  ['a p99 alarm behind a hand-made health check', 'AAF-ALARM-EXTENDED-STATISTIC', () => {
    const { stack } = guarded();
    alarmCheck(stack, 'Check', alarm(stack, 'A', { metric: albMetric({ statistic: 'p99' }) }).alarmName);
    return stack;
  }],
  ['a metric-math error rate behind a hand-made health check', 'AAF-ALARM-METRIC-MATH', () => {
    const { stack } = guarded();
    alarmCheck(stack, 'Check', alarm(stack, 'A', {
      metric: new cloudwatch.MathExpression({ expression: '100 * e / r', usingMetrics: { e: albMetric({ metricName: 'HTTPCode_Target_5XX_Count', statistic: 'Sum' }), r: albMetric({ metricName: 'RequestCount', statistic: 'Sum' }) }, period: Duration.minutes(1) }),
    }).alarmName);
    return stack;
  }],
  ['a 3-out-of-5 alarm', 'AAF-ALARM-M-OF-N', () => {
    const { stack } = guarded();
    alarmCheck(stack, 'Check', alarm(stack, 'A', { evaluationPeriods: 5, datapointsToAlarm: 3 }).alarmName);
    return stack;
  }],
  ['a 10-second alarm', 'AAF-ALARM-PERIOD', () => {
    const { stack } = guarded();
    alarmCheck(stack, 'Check', alarm(stack, 'A', { metric: albMetric({ period: Duration.seconds(10) }) }).alarmName);
    return stack;
  }],
  ['a composite alarm', 'AAF-ALARM-COMPOSITE', () => {
    const { stack } = guarded();
    alarmCheck(stack, 'Check', new cloudwatch.CompositeAlarm(stack, 'C', { alarmRule: cloudwatch.AlarmRule.fromAlarm(alarm(stack, 'A'), cloudwatch.AlarmState.ALARM) }).alarmName);
    return stack;
  }],
  ['an alarm on another account\'s metric', 'AAF-ALARM-CROSS-ACCOUNT', () => {
    const { stack } = guarded();
    alarmCheck(stack, 'Check', alarm(stack, 'A', { metric: albMetric({ account: '222222222222' }) }).alarmName);
    return stack;
  }],
  ['an alarm on the p50 named by a literal name', 'AAF-ALARM-EXTENDED-STATISTIC', () => {
    const { stack } = guarded();
    alarm(stack, 'A', { alarmName: 'api-p50', metric: albMetric({ statistic: 'p50' }) });
    alarmCheck(stack, 'Check', 'api-p50');
    return stack;
  }],
  ['an evaluation window over a day', 'AAF-ALARM-EVALUATION-WINDOW', () => {
    const { stack } = guarded();
    alarmCheck(stack, 'Check', alarm(stack, 'A', { metric: albMetric({ period: Duration.minutes(5) }), evaluationPeriods: 289 }).alarmName);
    return stack;
  }],
  ['the alarm Region of the check is not the alarm\'s', 'AAF-GUARD-ALARM-REGION', () => {
    const { stack } = guarded();
    alarmCheck(stack, 'Check', alarm(stack, 'A').alarmName, 'us-west-2');
    return stack;
  }],
  ['FailureThreshold on an alarm check', 'AAF-GUARD-ALARM-CHECK-ENDPOINT-SETTINGS', () => {
    const { stack } = guarded();
    alarmCheck(stack, 'Check', alarm(stack, 'A').alarmName, 'us-east-1', { failureThreshold: 3 });
    return stack;
  }],
  ['a calculated check with a calculated child', 'AAF-GUARD-CALCULATED-NESTED', () => {
    const { stack } = guarded();
    const leaf = alarmCheck(stack, 'Leaf', alarm(stack, 'A').alarmName);
    const inner = new route53.CfnHealthCheck(stack, 'Inner', { healthCheckConfig: { type: 'CALCULATED', childHealthChecks: [leaf.ref], healthThreshold: 1 } });
    new route53.CfnHealthCheck(stack, 'Outer', { healthCheckConfig: { type: 'CALCULATED', childHealthChecks: [inner.ref], healthThreshold: 1 } });
    return stack;
  }],
  ['a calculated check needing more children than it has', 'AAF-HEALTHCHECK-THRESHOLD', () => {
    const { stack } = guarded();
    const leaf = alarmCheck(stack, 'Leaf', alarm(stack, 'A').alarmName);
    new route53.CfnHealthCheck(stack, 'Calc', { healthCheckConfig: { type: 'CALCULATED', childHealthChecks: [leaf.ref], healthThreshold: 4 } });
    return stack;
  }],
  ['a latency record without a SetIdentifier', 'AAF-RECORD-SET-IDENTIFIER', () => {
    const { stack } = guarded();
    new route53.CfnRecordSet(stack, 'Record', { hostedZoneId: 'Z1', name: 'api.example.com.', type: 'A', region: 'us-east-1', resourceRecords: ['192.0.2.1'], ttl: '60' });
    return stack;
  }],
  ['a latency record with neither health check nor target health', 'AAF-GUARD-LATENCY-NO-HEALTH', () => {
    const { stack } = guarded();
    new route53.CfnRecordSet(stack, 'Record', { hostedZoneId: 'Z1', name: 'api.example.com.', type: 'A', region: 'us-east-1', setIdentifier: 'use1', resourceRecords: ['192.0.2.1'], ttl: '60' });
    return stack;
  }],
  ['two latency records of one Region', 'AAF-GUARD-LATENCY-DUPLICATE-REGION', () => {
    const { stack } = guarded();
    latencyRecord(stack, 'a', { setIdentifier: 'a' });
    latencyRecord(stack, 'b', { setIdentifier: 'b' });
    return stack;
  }],
  ['two latency records sharing a SetIdentifier', 'AAF-GUARD-LATENCY-DUPLICATE-SET-IDENTIFIER', () => {
    const { stack } = guarded();
    latencyRecord(stack, 'us-east-1', { setIdentifier: 'api' });
    latencyRecord(stack, 'eu-west-1', { setIdentifier: 'api', region: 'eu-west-1' });
    return stack;
  }],
  ['a latency record in a Region Route 53 does not know', 'AAF-RECORD-LATENCY-REGION', () => {
    const { stack } = guarded();
    latencyRecord(stack, 'Record', { region: 'moon-base-1', setIdentifier: 'moon' });
    return stack;
  }],
  ['a TTL on an alias to a load balancer', 'AAF-GUARD-ALIAS-TTL', () => {
    const { stack } = guarded();
    new route53.CfnRecordSet(stack, 'Record', {
      hostedZoneId: ZONE_ID, name: 'www.example.com.', type: 'A', ttl: '300', aliasTarget: { ...ELB_ALIAS, evaluateTargetHealth: undefined },
    });
    return stack;
  }],
];
