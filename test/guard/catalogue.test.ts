/**
 * The bad-input catalogue: misconfigurations a user can write in a few lines,
 * each rejected at synth time, either by the construct (a thrown error) or by
 * Route53AlarmGuard (an error annotation), with a message that names the rule,
 * what is wrong (the value received) and the fix.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { FailoverDashboard, FailoverRegionOptions, FailoverSignal } from '../../src';
import { ACCOUNT, alb, failover, regionStack } from '../helpers';
import { alarm, alarmCheck, albMetric, ELB_ALIAS, guarded, latencyRecord, ZONE_ID } from './fixtures';

const latency = () => FailoverSignal.targetResponseTime({ threshold: Duration.millis(500) });

/** A one-Region failover in `regionName`, with `options` for the Region. */
function region(options: Partial<FailoverRegionOptions> = {}, regionName = 'us-east-1') {
  const app = new App();
  const f = failover(app);
  const stack = regionStack(app, regionName);
  const r = f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [latency()], ...options });
  return { app, f, stack, region: r };
}

type Case = [description: string, ruleId: string, make: () => Stack | void];

const CONSTRUCT_CASES: Case[] = [
  ['a Region Route 53 latency routing does not know', 'AAF-RECORD-LATENCY-REGION', () => { region({}, 'us-iso-east-1'); }],
  ['the same Region added twice', 'AAF-REGION-DUPLICATE', () => {
    const { app, f } = region();
    const again = regionStack(app, 'us-east-1', 'Again');
    f.addRegion(again, 'Failover', { loadBalancer: alb(again) });
  }],
  ['a load balancer of another Region', 'AAF-REGION-LOAD-BALANCER', () => {
    const app = new App();
    const f = failover(app);
    const east = regionStack(app, 'us-east-1');
    const west = regionStack(app, 'eu-west-1');
    f.addRegion(west, 'Failover', { loadBalancer: alb(east) });
  }],
  ['a record name outside the zone', 'AAF-RECORD-NAME', () => { failover(new App(), { recordName: 'api.example.org.' }); }],
  ['a Region\'s own name equal to the record name', 'AAF-RECORD-NAME', () => { region({ regionalRecordName: 'api' }); }],
  ['a SetIdentifier of 129 characters', 'AAF-RECORD-SET-IDENTIFIER', () => { region({ setIdentifier: 'x'.repeat(129) }); }],
  ['two Regions with one SetIdentifier', 'AAF-RECORD-SET-IDENTIFIER-DUPLICATE', () => {
    const { app, f } = region({ setIdentifier: 'api' });
    const west = regionStack(app, 'eu-west-1');
    f.addRegion(west, 'Failover', { loadBalancer: alb(west), setIdentifier: 'api' });
  }],
  ['two failovers for one record', 'AAF-FAILOVER-DUPLICATE', () => {
    const app = new App();
    failover(app);
    failover(app, {}, 'Again');
  }],
  ['minHealthySignals of 0', 'AAF-HEALTHCHECK-THRESHOLD', () => { region({ signals: [latency(), FailoverSignal.http5xxErrorRate({ threshold: 5 })], minHealthySignals: 0 }); }],
  ['minHealthySignals above the number of signals', 'AAF-HEALTHCHECK-THRESHOLD', () => {
    region({ signals: [latency(), FailoverSignal.http5xxErrorRate({ threshold: 5 })], minHealthySignals: 3 });
  }],
  ['256 signals in one Region', 'AAF-HEALTHCHECK-CALCULATED-CHILDREN', () => {
    region({ signals: Array.from({ length: 256 }, (_, i) => FailoverSignal.fromMetric({ signalName: `S${i}`, threshold: 1, metric: albMetric({ metricName: `M${i}` }) })) });
  }],
  ['two signals with one name', 'AAF-SIGNAL-NAME', () => { region({ signals: [latency(), latency()] }); }],
  ['a p99 alarm given to fromAlarm without mirror', 'AAF-ALARM-EXTENDED-STATISTIC', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [FailoverSignal.fromAlarm({ alarm: alarm(stack, 'P99', { metric: albMetric({ statistic: 'p99' }) }) })] });
    app.synth();
  }],
  ['an M-out-of-N alarm given to fromAlarm', 'AAF-ALARM-M-OF-N', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [FailoverSignal.fromAlarm({ alarm: alarm(stack, 'MOfN', { evaluationPeriods: 3, datapointsToAlarm: 2 }) })] });
    app.synth();
  }],
  ['a probe path without a slash', 'AAF-PROBE-PATH', () => { region({ probe: { path: 'health' } }); }],
  ['a probe port of 0', 'AAF-PROBE-PORT', () => { region({ probe: { port: 0 } }); }],
  ['a probe every 60 seconds', 'AAF-PROBE-REQUEST-INTERVAL', () => { region({ probe: { requestInterval: Duration.minutes(1) } }); }],
  ['a notification topic of another Region', 'AAF-NOTIFICATION-REGION', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'eu-west-1');
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), notificationTopic: sns.Topic.fromTopicArn(stack, 'T', `arn:aws:sns:us-east-1:${ACCOUNT}:ops`) });
  }],
  ['a notification topic with nothing to report', 'AAF-NOTIFICATION-NOTHING', () => {
    const app = new App();
    const f = failover(app, { evacuationSwitch: false });
    const stack = regionStack(app, 'eu-west-1');
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [], notificationTopic: new sns.Topic(stack, 'T') });
  }],
  ['grantEvacuate without a switch', 'AAF-SWITCH-OFF', () => {
    const { region: r, stack } = region({ evacuationSwitch: false });
    r.grantEvacuate(new iam.Role(stack, 'Ops', { assumedBy: new iam.AccountPrincipal(ACCOUNT) }));
  }],
  ['a dashboard over an environment-agnostic Region', 'AAF-DASHBOARD-REGION', () => {
    const app = new App();
    const f = failover(app);
    const stack = new Stack(app, 'Agnostic');
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack) });
    new FailoverDashboard(stack, 'Dashboard', { failover: f });
    app.synth();
  }],
  ['a republished signal with more datapoints to alarm than periods', 'AAF-SIGNAL-DATAPOINTS', () => {
    region({
      signals: [FailoverSignal.targetResponseTime({ threshold: Duration.seconds(1), statistic: 'p99', evaluationPeriods: 3, datapointsToAlarm: 4 })],
    });
  }],
];

/** Hand-made health checks and records, caught by the guard. */
const GUARD_CASES: Case[] = [
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

/** The error a case produces: the thrown message, or the stack's error annotations. */
function errorsOf(make: () => Stack | void): string[] {
  try {
    const stack = make();
    if (!stack) {
      return [];
    }
    return Annotations.fromStack(stack).findError('*', Match.anyValue()).map(m => String(m.entry.data));
  } catch (e) {
    return [(e as Error).message];
  }
}

describe('bad-input catalogue', () => {
  const all = [...CONSTRUCT_CASES, ...GUARD_CASES];

  test.each(all)('rejects %s (%s)', (_description, ruleId, make) => {
    const errors = errorsOf(make);
    const mine = errors.filter(e => e.includes(`[${ruleId}]`));
    expect(mine).not.toEqual([]);
    // It names what is wrong (a value received) and how to fix it.
    expect(mine[0]).toMatch(/got[: ]/);
    expect(mine[0]).toMatch(/Fix: \S/);
  });

  test('covers at least 30 misconfigurations and 15 distinct rules', () => {
    expect(all.length).toBeGreaterThanOrEqual(30);
    expect(new Set(all.map(([, id]) => id)).size).toBeGreaterThanOrEqual(15);
  });
});
