/**
 * Traffic: the requests of Route 53's endpoint checkers, and what one minute
 * of requests meets in a Region, load balancer node by node; what a read of
 * some of the nodes shows.
 *
 * With no healthy target the load balancer fails open: it routes requests to
 * every target (ELB guide, target group health checks), which answer as the
 * condition says (their errors are the condition's).
 */
import { Condition } from './scenario';
import { LeafCheckDefinition } from './topology';

export { ScenarioPlan } from './plan';
export type { PlacedEvacuation, PlacedEvent } from './plan';

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

/** Requests that meet one condition. */
export interface Slice {
  readonly condition: Condition;
  readonly requests: number;
}

/** What one minute of requests (users' and health checkers') meets in a Region, node by node. */
export interface RegionTraffic {
  /** The service's condition (CPU, target health): the one users' requests meet. */
  readonly condition: Condition;
  /** Per load balancer node, the requests it handled, by the condition they met. */
  readonly nodes: readonly (readonly Slice[])[];
  /** How many targets the service runs. */
  readonly targets: number;
}

/** What a read of some of a minute's nodes shows (all of them: the whole minute). */
export interface TrafficView {
  /** The service's condition (CPU, target health). */
  readonly condition: Condition;
  readonly targets: number;
  readonly requests: number;
  /** Requests whose connection to a target fails (the load balancer answers 502). */
  readonly connectionErrors: number;
  /** Requests a target answers. */
  readonly served: number;
  /** Requests a target answers with a 5xx. */
  readonly target5xx: number;
  /** Requests the load balancer itself answers with a 5xx, besides failed connections. */
  readonly elb5xx: number;
  /** The response times of the served requests, in seconds; undefined when none was served. */
  readonly latency?: { readonly sum: number; readonly maximum: number; readonly percentile: (p: number) => number };
}

/** One minute of `requests` meeting one condition, on one node (as tests and simple callers need). */
export function regionTraffic(condition: Condition, requests: number, targets: number): RegionTraffic {
  return { condition, nodes: [[{ condition, requests }]], targets };
}

/** What the given nodes of the minute show (default: all of them). */
export function viewOf(traffic: RegionTraffic, nodes?: readonly number[]): TrafficView {
  const slices = (nodes ?? traffic.nodes.map((_, i) => i)).flatMap(n => traffic.nodes[n] ?? []).filter(s => s.requests > 0);
  let [requests, connectionErrors, served, target5xx, elb5xx, sum, maximum] = [0, 0, 0, 0, 0, 0, 0];
  const weighted: { condition: Condition; served: number }[] = [];
  for (const { condition: c, requests: r } of slices) {
    const failed = r * c.targetConnectionErrorPercent / 100;
    const answered = r - failed;
    requests += r;
    connectionErrors += failed;
    served += answered;
    target5xx += answered * c.http5xxPercent / 100;
    elb5xx += r * c.elb5xxPercent / 100;
    if (answered > 0) {
      sum += answered * c.averageLatencyMs / 1000;
      maximum = Math.max(maximum, c.maxLatencyMs / 1000);
      weighted.push({ condition: c, served: answered });
    }
  }
  const latency = served > 0 ? { sum, maximum, percentile: mixturePercentile(weighted) } : undefined;
  return { condition: traffic.condition, targets: traffic.targets, requests, connectionErrors, served, target5xx, elb5xx, latency };
}

/** The percentile (0 to 100, in seconds) of requests served under several conditions, weighted by how many each served. */
function mixturePercentile(parts: { condition: Condition; served: number }[]): (p: number) => number {
  const shape = (c: Condition) => `${c.p50LatencyMs}|${c.p90LatencyMs}|${c.p99LatencyMs}|${c.maxLatencyMs}`;
  if (new Set(parts.map(x => shape(x.condition))).size === 1) {
    const d = latencyDistribution(parts[0].condition);
    return p => d.percentile(p) / 1000;
  }
  const total = parts.reduce((a, x) => a + x.served, 0);
  const dists = parts.map(x => ({ d: latencyDistribution(x.condition), w: x.served / total }));
  const above = (ms: number) => dists.reduce((a, { d, w }) => a + w * d.fractionAbove(ms), 0);
  const cache = new Map<number, number>();
  return p => {
    if (!cache.has(p)) {
      // The smallest latency with at most (100 - p) % of requests slower, by bisection.
      let [low, high] = [0, Math.max(...parts.map(x => x.condition.maxLatencyMs))];
      for (let i = 0; i < 40; i++) {
        const mid = (low + high) / 2;
        [low, high] = above(mid) > 1 - p / 100 ? [mid, high] : [low, mid];
      }
      cache.set(p, high / 1000);
    }
    return cache.get(p)!;
  };
}

/**
 * The share of requests that fail for one of Route 53's endpoint checkers: a
 * request fails on a 5xx, a failed connection or a response slower than the
 * timeout. With no healthy target the load balancer fails open, so the
 * checkers meet what the targets answer.
 */
export function checkerFailedShare(c: Condition, timeoutSeconds: number): number {
  return Math.min(1, (c.targetConnectionErrorPercent + c.elb5xxPercent) / 100
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
