/**
 * What a drill's experiment template holds, as plain values: the tags and
 * names that tie it to its failover and Region (the contract the drill
 * commands read), each fault's action parameters, its description with the
 * cost, and the share of requests a fault is meant to fail. The construct
 * writes these into `AWS::FIS::ExperimentTemplate`; the facts about FIS come
 * from `fis-actions.ts`.
 */
import { DRILL_TAG_KEYS } from './contract';
import { DrillFault, FIS_PRICE_PER_ACTION_MINUTE_USD, faultAction } from './fis-actions';

/** The defaults of a drill. */
export const DRILL_DEFAULTS = {
  durationMinutes: 10,
  taskPercent: 50,
  cpuPercent: 100,
  latencyMilliseconds: 2000,
  http5xxFlowsPercent: 10,
  /** Percentage points the safety alarm's threshold sits above the 5xx share a drill intends. */
  safetyMarginPercent: 10,
} as const;

/** The bounds the library puts on a drill (FIS allows up to 12 hours; a drill is bounded by design). */
export const DRILL_LIMITS = { minDurationMinutes: 1, maxDurationMinutes: 60 } as const;

/** A drill's settings, as plain values (resolved defaults). */
export interface DrillSettings {
  readonly failoverName: string;
  readonly region: string;
  readonly durationMinutes: number;
  readonly taskPercent: number;
  readonly cpuPercent: number;
  readonly latencyMilliseconds: number;
  readonly http5xxFlowsPercent: number;
  /** The application port the connection-errors drill blackholes (a string: it may be a deploy-time value). */
  readonly port: string;
  /** The load balancer's subnets' CIDR blocks, comma-separated: the network drills affect only traffic back to it. */
  readonly sources: string;
}

/** The tags of a fault's template (besides its Name). */
export function drillTags(failoverName: string, region: string, fault: DrillFault): Record<string, string> {
  return { [DRILL_TAG_KEYS.failover]: failoverName, [DRILL_TAG_KEYS.region]: region, [DRILL_TAG_KEYS.fault]: fault };
}

/** An ISO 8601 duration of whole minutes, as FIS takes it (`PT10M`). */
export function isoDuration(minutes: number): string {
  return `PT${minutes}M`;
}

/**
 * The action's `Parameters` (every value a string). The network actions use
 * the ECS fault injection endpoints (`useEcsFaultInjectionEndpoints`), which
 * Fargate requires and EC2 container instances support from ECS agent 1.88.0.
 */
export function actionParameters(fault: DrillFault, s: DrillSettings): Record<string, string> {
  const duration = isoDuration(s.durationMinutes);
  const endpoints: Record<string, string> = faultAction(fault).fargateNeedsEndpoints ? { useEcsFaultInjectionEndpoints: 'true' } : {};
  switch (fault) {
    case 'cpu':
      return { duration, percent: String(s.cpuPercent) };
    case 'latency':
      return { duration, delayMilliseconds: String(s.latencyMilliseconds), sources: s.sources, ...endpoints };
    case 'connectionErrors':
      return { duration, port: s.port, trafficType: 'ingress', ...endpoints };
    case 'http5xx':
      return { duration, lossPercent: '100', flowsPercent: String(s.http5xxFlowsPercent), sources: s.sources, ...endpoints };
  }
}

/** What a fault injects, in words, for the template's description. */
function injects(fault: DrillFault, s: DrillSettings): string {
  switch (fault) {
    case 'cpu':
      return `CPU stress at ${s.cpuPercent} %`;
    case 'latency':
      return `${s.latencyMilliseconds} ms added to the packets sent back to the load balancer`;
    case 'connectionErrors':
      return 'inbound traffic to the application port dropped (connection errors until ECS replaces the tasks)';
    case 'http5xx':
      return `every packet of ${s.http5xxFlowsPercent} % of the flows back to the load balancer dropped (load balancer 504s)`;
  }
}

/** FIS's price of one run of a one-action template, in USD. */
export function drillCostUsd(durationMinutes: number): number {
  return Math.round(durationMinutes * FIS_PRICE_PER_ACTION_MINUTE_USD * 100) / 100;
}

/** The template's description: what it injects, where, for how long, and what a run costs (at most 512 characters). */
export function drillDescription(fault: DrillFault, s: DrillSettings): string {
  const cost = drillCostUsd(s.durationMinutes).toFixed(2);
  return `Drill '${fault}' of failover ${s.failoverName} in ${s.region}: ${injects(fault, s)} in ${s.taskPercent} % of the `
    + `service's tasks for ${s.durationMinutes} min (${faultAction(fault).id}). FIS cost per run: about USD ${cost} `
    + `(USD ${FIS_PRICE_PER_ACTION_MINUTE_USD.toFixed(2)} per action-minute).`;
}

/**
 * The share of all requests (%) a fault is meant to fail for its whole
 * duration: the 5xx drill's share of tasks times its share of flows, none for
 * the others. The connection-errors drill fails the chosen tasks' requests
 * only until their health checks fail (2 x 30 s by default) and ECS replaces
 * them: a burst, which the safety alarm's 3 minutes outlast.
 */
export function intendedErrorPercent(fault: DrillFault, taskPercent: number, flowsPercent: number): number {
  return fault === 'http5xx' ? taskPercent * flowsPercent / 100 : 0;
}
