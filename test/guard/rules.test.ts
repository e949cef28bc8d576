import * as fs from 'fs';
import * as path from 'path';
import { CfnOutput, Duration, Fn, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { GUARD_RULES } from '../../src/guard/rules/all';
import { ACCOUNT } from '../helpers';
import { alarm, alarmCheck, albMetric, ELB_ALIAS, findings, guarded, latencyRecord, ZONE_ID } from './fixtures';


function calculated(stack: Stack, id: string, children: route53.CfnHealthCheck[], threshold: number): route53.CfnHealthCheck {
  return new route53.CfnHealthCheck(stack, id, {
    healthCheckConfig: { type: 'CALCULATED', childHealthChecks: children.map(c => c.attrHealthCheckId), healthThreshold: threshold },
  });
}

/** Each rule id: a configuration that breaks it (finding expected) and a close one that does not. */
const CASES: Array<[string, (s: Stack) => void, (s: Stack) => void]> = [
  ['AAF-ALARM-COMPOSITE',
    s => alarmCheck(s, 'Check', new cloudwatch.CompositeAlarm(s, 'C', { alarmRule: cloudwatch.AlarmRule.fromAlarm(alarm(s, 'A'), cloudwatch.AlarmState.ALARM) }).alarmName),
    s => alarmCheck(s, 'Check', alarm(s, 'A').alarmName)],
  ['AAF-ALARM-ANOMALY-DETECTION',
    s => {
      const a = alarm(s, 'A');
      const cfn = a.node.defaultChild as cloudwatch.CfnAlarm;
      cfn.addPropertyOverride('ThresholdMetricId', 'ad1');
      cfn.addPropertyDeletionOverride('Threshold');
      alarmCheck(s, 'Check', a.alarmName);
    },
    s => alarmCheck(s, 'Check', alarm(s, 'A', { threshold: 5 }).alarmName)],
  ['AAF-ALARM-METRIC-MATH',
    s => alarmCheck(s, 'Check', alarm(s, 'A', { metric: new cloudwatch.MathExpression({ expression: 'm * 2', usingMetrics: { m: albMetric() }, period: Duration.minutes(1) }) }).alarmName),
    s => alarmCheck(s, 'Check', alarm(s, 'A', { metric: albMetric({ statistic: 'Sum', metricName: 'RequestCount' }) }).alarmName)],
  ['AAF-ALARM-CROSS-ACCOUNT',
    s => alarmCheck(s, 'Check', alarm(s, 'A', { metric: albMetric({ account: '222222222222' }) }).alarmName),
    s => alarmCheck(s, 'Check', alarm(s, 'A', { metric: albMetric({ account: ACCOUNT }) }).alarmName)],
  ['AAF-ALARM-EXTENDED-STATISTIC',
    s => alarmCheck(s, 'Check', alarm(s, 'A', { metric: albMetric({ statistic: 'p99' }) }).alarmName),
    s => alarmCheck(s, 'Check', alarm(s, 'A', { metric: albMetric({ statistic: 'Maximum' }) }).alarmName)],
  ['AAF-ALARM-STATISTIC',
    s => {
      const a = alarm(s, 'A');
      (a.node.defaultChild as cloudwatch.CfnAlarm).addPropertyOverride('Statistic', 'Median');
      alarmCheck(s, 'Check', a.alarmName);
    },
    s => alarmCheck(s, 'Check', alarm(s, 'A', { metric: albMetric({ statistic: 'SampleCount' }) }).alarmName)],
  ['AAF-ALARM-PERIOD',
    s => alarmCheck(s, 'Check', alarm(s, 'A', { metric: albMetric({ period: Duration.seconds(30) }) }).alarmName),
    s => alarmCheck(s, 'Check', alarm(s, 'A', { metric: albMetric({ period: Duration.minutes(2) }) }).alarmName)],
  ['AAF-ALARM-M-OF-N',
    s => alarmCheck(s, 'Check', alarm(s, 'A', { evaluationPeriods: 3, datapointsToAlarm: 2 }).alarmName),
    s => alarmCheck(s, 'Check', alarm(s, 'A', { evaluationPeriods: 3, datapointsToAlarm: 3 }).alarmName)],
  ['AAF-ALARM-EVALUATION-WINDOW',
    s => alarmCheck(s, 'Check', alarm(s, 'A', { metric: albMetric({ period: Duration.minutes(30) }), evaluationPeriods: 49 }).alarmName),
    s => alarmCheck(s, 'Check', alarm(s, 'A', { metric: albMetric({ period: Duration.minutes(30) }), evaluationPeriods: 48 }).alarmName)],
  ['AAF-GUARD-ALARM-REGION',
    s => alarmCheck(s, 'Check', alarm(s, 'A').alarmName, 'eu-west-1'),
    s => alarmCheck(s, 'Check', alarm(s, 'A').alarmName, 'us-east-1')],
  ['AAF-GUARD-ALARM-CHECK-ENDPOINT-SETTINGS',
    s => alarmCheck(s, 'Check', alarm(s, 'A').alarmName, 'us-east-1', { requestInterval: 30 }),
    s => new route53.CfnHealthCheck(s, 'Endpoint', { healthCheckConfig: { type: 'HTTPS', fullyQualifiedDomainName: 'api.example.com', requestInterval: 30, failureThreshold: 3 } })],
  ['AAF-HEALTHCHECK-CALCULATED-CHILDREN',
    s => {
      const a = alarm(s, 'A');
      calculated(s, 'Calc', Array.from({ length: 256 }, (_, i) => alarmCheck(s, `C${i}`, a.alarmName)), 1);
    },
    s => {
      const a = alarm(s, 'A');
      calculated(s, 'Calc', Array.from({ length: 255 }, (_, i) => alarmCheck(s, `C${i}`, a.alarmName)), 1);
    }],
  ['AAF-HEALTHCHECK-THRESHOLD',
    s => calculated(s, 'Calc', [alarmCheck(s, 'C1', alarm(s, 'A').alarmName)], 2),
    s => calculated(s, 'Calc', [alarmCheck(s, 'C1', alarm(s, 'A').alarmName)], 0)],
  ['AAF-GUARD-CALCULATED-NESTED',
    s => {
      const inner = calculated(s, 'Inner', [alarmCheck(s, 'C1', alarm(s, 'A').alarmName)], 1);
      calculated(s, 'Outer', [inner], 1);
    },
    s => calculated(s, 'Outer', [alarmCheck(s, 'C1', alarm(s, 'A').alarmName), alarmCheck(s, 'C2', alarm(s, 'B').alarmName)], 1)],
  ['AAF-RECORD-SET-IDENTIFIER',
    s => latencyRecord(s, 'Record', { setIdentifier: undefined }),
    s => latencyRecord(s, 'Record', { setIdentifier: 'x'.repeat(128) })],
  ['AAF-RECORD-LATENCY-REGION',
    s => latencyRecord(s, 'Record', { region: 'us-iso-east-1' }),
    s => latencyRecord(s, 'Record', { region: 'ap-southeast-7' })],
  ['AAF-GUARD-LATENCY-NO-HEALTH',
    s => latencyRecord(s, 'Record', { aliasTarget: { ...ELB_ALIAS, evaluateTargetHealth: false } }),
    s => latencyRecord(s, 'Record', {
      aliasTarget: { ...ELB_ALIAS, evaluateTargetHealth: false },
      healthCheckId: alarmCheck(s, 'Check', alarm(s, 'A').alarmName).attrHealthCheckId,
    })],
  ['AAF-GUARD-LATENCY-DUPLICATE-REGION',
    s => { latencyRecord(s, 'One', { setIdentifier: 'one' }); latencyRecord(s, 'Two', { setIdentifier: 'two' }); },
    s => { latencyRecord(s, 'One', { setIdentifier: 'one' }); latencyRecord(s, 'Two', { setIdentifier: 'two', type: 'AAAA' }); }],
  ['AAF-GUARD-LATENCY-DUPLICATE-SET-IDENTIFIER',
    s => { latencyRecord(s, 'One', { setIdentifier: 'same' }); latencyRecord(s, 'Two', { setIdentifier: 'same', region: 'eu-west-1' }); },
    s => { latencyRecord(s, 'One', { setIdentifier: 'same' }); latencyRecord(s, 'Two', { setIdentifier: 'same', name: 'www.example.com.' }); }],
  ['AAF-GUARD-ALARM-IDENTIFIER',
    s => new route53.CfnHealthCheck(s, 'Check', { healthCheckConfig: { type: 'CLOUDWATCH_METRIC', insufficientDataHealthStatus: 'Healthy' } }),
    s => alarmCheck(s, 'Check', alarm(s, 'A').alarmName)],
  ['AAF-GUARD-ALARM-NAME-CASE',
    s => { alarm(s, 'A', { alarmName: 'MyAlarm' }); alarmCheck(s, 'Check', 'myalarm'); },
    s => { alarm(s, 'A', { alarmName: 'MyAlarm' }); alarmCheck(s, 'Check', 'MyAlarm'); }],
  ['AAF-GUARD-RECORD-HEALTH-CHECK-ID',
    s => latencyRecord(s, 'Record', { healthCheckId: 'api-health' }),
    s => latencyRecord(s, 'Record', { healthCheckId: '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d' })],
  ['AAF-REGION-PARTITION',
    s => { latencyRecord(s, 'One'); latencyRecord(s, 'Two', { region: 'cn-north-1', setIdentifier: 'cn-north-1' }); },
    s => { latencyRecord(s, 'One'); latencyRecord(s, 'Two', { region: 'eu-west-1', setIdentifier: 'eu-west-1' }); }],
  ['AAF-GUARD-ALIAS-TTL',
    s => latencyRecord(s, 'Record', { ttl: '60' }),
    s => new route53.CfnRecordSet(s, 'Plain', { hostedZoneId: ZONE_ID, name: 'txt.example.com.', type: 'TXT', ttl: '60', resourceRecords: ['"v"'] })],
];

describe('each guard rule: a configuration that breaks it, and a close one that does not', () => {
  test.each(CASES)('%s', (ruleId, bad, good) => {
    const broken = guarded();
    bad(broken.stack);
    expect(findings(broken.stack).map(([, id]) => id)).toContain(ruleId);
    const fine = guarded();
    good(fine.stack);
    expect(findings(fine.stack)).toEqual([]);
  });

  test('AAF-GUARD-LAST-KNOWN-STATUS-TRAFFIC is a warning, and not raised for a continuously published metric', () => {
    const broken = guarded();
    alarmCheck(broken.stack, 'Check', alarm(broken.stack, 'A').alarmName, 'us-east-1', { insufficientDataHealthStatus: 'LastKnownStatus' });
    expect(findings(broken.stack)).toEqual([]);
    expect(findings(broken.stack, 'warning')).toEqual([['Check', 'AAF-GUARD-LAST-KNOWN-STATUS-TRAFFIC']]);
    const fine = guarded();
    alarmCheck(fine.stack, 'Check', alarm(fine.stack, 'A', { metric: albMetric({ metricName: 'UnHealthyHostCount' }) }).alarmName, 'us-east-1',
      { insufficientDataHealthStatus: 'LastKnownStatus' });
    expect(findings(fine.stack, 'warning')).toEqual([]);
  });

  test('AAF-GUARD-ALARM-NOT-FOUND and AAF-GUARD-ALARM-UNRESOLVED are warnings, not raised when the alarm is found', () => {
    const broken = guarded();
    alarm(broken.stack, 'A', { alarmName: 'api-latency' });
    alarmCheck(broken.stack, 'Typo', 'api-latencyy');
    alarmCheck(broken.stack, 'Import', Fn.importValue('nowhere-alarm-name'));
    expect(findings(broken.stack)).toEqual([]);
    expect(findings(broken.stack, 'warning')).toEqual([['Import', 'AAF-GUARD-ALARM-UNRESOLVED'], ['Typo', 'AAF-GUARD-ALARM-NOT-FOUND']]);
    const fine = guarded();
    new CfnOutput(fine.stack, 'Out', { value: alarm(fine.stack, 'A', { alarmName: 'api-latency' }).alarmName, exportName: 'api-alarm-name' });
    alarmCheck(fine.stack, 'Named', 'api-latency');
    alarmCheck(fine.stack, 'Import', Fn.importValue('api-alarm-name'));
    expect(findings(fine.stack, 'warning')).toEqual([]);
  });

  test('AAF-GUARD-UNRESOLVED and AAF-ALARM-TOKEN are warnings on values decided at deployment, not raised on literals', () => {
    const broken = guarded();
    calculated(broken.stack, 'Calc', [], 1).addPropertyOverride('HealthCheckConfig.ChildHealthChecks', Fn.split(',', Fn.importValue('kids')));
    const a = alarm(broken.stack, 'A');
    (a.node.defaultChild as cloudwatch.CfnAlarm).addPropertyOverride('DatapointsToAlarm', Fn.importValue('datapoints'));
    alarmCheck(broken.stack, 'Check', a.alarmName);
    expect(findings(broken.stack)).toEqual([]);
    expect(findings(broken.stack, 'warning')).toEqual([['Calc', 'AAF-GUARD-UNRESOLVED'], ['Check', 'AAF-ALARM-TOKEN']]);
    const fine = guarded();
    calculated(fine.stack, 'Calc', [alarmCheck(fine.stack, 'Check', alarm(fine.stack, 'A', { datapointsToAlarm: 3 }).alarmName)], 1);
    expect(findings(fine.stack, 'warning')).toEqual([]);
  });

  test('every rule id of the guard has a case here', () => {
    const covered = new Set([...CASES.map(([id]) => id), 'AAF-GUARD-LAST-KNOWN-STATUS-TRAFFIC', 'AAF-GUARD-ALARM-NOT-FOUND', 'AAF-GUARD-ALARM-UNRESOLVED',
      'AAF-GUARD-UNRESOLVED', 'AAF-ALARM-TOKEN']);
    expect(GUARD_RULES.flatMap(r => r.ids).filter(id => !covered.has(id))).toEqual([]);
  });
});

test('the README lists every rule id of the guard as a guard row of its table of ids', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Validation'), readme.indexOf('## Synthesis at scale'));
  expect(GUARD_RULES.flatMap(r => r.ids).filter(id => !new RegExp(`^\\| \`${id}\` \\| [^|]*guard`, 'm').test(section))).toEqual([]);
});
