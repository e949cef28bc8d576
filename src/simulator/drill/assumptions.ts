/**
 * The named assumptions that turn a drill's FIS action and parameters into a
 * simulator scenario (formulas.ts), each with an optimistic and a documented
 * (pessimistic) value and a source for both. `drill plan` runs the
 * optimistic values with the simulator's `optimistic` profile and the
 * documented ones with its `documented` profile. docs/simulator.md ("Drill
 * assumptions") renders this table; a test keeps the two the same.
 */
import { SimulationProfile } from '../assumptions';

/** A drill assumption: its value under each profile, its unit and where each value comes from. */
export interface DrillAssumptionSpec {
  readonly optimistic: number;
  readonly documented: number;
  /** What the number counts. */
  readonly unit: string;
  readonly source: string;
}

/** The drill assumptions' values. */
export interface DrillAssumptions {
  /** 1: PERCENT(n) of the tasks rounds a fraction of a task up; 0: down (at least one task). */
  readonly selectionRoundsUp: number;
  /** How much of cpu-stress's `percent` a stressed task's CPUUtilization reaches, in percent of it. */
  readonly cpuStressReachedPercent: number;
  /** The CPUUtilization of the tasks FIS leaves alone. */
  readonly baselineCpuPercent: number;
  /** The share of requests that must be delayed before the p99 of TargetResponseTime carries the delay. */
  readonly p99DelayedSharePercent: number;
  /** Minutes from ECS stopping a task that failed its health checks until its replacement runs (then it passes HealthyThresholdCount checks). */
  readonly ecsTaskReplacementMinutes: number;
  /** The share of the requests of a lost flow (packet loss 100 %) that end in a 5xx, in percent. */
  readonly lostFlowFailedRequestPercent: number;
}

export const DRILL_ASSUMPTIONS: Readonly<Record<keyof DrillAssumptions, DrillAssumptionSpec>> = {
  selectionRoundsUp: {
    optimistic: 1,
    documented: 0,
    unit: '1 up, 0 down',
    source: 'FIS User Guide, "Targets": PERCENT(n) selects n % of the identified targets at random; how a fraction of a task is rounded is '
      + 'not documented: optimistic rounds up, documented down (at least one task: with none the experiment fails)',
  },
  cpuStressReachedPercent: {
    optimistic: 100,
    documented: 90,
    unit: '% of percent',
    source: 'FIS User Guide, aws:ecs:task-cpu-stress: `percent` is stress-ng\'s target load; how close the task\'s CPUUtilization (used over '
      + 'reserved CPU, ECS Developer Guide) comes with workers 0 (one per vCPU stress-ng sees) is not documented: 90 % is an assumption',
  },
  baselineCpuPercent: {
    optimistic: 40,
    documented: 40,
    unit: '%',
    source: 'the workload, not AWS: the scenario format\'s healthy cpuPercent; a busier service breaches sooner',
  },
  p99DelayedSharePercent: {
    optimistic: 1,
    documented: 2,
    unit: '% of requests',
    source: 'arithmetic: a p99 moves once more than 1 % of requests are slower (optimistic); the load balancer\'s percentiles are '
      + 'estimates over its nodes\' reports, so documented asks for 2 % (an assumption)',
  },
  ecsTaskReplacementMinutes: {
    optimistic: 1,
    documented: 3,
    unit: 'minutes',
    source: 'ECS Developer Guide: the service scheduler stops a task whose target fails the load balancer\'s health checks and starts '
      + 'another; how long a Fargate task takes to start (ENI, image pull) is not documented: 1 to 3 minutes is an assumption',
  },
  lostFlowFailedRequestPercent: {
    optimistic: 100,
    documented: 50,
    unit: '% of a lost flow\'s requests',
    source: 'not documented: flowsPercent is a share of network flows, not of requests; the load balancer reuses connections to its '
      + 'targets, so a lost flow fails the requests sent on it until it times out (504) and other flows carry the rest ('
      + 'an inference: keep-alive reuse, connection-level hashing): documented halves it',
  },
};

/** The drill assumptions of a simulator profile: `optimistic` takes the optimistic values, `documented` the documented ones. */
export function drillAssumptions(profile: SimulationProfile): DrillAssumptions {
  return Object.fromEntries(Object.entries(DRILL_ASSUMPTIONS).map(([name, spec]) => [name, spec[profile]])) as unknown as DrillAssumptions;
}
