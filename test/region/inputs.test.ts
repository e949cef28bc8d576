/**
 * The construct inputs that name things: failover, record, zone and Region
 * names, set identifiers, tokens in them, and the number of signals the
 * health alarm's rule can hold.
 */
import { App, Aspects, CfnParameter, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { FailoverDashboard, FailoverSignal, Route53AlarmGuard } from '../../src';
import { evacuationCommand, statusCommand } from '../../src/model/commands';
import {
  dashboardName, healthAlarmName, isDashboardName, isUsableName, MAX_USABLE_NAME_LENGTH, NAME_LIMITS, probeHealthCheckName, regionName,
  shortDigest, signalAlarmName, signalsAlarmName, sourceAlarmName, switchAlarmName, switchHealthCheckName, switchParameterName, topicDisplayName,
} from '../../src/model/names';
import { regionDimensions } from '../../src/model/namespaces';
import { LATENCY_REGIONS, MAX_REGION_CODE_LENGTH } from '../../src/model/regions';
import { checkDnsName, checkHostedZone, RecordRuleId } from '../../src/model/route53-record-rules';
import {
  binomial, estimatedRuleLength, healthRuleSize, MAX_ALARM_RULE_LENGTH, regionHealthRule,
} from '../../src/operations/notifications/health-rule';
import { albMetric } from '../guard/fixtures';
import { ACCOUNT, alb, failover, importedAlb, regionStack, ZONE } from '../helpers';

/** `n` signals on distinct metrics of the load balancer. */
const signals = (n: number) => Array.from({ length: n }, (_, i) =>
  FailoverSignal.fromMetric({ signalName: `S${i}`, threshold: 1, metric: albMetric({ metricName: `M${i}` }) }));

/** A one-Region failover with `n` signals, in `region`. */
function withSignals(n: number, minHealthySignals: number | undefined, failoverProps = {}, region = 'us-east-1') {
  const app = new App();
  const f = failover(app, failoverProps);
  const stack = regionStack(app, region);
  const r = f.addRegion(stack, 'Failover', { loadBalancer: importedAlb(stack), signals: signals(n), minHealthySignals });
  return { app, stack, region: r };
}

describe('the health alarm\'s rule is sized before it is built', () => {
  test('fails if notifications need a rule for 20 signals with minHealthySignals 10 (was: Maximum call stack size exceeded)', () => {
    expect(() => withSignals(20, 10, { notifications: true })).toThrow(new RegExp(
      "^\\[AAF-HEALTH-ALARM-RULE\\] FailoverRegion 'Service-us-east-1/Failover': notifications need the Region's health alarm, but "
      + "'minHealthySignals' with 20 signals needs a health alarm rule of about \\d+ characters .* more than CloudWatch's 10240, "
      + 'got: minHealthySignals 10\\. Fix: set minHealthySignals to 1 or 20 \\(the values whose rule fits\\), or use fewer signals\\.$',
    ));
  });

  test('warns if 22 signals with minHealthySignals 11 cannot have a health alarm (was: heap exhausted), in moments', () => {
    const started = Date.now();
    const { stack, region } = withSignals(22, 11);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(region.healthAlarm).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('/Service-us-east-1/Failover', Match.stringLikeRegexp(
      "\\[AAF-REGION-NO-HEALTH-ALARM\\] .* has no health alarm .* 'minHealthySignals' with 22 signals needs a health alarm rule of about "
      + '2\\.6e\\+9 characters.* got: minHealthySignals 11\\. Fix: set minHealthySignals to 1 or 22',
    ));
  });

  test('fails if the largest Region (255 signals, minHealthySignals 128) wants notifications, with the count in floating point', () => {
    expect(() => withSignals(255, 128, { notifications: true })).toThrow(/\[AAF-HEALTH-ALARM-RULE\] .*about \d\.\de\+\d+ characters/);
  });

  test('fails if the rule would name more than 100 alarms, though short enough', () => {
    const app = new App();
    const f = failover(app, { notifications: true });
    const stack = regionStack(app, 'us-east-1');
    const alarms = Array.from({ length: 100 }, (_, i) =>
      FailoverSignal.fromAlarm({ alarm: cloudwatch.Alarm.fromAlarmArn(stack, `A${i}`, `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:a${i}`) }));
    expect(() => f.addRegion(stack, 'Failover', { loadBalancer: importedAlb(stack), signals: alarms })).toThrow(
      /^\[AAF-HEALTH-ALARM-RULE\] .*'signals' are too many for the health alarm: its rule would name 101 alarms, more than the 100 CloudWatch allows in a composite alarm, got: 100 signals\. Fix: use fewer signals \(at most 99/,
    );
  });

  test('counts the rule\'s length exactly as the built rule\'s, for every size small enough to build', () => {
    const stack = regionStack(new App(), 'us-east-1');
    const alarms = Array.from({ length: 6 }, (_, i) => i % 2 === 0
      ? new cloudwatch.Alarm(stack, `A${i}`, { metric: albMetric(), threshold: 1, evaluationPeriods: 1 })
      : cloudwatch.Alarm.fromAlarmArn(stack, `I${i}`, `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:imported-${i}`));
    for (const switchAlarm of [undefined, alarms[0]]) {
      for (let n = 0; n <= 5; n++) {
        for (let m = -1; m <= n + 1; m++) {
          const rule = regionHealthRule(switchAlarm, alarms.slice(1, n + 1), m);
          const size = healthRuleSize(switchAlarm, alarms.slice(1, n + 1), m);
          expect({ n, m, length: size.length }).toEqual({ n, m, length: rule ? estimatedRuleLength(rule) : 0 });
        }
      }
    }
  });

  test('binomial is exact while it can be, and never overflows', () => {
    expect([binomial(20, 11), binomial(5, 0), binomial(5, 5), binomial(5, 6), binomial(52, 5)]).toEqual([167960, 1, 1, 0, 2598960]);
    expect(binomial(255, 128)).toBeGreaterThan(1e75);
    expect(Number.isFinite(binomial(255, 128))).toBe(true);
    expect(MAX_ALARM_RULE_LENGTH).toBe(10240);
  });

  test('with one signal, minHealthySignals is ignored by the health alarm as by the health check', () => {
    const { stack } = withSignals(1, 5);
    const [alarm] = Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudWatch::CompositeAlarm'));
    expect(JSON.stringify(alarm.Properties.AlarmRule)).toContain('S0');
  });
});

describe('derived names fit their AWS limits', () => {
  const longest = `A${'b.c_d-'.repeat(20)}`.slice(0, MAX_USABLE_NAME_LENGTH);

  test('for the longest failover and signal names, in every Region', () => {
    expect(isUsableName(longest)).toBe(true);
    expect(isUsableName(`${longest}x`)).toBe(false);
    expect(MAX_REGION_CODE_LENGTH).toBe(14);
    for (const region of LATENCY_REGIONS) {
      const alarms = [signalAlarmName(longest, region, longest), sourceAlarmName(longest, region, longest),
        switchAlarmName(longest, region), healthAlarmName(longest, region), signalsAlarmName(longest, region)];
      for (const name of alarms) {
        expect(name.length).toBeLessThanOrEqual(NAME_LIMITS.alarmName);
      }
      expect(regionName(longest, region).length).toBeLessThanOrEqual(NAME_LIMITS.setIdentifier);
      for (const tag of [regionName(longest, region), signalAlarmName(longest, region, longest), switchHealthCheckName(longest, region),
        probeHealthCheckName(longest, region)]) {
        expect(tag.length).toBeLessThanOrEqual(NAME_LIMITS.tagValue);
      }
      expect(topicDisplayName(longest, region).length).toBeLessThanOrEqual(NAME_LIMITS.topicDisplayName);
      const parameter = switchParameterName(longest, region);
      expect(parameter.length).toBeLessThanOrEqual(NAME_LIMITS.parameterName);
      expect(parameter.split('/').length - 1).toBeLessThanOrEqual(NAME_LIMITS.parameterDepth);
      for (const value of Object.values(regionDimensions(longest, region))) {
        expect(value.length).toBeLessThanOrEqual(NAME_LIMITS.dimensionValue);
      }
      expect(longest.length).toBeLessThanOrEqual(NAME_LIMITS.metricName);
      // The commands name the same alarms and parameter.
      expect(evacuationCommand(longest, region, 1)).toContain(parameter);
      expect(statusCommand(longest, region, true)).toContain(healthAlarmName(longest, region));
    }
    expect(isDashboardName(dashboardName(longest))).toBe(true);
    expect(dashboardName(longest).length).toBeLessThanOrEqual(NAME_LIMITS.dashboardName);
  });

  test('the topic\'s display name is the sentence while it fits, and shorter beyond', () => {
    expect(topicDisplayName('Api', 'us-east-1')).toBe("Failover 'Api': us-east-1 leaves or returns to DNS");
    expect(topicDisplayName('a'.repeat(49), 'ap-southeast-2')).toBe(`Failover ${'a'.repeat(49)}-ap-southeast-2`);
  });

  test('the dashboard name of a failover name with dots is stable and apart from the one without', () => {
    expect(dashboardName('my.api')).toBe(`my-api-${shortDigest('my.api')}-failover`);
    expect(dashboardName('my.api')).not.toBe(dashboardName('my-api'));
    expect(shortDigest('my.api')).toBe(shortDigest('my.api'));
    expect(shortDigest('')).toMatch(/^[0-9a-z]{7}$/);
  });

  test('a 49-character failover name with notifications synthesizes in ap-southeast-2 (was: displayName over 100 characters)', () => {
    const { stack } = withSignals(1, undefined, { notifications: true, failoverName: 'a'.repeat(49) }, 'ap-southeast-2');
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Topic', { DisplayName: `Failover ${'a'.repeat(49)}-ap-southeast-2` });
  });

  test('the longest failover name synthesizes with notifications, switch and dashboard, and the guard accepts it', () => {
    const app = new App();
    Aspects.of(app).add(new Route53AlarmGuard());
    const f = failover(app, { notifications: true, failoverName: longest });
    const stack = regionStack(app, 'ap-southeast-7');
    f.addRegion(stack, 'Failover', { loadBalancer: importedAlb(stack), signals: [FailoverSignal.fromMetric({ signalName: longest, threshold: 1, metric: albMetric() })] });
    new FailoverDashboard(stack, 'Dashboard', { failover: f });
    app.synth();
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: dashboardName(longest) });
  });
});

describe('tokens in names', () => {
  const saved = process.env.CDK_DEFAULT_REGION;
  afterEach(() => {
    if (saved === undefined) {
      delete process.env.CDK_DEFAULT_REGION;
    } else {
      process.env.CDK_DEFAULT_REGION = saved;
    }
  });

  test('fails if a Region\'s stack takes env.region from an unset CDK_DEFAULT_REGION (not the misleading regionalRecordName clash)', () => {
    delete process.env.CDK_DEFAULT_REGION;
    const app = new App();
    const f = failover(app);
    const stack = new Stack(app, 'X', { env: { region: process.env.CDK_DEFAULT_REGION } });
    expect(() => f.addRegion(stack, 'Failover', { loadBalancer: alb(stack) })).toThrow(new RegExp(
      "^\\[AAF-REGION-TOKEN\\] FailoverRegion 'X/Failover': the Region of its stack must be known at synth time, got a token "
      + '\\(\\$\\{Token\\[AWS\\.Region\\.\\d+\\]\\}\\): the stack is environment-agnostic .*CDK_DEFAULT_REGION.* Fix: give the stack an env with a literal region',
    ));
  });

  test('fails if setIdentifier is a token', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    expect(() => f.addRegion(stack, 'Failover', { loadBalancer: importedAlb(stack), setIdentifier: Lazy.string({ produce: () => 'x' }) })).toThrow(
      /^\[AAF-RECORD-SET-IDENTIFIER\] FailoverRegion 'Service-us-east-1\/Failover': 'setIdentifier' must be a plain string known at synth time, got: a token \(\$\{Token\[TOKEN\.\d+\]\}\)\. Fix: leave setIdentifier unset/,
    );
  });

  test('fails if regionalRecordName is not a string, naming its type and value', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    expect(() => f.addRegion(stack, 'Failover', { loadBalancer: importedAlb(stack), regionalRecordName: 5 as unknown as string })).toThrow(
      "[AAF-RECORD-NAME] FailoverRegion 'Service-us-east-1/Failover': 'regionalRecordName' must be a plain string known at synth time, got: number 5. Fix: pass the literal name.",
    );
  });

  test('fails if recordName is an object, showing it (not [object Object])', () => {
    expect(() => failover(new App(), { recordName: { name: 'api' } as unknown as string })).toThrow(
      '[AAF-FAILOVER-TOKEN] ActiveActiveFailover: \'recordName\' must be a plain string, got object {"name":"api"}.',
    );
    expect(() => failover(new App(), { recordName: Lazy.any({ produce: () => 'api' }) as unknown as string })).toThrow(
      /^\[AAF-FAILOVER-TOKEN\] ActiveActiveFailover: 'recordName' must be a plain string, got a token \(\$\{Token\[TOKEN\.\d+\]\}\)/,
    );
  });

  test('does not warn about the quota when healthCheckQuota is a token (nothing to compare with at synth time)', () => {
    const app = new App();
    const stack = regionStack(app, 'us-east-1');
    const f = failover(app, { healthCheckQuota: new CfnParameter(stack, 'Quota', { type: 'Number' }).valueAsNumber });
    f.addRegion(stack, 'Failover', { loadBalancer: importedAlb(stack), signals: signals(1) });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AAF-HEALTHCHECK-QUOTA'))).toEqual([]);
  });

  test('does not warn that no listener serves the probe when its port is a token', () => {
    const app = new App();
    const stack = regionStack(app, 'us-east-1');
    const f = failover(app, { probe: { path: '/', port: Token.asNumber(new CfnParameter(stack, 'Port', { type: 'Number' }).valueAsNumber) } });
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack, { httpListener: true }), signals: signals(1) });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AAF-PROBE-MISSES-LISTENER'))).toEqual([]);
  });
});

describe('DNS names', () => {
  const region = (failoverProps: object, regionProps: object = {}, regionCode = 'us-east-1') => {
    const app = new App();
    const f = failover(app, failoverProps);
    const stack = regionStack(app, regionCode);
    return f.addRegion(stack, 'Failover', { loadBalancer: importedAlb(stack), ...regionProps });
  };

  test('fails if a wildcard record name leaves regionalRecordName unset (was: us-east-1.*.api.example.com. probed)', () => {
    expect(() => region({ recordName: '*.api.example.com' })).toThrow(
      "[AAF-RECORD-DNS-NAME] FailoverRegion 'Service-us-east-1/Failover': 'regionalRecordName' must be set when the record name is a wildcard, "
      + "got: unset (the default <region>.<recordName> would be 'us-east-1.*.api.example.com.', which names no host). "
      + "Fix: give the Region a name of its own, such as regionalRecordName: 'us-east-1.api.example.com.'.",
    );
  });

  test('a wildcard record name with regionalRecordName synthesizes', () => {
    const r = region({ recordName: '*.api' }, { regionalRecordName: 'us-east-1.api' });
    expect(r.regionalRecordName).toBe('us-east-1.api.example.com.');
    Template.fromStack(Stack.of(r)).hasResourceProperties('AWS::Route53::RecordSet', { Name: '*.api.example.com.', Region: 'us-east-1' });
  });

  test.each([
    ['api.*', "may hold '*' only as its whole leftmost label"],
    ['a*.api', "may hold '*' only as its whole leftmost label"],
    ['my api', "must be labels of letters, digits, '-' or '_' separated by single dots, but has the label 'my api'"],
    ['api..v1', "must be labels of letters, digits, '-' or '_' separated by single dots, but has the label ''"],
    ['-api', "must be labels of letters, digits, '-' or '_' separated by single dots, but has the label '-api'"],
    ['a'.repeat(64), 'must have labels (the parts between dots) of at most 63 characters'],
  ])('fails if recordName is %j', (recordName, problem) => {
    expect(() => failover(new App(), { recordName })).toThrow(
      `[AAF-RECORD-DNS-NAME] ActiveActiveFailover 'Api': 'recordName' ${problem}`,
    );
  });

  test('fails if recordName is not ASCII, giving its punycode', () => {
    expect(() => failover(new App(), { recordName: 'bücher' })).toThrow(
      "[AAF-RECORD-DNS-NAME] ActiveActiveFailover 'Api': 'recordName' must be ASCII: Route 53 stores internationalized names in punycode, "
      + "got: 'bücher.example.com.'. Fix: write it in punycode: 'xn--bcher-kva.example.com' (require('url').domainToASCII(name)).",
    );
  });

  test('fails if recordName has over 253 characters, and accepts 253', () => {
    const name = (length: number) => `${'a'.repeat(62)}.`.repeat(4).slice(0, length - '.example.com'.length).replace(/\.$/, 'b') + '.example.com';
    expect(name(253)).toHaveLength(253);
    expect(() => failover(new App(), { recordName: name(253) })).not.toThrow();
    expect(() => failover(new App(), { recordName: name(254) })).toThrow(/^\[AAF-RECORD-DNS-NAME\] .*'recordName' must have at most 253 characters, has 254/);
  });

  test('fails if the default <region>.<recordName> is over 253 characters, naming both fixes', () => {
    const recordName = `${'a'.repeat(62)}.`.repeat(4).slice(0, 240) + '.example.com';
    expect(() => region({ recordName }, {}, 'ap-southeast-2')).toThrow(
      /^\[AAF-RECORD-DNS-NAME\] .*'regionalRecordName' must have at most 253 characters, has 267.* Fix: choose a shorter name: set regionalRecordName, or shorten recordName \(the default <region>\.<recordName> adds 15 characters to it\)\.$/,
    );
  });

  test.each(['*.east', 'east.*', 'east api'])('fails if regionalRecordName is %j', regionalRecordName => {
    expect(() => region({}, { regionalRecordName })).toThrow(/^\[AAF-RECORD-DNS-NAME\] FailoverRegion 'Service-us-east-1\/Failover': 'regionalRecordName' must/);
  });

  test('fails if hostedZoneId and zoneName are swapped', () => {
    expect(() => failover(new App(), { hostedZoneId: ZONE.zoneName, zoneName: ZONE.hostedZoneId })).toThrow(
      "[AAF-RECORD-ZONE] ActiveActiveFailover 'Api': 'hostedZoneId' must be a hosted zone id: upper-case letters and digits, such as "
      + "'Z0123456789ABCDEFGHIJ' (a '/hostedzone/' prefix, as the Route 53 API returns ids, is removed), got: 'example.com'. "
      + 'Fix: hostedZoneId and zoneName look swapped',
    );
  });

  test('fails if zoneName is a zone id', () => {
    expect(() => failover(new App(), { zoneName: 'Z123ABC' })).toThrow(
      "[AAF-RECORD-ZONE] ActiveActiveFailover 'Api': 'zoneName' must be the zone's domain name, got what looks like a hosted zone id, got: 'Z123ABC'.",
    );
  });

  test('fails if zoneName is not a domain name', () => {
    expect(() => failover(new App(), { zoneName: 'exa mple.com', recordName: undefined })).toThrow(/^\[AAF-RECORD-DNS-NAME\] ActiveActiveFailover 'Api': 'zoneName' must be labels/);
  });

  test('the rules, as the guard and the simulator call them', () => {
    expect(checkDnsName('recordName', 'api.example.com.')).toEqual([]);
    expect(checkDnsName('recordName', '*.api.example.com.', { wildcard: true })).toEqual([]);
    expect(checkDnsName('recordName', '_dmarc.xn--bcher-kva.example.com')).toEqual([]);
    expect(checkDnsName('recordName', '*.api.example.com.').map(v => v.ruleId)).toEqual([RecordRuleId.DNS_NAME]);
    expect(checkHostedZone('Z0123456789EXAMPLE', 'example.com')).toEqual([]);
    expect(checkHostedZone('/hostedzone/Z0123456789EXAMPLE', 'example.com.')).toEqual([]);
    expect(checkHostedZone('z0123', 'example.com').map(v => v.ruleId)).toEqual([RecordRuleId.ZONE]);
  });
});
