/**
 * Scenarios: what happens to each Region, minute by minute. A scenario is
 * JSON (schema: docs/scenario.schema.json); the built-in ones are below.
 *
 * Minutes count from the start of the simulation. A Region is named by its
 * code (`eu-central-1`), by its position among the failover's Regions (`@1`
 * is the first latency record's Region), or `*` for every Region.
 */
import { UserGroup } from './world';

/** How a Region serves requests during one minute. */
export interface Condition {
  /** Average response time of the targets, in milliseconds. */
  readonly averageLatencyMs: number;
  readonly p50LatencyMs: number;
  readonly p90LatencyMs: number;
  readonly p99LatencyMs: number;
  readonly maxLatencyMs: number;
  /** Percent of the requests reaching a target that the target answers with a 5xx. */
  readonly http5xxPercent: number;
  /** Percent of requests the load balancer itself answers with a 5xx (besides failed connections). */
  readonly elb5xxPercent: number;
  /** Percent of requests whose connection to a target fails (the load balancer answers 502). */
  readonly targetConnectionErrorPercent: number;
  /** CPU utilization of the service, in percent. */
  readonly cpuPercent: number;
  /** Percent of the targets that pass the load balancer's health checks (0: the load balancer answers 503). */
  readonly healthyTargetPercent: number;
}

/** A change of condition in one Region (or every Region) for a while. */
export interface ScenarioEvent {
  /** A Region code, `@n` (the n-th Region of the failover) or `*`. */
  readonly region: string;
  readonly startMinute: number;
  /** The first minute after the event. */
  readonly endMinute: number;
  /** Whether users served by the Region meanwhile are served badly (false for harmless noise). Default true. */
  readonly degrades: boolean;
  readonly condition: Partial<Condition>;
  readonly label?: string;
}

/** An operator evacuating a Region with its evacuation switch, then restoring it. */
export interface Evacuation {
  readonly region: string;
  readonly startMinute: number;
  /** When the operator restores the Region; never when absent. */
  readonly endMinute?: number;
}

/** A whole scenario. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly durationMinutes: number;
  readonly baseline: Condition;
  readonly events: ScenarioEvent[];
  readonly evacuations: Evacuation[];
  /** User groups; the default world when absent. */
  readonly users?: UserGroup[];
}

/** A healthy Region: fast, almost no errors, CPU well below any alarm. */
export const HEALTHY_CONDITION: Condition = {
  averageLatencyMs: 120,
  p50LatencyMs: 100,
  p90LatencyMs: 200,
  p99LatencyMs: 300,
  maxLatencyMs: 800,
  http5xxPercent: 0.1,
  elb5xxPercent: 0,
  targetConnectionErrorPercent: 0,
  cpuPercent: 40,
  healthyTargetPercent: 100,
};

const CONDITION_KEYS = Object.keys(HEALTHY_CONDITION) as (keyof Condition)[];
const PERCENT_KEYS: (keyof Condition)[] = [
  'http5xxPercent', 'elb5xxPercent', 'targetConnectionErrorPercent', 'cpuPercent', 'healthyTargetPercent',
];
const LATENCY_ORDER: (keyof Condition)[] = ['p50LatencyMs', 'p90LatencyMs', 'p99LatencyMs', 'maxLatencyMs'];

/** The longest scenario, in minutes (one day). */
export const MAX_DURATION_MINUTES = 1440;
const DEFAULT_DURATION_MINUTES = 70;

/** A scenario file that does not follow the schema. */
export class ScenarioError extends Error {}

/**
 * Reads a scenario from its JSON text, checking every field.
 *
 * @param source where the text comes from, for error messages
 */
export function parseScenario(text: string, source: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(`${source}: not valid JSON (${(e as Error).message}). Scenarios are JSON files; see docs/scenario.schema.json.`);
  }
  return checkScenario(raw, source);
}

/** Checks a scenario given as a plain object (parsed JSON). */
export function checkScenario(raw: unknown, source: string): Scenario {
  const at = (path: string) => `${source}: '${path}'`;
  const obj = object(raw, source, 'the scenario', ['name', 'description', 'durationMinutes', 'baseline', 'events', 'evacuations', 'users']);
  if (typeof obj.name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(obj.name)) {
    throw new ScenarioError(`${at('name')} must be 1 to 64 letters, digits, '.', '_' or '-', got: ${JSON.stringify(obj.name)}.`);
  }
  if (obj.description !== undefined && typeof obj.description !== 'string') {
    throw new ScenarioError(`${at('description')} must be a string, got: ${JSON.stringify(obj.description)}.`);
  }
  const durationMinutes = obj.durationMinutes === undefined ? DEFAULT_DURATION_MINUTES
    : integer(obj.durationMinutes, at('durationMinutes'), 1, MAX_DURATION_MINUTES);
  const baseline = { ...HEALTHY_CONDITION, ...condition(obj.baseline ?? {}, source, 'baseline') };
  checkCondition(baseline, source, "'baseline'");
  const events = list(obj.events, at('events')).map((e, i) => {
    const path = `events[${i}]`;
    const ev = object(e, source, path, ['region', 'startMinute', 'endMinute', 'degrades', 'condition', 'label']);
    const window = minutes(ev, source, path, durationMinutes, true);
    if (ev.degrades !== undefined && typeof ev.degrades !== 'boolean') {
      throw new ScenarioError(`${at(`${path}.degrades`)} must be true or false, got: ${JSON.stringify(ev.degrades)}.`);
    }
    if (ev.label !== undefined && typeof ev.label !== 'string') {
      throw new ScenarioError(`${at(`${path}.label`)} must be a string, got: ${JSON.stringify(ev.label)}.`);
    }
    const changed = condition(ev.condition, source, `${path}.condition`);
    checkCondition({ ...baseline, ...changed }, source, `'${path}.condition'`);
    return {
      region: regionRef(ev.region, at(`${path}.region`), true),
      ...window,
      endMinute: window.endMinute!,
      degrades: ev.degrades ?? true,
      condition: changed,
      label: ev.label,
    };
  });
  const evacuations = list(obj.evacuations, at('evacuations')).map((e, i) => {
    const path = `evacuations[${i}]`;
    const ev = object(e, source, path, ['region', 'startMinute', 'endMinute']);
    return { region: regionRef(ev.region, at(`${path}.region`), false), ...minutes(ev, source, path, durationMinutes, false) };
  });
  evacuations.forEach((e, i) => {
    const overlapping = evacuations.findIndex((o, j) => j < i && o.region === e.region
      && e.startMinute < (o.endMinute ?? Infinity) && o.startMinute < (e.endMinute ?? Infinity));
    if (overlapping >= 0) {
      throw new ScenarioError(`${at(`evacuations[${i}]`)} overlaps evacuations[${overlapping}] of the same Region ${e.region}; `
        + 'one switch cannot be evacuated twice: restore it first.');
    }
  });
  const users = obj.users === undefined ? undefined : list(obj.users, at('users')).map((u, i) => {
    const path = `users[${i}]`;
    const group = object(u, source, path, ['name', 'users', 'latencyMs']);
    if (typeof group.name !== 'string' || group.name.length === 0) {
      throw new ScenarioError(`${at(`${path}.name`)} must be a non-empty string, got: ${JSON.stringify(group.name)}.`);
    }
    const latency = object(group.latencyMs, source, `${path}.latencyMs`);
    for (const [region, ms] of Object.entries(latency)) {
      number(ms, at(`${path}.latencyMs.${region}`), 0, 10_000);
    }
    return { name: group.name, users: number(group.users, at(`${path}.users`), 0, 1e9), latencyMs: latency as Record<string, number> };
  });
  const duplicate = users?.find((u, i) => users.findIndex(o => o.name === u.name) !== i);
  if (duplicate) {
    throw new ScenarioError(`${at('users')} must have unique names, got '${duplicate.name}' twice.`);
  }
  if (users !== undefined && users.length === 0) {
    throw new ScenarioError(`${at('users')} must list at least one group (or be left out for the default world), got: [].`);
  }
  return {
    name: obj.name,
    description: obj.description ?? '',
    durationMinutes,
    baseline,
    events,
    evacuations,
    users,
  };
}

function object(value: unknown, source: string, path: string, allowed?: string[]): Record<string, any> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ScenarioError(`${source}: ${path === 'the scenario' ? path : `'${path}'`} must be an object, got: ${JSON.stringify(value)}.`);
  }
  if (allowed) {
    const unknown = Object.keys(value).filter(k => !allowed.includes(k));
    if (unknown.length > 0) {
      const where = path === 'the scenario' ? 'the scenario' : `'${path}'`;
      throw new ScenarioError(`${source}: ${where} has unknown property '${unknown[0]}' (allowed: ${allowed.join(', ')}).`);
    }
  }
  return value as Record<string, any>;
}

function list(value: unknown, subject: string): unknown[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new ScenarioError(`${subject} must be a list, got: ${JSON.stringify(value)}.`);
  }
  return value;
}

function number(value: unknown, subject: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new ScenarioError(`${subject} must be a number from ${min} to ${max}, got: ${JSON.stringify(value)}.`);
  }
  return value;
}

function integer(value: unknown, subject: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ScenarioError(`${subject} must be a whole number from ${min} to ${max}, got: ${JSON.stringify(value)}.`);
  }
  return value;
}

function condition(value: unknown, source: string, path: string): Partial<Condition> {
  const obj = object(value, source, path, CONDITION_KEYS);
  const result: Partial<Record<keyof Condition, number>> = {};
  for (const key of CONDITION_KEYS) {
    if (obj[key] !== undefined) {
      result[key] = number(obj[key], `${source}: '${path}.${key}'`, 0, PERCENT_KEYS.includes(key) ? 100 : 600_000);
    }
  }
  return result;
}

/** Checks that a (merged) condition makes sense: latency percentiles grow, the average is at most the maximum. */
export function checkCondition(c: Condition, source: string, subject: string): void {
  for (let i = 1; i < LATENCY_ORDER.length; i++) {
    const [lower, higher] = [LATENCY_ORDER[i - 1], LATENCY_ORDER[i]];
    if (c[lower] > c[higher]) {
      throw new ScenarioError(
        `${source}: ${subject} gives ${lower} ${c[lower]} above ${higher} ${c[higher]} (after merging with the baseline and any `
        + `overlapping event); percentiles must grow: ${LATENCY_ORDER.join(' <= ')}.`);
    }
  }
  if (c.averageLatencyMs > c.maxLatencyMs) {
    throw new ScenarioError(`${source}: ${subject} gives averageLatencyMs ${c.averageLatencyMs} above maxLatencyMs ${c.maxLatencyMs}.`);
  }
}

function minutes(ev: Record<string, any>, source: string, path: string, duration: number, endRequired: boolean) {
  const startMinute = integer(ev.startMinute, `${source}: '${path}.startMinute'`, 0, duration - 1);
  if (ev.endMinute === undefined && !endRequired) {
    return { startMinute, endMinute: undefined };
  }
  const endMinute = integer(ev.endMinute, `${source}: '${path}.endMinute'`, startMinute + 1, duration);
  return { startMinute, endMinute };
}

function regionRef(value: unknown, subject: string, allowAll: boolean): string {
  const ok = typeof value === 'string' && (/^@[1-9]\d*$/.test(value) || /^[a-z]{2,4}(-[a-z]+)+-\d$/.test(value) || (allowAll && value === '*'));
  if (!ok) {
    throw new ScenarioError(`${subject} must be a Region code (eu-central-1), @n (the n-th Region)${allowAll ? ' or *' : ''}, got: ${JSON.stringify(value)}.`);
  }
  return value as string;
}

// ---------------------------------------------------------------------------
// Built-in scenarios: 10 quiet minutes, 40 minutes of incident in the first
// Region, 20 minutes after it.

const INCIDENT_START = 10;
const INCIDENT_END = 50;

function incident(name: string, description: string, changed: Partial<Condition>, region = '@1'): Scenario {
  return checkScenario({
    name,
    description,
    events: [{ region, startMinute: INCIDENT_START, endMinute: INCIDENT_END, condition: changed, label: description }],
  }, `built-in scenario '${name}'`);
}

function spike(region: string, startMinute: number, length: number, changed: Partial<Condition>, label: string) {
  return { region, startMinute, endMinute: startMinute + length, degrades: false, condition: changed, label };
}

/** The built-in scenarios, by name. */
export const BUILT_IN_SCENARIOS: Record<string, Scenario> = Object.fromEntries([
  incident('gray-cpu', 'CPU at 97 % in the first Region for 40 minutes', { cpuPercent: 97 }),
  incident('gray-5xx', '8 % of requests answered with a 5xx in the first Region for 40 minutes', { http5xxPercent: 8 }),
  incident('gray-connection-errors', '10 % of connections to targets fail in the first Region for 40 minutes',
    { targetConnectionErrorPercent: 10 }),
  incident('gray-p99', 'p99 latency from 300 ms to 2.5 s, average still under 200 ms, in the first Region for 40 minutes',
    { averageLatencyMs: 190, p90LatencyMs: 250, p99LatencyMs: 2500, maxLatencyMs: 4000 }),
  incident('hard-outage', 'every target of the first Region unhealthy, its load balancer answering 503, for 40 minutes',
    { healthyTargetPercent: 0 }),
  checkScenario({
    name: 'noisy-day',
    description: 'a noisy but healthy day: spikes of 1 to 2 minutes in every Region, none of which should move users',
    events: [
      spike('@1', 8, 2, { p99LatencyMs: 3000, maxLatencyMs: 5000 }, 'p99 3 s for 2 minutes'),
      spike('@1', 20, 1, { http5xxPercent: 6 }, '6 % 5xx for 1 minute'),
      spike('@1', 31, 2, { cpuPercent: 95 }, 'CPU 95 % for 2 minutes'),
      spike('@1', 44, 2, { targetConnectionErrorPercent: 5 }, 'connection errors 5 % for 2 minutes'),
      spike('@2', 12, 2, { http5xxPercent: 6 }, '6 % 5xx for 2 minutes'),
      spike('@2', 24, 1, { p99LatencyMs: 3000, maxLatencyMs: 5000 }, 'p99 3 s for 1 minute'),
      spike('@2', 37, 2, { targetConnectionErrorPercent: 5 }, 'connection errors 5 % for 2 minutes'),
      spike('@3', 15, 2, { cpuPercent: 95 }, 'CPU 95 % for 2 minutes'),
      spike('@3', 27, 2, { p99LatencyMs: 3000, maxLatencyMs: 5000 }, 'p99 3 s for 2 minutes'),
      spike('@3', 40, 2, { http5xxPercent: 6 }, '6 % 5xx for 2 minutes'),
      spike('@3', 52, 1, { targetConnectionErrorPercent: 5 }, 'connection errors 5 % for 1 minute'),
    ],
  }, 'built-in scenario \'noisy-day\''),
  incident('all-degraded', 'every Region answers 8 % of requests with a 5xx for 40 minutes', { http5xxPercent: 8 }, '*'),
  checkScenario({
    name: 'evacuation-drill',
    description: 'an operator evacuates the first Region with its switch for 40 minutes, then restores it',
    evacuations: [{ region: '@1', startMinute: INCIDENT_START, endMinute: INCIDENT_END }],
  }, 'built-in scenario \'evacuation-drill\''),
].map(s => [s.name, s]));

/** Resolves a Region reference against the failover's Regions; undefined for `@n` beyond them. */
export function resolveRegions(ref: string, regions: readonly string[], source: string): string[] | undefined {
  if (ref === '*') {
    return [...regions];
  }
  if (ref.startsWith('@')) {
    const region = regions[Number(ref.slice(1)) - 1];
    return region === undefined ? undefined : [region];
  }
  if (!regions.includes(ref)) {
    throw new ScenarioError(`${source}: Region '${ref}' is not one of the failover's Regions (${regions.join(', ')}).`);
  }
  return [ref];
}
