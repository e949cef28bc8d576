/**
 * The undocumented delays and behaviours the simulation rests on, as named
 * assumptions with bounds, grouped in two profiles: `optimistic` (every
 * undocumented behaviour at its kindest) and `documented` (what AWS's own
 * documents and operators' reports allow; the default). See docs/simulator.md,
 * "Assumptions", and /work/shared/aws-facts.md for the sources.
 */

import { InputError, SimulatorErrorId } from './inputs';

/** The undocumented delays and behaviours the simulation rests on (see docs/simulator.md). */
export interface SimulationAssumptions {
  /** Minutes from an ALB, ECS or EC2 datapoint's timestamp (the start of its minute) until it can be read. */
  readonly awsMetricDelayMinutes: number;
  /** Minutes from PutMetricData until the datapoint can be read. */
  readonly customMetricDelayMinutes: number;
  /** Minutes from data Route 53 can read (or a target-health change) until DNS answers change. */
  readonly route53DelayMinutes: number;
  /** Minutes clients keep a DNS answer (the alias TTL of a load balancer: 60 s). */
  readonly dnsTtlMinutes: number;
  /** Periods an alarm evaluation looks back beyond EvaluationPeriods. */
  readonly extraRangePeriods: number;
  /** Percent of (Region, metric, minute) AWS datapoints that arrive one minute later than `awsMetricDelayMinutes`. */
  readonly lateDatapointPercent: number;
  /** 1: a load balancer minute read at its first readable instant shows only some of its nodes; 0: always all of them. */
  readonly partialFirstReads: number;
  /** Nodes of each load balancer that report its metrics. */
  readonly albNodes: number;
  /** Percent of users' traffic on pooled connections, which re-resolve only when their connection closes. */
  readonly pooledTrafficPercent: number;
  /** Seconds after the start of its minute that the republisher runs (EventBridge runs within the minute). */
  readonly republisherLateSeconds: number;
  /** Health checkers per checker location sending requests to an endpoint. */
  readonly checkersPerLocation: number;
  /** Share of checkers that must report healthy for an endpoint check to be healthy (Route 53: more than 18 %). */
  readonly healthyCheckerShare: number;
  /** Seconds an endpoint check waits for the response after connecting (Route 53: 2 s). */
  readonly endpointTimeoutSeconds: number;
  /** Requests each user sends per minute. */
  readonly requestsPerUserMinute: number;
  /** Minutes before an unhealthy transition in which a degradation or an evacuation of the Region explains it. */
  readonly causeLookbackMinutes: number;
}

/** The two sets of assumptions: every undocumented behaviour at its kindest, or as the documents allow. */
export type SimulationProfile = 'optimistic' | 'documented';

/** The profiles, in the order they are listed. */
export const PROFILES: readonly SimulationProfile[] = ['optimistic', 'documented'];

/** The profile used when none is given (the CLI, the API and the example). */
export const DEFAULT_PROFILE: SimulationProfile = 'documented';

/** An assumption: its value in each profile, its bounds and where each value comes from. */
export interface AssumptionSpec {
  readonly optimistic: number;
  readonly documented: number;
  readonly minimum: number;
  readonly maximum: number;
  /** A whole number; otherwise any number in the bounds (`exclusiveMaximum`: below the maximum). */
  readonly whole: boolean;
  readonly exclusiveMaximum?: boolean;
  /** What it means and where the values come from (docs/simulator.md repeats it). */
  readonly source: string;
}

const whole = (optimistic: number, documented: number, minimum: number, maximum: number, source: string): AssumptionSpec =>
  ({ optimistic, documented, minimum, maximum, whole: true, source });

/**
 * Every assumption, its value in each profile, its bounds and its source.
 * "[facts: ...]" names the section of the project's AWS facts sheet
 * (/work/shared/aws-facts.md) that quotes the source.
 */
export const ASSUMPTIONS: Readonly<Record<keyof SimulationAssumptions, AssumptionSpec>> = {
  awsMetricDelayMinutes: whole(2, 2, 1, 15, 'not documented: ALB data arrives "anecdotally up to a few minutes" late; operators read it 2 minutes '
    + 'back (Netflix/atlas PR 1300) [facts: CloudWatch alarms and metrics; Timing in practice]'),
  customMetricDelayMinutes: whole(1, 1, 0, 15, 'not documented: from PutMetricData, about a minute [facts: none, an assumption]'),
  route53DelayMinutes: whole(1, 1, 0, 15, 'not documented: Route 53 publishes its own health-check metrics once a minute; "about a minute, plus lag" '
    + '[facts: Route 53 health checks driven by CloudWatch alarms]'),
  dnsTtlMinutes: whole(1, 1, 0, 60, 'documented: an alias to an ELB has the ELB\'s fixed TTL of 60 s (Route 53 Developer Guide) '
    + '[facts: Records, latency routing and fail-open]'),
  extraRangePeriods: whole(3, 2, 0, 10, 'CloudWatch documents EvaluationPeriods + 2 ("Evaluation Periods are both 3. CloudWatch retrieves the 5 most '
    + 'recent data points", CloudWatch User Guide); Route 53 documents no look-back: optimistic 3, documented 2 [facts: Timing in practice]'),
  lateDatapointPercent: whole(0, 25, 0, 100, 'the latest ALB minute "can be incomplete and volatile" (Netflix/atlas PR 1300), sums read about halved '
    + 'depending on when (zalando-zmon/zmon-docs issue 62); how often is not documented: 25 % is an assumption [facts: Timing in practice]'),
  partialFirstReads: whole(0, 1, 0, 1, 'ALB minutes are assembled from the reports of several nodes ("Minimum and Maximum statistics reflect the '
    + 'minimum and maximum of the data points reported by the individual load balancer nodes", ELB guide); a first read that shows some of them: '
    + 'zmon-docs issue 62 [facts: Timing in practice]'),
  albNodes: whole(3, 3, 1, 10, 'several nodes per load balancer (ELB guide); how many is an assumption [facts: Timing in practice]'),
  pooledTrafficPercent: whole(0, 50, 0, 100, 'connection pools, HTTP/2 and many SDKs do not re-resolve DNS per request, and a DNS change moves new '
    + 'connections only; the share is an assumption [facts: Timing in practice, ALB client keep-alive]'),
  republisherLateSeconds: whole(0, 15, 0, 59, 'EventBridge rate(1 minute) runs within the minute, not at second 0, and can be several seconds late; '
    + 'no effect at minute resolution [facts: Timing in practice]'),
  checkersPerLocation: whole(2, 2, 1, 10, 'not documented; 8 locations x 2 checkers, each every 30 s: 32 requests a minute, Route 53\'s "about every '
    + 'two seconds" [facts: Timing in practice]'),
  healthyCheckerShare: {
    optimistic: 0.18,
    documented: 0.18,
    minimum: 0,
    maximum: 1,
    whole: false,
    exclusiveMaximum: true,
    source: 'documented: healthy while more than 18 % of checkers say so (Route 53 Developer Guide, "How Route 53 determines whether a health '
      + 'check is healthy")',
  },
  endpointTimeoutSeconds: {
    optimistic: 2,
    documented: 2,
    minimum: 0.1,
    maximum: 60,
    whole: false,
    source: 'documented: the response within 2 s of connecting (Route 53 Developer Guide)',
  },
  requestsPerUserMinute: {
    optimistic: 6,
    documented: 6,
    minimum: 0.01,
    maximum: 10_000,
    whole: false,
    source: 'the workload, not AWS: requests '
    + 'a user sends a minute',
  },
  causeLookbackMinutes: whole(15, 15, 0, 1440, 'reporting, not AWS: an unhealthy transition within this long after a degradation or an evacuation '
    + 'of the Region is explained by it; any other is a false failover'),
};

/** The assumptions of a profile. */
export function profileAssumptions(profile: SimulationProfile): SimulationAssumptions {
  return Object.fromEntries(Object.entries(ASSUMPTIONS).map(([name, spec]) => [name, spec[profile]])) as unknown as SimulationAssumptions;
}

/** The default assumptions: the default profile's. */
export const DEFAULT_ASSUMPTIONS: SimulationAssumptions = profileAssumptions(DEFAULT_PROFILE);

/** The profile, checked: throws naming the value and the profiles. */
export function checkProfile(profile: unknown = DEFAULT_PROFILE): SimulationProfile {
  if (typeof profile !== 'string' || !(PROFILES as readonly string[]).includes(profile)) {
    throw new InputError(SimulatorErrorId.ASSUMPTION, `profile must be one of ${PROFILES.join(', ')}, got: ${JSON.stringify(profile)}.`);
  }
  return profile as SimulationProfile;
}

/** What an assumption's value must be, for messages. */
export function allowedText(spec: AssumptionSpec): string {
  return `${spec.whole ? 'a whole number' : 'a number'} from ${spec.minimum} to ${spec.exclusiveMaximum ? 'less than ' : ''}${spec.maximum}`;
}

/**
 * The assumptions of `profile` with `overrides`, checked: throws naming the
 * assumption, the value and what is allowed.
 */
export function checkAssumptions(overrides: Partial<SimulationAssumptions> = {},
  profile: SimulationProfile = DEFAULT_PROFILE): SimulationAssumptions {
  for (const [name, value] of Object.entries(overrides)) {
    if (!Object.prototype.hasOwnProperty.call(ASSUMPTIONS, name)) {
      throw new InputError(SimulatorErrorId.ASSUMPTION, `unknown assumption '${name}' (known: ${Object.keys(ASSUMPTIONS).join(', ')}).`);
    }
    const spec = ASSUMPTIONS[name as keyof SimulationAssumptions];
    const ok = typeof value === 'number' && Number.isFinite(value) && (!spec.whole || Number.isInteger(value))
      && value >= spec.minimum && (spec.exclusiveMaximum ? value < spec.maximum : value <= spec.maximum);
    if (!ok) {
      throw new InputError(SimulatorErrorId.ASSUMPTION, `assumption '${name}' must be ${allowedText(spec)}, got: ${JSON.stringify(value)}.`);
    }
  }
  return { ...profileAssumptions(checkProfile(profile)), ...overrides };
}

/** The largest seed: seeds are whole numbers from 0 to this. */
export const MAX_SEED = 2 ** 31 - 1;

/** The seed, checked: a whole number from 0 to MAX_SEED. */
export function checkSeed(seed: unknown = 1): number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new InputError(SimulatorErrorId.ASSUMPTION, `seed must be a whole number from 0 to ${MAX_SEED}, got: ${JSON.stringify(seed)}.`);
  }
  return seed;
}

/** Whether the assumptions draw anything at random (with none, every seed gives the same run). */
export function usesSeed(a: SimulationAssumptions): boolean {
  return a.lateDatapointPercent > 0 || (a.partialFirstReads > 0 && a.albNodes > 1);
}
