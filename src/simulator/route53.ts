/**
 * Route 53's readings, instant by instant: each leaf health check
 * (CLOUDWATCH_METRIC: the alarm's settings against the metric's data;
 * endpoint checks: what the checkers' requests met) and each load balancer's
 * view of its targets (EvaluateTargetHealth). CALCULATED checks and records
 * are combined from these by the DNS model.
 */
import { Alarms } from './alarms';
import { SimulationAssumptions } from './assumptions';
import { route53Reading } from './cloudwatch';
import { HealthInputs } from './dns';
import { LeafCheckDefinition, TargetHealthSettings, Topology } from './topology';

/** Every check and load balancer healthy: before Route 53 has acted on any reading. */
export const ALL_HEALTHY: HealthInputs = { leafHealthy: () => true, loadBalancerHealthy: () => true };

/** The target-group settings of a Region without any in the templates (ELB defaults). */
/** ELB's target group defaults, for a Region whose templates have none. */
export const DEFAULT_TARGET_HEALTH: TargetHealthSettings = {
  intervalSeconds: 30, unhealthyThreshold: 2, healthyThreshold: 5, timeoutSeconds: 5, targets: 2,
};

/** Whole minutes covering `count` checks `intervalSeconds` apart (at least one). */
function minutesFor(count: number, intervalSeconds: number): number {
  return Math.max(1, Math.ceil(count * intervalSeconds / 60));
}

/**
 * A verdict that changes only after a run of results: false after `toFail`
 * failing minutes in a row before instant t, true after `toPass` passing ones,
 * else `previous` (a minute without a result breaks a run).
 */
function streak(previous: boolean, t: number, passes: (minute: number) => boolean | undefined, toFail: number, toPass: number): boolean {
  const recent = (n: number) => Array.from({ length: n }, (_, i) => passes(t - 1 - i));
  if (previous && recent(toFail).every(p => p === false)) {
    return false;
  }
  if (!previous && recent(toPass).every(p => p === true)) {
    return true;
  }
  return previous;
}

/** What the health checkers and the load balancer met in a Region during one minute. */
export interface CheckedMinute {
  /** The share of the requests of an endpoint checker that fail. */
  readonly checkerFailedShare: number;
  /** Whether the load balancer's health checks pass. */
  readonly targetsHealthy: boolean;
}

/** The Region an endpoint check's requests reach (a name resolves as from equally distant checkers). */
export function endpointRegionOf(topology: Topology, regions: readonly string[], check: LeafCheckDefinition,
  inputs: HealthInputs): string | undefined {
  if (check.endpointRegion !== undefined || check.endpointName === undefined) {
    return check.endpointRegion;
  }
  const equal = Object.fromEntries(regions.map(r => [r, 0]));
  return topology.dns.resolve(check.endpointName, 'A', equal, inputs);
}

export class Route53Readings {
  /** Per instant: Route 53's reading of each leaf check, by id. */
  private readonly readings: Map<string, boolean>[] = [];
  /** Per instant: the load balancer's view of its targets, by Region. */
  private readonly lbViews: Map<string, boolean>[] = [];
  /** Per minute and Region: what the checkers and the load balancer met. */
  private readonly checked: Map<string, CheckedMinute>[] = [];
  private readonly lastKnown = new Map<string, boolean>();
  /** The minutes before this one are forgotten. */
  private forgotten = 0;
  private readonly endpointStatus = new Map<string, boolean>();
  private readonly lbStatus = new Map<string, boolean>();

  constructor(private readonly topology: Topology, private readonly regions: readonly string[], private readonly alarms: Alarms,
    private readonly assumptions: SimulationAssumptions) {}

  /** Records what minute t's requests met in each Region (read by later readings). */
  public recordMinute(t: number, checked: Map<string, CheckedMinute>): void {
    this.checked[t] = checked;
  }

  /** Forgets the readings and checked minutes before `minute` (no reading looks that far back any more). */
  public forget(minute: number): void {
    for (let m = this.forgotten; m < minute; m++) {
      delete this.readings[m];
      delete this.lbViews[m];
      delete this.checked[m];
    }
    this.forgotten = Math.max(this.forgotten, minute);
  }

  /** Route 53's readings at instant t (acted on `route53DelayMinutes` later). */
  public observe(t: number): void {
    const readings = new Map<string, boolean>();
    for (const check of this.topology.leafChecks.values()) {
      readings.set(check.id, check.type === 'CLOUDWATCH_METRIC' ? this.metricCheck(check, t) : this.endpointCheck(check, t));
    }
    this.readings[t] = readings;
    const views = new Map<string, boolean>();
    for (const region of this.regions) {
      views.set(region, this.loadBalancerView(region, t));
    }
    this.lbViews[t] = views;
  }

  /** The health inputs of the readings taken at an instant. */
  public inputsAt(instant: number): HealthInputs {
    const readings = this.readings[instant];
    const views = this.lbViews[instant];
    return {
      leafHealthy: check => readings.get(check.id) ?? true,
      loadBalancerHealthy: region => views.get(region) ?? true,
    };
  }

  /** The Region an endpoint check's requests reach (a name resolves as from equally distant checkers). */
  public endpointRegion(check: LeafCheckDefinition, inputs: HealthInputs): string | undefined {
    return endpointRegionOf(this.topology, this.regions, check, inputs);
  }

  /** The alarm's settings against the metric's data; InsufficientDataHealthStatus without enough of it. */
  private metricCheck(check: LeafCheckDefinition, t: number): boolean {
    const model = check.alarm && this.alarms.model(check.alarm.id);
    if (!model) {
      return true;
    }
    const reading = route53Reading(model, t, this.assumptions);
    const previous = this.lastKnown.get(check.id) ?? true; // a new check is healthy
    const healthy = reading === 'insufficient'
      ? (check.insufficientDataHealthStatus === 'Healthy' ? true
        : check.insufficientDataHealthStatus === 'Unhealthy' ? false : previous)
      : reading === 'healthy';
    this.lastKnown.set(check.id, healthy);
    return healthy;
  }

  private endpointCheck(check: LeafCheckDefinition, t: number): boolean {
    const region = this.endpointRegion(check, ALL_HEALTHY);
    if (region === undefined) {
      return true;
    }
    // A minute fails for the checkers when too few of them still see FailureThreshold
    // successes in a row; they need that many requests in a row to change their verdict.
    const passes = (m: number) => {
      const failed = this.checked[m]?.get(region)?.checkerFailedShare;
      return failed === undefined ? undefined : 1 - failed ** check.failureThreshold > this.assumptions.healthyCheckerShare;
    };
    const minutes = minutesFor(check.failureThreshold, check.requestIntervalSeconds);
    const status = streak(this.endpointStatus.get(check.id) ?? true, t, passes, minutes, minutes);
    this.endpointStatus.set(check.id, status);
    return status;
  }

  /** The load balancer's view of its targets at instant t (its health checks need several results in a row). */
  private loadBalancerView(region: string, t: number): boolean {
    const settings = this.topology.targetHealth.get(region) ?? DEFAULT_TARGET_HEALTH;
    const status = streak(this.lbStatus.get(region) ?? true, t, m => this.checked[m]?.get(region)?.targetsHealthy,
      minutesFor(settings.unhealthyThreshold, settings.intervalSeconds), minutesFor(settings.healthyThreshold, settings.intervalSeconds));
    this.lbStatus.set(region, status);
    return status;
  }
}
