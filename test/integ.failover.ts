/*
 * Integration test: deploys the failover for real and checks, with AWS API
 * calls, what a deployment must show. Run it with integ-runner against an
 * account of yours (see docs/integration-test.md); `test/integ-snapshot.test.ts`
 * synthesizes it offline and compares its templates to a jest snapshot.
 *
 * What it deploys (all in one account):
 *
 * - Stage `AafInteg-us-east-1` and Stage `AafInteg-eu-central-1`: each is the
 *   CDK Pipelines example's `RegionStage` (examples/pipelines.ts): the example
 *   service (nginx on Fargate behind a dual-stack ALB) and the Region's part of
 *   the failover with the article's four signals, the guard applied to the
 *   Stage. Each Stage also holds a small assertion stack, in its own Region,
 *   that checks the Region's alarms with CloudWatch (CloudWatch answers only
 *   about its own Region). A failed check fails that stack's deployment.
 * - Stage `AafInteg-global`: the dashboard, in us-east-1.
 * - Stack `AafIntegAssertions` (us-east-1): integ-runner's assertion stack,
 *   checking Route 53 (a global service) and the dashboard. integ-runner
 *   reports each of its checks.
 *
 * Stacks inside Stages: integ-runner deploys the stacks of a test case by
 * their construct paths (`AafInteg-us-east-1/Service`), which the CDK CLI and
 * toolkit match against the stacks of nested assemblies too, and recent
 * integ-runner versions destroy every stack of the app, Stages included. But
 * integ-runner's snapshot comparison reads only the top-level stacks of the
 * cloud assembly: the templates of the stacks inside Stages are not diffed by
 * integ-runner. That is why the templates are snapshotted by jest instead
 * (test/integ-snapshot.test.ts), every nested assembly included.
 *
 * Nothing crosses a Region or a Stage: the assertion stacks name the records,
 * alarms and dashboard by their literal, deterministic names; the health
 * checks are found through the records, within the assertion stack.
 *
 * The hosted zone must be a public hosted zone you own. Its ID and name come
 * from context (`-c integ:hostedZoneId=... -c integ:zoneName=...`) or from the
 * environment (INTEG_HOSTED_ZONE_ID, INTEG_ZONE_NAME); the placeholders below
 * only let the app synthesize offline.
 */
import { ActualResult, AwsApiCall, EqualsAssertion, ExpectedResult, IApiCall, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { DashboardStage, RegionStage } from '../examples/pipelines';
import { ActiveActiveFailover } from '../src';

/** The Regions the test deploys to. */
export const INTEG_REGIONS = ['us-east-1', 'eu-central-1'];

/** The failover's name: it prefixes every alarm, health check name and set identifier. */
export const INTEG_FAILOVER_NAME = 'AafInteg';

/** The record users resolve, relative to the zone. */
export const INTEG_RECORD_NAME = 'aaf-integ';

/** Placeholders used when neither context nor environment names a hosted zone. */
export const PLACEHOLDER_ZONE = { hostedZoneId: 'Z00000000000INTEGTEST', zoneName: 'integ.example.com' };

/** The signals of `articleSignals`, by name, with the metric each alarm watches. */
const SIGNAL_ALARMS: Record<string, { namespace: string; metricName: string; statistic: string }> = {
  TargetResponseTime: { namespace: 'ActiveActiveFailover', metricName: 'TargetResponseTime', statistic: 'Maximum' },
  Http5xxErrorRate: { namespace: 'ActiveActiveFailover', metricName: 'Http5xxErrorRate', statistic: 'Maximum' },
  TargetConnectionErrorRate: { namespace: 'ActiveActiveFailover', metricName: 'TargetConnectionErrorRate', statistic: 'Maximum' },
  EcsServiceCpu: { namespace: 'AWS/ECS', metricName: 'CPUUtilization', statistic: 'Average' },
};

/** A Route 53 health check ID. */
const HEALTH_CHECK_ID = Match.stringLikeRegexp('^[0-9a-f-]{36}$');

/** The hosted zone to test in: context first, then the environment, then placeholders. */
export function integZone(app: App): { hostedZoneId: string; zoneName: string } {
  return {
    hostedZoneId: app.node.tryGetContext('integ:hostedZoneId') ?? process.env.INTEG_HOSTED_ZONE_ID ?? PLACEHOLDER_ZONE.hostedZoneId,
    zoneName: (app.node.tryGetContext('integ:zoneName') ?? process.env.INTEG_ZONE_NAME ?? PLACEHOLDER_ZONE.zoneName)
      .replace(/\.$/, '').toLowerCase(),
  };
}

/** What the test app is made of. */
export interface IntegApp {
  readonly app: App;
  readonly regionStages: RegionStage[];
  readonly dashboardStage: DashboardStage;
  /** Per Region, the assertion stack inside the Region's Stage. */
  readonly regionAssertionStacks: Stack[];
  /** integ-runner's assertion stack (us-east-1). */
  readonly assertionStack: Stack;
  readonly integ: IntegTest;
}

/**
 * Builds the integration test app. With no `outdir`, the App writes where the
 * CDK CLI or integ-runner says (CDK_OUTDIR); `context` adds to the CDK's.
 */
export function buildIntegApp(outdir?: string, context?: Record<string, string>): IntegApp {
  const app = new App({ outdir, context });
  const zone = integZone(app);
  const latencyName = `${INTEG_RECORD_NAME}.${zone.zoneName}`;

  // Global, plain values only: in the App, outside every Stage.
  const failover = new ActiveActiveFailover(app, INTEG_FAILOVER_NAME, {
    ...zone,
    recordName: INTEG_RECORD_NAME,
    probe: { path: '/' },
    notifications: true,
  });

  // Accounts are left to the deployment (integ-runner's credentials); every
  // Region is explicit, and so are the Availability Zones (no lookup).
  const regionStages = INTEG_REGIONS.map(region => new RegionStage(app, `${INTEG_FAILOVER_NAME}-${region}`, {
    env: { region },
    failover,
  }));
  const regionAssertionStacks = regionStages.map(stage => regionAssertions(stage));
  const dashboardStage = new DashboardStage(app, `${INTEG_FAILOVER_NAME}-global`, { env: { region: 'us-east-1' }, failover });

  const assertionStack = new Stack(app, 'AafIntegAssertions', { env: { region: 'us-east-1' } });
  const integ = new IntegTest(app, 'ActiveActiveFailoverInteg', {
    testCases: [
      ...regionStages.map(stage => stage.serviceStack),
      ...regionAssertionStacks,
      dashboardStage.dashboardStack,
    ],
    assertionStack,
    // The update workflow would first deploy the snapshot integ-runner
    // committed, which holds another hosted zone; each run starts afresh.
    stackUpdateWorkflow: false,
  });

  const route53 = (api: string, parameters: Record<string, unknown>, outputPaths?: string[]) =>
    integ.assertions.awsApiCall('Route53', api, { HostedZoneId: zone.hostedZoneId, ...parameters }, outputPaths);
  const getHealthCheck = (healthCheckId: string) => integ.assertions.awsApiCall('Route53', 'getHealthCheck', { HealthCheckId: healthCheckId });

  for (const region of INTEG_REGIONS) {
    const regionalName = `${region}.${latencyName}`;
    const setIdentifier = `${INTEG_FAILOVER_NAME}-${region}`;
    const record = (name: string, type: string, aliasTarget: Record<string, unknown>) => Match.objectLike({
      Name: `${name}.`,
      Type: type,
      SetIdentifier: setIdentifier,
      Region: region,
      HealthCheckId: HEALTH_CHECK_ID,
      AliasTarget: Match.objectLike({ ...aliasTarget, EvaluateTargetHealth: true }),
    });

    // The failover's latency records for this Region, A and AAAA (listed with
    // the other Regions': A before AAAA): aliases to the Region's own name that
    // evaluate its health and carry the switch's check.
    const toRegionalName = { HostedZoneId: zone.hostedZoneId, DNSName: `${regionalName}.` };
    route53('listResourceRecordSets', {
      StartRecordName: latencyName, StartRecordType: 'A', MaxItems: 2 * INTEG_REGIONS.length,
    }).expect(ExpectedResult.objectLike({
      ResourceRecordSets: Match.arrayWith([record(latencyName, 'A', toRegionalName), record(latencyName, 'AAAA', toRegionalName)]),
    }));
    // The Region's own name, A and AAAA: aliases to the Region's load
    // balancer that carry the signals' calculated check.
    const toLoadBalancer = { DNSName: Match.stringLikeRegexp('^dualstack\\..+\\.elb\\.amazonaws\\.com\\.$') };
    route53('listResourceRecordSets', { StartRecordName: regionalName, StartRecordType: 'A', MaxItems: 2 }).expect(ExpectedResult.objectLike({
      ResourceRecordSets: Match.arrayWith([record(regionalName, 'A', toLoadBalancer), record(regionalName, 'AAAA', toLoadBalancer)]),
    }));
    // Route 53 answers for the Region's own name with the load balancer's addresses.
    for (const [type, address] of [['A', '^\\d+\\.\\d+\\.\\d+\\.\\d+$'], ['AAAA', '^[0-9a-f:]+$']]) {
      route53('testDNSAnswer', { RecordName: regionalName, RecordType: type }).expect(ExpectedResult.objectLike({
        ResponseCode: 'NOERROR',
        RecordData: Match.arrayWith([Match.stringLikeRegexp(address)]),
      }));
    }

    // The health checks, found through the records (within this stack).
    const switchId = route53('listResourceRecordSets', {
      StartRecordName: latencyName, StartRecordType: 'A', StartRecordIdentifier: setIdentifier, MaxItems: 1,
    }, ['ResourceRecordSets.0.HealthCheckId']).getAttString('ResourceRecordSets.0.HealthCheckId');
    getHealthCheck(switchId).expect(ExpectedResult.objectLike({
      HealthCheck: Match.objectLike({
        HealthCheckConfig: Match.objectLike({
          Type: 'CLOUDWATCH_METRIC',
          AlarmIdentifier: { Region: region, Name: `${INTEG_FAILOVER_NAME}-${region}-evacuated` },
          InsufficientDataHealthStatus: 'LastKnownStatus',
        }),
      }),
    }));

    const calculatedId = route53('listResourceRecordSets', {
      StartRecordName: regionalName, StartRecordType: 'A', MaxItems: 1,
    }, ['ResourceRecordSets.0.HealthCheckId']).getAttString('ResourceRecordSets.0.HealthCheckId');
    getHealthCheck(calculatedId).expect(ExpectedResult.objectLike({
      HealthCheck: Match.objectLike({
        HealthCheckConfig: Match.objectLike({
          Type: 'CALCULATED',
          HealthThreshold: 4,
          ChildHealthChecks: Match.arrayWith([HEALTH_CHECK_ID, HEALTH_CHECK_ID, HEALTH_CHECK_ID, HEALTH_CHECK_ID]),
        }),
      }),
    }));

    // Each child of the calculated check follows one signal's alarm, in the Region.
    const children = integ.assertions.awsApiCall('Route53', 'getHealthCheck', { HealthCheckId: calculatedId },
      ['HealthCheck.HealthCheckConfig.ChildHealthChecks']);
    for (let i = 0; i < Object.keys(SIGNAL_ALARMS).length; i++) {
      getHealthCheck(children.getAttString(`HealthCheck.HealthCheckConfig.ChildHealthChecks.${i}`)).expect(ExpectedResult.objectLike({
        HealthCheck: Match.objectLike({
          HealthCheckConfig: Match.objectLike({
            Type: 'CLOUDWATCH_METRIC',
            AlarmIdentifier: {
              Region: region,
              Name: Match.stringLikeRegexp(`^${INTEG_FAILOVER_NAME}-${region}-(${Object.keys(SIGNAL_ALARMS).join('|')})$`),
            },
          }),
        }),
      }));
    }
  }

  // The latency name resolves (to the Region nearest Route 53's test resolver).
  route53('testDNSAnswer', { RecordName: latencyName, RecordType: 'A' }).expect(ExpectedResult.objectLike({
    ResponseCode: 'NOERROR',
    RecordData: Match.arrayWith([Match.stringLikeRegexp('^\\d+\\.\\d+\\.\\d+\\.\\d+$')]),
  }));

  // CloudWatch accepted the dashboard (it validates the body when it is put).
  const dashboard = integ.assertions.awsApiCall('CloudWatch', 'getDashboard', { DashboardName: `${INTEG_FAILOVER_NAME}-failover` })
    .assertAtPath('DashboardName', ExpectedResult.exact(`${INTEG_FAILOVER_NAME}-failover`));
  allowCloudWatch(dashboard, 'GetDashboard');

  return { app, regionStages, dashboardStage, regionAssertionStacks, assertionStack, integ };
}

/**
 * A stack in the Region's Stage that checks the Region's alarms with
 * CloudWatch, in the Region, by their deterministic names. It deploys after
 * the service stack; a failed check fails its deployment (integ-runner reports
 * only the checks of its own assertion stack).
 */
function regionAssertions(stage: RegionStage): Stack {
  const region = stage.serviceStack.region;
  const stack = new Stack(stage, 'Assertions');
  // Deployment order only (a dependency in the manifest): no reference.
  stack.addDependency(stage.serviceStack);

  const alarm = (id: string, alarmName: string, type: 'MetricAlarm' | 'CompositeAlarm', expected: Record<string, string>) => {
    const call = new AwsApiCall(stack, `Describe${id}`, {
      service: 'CloudWatch',
      api: 'describeAlarms',
      parameters: { AlarmNames: [alarmName], AlarmTypes: [type] },
    });
    for (const [path, value] of Object.entries({ AlarmName: alarmName, ...expected })) {
      new EqualsAssertion(stack, `${id}${path}`, {
        actual: ActualResult.fromAwsApiCall(call, `${type}s.0.${path}`),
        expected: ExpectedResult.exact(value),
        failDeployment: true,
      });
    }
    return call;
  };

  const prefix = `${INTEG_FAILOVER_NAME}-${region}`;
  for (const [signal, metric] of Object.entries(SIGNAL_ALARMS)) {
    alarm(signal, `${prefix}-${signal}`, 'MetricAlarm', {
      Namespace: metric.namespace,
      MetricName: metric.metricName,
      Statistic: metric.statistic,
    });
  }
  alarm('Switch', `${prefix}-evacuated`, 'MetricAlarm', { Namespace: 'ActiveActiveFailover/Evacuation', MetricName: 'Evacuated' });
  const health = alarm('Health', `${prefix}-health`, 'CompositeAlarm', {});
  // One function runs every call of the stack: one grant covers them all.
  allowCloudWatch(health, 'DescribeAlarms');
  return stack;
}

/**
 * Lets the stack's assertion function call a CloudWatch API. Before the fix of
 * aws/aws-cdk#32968 (so with the aws-cdk-lib 2.173 this project tests with),
 * the assertion provider grants `monitoring:<Api>` for CloudWatch calls, an
 * action IAM does not know: without this, the call would be denied.
 */
function allowCloudWatch(call: IApiCall, api: string): void {
  call.provider.addToRolePolicy({ Effect: 'Allow', Action: [`cloudwatch:${api}`], Resource: ['*'] });
}

if (require.main === module) {
  buildIntegApp().app.synth();
}
