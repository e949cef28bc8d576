import { App, Aspects, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { NagSuppressions } from 'cdk-nag';
import { ActiveActiveFailover, ActiveActiveFailoverProps, FailoverDashboard, FailoverDrill, FailoverSignal, Route53AlarmGuard } from '../src';

/**
 * The article's four signals of a Region's health, with the library's other
 * defaults (the example app and the failover benchmark use them).
 */
export function articleSignals(service: ecs.IBaseService): FailoverSignal[] {
  return [
    // High p99 latency. Route 53 cannot read percentiles: the p99 is
    // republished once a minute as a plain metric (strategy Republish).
    FailoverSignal.targetResponseTime({ statistic: 'p99', threshold: Duration.seconds(1) }),
    // High % of 5xx, from the targets or the load balancer (republished metric math).
    FailoverSignal.http5xxErrorRate({ threshold: 5 }),
    // High % of target connection errors (republished metric math).
    FailoverSignal.targetConnectionErrorRate({ threshold: 5 }),
    // CPU critically high (default threshold: 90 %), alarmed on directly.
    FailoverSignal.ecsServiceCpu({ service }),
  ];
}

/** The account every example stack is deployed to (a placeholder). */
export const EXAMPLE_ACCOUNT = '111111111111';

/** The example's failover: its record, zone and the defaults of every Region. */
export const EXAMPLE_FAILOVER: ActiveActiveFailoverProps = {
  hostedZoneId: 'Z0EXAMPLE0000000000', // placeholder public hosted zone
  zoneName: 'example.com',
  recordName: 'api', // users resolve api.example.com
  // Every Region also gets an evacuation switch and probe traffic (both on
  // by default). The probe requests '/' through the Region's own name
  // (us-east-1.api.example.com) on the load balancer's HTTP listener.
  probe: { path: '/' },
  // Each Region gets an SNS topic, told when it leaves DNS and when it returns.
  notifications: true,
};

/** The Regions that serve the API, all active at once. */
export const EXAMPLE_REGIONS = ['us-east-1', 'eu-central-1', 'ap-southeast-2'];

/** The example's service in one Region: what `failover.addRegion` needs. */
export interface ExampleService {
  /** The Region's internet-facing, dual-stack Application Load Balancer. */
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The ECS service behind it (its CPU is one of the signals). */
  readonly service: ecs.FargateService;
}

/**
 * Builds the example's service in `stack`: nginx on Fargate behind an
 * internet-facing, dual-stack load balancer. The stack must have an explicit
 * Region (its Availability Zones are `<region>a` and `<region>b`; ec2.Vpc
 * still checks them against the stack's, which the CDK CLI reads from
 * examples/cdk.context.json). The example app, the CDK Pipelines example and
 * the integration test all deploy this service.
 */
export function buildExampleService(stack: Stack): ExampleService {
  // A dual-stack VPC with public subnets only: no NAT gateway, so the tasks
  // get public IPs. The Vpc checks the explicit AZs against
  // stack.availabilityZones: a context lookup, which the CDK CLI answers from
  // examples/cdk.context.json (committed, so synthesis never calls AWS).
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    ipProtocol: ec2.IpProtocol.DUAL_STACK,
    availabilityZones: [`${stack.region}a`, `${stack.region}b`],
    natGateways: 0,
    subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }],
    flowLogs: { FlowLog: {} },
  });

  // An internet-facing, dual-stack load balancer: the Region gets both an
  // A and an AAAA latency record.
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'LoadBalancer', {
    vpc,
    internetFacing: true,
    ipAddressType: elbv2.IpAddressType.DUAL_STACK,
    // Clients on pooled connections re-resolve DNS only when their connection
    // closes: 120 s lets them follow a failover within the failover's own time
    // (docs/failover-benchmark.md, "Pooled connections").
    clientKeepAlive: Duration.seconds(120),
  });
  NagSuppressions.addResourceSuppressions(loadBalancer, [{
    id: 'AwsSolutions-ELB2',
    reason: 'The example keeps no access logs (they need an S3 bucket with its own retention policy); enable them in production.',
  }]);

  // The service: nginx on Fargate behind the load balancer.
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsights: true });
  const api = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Service', {
    cluster,
    loadBalancer,
    desiredCount: 2,
    // Both set explicitly: newer aws-cdk-lib versions warn when either is left to its default.
    minHealthyPercent: 100,
    circuitBreaker: { rollback: true },
    taskImageOptions: {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
      containerPort: 80,
    },
    taskSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    assignPublicIp: true,
  });
  NagSuppressions.addResourceSuppressions(loadBalancer.connections.securityGroups[0], [{
    id: 'AwsSolutions-EC23',
    reason: 'An internet-facing API: users, and the Route 53 health checkers that send probe traffic, reach port 80 from any address.',
  }]);
  return { loadBalancer, service: api.service };
}

/**
 * Builds the example app: one API served from three Regions behind
 * latency-based Route 53 records, each Region leaving DNS when its signals
 * say it serves users badly.
 *
 * Everything is explicit (account, Regions, Availability Zones); under the
 * CDK CLI, the Regions' Availability Zones come from examples/cdk.context.json,
 * so synthesis never calls AWS.
 *
 * @param overrides failover props that differ from the example's (tests use it, for example for a failback policy)
 */
export function buildExampleApp(outdir?: string, overrides: Partial<ActiveActiveFailoverProps> = {}): App {
  const app = new App({ outdir });

  // The failover itself is global and holds only plain values: create it once,
  // directly in the App, and add one Region per stack.
  const failover = new ActiveActiveFailover(app, 'Api', { ...EXAMPLE_FAILOVER, ...overrides });

  // One dashboard for all Regions, in a stack of its own. It names the
  // Regions' alarms by name and Region, so it references no other stack.
  const dashboardStack = new Stack(app, 'ApiDashboard', { env: { account: EXAMPLE_ACCOUNT, region: 'us-east-1' } });
  new FailoverDashboard(dashboardStack, 'Dashboard', { failover });

  for (const region of EXAMPLE_REGIONS) {
    const stack = new Stack(app, `ApiService-${region}`, {
      env: { account: EXAMPLE_ACCOUNT, region },
    });

    // The service: nginx on Fargate behind a dual-stack load balancer.
    const { loadBalancer, service } = buildExampleService(stack);

    // This Region's part of the failover: the article's four signals. Each
    // becomes an alarm Route 53 can read and a health check; a calculated
    // health check combines them, and the Region leaves DNS as soon as one of
    // them is unhealthy.
    const failoverRegion = failover.addRegion(stack, 'Failover', { loadBalancer, signals: articleSignals(service) });

    // Fault-injection drills of the article's four gray failures (an FIS
    // experiment template each; nothing runs until an operator starts one).
    // The task definition gets the SSM agent sidecar and the settings FIS
    // needs; the drills find the port and the load balancer's subnets themselves.
    FailoverDrill.prepareTaskDefinition(service.taskDefinition);
    failoverRegion.addDrill('Drill', { service });
  }

  // Every Route 53 health check and record of the app, including any made by
  // hand, is checked against Route 53's rules at synth time. (In a CDK
  // Pipelines app, add it to each Stage: an App's aspects do not reach them.)
  Aspects.of(app).add(new Route53AlarmGuard());

  return app;
}
