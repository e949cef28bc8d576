import { App, Aspects, Stack, StackProps, Stage, StageProps } from 'aws-cdk-lib';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import { ActiveActiveFailover, FailoverDashboard, FailoverRegion, Route53AlarmGuard } from '../src';
import { articleSignals, buildExampleService, EXAMPLE_ACCOUNT, EXAMPLE_FAILOVER, EXAMPLE_REGIONS } from './app';

/*
 * The example API of `app.ts`, deployed by a CDK Pipelines pipeline: one Stage
 * per Region, all Regions in one wave (deployed in parallel), then a global
 * Stage with the dashboard.
 *
 *   Source -> Build (synth) -> UpdatePipeline -> Assets
 *     -> Regions:  Api-us-east-1 | Api-eu-central-1 | Api-ap-southeast-2   (one wave, in parallel)
 *     -> Api-global: the dashboard                                         (after every Region)
 *
 * Nothing crosses a Region or a Stage: each Region's Stage holds that Region's
 * whole failover (alarms, health checks, records), and the dashboard names the
 * Regions' alarms by name. So no stack depends on another: the Regions can
 * deploy at the same time, and each Stage can also be deployed on its own
 * (`cdk deploy 'Api-eu-central-1/*'`).
 *
 * Everything is explicit (account, Regions, Availability Zones); under the
 * CDK CLI, the Regions' Availability Zones come from examples/cdk.context.json,
 * so synthesis never calls AWS. Synthesize it with `examples/pipelines-main.ts`
 * (`npx projen synth:cli` runs it with the CDK CLI).
 */

/** The Region the pipeline runs in (and the dashboard lives in). */
export const PIPELINE_REGION = 'us-east-1';

/**
 * The CodeStar connection (AWS CodeConnections) to the repository: a
 * placeholder. Create the connection in the console, then paste its ARN here.
 */
export const CONNECTION_ARN =
  'arn:aws:codeconnections:us-east-1:111111111111:connection/00000000-0000-0000-0000-000000000000';

/** Properties of a `RegionStage`. */
export interface RegionStageProps extends StageProps {
  /** The failover this Region serves (defined once, in the App). */
  readonly failover: ActiveActiveFailover;
}

/**
 * One Region of the API: a Stage with the Region's service stack, which holds
 * the service and the Region's part of the failover.
 */
export class RegionStage extends Stage {
  /** The Region's only stack: the service and its failover resources. */
  public readonly serviceStack: Stack;

  /** The Region's part of the failover. */
  public readonly failoverRegion: FailoverRegion;

  constructor(scope: Construct, id: string, props: RegionStageProps) {
    super(scope, id, props);
    // The stack takes its account and Region from the Stage's env.
    this.serviceStack = new Stack(this, 'Service');
    const { loadBalancer, service } = buildExampleService(this.serviceStack);

    // The failover lives in the App (see buildPipelineApp); its Region lives
    // here, in the Region's stack. Everything the Region takes from the
    // failover is a plain value (zone, names, defaults), so this creates no
    // reference to anything outside this Stage.
    this.failoverRegion = props.failover.addRegion(this.serviceStack, 'Failover', {
      loadBalancer,
      signals: articleSignals(service),
    });

    // Check every Route 53 health check and record of this Stage at synth
    // time, including any made by hand. Aspects added to the App do not reach
    // into its Stages, so each Stage adds its own guard.
    Aspects.of(this).add(new Route53AlarmGuard());
  }
}

/** Properties of a `DashboardStage`. */
export interface DashboardStageProps extends StageProps {
  /** The failover to show, with all its Regions. */
  readonly failover: ActiveActiveFailover;
}

/**
 * What is global to the API: the failover dashboard, in a Stage of its own
 * that the pipeline deploys after every Region.
 */
export class DashboardStage extends Stage {
  /** The dashboard's stack. */
  public readonly dashboardStack: Stack;

  constructor(scope: Construct, id: string, props: DashboardStageProps) {
    super(scope, id, props);
    this.dashboardStack = new Stack(this, 'Dashboard');
    // The dashboard shows every Region by the deterministic names of its
    // alarms, in its Region and account: no reference to the Regions' Stages.
    new FailoverDashboard(this.dashboardStack, 'Dashboard', { failover: props.failover });
    Aspects.of(this).add(new Route53AlarmGuard());
  }
}

/** The stack of the pipeline itself. */
export class PipelineStack extends Stack {
  /** The pipeline: add the Stages to it. */
  public readonly pipeline: pipelines.CodePipeline;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.pipeline = new pipelines.CodePipeline(this, 'Pipeline', {
      pipelineName: 'Api',
      synth: new pipelines.ShellStep('Synth', {
        input: pipelines.CodePipelineSource.connection('my-org/my-api', 'main', { connectionArn: CONNECTION_ARN }),
        commands: ['npm ci', 'npx cdk synth'],
      }),
    });
  }
}

/**
 * Builds the pipeline app: the example API in three Regions, deployed by one
 * pipeline, one Stage per Region in a single wave, then the dashboard.
 */
export function buildPipelineApp(outdir?: string): App {
  const app = new App({ outdir });

  // The failover is global and holds only plain values: create it once, in the
  // App itself, outside every Stage. It creates no resource and nothing
  // deploys it; each Region's Stage copies the values it needs. (Created inside
  // one Region's Stage, it would tie the global definition to that Region's
  // deployment unit.) Its values must be plain, never tokens or lookups:
  // every Region copies them into its own stack.
  // The same failover as the example app's: api.example.com, probe on '/',
  // a notification topic per Region.
  const failover = new ActiveActiveFailover(app, 'Api', EXAMPLE_FAILOVER);

  // Build every Stage before adding any to the pipeline: the pipeline
  // synthesizes a Stage as soon as it is added, and the failover's checks that
  // span Regions (one Region only, the health-check quota, IPv6 in some
  // Regions but not all) and the dashboard see only the Regions that exist at
  // that moment. (A Region added later fails synthesis: AAF-REGION-AFTER-SYNTH.)
  const regionStages = EXAMPLE_REGIONS.map(region => new RegionStage(app, `Api-${region}`, {
    env: { account: EXAMPLE_ACCOUNT, region },
    failover,
  }));
  const dashboardStage = new DashboardStage(app, 'Api-global', {
    env: { account: EXAMPLE_ACCOUNT, region: PIPELINE_REGION },
    failover,
  });

  const { pipeline } = new PipelineStack(app, 'ApiPipeline', {
    env: { account: EXAMPLE_ACCOUNT, region: PIPELINE_REGION },
  });

  // One wave: the Regions deploy at the same time, in one stage of the
  // pipeline. (As in any CodePipeline stage, a Region whose deployment fails
  // fails the wave, and the dashboard waits.)
  const regions = pipeline.addWave('Regions');
  for (const stage of regionStages) {
    regions.addStage(stage);
  }
  // Then what is global, once every Region is deployed.
  pipeline.addStage(dashboardStage);

  return app;
}
