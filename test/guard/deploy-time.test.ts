/**
 * Values decided at deployment (a CfnParameter, an import, Fn::Split, Fn::If)
 * behind hand-made Route 53 resources: the guard never judges an intrinsic as
 * if it were the value (no "0 children", no "no EvaluateTargetHealth"); it
 * warns that it could not check, and applies the library's own rule on
 * alarm settings decided at deployment (AAF-ALARM-TOKEN).
 */
import { CfnParameter, Fn, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { alarmCheck, cfnAlarm, findings, guarded, latencyRecord } from './fixtures';
import { Route53AlarmGuard } from '../../src';
import { mulberry32 } from '../fuzz';

/* eslint-enable no-bitwise */

const ACK = (id: string) => ` [ack: ${id}] [ack: cdk-active-active-failover:${id}]`;

/** The messages of level `level` on `stack`, of `ruleId`. */
function messages(stack: Stack, ruleId: string, level: 'error' | 'warning' = 'warning'): string[] {
  const annotations = Annotations.fromStack(stack);
  const found = level === 'error' ? annotations.findError('*', Match.anyValue()) : annotations.findWarning('*', Match.anyValue());
  return found.map(m => String(m.entry.data)).filter(m => m.startsWith(`[${ruleId}]`));
}

/** Two plain endpoint checks to be children. */
function children(stack: Stack): string[] {
  return ['A', 'B'].map(id => new route53.CfnHealthCheck(stack, id, {
    healthCheckConfig: { type: 'HTTPS', fullyQualifiedDomainName: `${id.toLowerCase()}.example.com`, resourcePath: '/' },
  }).attrHealthCheckId);
}

function calculated(stack: Stack, id: string, childHealthChecks: string[] | undefined, healthThreshold: number): route53.CfnHealthCheck {
  return new route53.CfnHealthCheck(stack, id, { healthCheckConfig: { type: 'CALCULATED', childHealthChecks, healthThreshold } });
}


describe('a CALCULATED health check whose children or threshold are decided at deployment', () => {
  test('warns if ChildHealthChecks is an unresolved list (Fn::Split of an import), and reports no threshold error', () => {
    const { stack } = guarded();
    calculated(stack, 'Check', Token.asList(Fn.split(',', Fn.importValue('Kids'))), 2);
    expect(findings(stack)).toEqual([]);
    expect(messages(stack, 'AAF-GUARD-UNRESOLVED')).toEqual([
      "[AAF-GUARD-UNRESOLVED] Health check 'Checks/Check': 'ChildHealthChecks' is decided at deployment, so the guard cannot count the "
      + 'child health checks (at most 255) nor check HealthThreshold against their number (Route 53 rejects a HealthThreshold above it), '
      + 'got: {"Fn::Split":[",",{"Fn::ImportValue":"Kids"}]} (a value decided at deployment). '
      + 'Fix: list the child health checks in the template (healthCheck.attrHealthCheckId of each), '
      + "or acknowledge this finding (Route53AlarmGuard.acknowledge(resource, 'AAF-GUARD-UNRESOLVED', reason))." + ACK('AAF-GUARD-UNRESOLVED'),
    ]);
  });

  test('warns if ChildHealthChecks is an Fn::If of two lists', () => {
    const { stack } = guarded();
    const kids = children(stack);
    calculated(stack, 'Check', Token.asList(Fn.conditionIf('Big', kids, [kids[0]])), 2);
    expect(findings(stack)).toEqual([]);
    expect(messages(stack, 'AAF-GUARD-UNRESOLVED')).toEqual([expect.stringMatching(
      /^\[AAF-GUARD-UNRESOLVED\] Health check 'Checks\/Check': 'ChildHealthChecks' is decided at deployment, .*got: \{"Fn::If":\["Big",.*\(a value decided at deployment\)\. Fix: /,
    )]);
  });

  test('warns if HealthThreshold is a parameter (and still counts literal children against 255)', () => {
    const { stack } = guarded();
    const threshold = new CfnParameter(stack, 'Threshold', { type: 'Number' }).valueAsNumber;
    calculated(stack, 'Check', children(stack), threshold);
    expect(findings(stack)).toEqual([]);
    expect(messages(stack, 'AAF-GUARD-UNRESOLVED')).toEqual([
      "[AAF-GUARD-UNRESOLVED] Health check 'Checks/Check': 'HealthThreshold' is decided at deployment, so the guard cannot check it "
      + 'against the number of child health checks (0 to their number), got: {"Ref":"Threshold"} (a value decided at deployment). '
      + "Fix: pass the number itself, or acknowledge this finding (Route53AlarmGuard.acknowledge(resource, 'AAF-GUARD-UNRESOLVED', reason))."
      + ACK('AAF-GUARD-UNRESOLVED'),
    ]);
  });

  test('fails if a literal list is too short for the threshold (the count rule still applies), with a fix that makes sense for no child', () => {
    const { stack } = guarded();
    calculated(stack, 'Two', children(stack), 3);
    calculated(stack, 'None', [], 2);
    expect(findings(stack)).toEqual([['None', 'AAF-HEALTHCHECK-THRESHOLD'], ['Two', 'AAF-HEALTHCHECK-THRESHOLD']]);
    expect(messages(stack, 'AAF-HEALTHCHECK-THRESHOLD', 'error')).toEqual([
      "[AAF-HEALTHCHECK-THRESHOLD] Health check 'Checks/Two': 'HealthThreshold' must be a whole number from 0 to the number of child "
      + 'health checks (2), got: 3. Fix: choose a value from 1 to 2 (0 makes the check always healthy, more than 2 always unhealthy).',
      "[AAF-HEALTHCHECK-THRESHOLD] Health check 'Checks/None': 'HealthThreshold' must be a whole number from 0 to the number of child "
      + 'health checks (0), got: 2. Fix: add child health checks to ChildHealthChecks (with none, the check cannot follow anything).',
    ]);
    expect(messages(stack, 'AAF-GUARD-UNRESOLVED')).toEqual([]);
  });

  test('the warning can be acknowledged like any finding of the guard', () => {
    const { stack } = guarded();
    const check = calculated(stack, 'Check', Token.asList(Fn.split(',', Fn.importValue('Kids'))), 2);
    Route53AlarmGuard.acknowledge(check, 'AAF-GUARD-UNRESOLVED', 'the export lists two checks');
    expect(messages(stack, 'AAF-GUARD-UNRESOLVED')).toEqual([]);
    expect(findings(stack, 'info')).toEqual([['Check', 'AAF-GUARD-UNRESOLVED']]);
  });
});

describe('a latency record whose target health is decided at deployment', () => {
  test('warns if EvaluateTargetHealth is an Fn::If, instead of failing with AAF-GUARD-LATENCY-NO-HEALTH', () => {
    const { stack } = guarded();
    const record = latencyRecord(stack, 'Record');
    record.addPropertyOverride('AliasTarget.EvaluateTargetHealth', Fn.conditionIf('Prod', true, false));
    expect(findings(stack)).toEqual([]);
    expect(messages(stack, 'AAF-GUARD-UNRESOLVED')).toEqual([
      "[AAF-GUARD-UNRESOLVED] Record 'Checks/Record': 'AliasTarget.EvaluateTargetHealth' is decided at deployment, and the record has "
      + 'no HealthCheckId: the guard cannot tell whether Route 53 can drop the Region when it is down (AAF-GUARD-LATENCY-NO-HEALTH), '
      + 'got: {"Fn::If":["Prod",true,false]} (a value decided at deployment). Fix: set EvaluateTargetHealth: true, or attach a health check '
      + "(HealthCheckId), or acknowledge this finding (Route53AlarmGuard.acknowledge(resource, 'AAF-GUARD-UNRESOLVED', reason))."
      + ACK('AAF-GUARD-UNRESOLVED'),
    ]);
  });

  test('fails if EvaluateTargetHealth is literally false (the rule still applies to values)', () => {
    const { stack } = guarded();
    latencyRecord(stack, 'Record').addPropertyOverride('AliasTarget.EvaluateTargetHealth', false);
    expect(findings(stack)).toEqual([['Record', 'AAF-GUARD-LATENCY-NO-HEALTH']]);
    expect(messages(stack, 'AAF-GUARD-UNRESOLVED')).toEqual([]);
  });
});

describe('a hand-made alarm with settings decided at deployment', () => {
  test('warns if DatapointsToAlarm is a parameter (an "M out of N" alarm decided at deployment)', () => {
    const { stack } = guarded();
    const datapoints = new CfnParameter(stack, 'Datapoints', { type: 'Number' }).valueAsNumber;
    alarmCheck(stack, 'Check', cfnAlarm(stack, { datapointsToAlarm: datapoints }).ref);
    expect(findings(stack)).toEqual([]);
    expect(messages(stack, 'AAF-ALARM-TOKEN')).toEqual([
      "[AAF-ALARM-TOKEN] Health check 'Checks/Check': 'alarm 'Checks/Alarm' DatapointsToAlarm' must be known at synth time: Route 53 "
      + 'cannot read an alarm whose DatapointsToAlarm differs from EvaluationPeriods ("M out of N"), and a value decided at deployment '
      + 'cannot be checked against it, got: {"Ref":"Datapoints"} (a value decided at deployment). Fix: pass the number itself, equal to '
      + 'EvaluationPeriods (or leave DatapointsToAlarm unset); if the value deployed is known to be fine, acknowledge this finding '
      + "(Route53AlarmGuard.acknowledge(check, 'AAF-ALARM-TOKEN', reason))." + ACK('AAF-ALARM-TOKEN'),
    ]);
  });

  const number = (s: Stack) => new CfnParameter(s, 'P', { type: 'Number' }).valueAsNumber;
  const string = (s: Stack) => new CfnParameter(s, 'P').valueAsString;
  test.each<[string, (s: Stack) => Partial<cloudwatch.CfnAlarmProps>]>([
    ['EvaluationPeriods', s => ({ evaluationPeriods: number(s) })],
    ['Period', s => ({ period: number(s) })],
    ['Threshold', s => ({ threshold: number(s) })],
    ['Statistic', s => ({ statistic: string(s) })],
    ['ComparisonOperator', s => ({ comparisonOperator: string(s) })],
  ])('warns if %s is a parameter (Route 53 keeps the copy it made when the check was created)', (property, make) => {
    const { stack } = guarded();
    alarmCheck(stack, 'Check', cfnAlarm(stack, make(stack)).ref);
    expect(findings(stack)).toEqual([]);
    expect(messages(stack, 'AAF-ALARM-TOKEN')).toEqual([
      `[AAF-ALARM-TOKEN] Health check 'Checks/Check': 'alarm 'Checks/Alarm' ${property}' must be known at synth time: Route 53 copies it `
      + 'when the health check is created and never reads the alarm again, and only a value known now can re-sync the health check when '
      + 'it changes, got: {"Ref":"P"} (a value decided at deployment). Fix: pass the number or string itself (not a CfnParameter or another '
      + 'token), or use MetricStrategy.mirror(), whose followed 0/1 alarm has fixed settings; if the value deployed is known to be fine, '
      + "acknowledge this finding (Route53AlarmGuard.acknowledge(check, 'AAF-ALARM-TOKEN', reason))." + ACK('AAF-ALARM-TOKEN'),
    ]);
  });

  test('fails if an ExtendedStatistic is a parameter, naming the intrinsic (not [object Object])', () => {
    const { stack } = guarded();
    const a = cfnAlarm(stack, { statistic: undefined, extendedStatistic: new CfnParameter(stack, 'P').valueAsString });
    alarmCheck(stack, 'Check', a.ref);
    expect(messages(stack, 'AAF-ALARM-EXTENDED-STATISTIC', 'error')).toEqual([expect.stringContaining('got: {"Ref":"P"}. Fix: use one of')]);
    expect(messages(stack, 'AAF-ALARM-TOKEN')).toEqual([expect.stringContaining("'alarm 'Checks/Alarm' ExtendedStatistic' must be known")]);
  });

  test('reports nothing on literal settings Route 53 can read', () => {
    const { stack } = guarded();
    alarmCheck(stack, 'Check', cfnAlarm(stack, { datapointsToAlarm: 3 }).ref);
    expect(findings(stack)).toEqual([]);
    expect(findings(stack, 'warning')).toEqual([]);
  });
});

test('seeded fuzz: values decided at deployment in counted and compared properties end in a rule id or a clean pass', () => {
  const rand = mulberry32(0xdec1de);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(rand() * values.length)];
  const seen = new Set<string>();
  for (let i = 0; i < 120; i++) {
    const { stack } = guarded();
    const param = () => new CfnParameter(stack, `P${stack.node.children.length}`, { type: 'Number' });
    const kids = children(stack);
    const numbers = [() => 0, () => 1, () => 2, () => 3, () => 255, () => 256, () => -1, () => 1.5, () => param().valueAsNumber,
      () => Token.asNumber(Fn.conditionIf('C', 1, 2)), () => Token.asNumber(Fn.importValue('n'))];
    const lists = [() => kids, () => [], () => undefined, () => Token.asList(Fn.split(',', Fn.importValue('Kids'))),
      () => Token.asList(Fn.conditionIf('C', kids, [])), () => Array.from({ length: 256 }, (_, j) => kids[j % 2]),
      () => new CfnParameter(stack, `L${i}`, { type: 'List<String>' }).valueAsList];
    calculated(stack, 'Calc', pick(lists)(), pick(numbers)());
    const overrides: Partial<cloudwatch.CfnAlarmProps> = {};
    for (const key of ['datapointsToAlarm', 'evaluationPeriods', 'period', 'threshold'] as const) {
      if (rand() < 0.4) {
        (overrides as Record<string, number>)[key] = pick(numbers)();
      }
    }
    alarmCheck(stack, 'Check', cfnAlarm(stack, overrides).ref);
    const record = latencyRecord(stack, 'Record');
    record.addPropertyOverride('AliasTarget.EvaluateTargetHealth', pick([true, false, Fn.conditionIf('C', true, false), { Ref: 'Flag' }]));
    const annotations = Annotations.fromStack(stack);
    for (const m of [...annotations.findError('*', Match.anyValue()), ...annotations.findWarning('*', Match.anyValue())]) {
      const text = String(m.entry.data);
      expect(text).toMatch(/^\[AAF-[A-Z0-9-]+\] (Record|Health check) '[^']+': '.+' .*, got: .*\. Fix: \S/s);
      // An intrinsic is never judged as a count or a missing value.
      expect(text).not.toMatch(/\[object Object\]|from 1 to 0|-1\.8881545897087\d*e\+289/);
      seen.add(/^\[([A-Z0-9-]+)\]/.exec(text)![1]);
    }
  }
  expect([...seen].sort()).toEqual(expect.arrayContaining([
    'AAF-ALARM-TOKEN', 'AAF-GUARD-LATENCY-NO-HEALTH', 'AAF-GUARD-UNRESOLVED', 'AAF-HEALTHCHECK-CALCULATED-CHILDREN', 'AAF-HEALTHCHECK-THRESHOLD',
  ]));
});
