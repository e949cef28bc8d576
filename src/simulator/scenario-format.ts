/**
 * The scenario file format, once: every property with its type, bounds,
 * default and description. The reader (scenario.ts) checks files with it and
 * the JSON schema (scenarios/scenario.schema.json) is generated from it.
 */
import { InputError, SimulatorErrorId } from './inputs';
import { ArrayField, Definition, NumberField, ObjectField, ReadContext, StringField, subject } from './json-format';
import type { Condition } from './scenario';

/** The longest scenario, in minutes (one day). */
export const MAX_DURATION_MINUTES = 1440;
const MAX_LATENCY_MS = 600_000;

/** A scenario file that does not follow the format. */
export class ScenarioError extends InputError {
  constructor(ruleId: string, message: string) {
    super(ruleId, message);
    this.name = 'ScenarioError';
  }
}

const latency = (fallback: number, description: string): NumberField =>
  ({ type: 'number', minimum: 0, maximum: MAX_LATENCY_MS, default: fallback, description });
const percent = (fallback: number, description: string): NumberField =>
  ({ type: 'number', minimum: 0, maximum: 100, default: fallback, description });

/** The latency percentiles, in the order they must grow. */
const LATENCY_ORDER: (keyof Condition)[] = ['p50LatencyMs', 'p90LatencyMs', 'p99LatencyMs', 'maxLatencyMs'];

/** How a Region serves requests. The defaults are a healthy Region: fast, almost no errors, CPU well below any alarm. */
export const CONDITION: Definition = {
  name: 'condition',
  field: {
    type: 'object',
    partial: true,
    description: 'How a Region serves requests during a minute; every property is optional. A baseline starts from the defaults '
      + '(a healthy Region); an event gives only what changes. Latency percentiles must grow (p50 <= p90 <= p99 <= max, after '
      + 'merging the baseline and any overlapping event); the average is at most the maximum; between percentiles the '
      + 'distribution is linear.',
    properties: {
      averageLatencyMs: latency(120, 'Average response time of the targets, in milliseconds.'),
      p50LatencyMs: latency(100, 'Median response time, in milliseconds.'),
      p90LatencyMs: latency(200, '90th percentile of the response time, in milliseconds.'),
      p99LatencyMs: latency(300, '99th percentile of the response time, in milliseconds.'),
      maxLatencyMs: latency(800, 'Slowest response, in milliseconds.'),
      http5xxPercent: percent(0.1, 'Percent of the requests reaching a target that the target answers with a 5xx.'),
      elb5xxPercent: percent(0, 'Percent of requests the load balancer itself answers with a 5xx (besides failed connections).'),
      targetConnectionErrorPercent: percent(0, 'Percent of requests whose connection to a target fails (the load balancer answers 502).'),
      cpuPercent: percent(40, 'CPU utilization of the service, in percent.'),
      healthyTargetPercent: percent(100, 'Percent of the targets that pass the load balancer\'s health checks. With none healthy the '
        + 'load balancer fails open: it routes to every target, which answer as the rest of the condition says (give their errors: '
        + 'targetConnectionErrorPercent, http5xxPercent).'),
    },
  },
};

/** A healthy Region: the defaults of every condition property. */
export const HEALTHY_CONDITION: Condition = Object.fromEntries(
  Object.entries((CONDITION.field as ObjectField).properties).map(([key, field]) => [key, field.default])) as unknown as Condition;

/** Checks that a (merged) condition makes sense: latency percentiles grow, the average is at most the maximum. */
export function checkCondition(c: Condition, source: string, what: string): void {
  for (let i = 1; i < LATENCY_ORDER.length; i++) {
    const [lower, higher] = [LATENCY_ORDER[i - 1], LATENCY_ORDER[i]];
    if (c[lower] > c[higher]) {
      throw new ScenarioError(SimulatorErrorId.SCENARIO,
        `${source}: ${what} gives ${lower} ${c[lower]} above ${higher} ${c[higher]} (after merging with the baseline and any `
        + `overlapping event); percentiles must grow: ${LATENCY_ORDER.join(' <= ')}.`);
    }
  }
  if (c.averageLatencyMs > c.maxLatencyMs) {
    throw new ScenarioError(SimulatorErrorId.SCENARIO, `${source}: ${what} gives averageLatencyMs ${c.averageLatencyMs} above maxLatencyMs ${c.maxLatencyMs}.`);
  }
}

const REGION_REF = '@[1-9][0-9]*|[a-z]{2,4}(-[a-z]+)+-[0-9]';

function region(name: string, pattern: string, expected: string, description: string): Definition {
  return { name, field: { type: 'string', pattern: `^(${pattern})$`, expected, description } };
}

const REGION = region('region', REGION_REF, 'a Region code (eu-central-1), @n (the n-th Region)',
  'A Region code, or @n: the n-th Region of the failover, in the order of its latency records.');
const REGION_OR_ALL = region('regionOrAll', `${REGION_REF}|\\*`, 'a Region code (eu-central-1), @n (the n-th Region) or *',
  'A Region code, @n (the n-th Region of the failover, in the order of its latency records) or * (every Region).');

/** The first minute: from 0 to the last minute of the scenario. */
const startMinute = (description: string): NumberField => ({
  type: 'integer',
  required: true,
  minimum: 0,
  maximum: { schema: MAX_DURATION_MINUTES - 1, of: c => c.root.durationMinutes - 1 },
  description: `${description} Less than durationMinutes.`,
});

/** The first minute after: from startMinute + 1 to the scenario's duration. */
const endMinute = (required: boolean, description: string): NumberField => ({
  type: 'integer',
  required,
  minimum: { schema: 1, of: c => c.parent.startMinute + 1 },
  maximum: { schema: MAX_DURATION_MINUTES, of: c => c.root.durationMinutes },
  description: `${description} Greater than startMinute, at most durationMinutes.`,
});

const EVENT: Definition = {
  name: 'event',
  field: {
    type: 'object',
    description: 'A change of condition in one Region (or every Region) for a while.',
    properties: {
      region: { type: 'ref', to: REGION_OR_ALL, required: true },
      startMinute: startMinute('The first minute of the event.'),
      endMinute: endMinute(true, 'The first minute after the event.'),
      degrades: {
        type: 'boolean',
        default: true,
        description: 'Whether users served by the Region meanwhile are served badly; false for harmless noise that should move nobody.',
      },
      condition: {
        type: 'ref',
        to: CONDITION,
        required: true,
        description: 'Only the properties that change; merged over the baseline (and over any other event under way).',
        finish: (changed: Partial<Condition>, c: ReadContext, path: string) => {
          checkCondition({ ...c.root.baseline, ...changed }, c.source, `'${path}'`);
          return changed;
        },
      },
      probeSeesFault: {
        type: 'boolean',
        default: true,
        description: 'Whether the requests of Route 53\'s endpoint checkers (the probe) meet the condition too; false: their path '
          + 'is unaffected (they meet the condition without this event) while users\' requests meet it.',
      },
      oneNode: {
        type: 'boolean',
        default: false,
        description: 'The event hits one of the load balancer\'s nodes only (its share of the requests), so a read that shows that '
          + 'node alone overstates the minute. It may change latency and error properties only.',
        finish: oneNodeOnly,
      },
      label: { type: 'string', description: 'What happens, for the reports.' },
    },
  },
};

/** The condition properties a load balancer node can change: what its requests meet (not the service's CPU or target health). */
const NODE_PROPERTIES = ['averageLatencyMs', 'p50LatencyMs', 'p90LatencyMs', 'p99LatencyMs', 'maxLatencyMs', 'http5xxPercent', 'elb5xxPercent',
  'targetConnectionErrorPercent'];

function oneNodeOnly(oneNode: boolean, c: ReadContext, path: string): boolean {
  const other = Object.keys(c.parent.condition ?? {}).find(k => !NODE_PROPERTIES.includes(k));
  if (oneNode && other !== undefined) {
    throw new ScenarioError(SimulatorErrorId.SCENARIO, `${subject(path, c)} is true, but the event changes '${other}'; an event on one node may change only `
      + `${NODE_PROPERTIES.join(', ')}.`);
  }
  return oneNode;
}

/** The AWS namespaces whose datapoints the simulator produces. */
export const AWS_NAMESPACES = ['AWS/ApplicationELB', 'AWS/ECS', 'AWS/EC2'];

const LATE_DATA: Definition = {
  name: 'lateData',
  field: {
    type: 'object',
    description: 'A namespace\'s datapoints of a Region arriving late: those of the minutes from startMinute to endMinute can be read '
      + 'delayMinutes later than usual.',
    properties: {
      region: { type: 'ref', to: REGION_OR_ALL, required: true },
      startMinute: startMinute('The first minute whose datapoints are late.'),
      endMinute: endMinute(true, 'The first minute whose datapoints are on time again.'),
      namespace: {
        type: 'string',
        default: 'AWS/ApplicationELB',
        pattern: `^(${AWS_NAMESPACES.join('|')})$`,
        expected: AWS_NAMESPACES.join(', '),
        description: 'The namespace whose datapoints are late.',
      },
      delayMinutes: { type: 'integer', required: true, minimum: 1, maximum: 60, description: 'Minutes later than usual.' },
    },
  },
};

/** What can go wrong with the republisher. */
export const REPUBLISHER_FAULTS = ['failing', 'notInvoked', 'getMetricDataError', 'late'];

const REPUBLISHER_FAULT: Definition = {
  name: 'republisherFault',
  field: {
    type: 'object',
    description: 'The republisher of a Region misbehaving from startMinute to endMinute: failing (every run fails: no verdict, mirror, '
      + 'switch position or heartbeat), notInvoked (EventBridge misses the runs: the same, at minute resolution), getMetricDataError '
      + '(GetMetricData answers InternalError: the run fails at its first call, publishing nothing), late (each run starts lateSeconds '
      + 'into its minute: still within the minute, so no effect at minute resolution).',
    properties: {
      region: { type: 'ref', to: REGION_OR_ALL, required: true },
      startMinute: startMinute('The first minute of the fault.'),
      endMinute: endMinute(true, 'The first minute after the fault.'),
      fault: {
        type: 'string',
        required: true,
        pattern: `^(${REPUBLISHER_FAULTS.join('|')})$`,
        expected: REPUBLISHER_FAULTS.join(', '),
        description: 'What goes wrong.',
      },
      lateSeconds: { type: 'integer', minimum: 0, maximum: 59, default: 30, description: 'With fault late: how late each run starts.' },
    },
  },
};

const EVACUATION: Definition = {
  name: 'evacuation',
  field: {
    type: 'object',
    description: 'An operator evacuating a Region with its evacuation switch, then restoring it.',
    properties: {
      region: { type: 'ref', to: REGION, required: true },
      startMinute: startMinute('The operator publishes Evacuated=1.'),
      endMinute: endMinute(false, 'The operator publishes Evacuated=0; never when absent.'),
    },
  },
};

const RESTORE: Definition = {
  name: 'restore',
  field: {
    type: 'object',
    description: 'An operator running a Region\'s restore command: the switch parameter becomes 0 and 0 is published. It releases a failback latch '
      + '(a Region held out under operatorConfirmed, or during a hold-down) and ends an evacuation.',
    properties: {
      region: { type: 'ref', to: REGION, required: true },
      minute: startMinute('The operator runs the restore command.'),
    },
  },
};

const USER_GROUP: Definition = {
  name: 'userGroup',
  field: {
    type: 'object',
    description: 'Users who share a location, hence a latency to each Region.',
    properties: {
      name: { type: 'string', required: true, minLength: 1, expected: 'a non-empty string', description: 'Names the group.' },
      users: { type: 'number', required: true, minimum: 0, maximum: 1e9, description: 'How many users.' },
      latencyMs: {
        type: 'map',
        required: true,
        values: { type: 'number', minimum: 0, maximum: 10_000 },
        description: 'Round-trip latency to each Region of the failover, in milliseconds.',
      },
    },
  },
};

/** No two evacuations of one Region at once: one switch cannot be evacuated twice. */
function noOverlap(evacuations: { region: string; startMinute: number; endMinute?: number }[], c: ReadContext, path: string) {
  evacuations.forEach((e, i) => {
    const overlapping = evacuations.findIndex((o, j) => j < i && o.region === e.region
      && e.startMinute < (o.endMinute ?? Infinity) && o.startMinute < (e.endMinute ?? Infinity));
    if (overlapping >= 0) {
      throw new ScenarioError(SimulatorErrorId.EVACUATION_OVERLAP, `${subject(`${path}[${i}]`, c)} overlaps ${path}[${overlapping}] of the same Region ${e.region}; `
        + 'one switch cannot be evacuated twice: restore it first.');
    }
  });
  return evacuations;
}

function uniqueNames(groups: { name: string }[], c: ReadContext, path: string) {
  // A set, not a search per group: a scenario may list tens of thousands of groups.
  const seen = new Set<string>();
  const duplicate = groups.find(u => seen.size === seen.add(u.name).size);
  if (duplicate) {
    throw new ScenarioError(SimulatorErrorId.SCENARIO, `${subject(path, c)} must have unique names, got '${duplicate.name}' twice.`);
  }
  return groups;
}

const NAME: StringField = {
  type: 'string',
  required: true,
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
  expected: '1 to 64 letters, digits, \'.\', \'_\' or \'-\'',
  description: 'Names the output files.',
};

const list = (items: Definition, description: string, rest: Partial<ArrayField> = {}): ArrayField =>
  ({ type: 'array', items: { type: 'ref', to: items }, description, ...rest });

/** A whole scenario. */
export const SCENARIO_FORMAT: ObjectField = {
  type: 'object',
  description: 'What happens to each Region, minute by minute. Minutes count from the start of the simulation; an event lasts '
    + 'from startMinute up to, not including, endMinute.',
  properties: {
    $schema: { type: 'string', description: 'The schema the file follows, for editors (for example the package\'s scenarios/scenario.schema.json); not read.' },
    name: NAME,
    description: { type: 'string', default: '', description: 'What happens, for the reports.' },
    durationMinutes: { type: 'integer', minimum: 1, maximum: MAX_DURATION_MINUTES, default: 70, description: 'Minutes simulated.' },
    baseline: {
      type: 'ref',
      to: CONDITION,
      default: {},
      description: 'Every Region\'s condition when no event changes it: the defaults with the properties given.',
      finish: (given: Partial<Condition>, c: ReadContext) => {
        const baseline = { ...HEALTHY_CONDITION, ...given };
        checkCondition(baseline, c.source, '\'baseline\'');
        return baseline;
      },
    },
    events: list(EVENT, 'Changes of condition; overlapping events of a Region merge, the later over the earlier.', { default: [] }),
    evacuations: list(EVACUATION, 'Evacuations with the switch; two of one Region must not overlap.', { default: [], finish: noOverlap }),
    restores: list(RESTORE, 'Restore commands an operator runs (to release a Region a failback latch holds out).', { default: [] }),
    lateData: list(LATE_DATA, 'Datapoints arriving later than the assumed delay.', { default: [] }),
    republisherFaults: list(REPUBLISHER_FAULT, 'Faults of the republisher.', { default: [] }),
    users: list(USER_GROUP, 'User groups, with unique names; when absent, the default world (1,000 users in 10 groups around the globe, '
      + 'with a latency to every Region latency routing knows).', {
      minItems: 1,
      tooFew: 'list at least one group (or be left out for the default world)',
      finish: uniqueNames,
    }),
  },
};
