import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { ActiveActiveFailover, ActiveActiveFailoverProps, FailoverRegionOptions, FailoverSignal } from '../src';

/** The account every test stack uses. */
export const ACCOUNT = '111111111111';

/** A hosted zone for tests. */
export const ZONE = { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' };

/** A stack in `region` with an explicit env (Regions matter here). */
export function regionStack(app: App, region: string, id = `Service-${region}`): Stack {
  return new Stack(app, id, { env: { account: ACCOUNT, region } });
}

export interface AlbOptions {
  readonly dualStack?: boolean;
  /** An HTTP listener on port 80 (the probe's target when there is no HTTPS listener). */
  readonly httpListener?: boolean;
  /** The client keep-alive; `null` leaves it unset (the ALB's default, an hour). Default: 120 s, as the README recommends. */
  readonly clientKeepAlive?: Duration | null;
}

/** A VPC with explicit availability zones (no lookups) and an internet-facing ALB. */
export function alb(stack: Stack, options: AlbOptions = {}): elbv2.ApplicationLoadBalancer {
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: [`${stack.region}a`, `${stack.region}b`],
    natGateways: 0,
    ipProtocol: options.dualStack ? ec2.IpProtocol.DUAL_STACK : ec2.IpProtocol.IPV4_ONLY,
    subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }],
  });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', {
    vpc,
    internetFacing: true,
    ipAddressType: options.dualStack ? elbv2.IpAddressType.DUAL_STACK : elbv2.IpAddressType.IPV4,
    clientKeepAlive: options.clientKeepAlive === null ? undefined : options.clientKeepAlive ?? Duration.seconds(120),
  });
  if (options.httpListener) {
    loadBalancer.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
  }
  return loadBalancer;
}

/** A failover in the app root with the test zone. */
export function failover(app: App, props: Partial<ActiveActiveFailoverProps> = {}, id = 'Api'): ActiveActiveFailover {
  // The probe's path named (as users must, when traffic-based signals depend on it): '/', the default's value.
  return new ActiveActiveFailover(app, id, { ...ZONE, recordName: 'api', probe: { path: '/' }, ...props });
}

/**
 * An imported load balancer in `stack`'s Region: for tests whose findings must
 * be about the library's resources, not a fixture's.
 */
export function importedAlb(stack: Stack): elbv2.IApplicationLoadBalancer {
  return elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Alb', {
    loadBalancerArn: `arn:aws:elasticloadbalancing:${stack.region}:${ACCOUNT}:loadbalancer/app/api/0123456789abcdef`,
    securityGroupId: 'sg-0123456789abcdef0',
    loadBalancerCanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
    loadBalancerDnsName: `api-1.${stack.region}.elb.amazonaws.com`,
  });
}

/** A one-Region failover in us-east-1 (no evacuation switch) with `signals`, synthesized. */
export function synthRegion(signals: (stack: Stack) => FailoverSignal[], options: Partial<FailoverRegionOptions> = {}) {
  const app = new App();
  const f = failover(app, { evacuationSwitch: false });
  const stack = regionStack(app, 'us-east-1');
  f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: signals(stack), ...options });
  return { stack, template: Template.fromStack(stack) };
}
