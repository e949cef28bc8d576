/**
 * Scenarios: what happens to each Region, minute by minute. A scenario is a
 * JSON file, read and checked here with the format of scenario-format.ts
 * (schema: scenarios/scenario.schema.json, generated from the same format);
 * the built-in ones are files too (scenarios/*.json, see builtin-scenarios.ts).
 *
 * Minutes count from the start of the simulation. A Region is named by its
 * code (`eu-central-1`), by its position among the failover's Regions (`@1`
 * is the first latency record's Region), or `*` for every Region.
 */
import { SimulatorErrorId, stripBom } from './inputs';
import { readDocument } from './json-format';
import { SCENARIO_FORMAT, ScenarioError } from './scenario-format';
import { UserGroup } from './world';

// The types of a scenario as read. What each property means, its bounds and
// its default are in the format (scenario-format.ts), the one source of the
// reader and of the JSON schema.

/** How a Region serves requests during one minute (see CONDITION in scenario-format.ts). */
export interface Condition {
  readonly averageLatencyMs: number;
  readonly p50LatencyMs: number;
  readonly p90LatencyMs: number;
  readonly p99LatencyMs: number;
  readonly maxLatencyMs: number;
  readonly http5xxPercent: number;
  readonly elb5xxPercent: number;
  readonly targetConnectionErrorPercent: number;
  readonly cpuPercent: number;
  readonly healthyTargetPercent: number;
}

/** A change of condition in one Region (or every Region) for a while. */
export interface ScenarioEvent {
  /** A Region code, `@n` (the n-th Region of the failover) or `*`. */
  readonly region: string;
  readonly startMinute: number;
  /** The first minute after the event. */
  readonly endMinute: number;
  /** False for harmless noise. */
  readonly degrades: boolean;
  /** Only what changes. */
  readonly condition: Partial<Condition>;
  readonly label?: string;
  /** False: the requests of Route 53's endpoint checkers do not meet this event's condition (their path is unaffected). */
  readonly probeSeesFault: boolean;
  /** The event hits one load balancer node only (its share of the requests). */
  readonly oneNode: boolean;
}

/** A namespace's datapoints of a Region that can be read `delayMinutes` later than usual. */
export interface LateData {
  readonly region: string;
  readonly startMinute: number;
  readonly endMinute: number;
  readonly namespace: string;
  readonly delayMinutes: number;
}

/** What can go wrong with the republisher (see REPUBLISHER_FAULT in scenario-format.ts). */
export type RepublisherFaultKind = 'failing' | 'notInvoked' | 'getMetricDataError' | 'late';

/** The republisher of a Region misbehaving for a while. */
export interface RepublisherFault {
  readonly region: string;
  readonly startMinute: number;
  readonly endMinute: number;
  readonly fault: RepublisherFaultKind;
  /** With fault `late`: how many seconds into its minute each run starts. */
  readonly lateSeconds: number;
}

/** An operator evacuating a Region with its evacuation switch, then restoring it. */
export interface Evacuation {
  readonly region: string;
  readonly startMinute: number;
  /** When the operator restores the Region; never when absent. */
  readonly endMinute?: number;
}

/** An operator running a Region's restore command (releases a failback latch, ends an evacuation). */
export interface Restore {
  readonly region: string;
  readonly minute: number;
}

/** A whole scenario. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly durationMinutes: number;
  readonly baseline: Condition;
  readonly events: ScenarioEvent[];
  readonly evacuations: Evacuation[];
  /** Restore commands an operator runs; none when absent. */
  readonly restores?: Restore[];
  readonly lateData: LateData[];
  readonly republisherFaults: RepublisherFault[];
  /** User groups; the default world when absent. */
  readonly users?: UserGroup[];
  /**
   * A built-in scenario (not a file property): written for up to three
   * Regions, its `@n` beyond the failover's Regions are left out with a
   * warning instead of refused.
   */
  readonly builtIn?: boolean;
}

export { checkCondition, HEALTHY_CONDITION, MAX_DURATION_MINUTES, ScenarioError } from './scenario-format';

/** Where the schema of scenario files is, for messages: in the npm package. */
export const SCHEMA_REFERENCE = 'cdk-active-active-failover/scenarios/scenario.schema.json';

/**
 * Reads a scenario from its JSON text, checking every field.
 *
 * @param source where the text comes from, for error messages
 */
export function parseScenario(text: string, source: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(stripBom(text));
  } catch (e) {
    throw new ScenarioError(SimulatorErrorId.SCENARIO, `${source}: not valid JSON (${(e as Error).message}). Scenarios are JSON files; see ${SCHEMA_REFERENCE}.`);
  }
  return checkScenario(raw, source);
}

/** Checks a scenario given as a plain object (parsed JSON): throws a ScenarioError naming the property, the value and what is allowed. */
export function checkScenario(raw: unknown, source: string): Scenario {
  const error = (message: string) => new ScenarioError(SimulatorErrorId.SCENARIO, message);
  return readDocument(SCENARIO_FORMAT, raw, { source, documentName: 'the scenario', error }) as Scenario;
}

/**
 * Resolves a Region reference against the failover's Regions. A code the
 * failover does not have, or an `@n` beyond its Regions, is refused
 * (AAF-SIM-SCENARIO-REGION): leaving the incident out would report a run
 * that never happened as if it had. The built-in scenarios, written for up
 * to three Regions, ask for `leaveOut` instead: undefined for an `@n` beyond
 * the Regions, and the caller warns.
 *
 * @param path the field that names the Region, e.g. `events[0].region`
 */
export function resolveRegions(ref: string, regions: readonly string[], source: string, path = 'region', leaveOut = false): string[] | undefined {
  if (ref === '*') {
    return [...regions];
  }
  const listed = `${regions.length} Region${regions.length === 1 ? '' : 's'} (${regions.join(', ')})`;
  if (ref.startsWith('@')) {
    const region = regions[Number(ref.slice(1)) - 1];
    if (region === undefined && !leaveOut) {
      throw new ScenarioError(SimulatorErrorId.SCENARIO_REGION, `${source}: '${path}' is '${ref}', but the failover has ${listed}: `
        + `@n counts them from @1 to @${regions.length}. Fix: name one of them (by code or @1 to @${regions.length}), or simulate an app with more Regions.`);
    }
    return region === undefined ? undefined : [region];
  }
  if (!regions.includes(ref)) {
    throw new ScenarioError(SimulatorErrorId.SCENARIO_REGION, `${source}: '${path}' is '${ref}', not one of the failover's ${listed}.`);
  }
  return [ref];
}
