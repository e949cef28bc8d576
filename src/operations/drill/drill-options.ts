import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { FailoverRegion } from '../../failover-region';

/**
 * A gray failure a drill injects into a Region's ECS service, one AWS Fault
 * Injection Service (FIS) action each (docs/fis-actions.md lists them).
 */
export enum DrillFault {
  /** CPU stress in the chosen tasks (`aws:ecs:task-cpu-stress`): the service's CPUUtilization rises. */
  CPU = 'cpu',
  /** Latency added to the responses to the load balancer (`aws:ecs:task-network-latency`): TargetResponseTime's tail rises. */
  LATENCY = 'latency',
  /** The application port blackholed (`aws:ecs:task-network-blackhole-port`): connection errors until ECS replaces the tasks. */
  CONNECTION_ERRORS = 'connectionErrors',
  /**
   * A share of the flows to the load balancer dropped (`aws:ecs:task-network-packet-loss`, 100 % loss): that share of
   * requests ends in 504 from the load balancer. No FIS action makes an ECS application answer 5xx itself.
   */
  HTTP_5XX = 'http5xx',
}

/**
 * Options of a Region's drill.
 */
export interface FailoverDrillOptions {
  /**
   * The Region's ECS service behind its load balancer: the drills inject
   * into its tasks. Its task definition must be prepared
   * (`FailoverDrill.prepareTaskDefinition`) and ECS Exec off; the library
   * checks both at synth time when the service is defined in the app.
   */
  readonly service: ecs.IBaseService;

  /**
   * The faults to drill: one experiment template each.
   *
   * @default - all four: cpu, latency, connectionErrors, http5xx
   */
  readonly faults?: DrillFault[];

  /**
   * How long each experiment injects its fault: whole minutes, 1 to 60. FIS
   * bills USD 0.10 per action-minute.
   *
   * @default Duration.minutes(10)
   */
  readonly duration?: Duration;

  /**
   * The share of the service's tasks each experiment injects into (FIS
   * `PERCENT(n)`: rounded down, at least one task), 1 to 100.
   *
   * @default 50
   */
  readonly taskPercent?: number;

  /**
   * The cpu drill's load on each stressed task, in percent (1 to 100).
   *
   * @default 100
   */
  readonly cpuPercent?: number;

  /**
   * The latency drill's delay, added to every packet the chosen tasks send
   * back to the load balancer. Twice it must stay below the target group's
   * health-check timeout (checked at synth time when the target group is in
   * the app), so the targets stay in service.
   *
   * @default Duration.seconds(2)
   */
  readonly latencyDelay?: Duration;

  /**
   * The port the connectionErrors drill blackholes (inbound, TCP).
   *
   * @default - the container port the service registers with its load balancer's target group
   */
  readonly connectionErrorsPort?: number;

  /**
   * The http5xx drill's share of the flows back to the load balancer whose
   * every packet is dropped, in percent (1 to 100). About taskPercent x
   * http5xxFlowsPercent / 100 of the Region's requests end in 504.
   *
   * @default 10
   */
  readonly http5xxFlowsPercent?: number;

  /**
   * The CIDR blocks of the load balancer's subnets: the latency and http5xx
   * drills affect only the traffic the tasks send to them, so the sidecar's
   * link to Systems Manager (and the drill's cancellation) and the tasks'
   * own dependencies are unaffected.
   *
   * @default - the CIDR blocks of the subnets of the Region's load balancer, when it is defined in the app
   */
  readonly loadBalancerSources?: string[];

  /**
   * The safety alarm's threshold: the share of the Region's requests that
   * fail (load balancer and target 5xx over RequestCount, in percent) for 3
   * consecutive minutes, which stops every drill of the Region. Above the
   * share the drills are meant to fail, below 100.
   *
   * @default - 10 points above the share the drills are meant to fail (taskPercent x http5xxFlowsPercent / 100 with the http5xx drill, else 0)
   */
  readonly safetyErrorRatePercent?: number;

  /**
   * Whether the other Regions' health alarms are stop conditions too, so a
   * drill stops when another Region leaves DNS. This rests on an
   * undocumented assumption: that FIS watches an alarm of another Region
   * (its documentation says only "the ARN of the alarm"; CloudWatch's alarm
   * events are Regional). Off, the other Regions' health is the operator's
   * check before and during the drill (README, "Drills").
   *
   * @default false
   */
  readonly crossRegionStopConditions?: boolean;

  /**
   * More stop conditions: alarms in the drilled Region that stop every drill
   * when they go to ALARM. With the safety alarm (and the other Regions'
   * health alarms) at most 5.
   *
   * @default - none
   */
  readonly stopConditionAlarms?: cloudwatch.IAlarm[];

  /**
   * How long the experiments' log group keeps FIS's experiment logs.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Properties of a `FailoverDrill`.
 */
export interface FailoverDrillProps extends FailoverDrillOptions {
  /** The Region to drill (its stack holds the drill). */
  readonly region: FailoverRegion;
}

/**
 * Options of `FailoverDrill.prepareTaskDefinition`.
 */
export interface PrepareTaskDefinitionOptions {
  /**
   * The faults the task definition must support: the network faults (latency,
   * connectionErrors, http5xx) also need `pidMode: task`, `EnableFaultInjection`
   * and awsvpc or host networking.
   *
   * @default - all four
   */
  readonly faults?: DrillFault[];

  /**
   * Where the SSM agent sidecar logs.
   *
   * @default - awslogs to a new log group kept for one month
   */
  readonly sidecarLogging?: ecs.LogDriver;
}

/**
 * What `FailoverDrill.prepareTaskDefinition` added to a task definition.
 */
export interface PreparedTaskDefinition {
  /** The SSM agent sidecar container (non-essential). */
  readonly sidecar: ecs.ContainerDefinition;

  /** The role each task's managed instance registers with (trusted by Systems Manager). */
  readonly managedInstanceRole: iam.IRole;
}
