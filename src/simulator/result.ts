/**
 * What a simulation is given and what it returns: the options, the timeline
 * (one entry per minute) and the summary.
 */
import { SimulationAssumptions, SimulationProfile } from './assumptions';
import { Scenario } from './scenario';

/** Options of a simulation. */
export interface SimulationOptions {
  /** The name users resolve; default: the name with latency records in the most Regions. */
  readonly recordName?: string;
  /** The assumptions to start from: `documented` (the default) or `optimistic` (see docs/simulator.md). */
  readonly profile?: SimulationProfile;
  /** Changes to the profile's assumptions. */
  readonly assumptions?: Partial<SimulationAssumptions>;
  /** Seeds the profile's random draws (late and partial datapoints): the same seed, the same run. Default 1. */
  readonly seed?: number;
}

/** A Region during one minute. */
export interface RegionMinute {
  readonly region: string;
  /** Whether the Region's latency record is healthy in DNS at the start of the minute. */
  readonly healthy: boolean;
  /** Users served by the Region during the minute (pooled connections included). */
  readonly users: number;
  /** Their share of all users (0 to 1). */
  readonly share: number;
  /** The share of users whose DNS answer (as their clients hold it) is the Region: where new connections go. */
  readonly dnsShare: number;
  /** Requests of Route 53 health checkers during the minute. */
  readonly probeRequests: number;
  readonly degraded: boolean;
  /** An event that does not degrade (noise) is under way. */
  readonly noise: boolean;
  readonly evacuated: boolean;
  /** The failback latch holds the Region out (its switch parameter is the latch's and not released). */
  readonly heldOut?: boolean;
}

/** Minutes a Region's failback latch held it out of DNS. */
export interface HeldOutSpan {
  readonly region: string;
  readonly policy: 'operatorConfirmed' | 'automatic';
  readonly holdDownMinutes?: number;
  readonly startMinute: number;
  /** The first minute no longer held; undefined: held to the end of the run. */
  readonly endMinute?: number;
  /** What released it: the operator's restore command, an operator's evacuation taking over, or the end of the hold-down. */
  readonly releasedBy?: 'operator' | 'evacuation' | 'holdDown';
}

/** One minute of the timeline. */
export interface TimelineMinute {
  readonly minute: number;
  /** No latency record healthy: Route 53 answers as if all were. */
  readonly failOpen: boolean;
  readonly regions: RegionMinute[];
}

/** What happened to one Region hit by an incident or an evacuation. */
export interface AffectedRegion {
  readonly region: string;
  readonly cause: 'incident' | 'evacuation';
  readonly startMinute: number;
  readonly endMinute?: number;
  /** The Region's share of users just before. */
  readonly baselineShare: number;
  /** Minutes from the start until the first users left; undefined: never. */
  readonly firstMoveMinutes?: number;
  /** Minutes from the start until DNS sent no user to the Region any more (answers changed, plus the TTL); undefined: never. */
  readonly dnsMovedMinutes?: number;
  /** Minutes from the start until the Region served no request, pooled connections included; undefined: never. */
  readonly allRequestsMovedMinutes?: number;
  /** @deprecated the same as `dnsMovedMinutes` (kept for compatibility). */
  readonly allMovedMinutes?: number;
  /** Minutes from the end until DNS sent the Region its share of users back; undefined: never (or never left). */
  readonly recoveryMinutes?: number;
  /** Healthy-to-unhealthy transitions of the Region explained by this incident. */
  readonly unhealthyTransitions: number;
}

/** The numbers of a run. */
export interface SimulationSummary {
  readonly affected: AffectedRegion[];
  /** The earliest first move over the affected Regions. */
  readonly firstMoveMinutes?: number;
  /** The latest DNS move; undefined when DNS never sent every user of a Region elsewhere. */
  readonly dnsMovedMinutes?: number;
  /** The latest complete move of requests (pooled connections included); undefined when a Region never lost them all. */
  readonly allRequestsMovedMinutes?: number;
  /** @deprecated the same as `dnsMovedMinutes` (kept for compatibility). */
  readonly allMovedMinutes?: number;
  /** The latest recovery; undefined when a Region never got its users back. */
  readonly recoveryMinutes?: number;
  /** Users served by a degraded Region, summed over minutes. */
  readonly degradedUserMinutes: number;
  /** The same without any failover (every user stays in their nearest Region). */
  readonly degradedUserMinutesWithoutFailover: number;
  /** Unhealthy transitions after the first one of the same incident. */
  readonly flaps: number;
  /** Unhealthy transitions that no degradation or evacuation explains. */
  readonly falseFailovers: number;
  readonly failOpenMinutes: number;
  /** Minutes each Region's failback latch held it out (none without a latch). */
  readonly heldOut?: HeldOutSpan[];
}

/** The result of a simulation. */
export interface SimulationResult {
  readonly scenario: Scenario;
  readonly profile: SimulationProfile;
  readonly seed: number;
  readonly assumptions: SimulationAssumptions;
  readonly recordName: string;
  readonly regions: string[];
  /** Each Region's load balancer client keep-alive, in seconds: how long pooled connections stay. */
  readonly clientKeepAliveSeconds: Record<string, number>;
  readonly totalUsers: number;
  readonly timeline: TimelineMinute[];
  readonly summary: SimulationSummary;
  readonly warnings: string[];
}
