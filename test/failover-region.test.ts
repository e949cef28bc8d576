import { App, CfnParameter, Duration, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { FailoverDashboard, FailoverRegion, FailoverSignal, MetricStrategy } from '../src';
import { ACCOUNT, alb, failover, importedAlb, regionStack, ZONE } from './helpers';

const latency = () => FailoverSignal.targetResponseTime({ threshold: Duration.millis(500) });
const elb5xx = () => FailoverSignal.elbHttp5xxCount({ threshold: 50 });
const connErrors = () => FailoverSignal.targetConnectionErrorCount({ threshold: 20 });

/** One Region in `region` of a fresh app; returns what tests need. */
function oneRegion(options: {
  region?: string;
  signals?: FailoverSignal[];
  dualStack?: boolean;
  failoverProps?: Parameters<typeof failover>[1];
  regionProps?: Partial<Omit<ConstructorParameters<typeof FailoverRegion>[2], 'failover'>>;
} = {}) {
  const app = new App();
  const f = failover(app, options.failoverProps);
  const stack = regionStack(app, options.region ?? 'us-east-1');
  const region = f.addRegion(stack, 'Failover', {
    loadBalancer: alb(stack, { dualStack: options.dualStack }),
    signals: options.signals,
    ...options.regionProps,
  });
  return { app, failover: f, stack, region, template: () => Template.fromStack(stack) };
}

describe('records', () => {
  test('the latency record aliases the Region\'s own name, inherits its health and carries the switch', () => {
    const { template } = oneRegion({ signals: [latency()] });
    template().resourceCountIs('AWS::Route53::RecordSet', 2);
    template().hasResource('AWS::Route53::RecordSet', {
      Properties: {
        HostedZoneId: ZONE.hostedZoneId,
        Name: 'api.example.com.',
        Type: 'A',
        Region: 'us-east-1',
        SetIdentifier: 'Api-us-east-1',
        AliasTarget: { DNSName: 'us-east-1.api.example.com.', HostedZoneId: ZONE.hostedZoneId, EvaluateTargetHealth: true },
        HealthCheckId: { Ref: Match.stringLikeRegexp('^FailoverEvacuationSwitchHealthCheck') },
        TTL: Match.absent(),
      },
      // Route 53 accepts an alias only to a record that exists.
      DependsOn: [Match.stringLikeRegexp('^FailoverRegionalA')],
    });
  });

  test('the Region\'s own name aliases the load balancer with target health and carries the signals\' health check', () => {
    const { template, region } = oneRegion({ signals: [latency()] });
    template().hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'us-east-1.api.example.com.',
      Type: 'A',
      Region: 'us-east-1',
      SetIdentifier: 'Api-us-east-1',
      AliasTarget: {
        DNSName: { 'Fn::Join': ['', ['dualstack.', { 'Fn::GetAtt': [Match.stringLikeRegexp('^Alb'), 'DNSName'] }]] },
        HostedZoneId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Alb'), 'CanonicalHostedZoneID'] },
        EvaluateTargetHealth: true,
      },
      HealthCheckId: { Ref: Match.stringLikeRegexp('TargetResponseTimeHealthCheck') },
      TTL: Match.absent(),
    });
    expect(region.regionalRecordName).toBe('us-east-1.api.example.com.');
    expect(region.regionalRecords).toHaveLength(1);
  });

  test('adds AAAA records when the load balancer is dual-stack', () => {
    const { template, region } = oneRegion({ signals: [latency()], dualStack: true });
    expect(region.ipv6).toBe(true);
    expect(region.records).toHaveLength(2);
    template().resourceCountIs('AWS::Route53::RecordSet', 4);
    template().hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.example.com.',
      Type: 'AAAA',
      SetIdentifier: 'Api-us-east-1',
      AliasTarget: Match.objectLike({ DNSName: 'us-east-1.api.example.com.' }),
    });
    template().hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'us-east-1.api.example.com.',
      Type: 'AAAA',
      HealthCheckId: { Ref: Match.stringLikeRegexp('TargetResponseTimeHealthCheck') },
    });
  });

  test('ipv6 overrides what the load balancer reports', () => {
    const on = oneRegion({ signals: [latency()], regionProps: { ipv6: true } });
    on.template().resourceCountIs('AWS::Route53::RecordSet', 4);
    const off = oneRegion({ signals: [latency()], dualStack: true, regionProps: { ipv6: false } });
    off.template().resourceCountIs('AWS::Route53::RecordSet', 2);
  });

  test('regionalRecordName names the Region\'s own records', () => {
    const { template, region } = oneRegion({ signals: [latency()], regionProps: { regionalRecordName: 'use1.api' } });
    expect(region.regionalRecordName).toBe('use1.api.example.com.');
    template().hasResourceProperties('AWS::Route53::RecordSet', { Name: 'use1.api.example.com.' });
    template().hasResourceProperties('AWS::Route53::RecordSet', { Name: 'api.example.com.', AliasTarget: Match.objectLike({ DNSName: 'use1.api.example.com.' }) });
  });

  test('fails if regionalRecordName is the failover\'s record name', () => {
    expect(() => oneRegion({ signals: [latency()], regionProps: { regionalRecordName: 'api' } })).toThrow(
      /\[AAF-RECORD-NAME\] FailoverRegion 'Service-us-east-1\/Failover': 'regionalRecordName' must differ from the failover's record name, got: 'api.example.com.'/,
    );
  });

  test('fails if regionalRecordName is outside the zone', () => {
    expect(() => oneRegion({ signals: [latency()], regionProps: { regionalRecordName: 'use1.example.org.' } })).toThrow(
      /\[AAF-RECORD-NAME\].*'regionalRecordName' is outside the hosted zone 'example.com', got: 'use1.example.org.'/,
    );
  });

  test('fails if two Regions share a regionalRecordName', () => {
    const app = new App();
    const f = failover(app);
    const [a, b] = ['us-east-1', 'eu-west-1'].map(r => regionStack(app, r));
    f.addRegion(a, 'Failover', { loadBalancer: alb(a), regionalRecordName: 'origin' });
    expect(() => f.addRegion(b, 'Failover', { loadBalancer: alb(b), regionalRecordName: 'origin' })).toThrow(
      /\[AAF-RECORD-NAME\].*'regionalRecordName' must be unique within failover 'Api', got: 'origin.example.com.', already used by 'Service-us-east-1\/Failover'/,
    );
  });

  test('fails if a Region\'s own name is another failover\'s record', () => {
    const app = new App();
    failover(app, { recordName: 'us-east-1.api' }, 'Regional');
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    expect(() => f.addRegion(stack, 'Failover', { loadBalancer: alb(stack) })).toThrow(
      /\[AAF-FAILOVER-DUPLICATE\] FailoverRegion 'Service-us-east-1\/Failover': 'regionalRecordName' must be unique in the app, got: 'us-east-1.api.example.com.' in zone Z0123456789EXAMPLE, already used by 'Regional'/,
    );
  });

  test('defaults the record name to the zone apex', () => {
    const { template } = oneRegion({ signals: [latency()], failoverProps: { recordName: undefined } });
    template().hasResourceProperties('AWS::Route53::RecordSet', { Name: 'example.com.' });
    template().hasResourceProperties('AWS::Route53::RecordSet', { Name: 'us-east-1.example.com.' });
  });

  test('accepts a fully qualified record name', () => {
    const { template } = oneRegion({ signals: [latency()], failoverProps: { recordName: 'www.example.com.' } });
    template().hasResourceProperties('AWS::Route53::RecordSet', { Name: 'www.example.com.' });
  });

  test('failoverName and setIdentifier override the defaults', () => {
    const named = oneRegion({ signals: [latency()], failoverProps: { failoverName: 'checkout' } });
    named.template().hasResourceProperties('AWS::Route53::RecordSet', { SetIdentifier: 'checkout-us-east-1' });
    named.template().hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'checkout-us-east-1-TargetResponseTime' });
    const custom = oneRegion({ signals: [latency()], regionProps: { setIdentifier: 'legacy-use1' } });
    custom.template().hasResourceProperties('AWS::Route53::RecordSet', { SetIdentifier: 'legacy-use1' });
    expect(custom.region.setIdentifier).toBe('legacy-use1');
  });

  test('evaluateTargetHealth can be turned off for the failover or one Region', () => {
    const all = oneRegion({ signals: [latency()], failoverProps: { evaluateTargetHealth: false } });
    const regional = (evaluate: boolean) => ({ Name: 'us-east-1.api.example.com.', AliasTarget: Match.objectLike({ EvaluateTargetHealth: evaluate }) });
    all.template().hasResourceProperties('AWS::Route53::RecordSet', regional(false));
    const one = oneRegion({ signals: [latency()], regionProps: { evaluateTargetHealth: false } });
    one.template().hasResourceProperties('AWS::Route53::RecordSet', regional(false));
    const back = oneRegion({ signals: [latency()], failoverProps: { evaluateTargetHealth: false }, regionProps: { evaluateTargetHealth: true } });
    back.template().hasResourceProperties('AWS::Route53::RecordSet', regional(true));
    // The latency record always inherits the Region's health: that is how the signals reach it.
    all.template().hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.example.com.', AliasTarget: Match.objectLike({ EvaluateTargetHealth: true }),
    });
  });
});

describe('health checks', () => {
  test('one signal: its CLOUDWATCH_METRIC health check is attached to the Region\'s own records, no calculated check', () => {
    const { template, region } = oneRegion({ signals: [latency()] });
    // The signal's, the switch's and the probe's.
    template().resourceCountIs('AWS::Route53::HealthCheck', 3);
    template().hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: {
        Type: 'CLOUDWATCH_METRIC',
        AlarmIdentifier: { Name: { Ref: Match.stringLikeRegexp('TargetResponseTimeAlarm') }, Region: 'us-east-1' },
        InsufficientDataHealthStatus: 'Healthy',
        Inverted: false,
        RequestInterval: Match.absent(),
        FailureThreshold: Match.absent(),
      },
      HealthCheckTags: [{ Key: 'Name', Value: 'Api-us-east-1-TargetResponseTime' }],
    });
    expect(region.healthCheck).toBe(region.signalHealthChecks[0]);
    expect(region.healthCheckCount).toBe(3);
  });

  test('several signals: a CALCULATED check over them, unhealthy as soon as one signal is', () => {
    const { template, region } = oneRegion({ signals: [latency(), elb5xx(), connErrors()] });
    template().resourceCountIs('AWS::Route53::HealthCheck', 6);
    template().hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: {
        Type: 'CALCULATED',
        HealthThreshold: 3,
        ChildHealthChecks: [
          { Ref: Match.stringLikeRegexp('TargetResponseTimeHealthCheck') },
          { Ref: Match.stringLikeRegexp('ElbHttp5xxCountHealthCheck') },
          { Ref: Match.stringLikeRegexp('TargetConnectionErrorCountHealthCheck') },
        ],
      },
      HealthCheckTags: [{ Key: 'Name', Value: 'Api-us-east-1' }],
    });
    template().hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'us-east-1.api.example.com.', HealthCheckId: { Ref: Match.stringLikeRegexp('^FailoverHealthCheck') },
    });
    expect(region.healthCheckCount).toBe(6);
    expect(region.alarms).toHaveLength(3);
  });

  test('minHealthySignals sets the calculated check\'s HealthThreshold', () => {
    const { template } = oneRegion({ signals: [latency(), elb5xx(), connErrors()], regionProps: { minHealthySignals: 2 } });
    template().hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'CALCULATED', HealthThreshold: 2 }) });
  });

  test('no signals: the Region\'s own records rely on target health alone', () => {
    const { template, region } = oneRegion({ signals: [], failoverProps: { evacuationSwitch: false, probe: { enabled: false } } });
    template().resourceCountIs('AWS::Route53::HealthCheck', 0);
    template().resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template().resourceCountIs('AWS::CloudWatch::CompositeAlarm', 0);
    template().hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'us-east-1.api.example.com.', HealthCheckId: Match.absent(), AliasTarget: Match.objectLike({ EvaluateTargetHealth: true }),
    });
    template().hasResourceProperties('AWS::Route53::RecordSet', { Name: 'api.example.com.', HealthCheckId: Match.absent() });
    expect(region.healthCheck).toBeUndefined();
    expect(region.switchHealthCheck).toBeUndefined();
    expect(region.healthAlarm).toBeUndefined();
    expect(region.healthCheckCount).toBe(0);
  });

  test('defaultSignals apply to Regions that set no signals, and a Region\'s own signals replace them', () => {
    const app = new App();
    const f = failover(app, { defaultSignals: [latency(), elb5xx()] });
    const s1 = regionStack(app, 'us-east-1');
    f.addRegion(s1, 'Failover', { loadBalancer: alb(s1) });
    const s2 = regionStack(app, 'eu-west-1');
    f.addRegion(s2, 'Failover', { loadBalancer: alb(s2), signals: [connErrors()] });
    // The signals' alarms, the switch's, and the republisher's (which publishes the switch).
    Template.fromStack(s1).resourceCountIs('AWS::CloudWatch::Alarm', 4);
    Template.fromStack(s1).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'Api-us-east-1-ElbHttp5xxCount' });
    Template.fromStack(s2).resourceCountIs('AWS::CloudWatch::Alarm', 3);
    Template.fromStack(s2).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'Api-eu-west-1-TargetConnectionErrorCount' });
    // us-east-1: 2 signals, calculated, switch, probe; eu-west-1: 1 signal, switch, probe.
    expect(f.healthCheckCount).toBe(8);
    expect(f.regions.map(r => r.region)).toEqual(['us-east-1', 'eu-west-1']);
  });

  test('an existing alarm Route 53 can read drives a health check directly', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    const lb = alb(stack);
    const alarm = new cloudwatch.Alarm(stack, 'Latency', {
      metric: lb.metrics.targetResponseTime({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 2,
      evaluationPeriods: 2,
    });
    f.addRegion(stack, 'Failover', { loadBalancer: lb, signals: [FailoverSignal.fromAlarm({ alarm })] });
    const template = Template.fromStack(stack);
    // The user's alarm, the switch's and the republisher's: no copy of the user's.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
    template.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: {
        Type: 'CLOUDWATCH_METRIC',
        AlarmIdentifier: { Name: { Ref: Match.stringLikeRegexp('^Latency') }, Region: 'us-east-1' },
        InsufficientDataHealthStatus: 'Healthy',
      },
      HealthCheckTags: [{ Key: 'Name', Value: 'Api-us-east-1-Latency' }],
    });
  });

  test('an imported alarm is used with a warning that it can be neither checked nor re-synced', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    const alarm = cloudwatch.Alarm.fromAlarmArn(stack, 'Imported', `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:api-latency`);
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [FailoverSignal.fromAlarm({ alarm, signalName: 'Latency' })] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({ AlarmIdentifier: { Name: 'api-latency', Region: 'us-east-1' } }),
    });
    Annotations.fromStack(stack).hasWarning('/Service-us-east-1/Failover',
      Match.stringLikeRegexp("alarm 'Service-us-east-1/Imported' is imported: its settings cannot be seen, so the library can neither check"));
  });
});

describe('synth-time validation', () => {
  test('fails if the Region is not a Route 53 latency Region', () => {
    expect(() => oneRegion({ region: 'us-iso-east-1', signals: [latency()] })).toThrow(
      "[AAF-RECORD-LATENCY-REGION] FailoverRegion 'Service-us-iso-east-1/Failover': 'region' is not a Region Route 53 "
      + "accepts for latency routing, got: 'us-iso-east-1'. Fix: deploy the Region's stack to one of us-east-1, us-east-2,",
    );
  });

  test('fails if the same Region is added twice', () => {
    const app = new App();
    const f = failover(app);
    const a = regionStack(app, 'us-east-1', 'A');
    f.addRegion(a, 'Failover', { loadBalancer: alb(a), signals: [latency()] });
    const b = regionStack(app, 'us-east-1', 'B');
    expect(() => f.addRegion(b, 'Failover', { loadBalancer: alb(b), signals: [latency()] })).toThrow(
      "[AAF-REGION-DUPLICATE] FailoverRegion 'B/Failover': 'region' must be unique within failover 'Api', "
      + "got: 'us-east-1', already served by 'A/Failover'.",
    );
  });

  test('fails if the load balancer is in another Region than its FailoverRegion', () => {
    const app = new App();
    const f = failover(app);
    const east = regionStack(app, 'us-east-1');
    const west = regionStack(app, 'us-west-2');
    const lb = alb(east);
    expect(() => new FailoverRegion(west, 'Failover', { failover: f, loadBalancer: lb, signals: [latency()] })).toThrow(
      "[AAF-REGION-LOAD-BALANCER] FailoverRegion 'Service-us-west-2/Failover': 'loadBalancer' must be in the Region of its "
      + "stack (us-west-2), got a load balancer in 'us-east-1'.",
    );
  });

  test('fails if an imported load balancer is in another Region', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'eu-west-1');
    const lb = importedAlb(regionStack(app, 'us-east-1', 'Elsewhere'));
    expect(() => f.addRegion(stack, 'Failover', { loadBalancer: lb })).toThrow(/got a load balancer in 'us-east-1'/);
  });

  test('fails if the record name is outside the hosted zone', () => {
    const app = new App();
    expect(() => failover(app, { recordName: 'api.example.org.' })).toThrow(
      "[AAF-RECORD-NAME] ActiveActiveFailover 'Api': 'recordName' is outside the hosted zone 'example.com', "
      + "got: 'api.example.org.'. Fix: use a name in the zone, such as 'api' or 'api.example.com'.",
    );
  });

  test.each(['hostedZoneId', 'zoneName', 'recordName', 'failoverName'])('fails if %s is a token', prop => {
    const app = new App();
    const stack = new Stack(app, 'Global', { env: { region: 'us-east-1' } });
    const token = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' }).hostedZoneId;
    expect(() => failover(app, { [prop]: token })).toThrow(
      new RegExp(`^\\[AAF-FAILOVER-TOKEN\\] ActiveActiveFailover: '${prop}' must be a plain string, got a token \\(\\$\\{Token\\[`),
    );
  });

  test('fails if hostedZoneId is empty', () => {
    expect(() => failover(new App(), { hostedZoneId: ' ' })).toThrow("ActiveActiveFailover: 'hostedZoneId' must not be empty, got: ' '.");
  });

  test('fails if healthCheckQuota is 0', () => {
    expect(() => failover(new App(), { healthCheckQuota: 0 })).toThrow(
      "ActiveActiveFailover 'Api': 'healthCheckQuota' must be a whole number of at least 1, got: 0.",
    );
  });

  test('fails if the SetIdentifier is over 128 characters', () => {
    expect(() => oneRegion({ signals: [latency()], regionProps: { setIdentifier: 'x'.repeat(129) } })).toThrow(
      `[AAF-RECORD-SET-IDENTIFIER] FailoverRegion 'Service-us-east-1/Failover': 'setIdentifier' must have 1 to 128 characters, got: '${'x'.repeat(129)}' (129 characters).`,
    );
  });

  test.each(['f'.repeat(65), 'has space', '-x'])('fails if failoverName is %j', failoverName => {
    expect(() => failover(new App(), { failoverName })).toThrow(
      "ActiveActiveFailover 'Api': 'failoverName' must start with a letter or digit and contain only letters, digits, '-', '_' "
      + `and '.' (at most 64 characters), got: '${failoverName}'. It names alarms and set identifiers.`,
    );
  });

  test('fails if a defaulted failoverName (the construct id) is not usable', () => {
    expect(() => failover(new App(), {}, 'My Api')).toThrow(/got: 'My Api'\. It names alarms and set identifiers and defaults to the construct id\./);
  });

  test('fails if a calculated check would have more than 255 children', () => {
    const signals = Array.from({ length: 256 }, (_, i) => FailoverSignal.fromMetric({
      signalName: `S${i}`, threshold: 1, metric: new cloudwatch.Metric({ namespace: 'Custom', metricName: `M${i}` }),
    }));
    expect(() => oneRegion({ signals })).toThrow(
      "[AAF-HEALTHCHECK-CALCULATED-CHILDREN] FailoverRegion 'Service-us-east-1/Failover': 'signals' exceeds the limit of 255 "
      + 'children in a calculated health check, got: 256 child health checks. Fix: use at most 255 signals per Region.',
    );
  });

  test.each([0, 4, 2.5])('fails if minHealthySignals is %s with 3 signals', min => {
    expect(() => oneRegion({ signals: [latency(), elb5xx(), connErrors()], regionProps: { minHealthySignals: min } })).toThrow(
      '[AAF-HEALTHCHECK-THRESHOLD] FailoverRegion \'Service-us-east-1/Failover\': \'minHealthySignals\' must be a whole number from 1 '
      + `to the number of child health checks (3), got: ${min}.`,
    );
  });

  test('fails if two Regions share a SetIdentifier', () => {
    const app = new App();
    const f = failover(app);
    const a = regionStack(app, 'us-east-1');
    f.addRegion(a, 'Failover', { loadBalancer: alb(a), signals: [latency()], setIdentifier: 'primary' });
    const b = regionStack(app, 'eu-west-1');
    expect(() => f.addRegion(b, 'Failover', { loadBalancer: alb(b), signals: [latency()], setIdentifier: 'primary' })).toThrow(
      "[AAF-RECORD-SET-IDENTIFIER-DUPLICATE] FailoverRegion 'Service-eu-west-1/Failover': 'setIdentifier' must be unique within "
      + "failover 'Api', got: 'primary', already used by 'Service-us-east-1/Failover'.",
    );
    expect(f.regions).toHaveLength(1);
  });

  test('fails if two failovers in one app serve the same record', () => {
    const app = new App();
    failover(app, {}, 'One');
    expect(() => failover(app, {}, 'Two')).toThrow(
      "[AAF-FAILOVER-DUPLICATE] ActiveActiveFailover 'Two': 'recordName' must be unique in the app, got: 'api.example.com.' "
      + "in zone Z0123456789EXAMPLE, already used by 'One'.",
    );
  });

  test('fails if two failovers in one app share a name (their alarm names would clash)', () => {
    const app = new App();
    failover(app, { failoverName: 'shop' }, 'One');
    expect(() => failover(app, { failoverName: 'shop', recordName: 'www' }, 'Two')).toThrow(
      "[AAF-FAILOVER-DUPLICATE] ActiveActiveFailover 'Two': 'failoverName' must be unique in the app, got: 'shop', already used by 'One'.",
    );
  });

  test('the same failover in two separate apps is fine', () => {
    expect(() => [new App(), new App()].map(app => failover(app))).not.toThrow();
  });

  test('fails if two signals of a Region share a name', () => {
    expect(() => oneRegion({ signals: [latency(), latency()] })).toThrow(
      "[AAF-SIGNAL-NAME] FailoverRegion 'Service-us-east-1/Failover': 'signals' must have unique names, got 'TargetResponseTime' twice.",
    );
  });

  test('fails on the signal names before the probe options, when both are wrong', () => {
    expect(() => oneRegion({ signals: [latency(), latency()], regionProps: { probe: { path: 'health' } } })).toThrow(/^\[AAF-SIGNAL-NAME\]/);
  });
});

describe('tokens', () => {
  test('does not validate numbers that are still tokens', () => {
    const app = new App();
    const stack = regionStack(app, 'us-east-1');
    const num = (id: string) => new CfnParameter(stack, id, { type: 'Number' }).valueAsNumber;
    const f = failover(app, { healthCheckQuota: num('Quota') });
    f.addRegion(stack, 'Failover', {
      loadBalancer: alb(stack),
      minHealthySignals: num('MinHealthy'),
      signals: [
        // Mirrored: the alarm Route 53 follows (whose settings must be known at synth time, AAF-ALARM-TOKEN) is the 0/1 mirror.
        FailoverSignal.elbHttp5xxCount({ threshold: num('Threshold'), evaluationPeriods: num('Periods'), strategy: MetricStrategy.mirror() }),
        FailoverSignal.autoScalingGroupCpu({
          autoScalingGroup: autoscaling.AutoScalingGroup.fromAutoScalingGroupName(stack, 'Asg', 'web'), threshold: num('Cpu'), strategy: MetricStrategy.mirror(),
        }),
      ],
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ HealthThreshold: { Ref: 'MinHealthy' } }) });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: { Ref: 'Threshold' }, EvaluationPeriods: { Ref: 'Periods' } });
  });
});

describe('synth-time checks see the finished tree', () => {
  test('an escape-hatch change to a signal alarm after addRegion re-syncs its health check', () => {
    const build = (override?: number) => {
      const { region, stack } = oneRegion({ signals: [latency()] });
      if (override !== undefined) {
        (region.alarms[0].node.defaultChild as cloudwatch.CfnAlarm).addPropertyOverride('Threshold', override);
      }
      return Object.keys(Template.fromStack(stack).findResources('AWS::Route53::HealthCheck'));
    };
    expect(build(0.9)).not.toEqual(build());
    expect(build()).toEqual(build());
  });

  test('fails if a user alarm is made "M out of N" after addRegion', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    const lb = alb(stack);
    const alarm = new cloudwatch.Alarm(stack, 'Latency', {
      metric: lb.metrics.targetResponseTime({ period: Duration.minutes(1) }), threshold: 1, evaluationPeriods: 3,
    });
    f.addRegion(stack, 'Failover', { loadBalancer: lb, signals: [FailoverSignal.fromAlarm({ alarm })] });
    (alarm.node.defaultChild as cloudwatch.CfnAlarm).datapointsToAlarm = 1;
    expect(() => Template.fromStack(stack)).toThrow(/\[AAF-ALARM-M-OF-N\] .* got: 1 out of 3 evaluation periods/);
  });

  test('fails if the alarm lives in another account than the Region\'s stack', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    const other = new Stack(app, 'Other', { env: { account: '222222222222', region: 'us-east-1' } });
    const alarm = new cloudwatch.Alarm(other, 'Latency', {
      metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Latency', period: Duration.minutes(1) }), threshold: 1, evaluationPeriods: 3,
    });
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [FailoverSignal.fromAlarm({ alarm })] });
    expect(() => Template.fromStack(stack)).toThrow(
      "[AAF-ALARM-CROSS-ACCOUNT] FailoverRegion 'Service-us-east-1/Failover', signal 'Latency', alarm 'Other/Latency': "
      + "'AlarmArn' is in another account than the health check's (111111111111), which Route 53 does not support, got: account 222222222222.",
    );
  });
});

describe('warnings', () => {
  test('warns that LastKnownStatus on a traffic-based signal without probe traffic may keep a drained Region out', () => {
    const signals = [FailoverSignal.elbHttp5xxCount({
      threshold: 5, insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS,
    })];
    const { stack } = oneRegion({ signals, failoverProps: { probe: { enabled: false } } });
    Annotations.fromStack(stack).hasWarning('/Service-us-east-1/Failover', Match.stringLikeRegexp(
      "signal 'ElbHttp5xxCount'.*'insufficientDataHealthStatus' is LastKnownStatus on a traffic-based signal without probe traffic.*may never come back",
    ));
    // With the probe (the default), the metric keeps flowing while the Region is drained.
    const probed = oneRegion({ signals });
    Annotations.fromStack(probed.stack).hasNoWarning('*', Match.stringLikeRegexp('may never come back'));
  });

  test('warns that Healthy on a traffic-based signal without probe traffic will flap', () => {
    const { stack } = oneRegion({ signals: [latency()], regionProps: { probe: { enabled: false } } });
    Annotations.fromStack(stack).hasWarning('/Service-us-east-1/Failover', Match.stringLikeRegexp(
      "signal 'TargetResponseTime'.*'insufficientDataHealthStatus' is Healthy on a traffic-based signal without probe traffic.*\\(flapping\\)",
    ));
    const probed = oneRegion({ signals: [latency()] });
    Annotations.fromStack(probed.stack).hasNoWarning('*', Match.stringLikeRegexp('flapping'));
  });

  test('warns if a republished traffic-based signal has no probe: its verdict turns healthy once the metric stops', () => {
    const app = new App();
    const f = failover(app, { probe: { enabled: false } });
    const stack = regionStack(app, 'us-east-1');
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [FailoverSignal.targetResponseTime({ threshold: Duration.seconds(1), statistic: 'p99' })] });
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/Service-us-east-1/Failover', Match.stringLikeRegexp(
      "signal 'TargetResponseTime'.*: its verdict is published every minute and reads healthy once no minute shows the problem.*\\(flapping\\)",
    ));
    annotations.hasNoWarning('*', Match.stringLikeRegexp('may never come back'));
  });

  test('does not warn about LastKnownStatus on a continuously published metric', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    const autoScalingGroup = autoscaling.AutoScalingGroup.fromAutoScalingGroupName(stack, 'Asg', 'web');
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [FailoverSignal.autoScalingGroupCpu({ autoScalingGroup })] });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('may never come back'));
  });

  test('warns if ipv6 is forced on an IPv4 load balancer', () => {
    const { stack } = oneRegion({ signals: [latency()], regionProps: { ipv6: true } });
    Annotations.fromStack(stack).hasWarning('/Service-us-east-1/Failover', Match.stringLikeRegexp(
      "'ipv6' is true but the load balancer's ipAddressType is ipv4: the AAAA record would resolve to nothing",
    ));
  });

  test('warns if a Region can never fail over (no signals, target health off)', () => {
    const { stack } = oneRegion({ signals: [], regionProps: { evaluateTargetHealth: false } });
    Annotations.fromStack(stack).hasWarning('/Service-us-east-1/Failover', Match.stringLikeRegexp(
      "has no signals and 'evaluateTargetHealth' is false: Route 53 can never take this Region out of DNS",
    ));
  });

  test('does not warn about failing over when a Region has signals or target health', () => {
    const { stack } = oneRegion({ signals: [] });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('can never take this Region out'));
  });

  test('warns if the failover has only one Region', () => {
    const { stack } = oneRegion({ signals: [latency()] });
    Annotations.fromStack(stack).hasWarning('/Service-us-east-1/Failover', Match.stringLikeRegexp(
      "Failover 'Api' has only one Region \\(us-east-1\\): this is not active-active",
    ));
  });

  test('does not warn about a single Region when there are two', () => {
    const app = new App();
    const f = failover(app);
    const stacks = ['us-east-1', 'eu-west-1'].map(r => regionStack(app, r));
    stacks.forEach(s => f.addRegion(s, 'Failover', { loadBalancer: alb(s, { httpListener: true }), signals: [latency()] }));
    for (const s of stacks) {
      Annotations.fromStack(s).hasNoWarning('*', Match.anyValue());
    }
  });

  test('warns with the count when the failover needs more health checks than the default quota of 200', () => {
    const app = new App();
    const f = failover(app);
    const signals = Array.from({ length: 100 }, (_, i) => FailoverSignal.fromMetric({
      signalName: `S${i}`, threshold: 1, metric: new cloudwatch.Metric({ namespace: 'Custom', metricName: `M${i}` }),
    }));
    const stacks = ['us-east-1', 'eu-west-1'].map(r => regionStack(app, r));
    stacks.forEach(s => f.addRegion(s, 'Failover', { loadBalancer: alb(s), signals }));
    expect(f.healthCheckCount).toBe(206);
    Annotations.fromStack(stacks[0]).hasWarning('/Service-us-east-1/Failover', Match.stringLikeRegexp(
      "\\[AAF-HEALTHCHECK-QUOTA\\] Failover 'Api' \\(2 Regions\\): 'healthCheckQuota' exceeds the account quota of 200 .* got: 206 health checks",
    ));
    Annotations.fromStack(stacks[1]).hasNoWarning('*', Match.stringLikeRegexp('AAF-HEALTHCHECK-QUOTA'));
  });

  test('healthCheckQuota raises the limit the warning uses', () => {
    const { stack } = oneRegion({ signals: [latency(), elb5xx()], failoverProps: { healthCheckQuota: 2 } });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('exceeds the account quota of 2 .* got: 5 health checks'));
  });

  test('warns when only some Regions have AAAA records', () => {
    const app = new App();
    const f = failover(app);
    const east = regionStack(app, 'us-east-1');
    f.addRegion(east, 'Failover', { loadBalancer: alb(east, { dualStack: true, httpListener: true }), signals: [latency()] });
    const west = regionStack(app, 'eu-west-1');
    f.addRegion(west, 'Failover', { loadBalancer: alb(west, { httpListener: true }), signals: [latency()] });
    Annotations.fromStack(west).hasWarning('/Service-eu-west-1/Failover', Match.stringLikeRegexp(
      'has no AAAA record while us-east-1 has one: IPv6 clients are never routed to this Region',
    ));
    Annotations.fromStack(east).hasNoWarning('*', Match.anyValue());
  });

  test('warns that minHealthySignals is ignored with one signal', () => {
    const { stack } = oneRegion({ signals: [latency()], regionProps: { minHealthySignals: 1 } });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp("'minHealthySignals' is ignored with fewer than two signals \\(got 1\\)"));
  });
});

describe('environments and stages', () => {
  test('fails if a Region\'s stack is environment-agnostic (its Region a token)', () => {
    const app = new App();
    const f = failover(app);
    const stack = new Stack(app, 'Agnostic');
    expect(() => f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [latency()] })).toThrow(
      /^\[AAF-REGION-TOKEN\] FailoverRegion 'Agnostic\/Failover': the Region of its stack must be known at synth time, got a token \(\$\{Token\[AWS\.Region\.\d+\]\}\).* Fix: give the stack an env with a literal region/,
    );
  });

  test('Regions in separate Stages synthesize with no cross-Stage reference and get the failover-wide checks', () => {
    const app = new App();
    const f = failover(app, { healthCheckQuota: 8 });
    const stages = ['us-east-1', 'eu-central-1', 'ap-southeast-2'].map(region => {
      const stage = new Stage(app, `Deploy-${region}`, { env: { account: ACCOUNT, region } });
      const stack = new Stack(stage, 'Service');
      f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [latency(), elb5xx()] });
      return { stage, stack };
    });
    for (const { stack } of stages) {
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::Route53::RecordSet', { Region: stack.region, SetIdentifier: `Api-${stack.region}` });
      const json = JSON.stringify(template.toJSON());
      expect(json).not.toMatch(/Fn::ImportValue|ExportsReader|"Type":"AWS::SSM::Parameter"/);
    }
    expect(f.healthCheckCount).toBe(15);
    // The failover-wide checks ran inside the Stages: the quota warning sits on the first Region.
    Annotations.fromStack(stages[0].stack).hasWarning('*', Match.stringLikeRegexp('got: 15 health checks'));
  });

  // CDK Pipelines synthesizes a Stage as soon as it is added (pipeline.addStage, wave.addStage).
  function stageWithRegion(app: App, f: ReturnType<typeof failover>, region: string): Stage {
    const stage = new Stage(app, `Deploy-${region}`, { env: { account: ACCOUNT, region } });
    const stack = new Stack(stage, 'Service');
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [latency()] });
    return stage;
  }

  test('fails if a Region is added after another Region of the failover was synthesized', () => {
    const app = new App();
    const f = failover(app);
    stageWithRegion(app, f, 'us-east-1').synth();
    expect(() => stageWithRegion(app, f, 'eu-central-1')).toThrow(
      "[AAF-REGION-AFTER-SYNTH] FailoverRegion 'Deploy-eu-central-1/Service/Failover': every Region must be added to failover 'Api' "
      + "before any part of it is synthesized, got this Region after 'Deploy-us-east-1/Service/Failover' was synthesized with the "
      + '1 Region(s) added before',
    );
  });

  test('fails if a Region is added after the failover\'s dashboard was synthesized', () => {
    const app = new App();
    const f = failover(app);
    stageWithRegion(app, f, 'us-east-1');
    const global = new Stage(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
    new FailoverDashboard(new Stack(global, 'Dashboard'), 'Dashboard', { failover: f });
    global.synth();
    expect(() => stageWithRegion(app, f, 'eu-central-1')).toThrow(/\[AAF-REGION-AFTER-SYNTH\].*after 'Global\/Dashboard\/Dashboard' was synthesized/);
  });

  test('every Stage built first, then synthesized one by one: each sees every Region', () => {
    const app = new App();
    const f = failover(app);
    const stages = ['us-east-1', 'eu-central-1'].map(region => stageWithRegion(app, f, region));
    for (const stage of stages) {
      stage.synth();
    }
    // No 'only one Region' warning: the first Stage's checks saw both Regions.
    const stack = stages[0].node.findChild('Service') as Stack;
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('has only one Region'))).toEqual([]);
  });
});
