/**
 * Traffic: the scenario placed on the failover's Regions (the condition of
 * each Region in each minute), the users and the Region DNS sends each group
 * to, the requests of Route 53's endpoint checkers, and what one minute of
 * requests meets in a Region.
 */
import { DnsModel, HealthInputs } from './dns';
import { checkCondition, Condition, resolveRegions, Scenario, ScenarioEvent } from './scenario';
import { LeafCheckDefinition } from './topology';
import { defaultUserGroups, UserGroup } from './world';

/** An event of the scenario and the failover's Regions it applies to. */
export interface PlacedEvent {
  readonly regions: string[];
  readonly event: ScenarioEvent;
}

/** An evacuation of one of the failover's Regions. */
export interface PlacedEvacuation {
  readonly region: string;
  readonly startMinute: number;
  readonly endMinute?: number;
}

/** The scenario placed on the failover's Regions: what each Region goes through, minute by minute. */
export class ScenarioPlan {
  public readonly events: PlacedEvent[] = [];
  public readonly evacuations: PlacedEvacuation[] = [];

  /**
   * @param switches the Regions with an evacuation switch
   * @param warnings where events and evacuations left out are reported
   */
  constructor(private readonly scenario: Scenario, regions: readonly string[], switches: ReadonlyMap<string, unknown>, warnings: string[]) {
    const source = `scenario '${scenario.name}'`;
    for (const event of scenario.events) {
      const placed = resolveRegions(event.region, regions, source);
      if (placed === undefined) {
        warnings.push(`${source}: event '${event.label ?? event.region}' names ${event.region}, but the failover has ${regions.length} Regions: left out.`);
      } else {
        this.events.push({ regions: placed, event });
      }
    }
    for (const evacuation of scenario.evacuations) {
      const placed = resolveRegions(evacuation.region, regions, source);
      if (placed === undefined) {
        warnings.push(`${source}: an evacuation names ${evacuation.region}, but the failover has ${regions.length} Regions: left out.`);
      }
      for (const region of placed ?? []) {
        this.evacuations.push({ region, startMinute: evacuation.startMinute, endMinute: evacuation.endMinute });
        if (!switches.has(region)) {
          warnings.push(`${source}: ${region} has no evacuation switch, so evacuating it changes nothing.`);
        }
      }
    }
    // Overlapping events merge: each minute's condition must still make sense.
    for (const region of regions) {
      for (let minute = 0; minute < scenario.durationMinutes; minute++) {
        checkCondition(this.condition(region, minute), source, `the condition of ${region} at minute ${minute}`);
      }
    }
  }

  /** The Region's condition during the minute: the baseline with every event under way merged over it. */
  public condition(region: string, minute: number): Condition {
    let c = this.scenario.baseline;
    for (const { event } of this.eventsAt(region, minute)) {
      c = { ...c, ...event.condition };
    }
    return c;
  }

  /** Whether an event that degrades the Region is under way. */
  public degraded(region: string, minute: number): boolean {
    return this.eventsAt(region, minute).some(({ event }) => event.degrades);
  }

  /** Whether an event that does not degrade the Region (noise) is under way. */
  public noise(region: string, minute: number): boolean {
    return this.eventsAt(region, minute).some(({ event }) => !event.degrades);
  }

  public evacuated(region: string, minute: number): boolean {
    return this.evacuations.some(e => e.region === region && minute >= e.startMinute && (e.endMinute === undefined || minute < e.endMinute));
  }

  private eventsAt(region: string, minute: number): PlacedEvent[] {
    return this.events.filter(({ regions, event }) => regions.includes(region) && minute >= event.startMinute && minute < event.endMinute);
  }
}

/** The scenario's user groups (the default world when it has none), each with a latency to every Region. */
export function userGroups(scenario: Scenario, regions: readonly string[]): UserGroup[] {
  const users = scenario.users ?? defaultUserGroups(regions);
  for (const group of users) {
    const missing = regions.filter(r => group.latencyMs[r] === undefined);
    if (missing.length > 0) {
      throw new Error(`scenario '${scenario.name}': users '${group.name}' give no latency to ${missing.join(', ')}.`);
    }
  }
  return users;
}

export function totalUsers(groups: readonly UserGroup[]): number {
  return groups.reduce((a, g) => a + g.users, 0);
}

/** The Region DNS answers each user group with (by group name); undefined: no answer. */
export function dnsAnswers(dns: DnsModel, recordName: string, groups: readonly UserGroup[], inputs: HealthInputs): Map<string, string | undefined> {
  return new Map(groups.map(g => [g.name, dns.resolve(recordName, 'A', g.latencyMs, inputs)]));
}

/** Users per Region when each group follows `answers`. */
export function usersByRegion(groups: readonly UserGroup[], answers: ReadonlyMap<string, string | undefined>,
  regions: readonly string[]): Map<string, number> {
  const users = new Map(regions.map(r => [r, 0]));
  for (const group of groups) {
    const region = answers.get(group.name);
    if (region !== undefined) {
      users.set(region, (users.get(region) ?? 0) + group.users);
    }
  }
  return users;
}

/**
 * Requests of Route 53's endpoint checkers per Region during a minute.
 *
 * @param endpointRegion the Region a check's requests reach; undefined: none
 */
export function probeRequests(checks: Iterable<LeafCheckDefinition>, checkersPerLocation: number,
  endpointRegion: (check: LeafCheckDefinition) => string | undefined): Map<string, number> {
  const probes = new Map<string, number>();
  for (const check of checks) {
    if (check.type === 'CLOUDWATCH_METRIC') {
      continue;
    }
    const region = endpointRegion(check);
    if (region !== undefined) {
      const perMinute = check.locations * checkersPerLocation * 60 / check.requestIntervalSeconds;
      probes.set(region, (probes.get(region) ?? 0) + perMinute);
    }
  }
  return probes;
}

/** What one minute of requests (users' and health checkers') meets in a Region. */
export interface RegionTraffic {
  readonly condition: Condition;
  readonly requests: number;
  /** No healthy target: the load balancer answers every request with a 503. */
  readonly noTargets: boolean;
  /** Requests whose connection to a target fails (the load balancer answers 502). */
  readonly connectionErrors: number;
  /** Requests a target answers. */
  readonly served: number;
  /** Requests a target answers with a 5xx. */
  readonly target5xx: number;
  /** How many targets the service runs. */
  readonly targets: number;
}

/** Splits a minute's requests as the Region's condition says. */
export function regionTraffic(condition: Condition, requests: number, targets: number): RegionTraffic {
  const noTargets = condition.healthyTargetPercent === 0;
  const connectionErrors = noTargets ? 0 : requests * condition.targetConnectionErrorPercent / 100;
  const served = noTargets ? 0 : requests - connectionErrors;
  return { condition, requests, noTargets, connectionErrors, served, target5xx: served * condition.http5xxPercent / 100, targets };
}

/**
 * The share of requests that fail for one of Route 53's endpoint checkers: a
 * request fails on a 5xx, a failed connection or a response slower than the timeout.
 */
export function checkerFailedShare(c: Condition, timeoutSeconds: number): number {
  return c.healthyTargetPercent === 0 ? 1 : Math.min(1, (c.targetConnectionErrorPercent + c.elb5xxPercent) / 100
    + (1 - c.targetConnectionErrorPercent / 100) * (c.http5xxPercent / 100
      + latencyDistribution(c).fractionAbove(timeoutSeconds * 1000)));
}

/** A latency distribution through its percentiles (linear between them). */
export function latencyDistribution(c: Condition) {
  const points: [number, number][] = [[0, 0], [c.p50LatencyMs, 0.5], [c.p90LatencyMs, 0.9], [c.p99LatencyMs, 0.99], [c.maxLatencyMs, 1]];
  return {
    /** The latency at percentile p (0 to 100), in milliseconds. */
    percentile(p: number): number {
      const q = Math.min(1, Math.max(0, p / 100));
      for (let i = 1; i < points.length; i++) {
        const [x0, q0] = points[i - 1];
        const [x1, q1] = points[i];
        if (q <= q1) {
          return q1 === q0 ? x1 : x0 + (x1 - x0) * (q - q0) / (q1 - q0);
        }
      }
      return c.maxLatencyMs;
    },
    /** The share of requests slower than `ms`. */
    fractionAbove(ms: number): number {
      for (let i = 1; i < points.length; i++) {
        const [x0, q0] = points[i - 1];
        const [x1, q1] = points[i];
        if (ms < x1) {
          return 1 - (x1 === x0 ? q1 : q0 + (q1 - q0) * (ms - x0) / (x1 - x0));
        }
      }
      return 0;
    },
  };
}
