import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { EXAMPLE_FAILOVER, ExampleService, buildExampleService } from '../../../examples/app';
import { ActiveActiveFailover, FailoverDrill, FailoverDrillOptions, FailoverRegion, PrepareTaskDefinitionOptions } from '../../../src';
import { ACCOUNT } from '../../helpers';

/** A Region of the example (nginx on Fargate behind a load balancer), its service prepared for drills unless told otherwise. */
export interface DrillFixture extends ExampleService {
  readonly app: App;
  readonly stack: Stack;
  readonly failover: ActiveActiveFailover;
  readonly region: FailoverRegion;
  readonly taskDefinition: ecs.FargateTaskDefinition;
}

export interface FixtureOptions {
  readonly regions?: string[];
  /** null: the task definition is not prepared. */
  readonly prepare?: PrepareTaskDefinitionOptions | null;
  readonly notifications?: boolean;
}

/** The example's service in `regions` (the first one returned), each a Region of one failover. */
export function drillFixture(options: FixtureOptions = {}): DrillFixture {
  const app = new App();
  const failover = new ActiveActiveFailover(app, 'Api', { ...EXAMPLE_FAILOVER, notifications: options.notifications ?? false });
  const built = (options.regions ?? ['us-east-1']).map(code => {
    const stack = new Stack(app, `Service-${code}`, { env: { account: ACCOUNT, region: code } });
    const service = buildExampleService(stack);
    const region = failover.addRegion(stack, 'Failover', { loadBalancer: service.loadBalancer });
    const taskDefinition = service.service.taskDefinition as ecs.FargateTaskDefinition;
    if (options.prepare !== null) {
      FailoverDrill.prepareTaskDefinition(taskDefinition, options.prepare ?? {});
    }
    return { app, stack, failover, region, taskDefinition, ...service };
  });
  return built[0];
}

/** Adds a drill to the fixture's Region. */
export function addDrill(f: DrillFixture, options: Partial<FailoverDrillOptions> = {}): FailoverDrill {
  return f.region.addDrill('Drill', { service: f.service, ...options });
}
