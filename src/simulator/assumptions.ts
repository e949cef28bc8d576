/**
 * The undocumented delays and behaviours the simulation rests on, their
 * defaults (not optimistic; see docs/simulator.md) and their checks.
 */

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

export const DEFAULT_ASSUMPTIONS: SimulationAssumptions = {
  awsMetricDelayMinutes: 2,
  customMetricDelayMinutes: 1,
  route53DelayMinutes: 1,
  dnsTtlMinutes: 1,
  extraRangePeriods: 3,
  checkersPerLocation: 2,
  healthyCheckerShare: 0.18,
  endpointTimeoutSeconds: 2,
  requestsPerUserMinute: 6,
  causeLookbackMinutes: 15,
};

/** Assumptions that must be whole numbers, and their smallest value. */
const WHOLE_ASSUMPTIONS: Partial<Record<keyof SimulationAssumptions, number>> = {
  // A minute's datapoint cannot be read before the minute has ended.
  awsMetricDelayMinutes: 1,
  customMetricDelayMinutes: 0,
  route53DelayMinutes: 0,
  dnsTtlMinutes: 0,
  extraRangePeriods: 0,
  causeLookbackMinutes: 0,
};

/** The default assumptions with `overrides`, checked: throws naming the assumption, the value and what is allowed. */
export function checkAssumptions(overrides: Partial<SimulationAssumptions> = {}): SimulationAssumptions {
  for (const [name, value] of Object.entries(overrides)) {
    if (!Object.prototype.hasOwnProperty.call(DEFAULT_ASSUMPTIONS, name)) {
      throw new Error(`unknown assumption '${name}' (known: ${Object.keys(DEFAULT_ASSUMPTIONS).join(', ')}).`);
    }
    const min = WHOLE_ASSUMPTIONS[name as keyof SimulationAssumptions];
    const ok = typeof value === 'number' && Number.isFinite(value) && (min !== undefined ? Number.isInteger(value) && value >= min
      : name === 'healthyCheckerShare' ? value >= 0 && value < 1 : value > 0);
    if (!ok) {
      const allowed = min !== undefined ? `a whole number from ${min}` : name === 'healthyCheckerShare' ? 'a number from 0 to less than 1' : 'a number above 0';
      throw new Error(`assumption '${name}' must be ${allowed}, got: ${JSON.stringify(value)}.`);
    }
  }
  return { ...DEFAULT_ASSUMPTIONS, ...overrides };
}
