import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { FailoverRegionOptions, FailoverSignal, ProbeOptions, ProbeProtocol } from '../../../src';
import { alb, failover, importedAlb, regionStack } from '../../helpers';

const latency = () => FailoverSignal.targetResponseTime({ threshold: Duration.millis(500) });

/** One Region whose load balancer gets the listeners `listen` adds (after the Region, as apps often do). */
function region(options: {
  probe?: ProbeOptions;
  regionProps?: Partial<FailoverRegionOptions>;
  listen?: (lb: elbv2.ApplicationLoadBalancer, stack: Stack) => void;
  imported?: boolean;
} = {}) {
  const app = new App();
  const f = failover(app, { probe: options.probe });
  const stack = regionStack(app, 'us-east-1');
  const lb = options.imported ? importedAlb(stack) : alb(stack);
  const r = f.addRegion(stack, 'Failover', { loadBalancer: lb, signals: [latency()], ...options.regionProps });
  if (options.listen && lb instanceof elbv2.ApplicationLoadBalancer) {
    options.listen(lb, stack);
  }
  return { stack, region: r, template: () => Template.fromStack(stack) };
}

const httpListener = (lb: elbv2.ApplicationLoadBalancer, port = 80) =>
  lb.addListener(`Http${port}`, { port, protocol: elbv2.ApplicationProtocol.HTTP, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
const httpsListener = (lb: elbv2.ApplicationLoadBalancer, stack: Stack) => lb.addListener('Https', {
  port: 443,
  protocol: elbv2.ApplicationProtocol.HTTPS,
  certificates: [acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:111111111111:certificate/abc')],
  defaultAction: elbv2.ListenerAction.fixedResponse(200),
});

describe('probe traffic', () => {
  test('is on by default: an endpoint check on the Region\'s own name, attached to no record', () => {
    const { template, region: r } = region({ listen: lb => httpListener(lb) });
    template().hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: {
        Type: 'HTTP',
        FullyQualifiedDomainName: 'us-east-1.api.example.com',
        Port: 80,
        ResourcePath: '/',
        RequestInterval: 30,
        FailureThreshold: 3,
        EnableSNI: false,
      },
      HealthCheckTags: [{ Key: 'Name', Value: 'Api-us-east-1-probe' }],
    });
    expect(r.probeHealthCheck).toBeDefined();
    // Its result is not part of the Region's health: no record and no calculated check names it.
    const json = template().toJSON();
    const probeId = Object.entries<any>(json.Resources).find(([, v]) => v.Properties?.HealthCheckConfig?.FullyQualifiedDomainName)![0];
    const users = Object.values<any>(json.Resources).filter(v => JSON.stringify(v.Properties ?? {}).includes(`"Ref":"${probeId}"`));
    expect(users).toEqual([]);
  });

  test('follows the load balancer\'s HTTPS listener, added after the Region', () => {
    const { template } = region({ listen: (lb, stack) => { httpListener(lb); httpsListener(lb, stack); } });
    template().hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({ Type: 'HTTPS', Port: 443, EnableSNI: true }),
    });
  });

  test('sees listeners created with new ApplicationListener, not only addListener', () => {
    const { template, stack: s } = region({
      listen: (lb, stack) => new elbv2.ApplicationListener(stack, 'Direct', {
        loadBalancer: lb, port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, defaultAction: elbv2.ListenerAction.fixedResponse(200),
      }),
    });
    template().hasResourceProperties('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'HTTP', Port: 8080 }) });
    Annotations.fromStack(s).hasNoWarning('*', Match.stringLikeRegexp('no such listener'));
  });

  test('warns that the probe cannot reach a load balancer without public IPv4', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      natGateways: 0,
      ipProtocol: ec2.IpProtocol.DUAL_STACK,
      subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }],
    });
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', {
      vpc, internetFacing: true, ipAddressType: elbv2.IpAddressType.DUAL_STACK_WITHOUT_PUBLIC_IPV4,
    });
    f.addRegion(stack, 'Failover', { loadBalancer: lb, signals: [latency()] });
    Annotations.fromStack(stack).hasWarning('/Service-us-east-1/Failover', Match.stringLikeRegexp(
      'the load balancer has no public IPv4 address .* the probe cannot reach it',
    ));
  });

  test('uses HTTPS on 443 when the listeners cannot be seen (imported load balancer)', () => {
    const { template } = region({ imported: true });
    template().hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({ Type: 'HTTPS', Port: 443, FullyQualifiedDomainName: 'us-east-1.api.example.com' }),
    });
  });

  test('path, protocol, port and interval can be set for the failover, and a Region can replace them', () => {
    const { template } = region({
      probe: { path: '/health', protocol: ProbeProtocol.HTTP, port: 8080, requestInterval: Duration.seconds(10) },
      listen: lb => httpListener(lb, 8080),
    });
    template().hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({ Type: 'HTTP', Port: 8080, ResourcePath: '/health', RequestInterval: 10 }),
    });
    const off = region({ probe: { path: '/health' }, regionProps: { probe: { enabled: false } } });
    expect(off.region.probeHealthCheck).toBeUndefined();
    off.template().resourcePropertiesCountIs('AWS::Route53::HealthCheck', { HealthCheckConfig: Match.objectLike({ Type: 'HTTPS' }) }, 0);
  });

  test('warns when the probe matches no listener of the load balancer', () => {
    const { stack } = region({ probe: { protocol: ProbeProtocol.HTTPS }, listen: lb => httpListener(lb) });
    Annotations.fromStack(stack).hasWarning('/Service-us-east-1/Failover', Match.stringLikeRegexp(
      'the probe sends HTTPS to port 443, but the load balancer has no such listener \\(it has HTTP:80\\)',
    ));
  });

  test('warns when a load balancer of the app has no listener at all', () => {
    const { stack } = region({});
    Annotations.fromStack(stack).hasWarning('/Service-us-east-1/Failover', Match.stringLikeRegexp(
      'the probe sends HTTPS to port 443, but the load balancer has no such listener \\(it has none\\)',
    ));
  });

  test('fails if the probe path does not start with a slash', () => {
    expect(() => region({ probe: { path: 'health' } })).toThrow(
      /\[AAF-PROBE-PATH\] FailoverRegion 'Service-us-east-1\/Failover': 'probe.path' must start with '\/' and have at most 255 characters, got: 'health'/,
    );
  });

  test('fails if the probe port is out of range', () => {
    expect(() => region({ regionProps: { probe: { port: 70000 } } })).toThrow(
      /\[AAF-PROBE-PORT\] .*'probe.port' must be a whole number from 1 to 65535, got: 70000/,
    );
  });

  test('fails if the probe interval is neither 10 nor 30 seconds', () => {
    expect(() => region({ probe: { requestInterval: Duration.seconds(15) } })).toThrow(
      /\[AAF-PROBE-REQUEST-INTERVAL\] .*'probe.requestInterval' must be one of 10 or 30 seconds, got: 15 seconds/,
    );
  });
});
