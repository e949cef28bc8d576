/**
 * The failover simulator: replays a scenario minute by minute against the
 * synthesized templates and reports when users move. Deterministic: the same
 * templates, scenario and assumptions always give the same result.
 *
 * One step per minute t (the instant t is the start of minute t):
 * 1. The operator's evacuation datapoints of minute t are published.
 * 2. CloudWatch evaluates the alarms on the data readable at t; the
 *    republisher (EventBridge, once a minute) publishes settled minutes and
 *    mirrored alarm states, readable `customMetricDelayMinutes` later.
 * 3. Route 53 reads its health checks (alarm settings against the data,
 *    endpoint checks, target health); it acts on a reading
 *    `route53DelayMinutes` later.
 * 4. DNS answers at t follow the health in effect; clients keep an answer for
 *    the TTL, so the users of minute t follow the answers of t - TTL.
 * 5. Minute t's traffic (users and health checkers) meets the scenario's
 *    condition of each Region and becomes ALB, ECS and EC2 metrics, readable
 *    `awsMetricDelayMinutes` after the minute starts.
 */
import { AlarmModel, AlarmState, alarmState, isModelledStatistic, MetricStore, MinuteStats, route53Reading, valueStats } from './cloudwatch';
import { HealthInputs, normalize } from './dns';
import { MetricExpression, UnsupportedExpressionError } from './metric-math';
import { BUILT_IN_SCENARIOS, checkCondition, Condition, resolveRegions, Scenario } from './scenario';
import { AlarmDefinition, LeafCheckDefinition, metricKey, renderString, SWITCH_NAMESPACE, Topology } from './topology';
import { defaultUserGroups, UserGroup } from './world';
import { mirrorDatapoints, publishWindow, signalDatapoints } from '../republisher/logic';

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

/** A Region during one minute. */
export interface RegionMinute {
  readonly region: string;
  /** Whether the Region's latency record is healthy in DNS at the start of the minute. */
  readonly healthy: boolean;
  /** Users served by the Region during the minute. */
  readonly users: number;
  /** Their share of all users (0 to 1). */
  readonly share: number;
  /** Requests of Route 53 health checkers during the minute. */
  readonly probeRequests: number;
  readonly degraded: boolean;
  /** An event that does not degrade (noise) is under way. */
  readonly noise: boolean;
  readonly evacuated: boolean;
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
  /** Minutes from the start until no user was left; undefined: never. */
  readonly allMovedMinutes?: number;
  /** Minutes from the end until the Region had its share back; undefined: never (or never left). */
  readonly recoveryMinutes?: number;
  /** Healthy-to-unhealthy transitions of the Region explained by this incident. */
  readonly unhealthyTransitions: number;
}

/** The numbers of a run. */
export interface SimulationSummary {
  readonly affected: AffectedRegion[];
  /** The earliest first move over the affected Regions. */
  readonly firstMoveMinutes?: number;
  /** The latest complete move; undefined when a Region never moved all its users. */
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
}

/** The result of a simulation. */
export interface SimulationResult {
  readonly scenario: Scenario;
  readonly assumptions: SimulationAssumptions;
  readonly recordName: string;
  readonly regions: string[];
  readonly totalUsers: number;
  readonly timeline: TimelineMinute[];
  readonly summary: SimulationSummary;
  readonly warnings: string[];
}

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

/** Options of a simulation. */
export interface SimulationOptions {
  /** The name users resolve; default: the name with latency records in the most Regions. */
  readonly recordName?: string;
  readonly assumptions?: Partial<SimulationAssumptions>;
}

/** A scenario given by name (built-in) or as an object. */
export function builtInScenario(name: string): Scenario {
  const scenario = Object.prototype.hasOwnProperty.call(BUILT_IN_SCENARIOS, name) ? BUILT_IN_SCENARIOS[name] : undefined;
  if (!scenario) {
    throw new Error(`no built-in scenario '${name}' (built-in: ${Object.keys(BUILT_IN_SCENARIOS).join(', ')}).`);
  }
  return scenario;
}

/** Runs `scenario` against the templates read into `topology`. */
export function simulate(topology: Topology, scenario: Scenario, options: SimulationOptions = {}): SimulationResult {
  return new Simulation(topology, scenario, options).run();
}

const ALB = 'AWS/ApplicationELB';
const ALL_HEALTHY: HealthInputs = { leafHealthy: () => true, loadBalancerHealthy: () => true };

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

class Simulation {
  private readonly assumptions: SimulationAssumptions;
  private readonly warnings: string[];
  private readonly store = new MetricStore();
  private readonly recordName: string;
  private readonly regions: string[];
  private readonly users: UserGroup[];
  private readonly alarmModels = new Map<string, AlarmModel>();
  private readonly alarmStates = new Map<string, AlarmState>();
  private readonly producedKeys = new Set<string>();
  /** Route 53's reading of each leaf check, per instant. */
  private readonly readings: Map<string, boolean>[] = [];
  private readonly lastKnown = new Map<string, boolean>();
  /** The load balancer's view of its targets, per instant and Region. */
  private readonly lbViews: Map<string, boolean>[] = [];
  /** Per minute and Region: whether Route 53's endpoint checkers fail, and whether targets are healthy. */
  private readonly endpointFailedShare: Map<string, number>[] = [];
  private readonly targetsHealthy: Map<string, boolean>[] = [];
  private readonly endpointStatus = new Map<string, boolean>();
  private readonly lbStatus = new Map<string, boolean>();
  private readonly events: { regions: string[]; event: Scenario['events'][number] }[] = [];
  private readonly evacuations: { region: string; startMinute: number; endMinute?: number }[] = [];
  private readonly expressions = new Map<string, MetricExpression | undefined>();

  constructor(private readonly topology: Topology, private readonly scenario: Scenario, options: SimulationOptions) {
    this.assumptions = checkAssumptions(options.assumptions);
    this.warnings = [...topology.warnings];
    this.recordName = options.recordName ?? this.defaultRecordName();
    this.regions = topology.dns.records
      .filter(r => r.name === normalize(this.recordName) && r.type === 'A' && r.region !== undefined)
      .map(r => r.region!);
    if (this.regions.length === 0) {
      throw new Error(`the assembly has no latency A record named '${this.recordName}'.`);
    }
    this.users = scenario.users ?? defaultUserGroups(this.regions);
    for (const group of this.users) {
      const missing = this.regions.filter(r => group.latencyMs[r] === undefined);
      if (missing.length > 0) {
        throw new Error(`scenario '${scenario.name}': users '${group.name}' give no latency to ${missing.join(', ')}.`);
      }
    }
    const source = `scenario '${scenario.name}'`;
    for (const event of scenario.events) {
      const regions = resolveRegions(event.region, this.regions, source);
      if (regions === undefined) {
        this.warnings.push(`${source}: event '${event.label ?? event.region}' names ${event.region}, but the failover has ${this.regions.length} Regions: left out.`);
      } else {
        this.events.push({ regions, event });
      }
    }
    for (const evacuation of scenario.evacuations) {
      const regions = resolveRegions(evacuation.region, this.regions, source);
      if (regions === undefined) {
        this.warnings.push(`${source}: an evacuation names ${evacuation.region}, but the failover has ${this.regions.length} Regions: left out.`);
      }
      for (const region of regions ?? []) {
        this.evacuations.push({ region, startMinute: evacuation.startMinute, endMinute: evacuation.endMinute });
        if (!topology.switches.has(region)) {
          this.warnings.push(`${source}: ${region} has no evacuation switch, so evacuating it changes nothing.`);
        }
      }
    }
    // Overlapping events merge: each minute's condition must still make sense.
    for (const region of this.regions) {
      for (let minute = 0; minute < scenario.durationMinutes; minute++) {
        checkCondition(this.condition(region, minute), source, `the condition of ${region} at minute ${minute}`);
      }
    }
    this.registerProducedMetrics();
    // Only the alarms Route 53 follows and those the republisher mirrors matter.
    const followed = new Set([...topology.leafChecks.values()].map(c => c.alarm?.id));
    const mirrored = new Set(topology.republishers.flatMap(r => r.config.mirrors.map(m => `${r.region}|${m.alarmName}`)));
    for (const alarm of topology.alarms.filter(a => followed.has(a.id) || mirrored.has(`${a.region}|${a.name}`))) {
      const model = this.alarmModel(alarm);
      if (model) {
        this.alarmModels.set(alarm.id, model);
      }
    }
    const modelled = new Set(topology.alarms.filter(a => this.alarmModels.has(a.id)).map(a => `${a.region}|${a.name}`));
    for (const key of mirrored) {
      if (!modelled.has(key)) {
        const [region, name] = key.split('|');
        this.warnings.push(`the republisher in ${region} mirrors alarm ${name}, which is not a metric alarm the simulator evaluates `
          + '(composite alarms are not): it publishes nothing for it.');
      }
    }
  }

  public run(): SimulationResult {
    const duration = this.scenario.durationMinutes;
    const { route53DelayMinutes: r53, dnsTtlMinutes: ttl } = this.assumptions;
    const answers: Map<string, string | undefined>[] = [];
    const inputs: HealthInputs[] = [];
    const timeline: TimelineMinute[] = [];
    const baselineAnswers = this.answers(ALL_HEALTHY);

    for (let t = 0; t < duration; t++) {
      this.publishEvacuations(t);
      this.evaluateAlarms(t);
      this.runRepublishers(t);
      this.observe(t);
      inputs[t] = t - r53 < 0 ? ALL_HEALTHY : this.inputsAt(t - r53);
      answers[t] = this.answers(inputs[t]);

      const served = t - ttl < 0 ? baselineAnswers : answers[t - ttl];
      const users = new Map(this.regions.map(r => [r, 0]));
      for (const group of this.users) {
        const region = served.get(group.name);
        if (region !== undefined) {
          users.set(region, (users.get(region) ?? 0) + group.users);
        }
      }
      const probes = this.probeRequests(inputs[Math.max(0, t - ttl)]);
      this.produceMinute(t, users, probes);

      const total = this.totalUsers();
      const healthy = this.regions.map(r => this.regionHealthy(r, inputs[t]));
      timeline.push({
        minute: t,
        failOpen: healthy.every(h => !h),
        regions: this.regions.map((region, i) => ({
          region,
          healthy: healthy[i],
          users: users.get(region) ?? 0,
          share: total === 0 ? 0 : (users.get(region) ?? 0) / total,
          probeRequests: probes.get(region) ?? 0,
          degraded: this.degraded(region, t),
          noise: this.events.some(({ regions, event }) =>
            !event.degrades && regions.includes(region) && t >= event.startMinute && t < event.endMinute),
          evacuated: this.evacuated(region, t),
        })),
      });
    }
    const baselineUsers = new Map(this.regions.map(r => [r, 0]));
    for (const group of this.users) {
      const region = baselineAnswers.get(group.name);
      if (region !== undefined) {
        baselineUsers.set(region, (baselineUsers.get(region) ?? 0) + group.users);
      }
    }
    return {
      scenario: this.scenario,
      assumptions: this.assumptions,
      recordName: this.recordName,
      regions: this.regions,
      totalUsers: this.totalUsers(),
      timeline,
      summary: this.summarize(timeline, baselineUsers),
      warnings: this.warnings,
    };
  }

  // --- Scenario ------------------------------------------------------------

  private condition(region: string, minute: number): Condition {
    let c = this.scenario.baseline;
    for (const { regions, event } of this.events) {
      if (regions.includes(region) && minute >= event.startMinute && minute < event.endMinute) {
        c = { ...c, ...event.condition };
      }
    }
    return c;
  }

  private degraded(region: string, minute: number): boolean {
    return this.events.some(({ regions, event }) =>
      event.degrades && regions.includes(region) && minute >= event.startMinute && minute < event.endMinute);
  }

  private evacuated(region: string, minute: number): boolean {
    return this.evacuations.some(e => e.region === region && minute >= e.startMinute && (e.endMinute === undefined || minute < e.endMinute));
  }

  private totalUsers(): number {
    return this.users.reduce((a, g) => a + g.users, 0);
  }

  // --- DNS -----------------------------------------------------------------

  private defaultRecordName(): string {
    const regionsByName = new Map<string, Set<string>>();
    for (const r of this.topology.dns.records) {
      if (r.region !== undefined && r.type === 'A') {
        regionsByName.set(r.name, (regionsByName.get(r.name) ?? new Set()).add(r.region));
      }
    }
    const best = [...regionsByName.entries()].sort((a, b) => b[1].size - a[1].size)[0];
    if (!best) {
      throw new Error('the assembly has no latency-routed A record to simulate.');
    }
    return best[0];
  }

  private answers(inputs: HealthInputs): Map<string, string | undefined> {
    return new Map(this.users.map(g => [g.name, this.topology.dns.resolve(this.recordName, 'A', g.latencyMs, inputs)]));
  }

  private regionHealthy(region: string, inputs: HealthInputs): boolean {
    return this.topology.dns.records
      .filter(r => r.name === normalize(this.recordName) && r.type === 'A' && r.region === region)
      .every(r => this.topology.dns.recordHealthy(r, inputs));
  }

  private inputsAt(instant: number): HealthInputs {
    const readings = this.readings[instant];
    const views = this.lbViews[instant];
    return {
      leafHealthy: check => readings.get(check.id) ?? true,
      loadBalancerHealthy: region => views.get(region) ?? true,
    };
  }

  // --- Route 53 ------------------------------------------------------------

  /** Route 53's readings at instant t (acted on `route53DelayMinutes` later). */
  private observe(t: number): void {
    const readings = new Map<string, boolean>();
    for (const check of this.topology.leafChecks.values()) {
      readings.set(check.id, this.readCheck(check, t));
    }
    this.readings[t] = readings;
    const views = new Map<string, boolean>();
    for (const region of this.regions) {
      views.set(region, this.loadBalancerView(region, t));
    }
    this.lbViews[t] = views;
  }

  private readCheck(check: LeafCheckDefinition, t: number): boolean {
    if (check.type === 'CLOUDWATCH_METRIC') {
      const model = check.alarm && this.alarmModels.get(check.alarm.id);
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
    const region = this.endpointRegion(check, ALL_HEALTHY);
    if (region === undefined) {
      return true;
    }
    // A minute fails for the checkers when too few of them still see FailureThreshold
    // successes in a row; they need that many requests in a row to change their verdict.
    const passes = (m: number) => {
      const failed = this.endpointFailedShare[m]?.get(region);
      return failed === undefined ? undefined : 1 - failed ** check.failureThreshold > this.assumptions.healthyCheckerShare;
    };
    const minutes = minutesFor(check.failureThreshold, check.requestIntervalSeconds);
    const status = streak(this.endpointStatus.get(check.id) ?? true, t, passes, minutes, minutes);
    this.endpointStatus.set(check.id, status);
    return status;
  }

  /** The load balancer's view of its targets at instant t (its health checks need several results in a row). */
  private loadBalancerView(region: string, t: number): boolean {
    const settings = this.topology.targetHealth.get(region) ?? { intervalSeconds: 30, unhealthyThreshold: 2, healthyThreshold: 5, targets: 2 };
    const status = streak(this.lbStatus.get(region) ?? true, t, m => this.targetsHealthy[m]?.get(region),
      minutesFor(settings.unhealthyThreshold, settings.intervalSeconds), minutesFor(settings.healthyThreshold, settings.intervalSeconds));
    this.lbStatus.set(region, status);
    return status;
  }

  /** The Region an endpoint check's requests reach (a name resolves as from equally distant checkers). */
  private endpointRegion(check: LeafCheckDefinition, inputs: HealthInputs): string | undefined {
    if (check.endpointRegion !== undefined || check.endpointName === undefined) {
      return check.endpointRegion;
    }
    const equal = Object.fromEntries(this.regions.map(r => [r, 0]));
    return this.topology.dns.resolve(check.endpointName, 'A', equal, inputs);
  }

  /** Requests of Route 53's endpoint checkers per Region during a minute. */
  private probeRequests(inputs: HealthInputs): Map<string, number> {
    const probes = new Map<string, number>();
    for (const check of this.topology.leafChecks.values()) {
      if (check.type === 'CLOUDWATCH_METRIC') {
        continue;
      }
      const region = this.endpointRegion(check, inputs);
      if (region !== undefined) {
        const perMinute = check.locations * this.assumptions.checkersPerLocation * 60 / check.requestIntervalSeconds;
        probes.set(region, (probes.get(region) ?? 0) + perMinute);
      }
    }
    return probes;
  }

  // --- Metrics -------------------------------------------------------------

  /** Minute t's metrics of every Region, from its condition and its traffic. */
  private produceMinute(t: number, users: Map<string, number>, probes: Map<string, number>): void {
    const readable = t + this.assumptions.awsMetricDelayMinutes;
    const failedShare = new Map<string, number>();
    const healthyTargets = new Map<string, boolean>();
    for (const region of this.regions) {
      const c = this.condition(region, t);
      const requests = (users.get(region) ?? 0) * this.assumptions.requestsPerUserMinute + (probes.get(region) ?? 0);
      const put = (namespace: string, name: string, stats: MinuteStats) => this.store.put(metricKey(region, namespace, name), t, stats, readable);
      const putCount = (name: string, value: number) => {
        // ALB counts are reported only when non-zero.
        if (value > 0) {
          put(ALB, name, valueStats(value));
        }
      };
      healthyTargets.set(region, c.healthyTargetPercent > 0);
      if (requests > 0 && c.healthyTargetPercent === 0) {
        putCount('HTTPCode_ELB_5XX_Count', requests);
        putCount('HTTPCode_ELB_503_Count', requests);
      } else if (requests > 0) {
        const connectionErrors = requests * c.targetConnectionErrorPercent / 100;
        const served = requests - connectionErrors;
        const target5xx = served * c.http5xxPercent / 100;
        putCount('RequestCount', requests);
        putCount('TargetConnectionErrorCount', connectionErrors);
        putCount('HTTPCode_Target_5XX_Count', target5xx);
        putCount('HTTPCode_Target_2XX_Count', served - target5xx);
        putCount('HTTPCode_ELB_5XX_Count', connectionErrors + requests * c.elb5xxPercent / 100);
        putCount('HTTPCode_ELB_502_Count', connectionErrors);
        if (served > 0) {
          const latency = latencyDistribution(c);
          put(ALB, 'TargetResponseTime', {
            sum: served * c.averageLatencyMs / 1000,
            sampleCount: served,
            minimum: 0,
            maximum: c.maxLatencyMs / 1000,
            percentile: p => latency.percentile(p) / 1000,
          });
        }
      }
      const targets = this.topology.targetHealth.get(region)?.targets ?? 2;
      const healthy = targets * c.healthyTargetPercent / 100;
      put(ALB, 'HealthyHostCount', valueStats(healthy));
      put(ALB, 'UnHealthyHostCount', valueStats(targets - healthy));
      put('AWS/ECS', 'CPUUtilization', valueStats(c.cpuPercent));
      put('AWS/EC2', 'CPUUtilization', valueStats(c.cpuPercent));

      // What one of Route 53's checkers sees: a request fails on a 5xx, a
      // failed connection or a response slower than the timeout.
      failedShare.set(region, c.healthyTargetPercent === 0 ? 1 : Math.min(1, (c.targetConnectionErrorPercent + c.elb5xxPercent) / 100
        + (1 - c.targetConnectionErrorPercent / 100) * (c.http5xxPercent / 100
          + latencyDistribution(c).fractionAbove(this.assumptions.endpointTimeoutSeconds * 1000))));
    }
    this.endpointFailedShare[t] = failedShare;
    this.targetsHealthy[t] = healthyTargets;
  }

  private publishEvacuations(t: number): void {
    for (const e of this.evacuations) {
      const alarm = this.topology.switches.get(e.region);
      if (!alarm) {
        continue;
      }
      const key = this.alarmKey(alarm);
      if (t === e.startMinute) {
        this.store.put(key, t, valueStats(1), t + this.assumptions.customMetricDelayMinutes);
      }
      if (t === e.endMinute) {
        this.store.put(key, t, valueStats(0), t + this.assumptions.customMetricDelayMinutes);
      }
    }
  }

  private evaluateAlarms(t: number): void {
    for (const alarm of this.topology.alarms) {
      const model = this.alarmModels.get(alarm.id);
      if (model) {
        const key = `${alarm.region}|${alarm.name}`;
        this.alarmStates.set(key, alarmState(model, t, this.alarmStates.get(key) ?? 'INSUFFICIENT_DATA', this.assumptions));
      }
    }
  }

  /** The republishers' run at instant t: settled minutes of each signal, and mirrored alarm states. */
  private runRepublishers(t: number): void {
    const ms = 60_000;
    for (const { region, config } of this.topology.republishers) {
      const readable = t + this.assumptions.customMetricDelayMinutes;
      const window = publishWindow(t * ms, config.settleSeconds, config.backfillMinutes);
      const series = new Map<string, Map<number, number>>();
      for (const signal of config.signals) {
        const values = new Map<string, (minute: number) => number | undefined>();
        for (const query of signal.queries) {
          if (query.MetricStat && this.modelledStatistic(query.MetricStat.Stat, `republished signal ${signal.metric.MetricName} in ${region}`)) {
            const m = query.MetricStat;
            const key = metricKey(region, m.Metric.Namespace, m.Metric.MetricName, m.Metric.Dimensions);
            values.set(query.Id, minute => this.store.statistic(key, minute, m.Period / 60, m.Stat, t));
          } else if (query.Expression) {
            const expression = this.expression(query.Expression, `republished signal ${signal.metric.MetricName} in ${region}`);
            values.set(query.Id, minute => expression?.evaluate(id => values.get(id)?.(minute)));
          }
        }
        for (const [id, value] of values) {
          const points = new Map<number, number>();
          for (const minute of window.minutes) {
            const v = value(minute / ms);
            if (v !== undefined) {
              points.set(minute, v);
            }
          }
          series.set(id, points);
        }
      }
      for (const datum of signalDatapoints(config.signals, series, window)) {
        const key = metricKey(region, config.namespace, datum.MetricName, datum.Dimensions);
        this.store.put(key, datum.Timestamp.getTime() / ms, valueStats(datum.Value), readable);
      }
      // The handler asks its own Region for the states; an alarm it cannot find publishes nothing.
      const states = new Map<string, string>();
      for (const m of config.mirrors) {
        const state = this.alarmStates.get(`${region}|${m.alarmName}`);
        if (state !== undefined) {
          states.set(m.alarmName, state);
        }
      }
      for (const datum of mirrorDatapoints(config.mirrors, states, t * ms)) {
        this.store.put(metricKey(region, config.namespace, datum.MetricName, datum.Dimensions), t, valueStats(datum.Value), readable);
      }
    }
  }

  /** Whether a statistic is modelled; warns once when it is not (the metric then has no data). */
  private modelledStatistic(statistic: string | undefined, subject: string): boolean {
    if (isModelledStatistic(statistic)) {
      return true;
    }
    const warning = `${subject}: statistic '${statistic}' is not modelled (Sum, SampleCount, Minimum, Maximum, Average, pNN); it has no data.`;
    if (!this.warnings.includes(warning)) {
      this.warnings.push(warning);
    }
    return false;
  }

  private expression(text: string, subject: string): MetricExpression | undefined {
    if (!this.expressions.has(text)) {
      try {
        this.expressions.set(text, MetricExpression.parse(text));
      } catch (e) {
        if (!(e instanceof UnsupportedExpressionError)) {
          throw e;
        }
        this.warnings.push(`${subject}: ${e.message}; it has no data.`);
        this.expressions.set(text, undefined);
      }
    }
    return this.expressions.get(text);
  }

  // --- Alarms --------------------------------------------------------------

  private registerProducedMetrics(): void {
    for (const region of this.regions) {
      for (const name of ['RequestCount', 'TargetConnectionErrorCount', 'HTTPCode_Target_5XX_Count', 'HTTPCode_Target_2XX_Count',
        'HTTPCode_ELB_5XX_Count', 'HTTPCode_ELB_502_Count', 'HTTPCode_ELB_503_Count', 'TargetResponseTime', 'HealthyHostCount', 'UnHealthyHostCount']) {
        this.producedKeys.add(metricKey(region, ALB, name));
      }
      this.producedKeys.add(metricKey(region, 'AWS/ECS', 'CPUUtilization'));
      this.producedKeys.add(metricKey(region, 'AWS/EC2', 'CPUUtilization'));
    }
    for (const { region, config } of this.topology.republishers) {
      for (const published of [...config.signals.map(s => s.metric), ...config.mirrors.map(m => m.metric)]) {
        this.producedKeys.add(metricKey(region, config.namespace, published.MetricName, published.Dimensions));
      }
    }
    for (const alarm of this.topology.switches.values()) {
      this.producedKeys.add(this.alarmKey(alarm));
    }
  }

  private alarmKey(alarm: AlarmDefinition): string {
    const p = alarm.properties;
    return metricKey(alarm.region, p.Namespace, p.MetricName, p.Dimensions);
  }

  /** How the simulator reads an alarm's metric; undefined (with a warning) when it cannot. */
  private alarmModel(alarm: AlarmDefinition): AlarmModel | undefined {
    const p = alarm.properties;
    const subject = `alarm ${alarm.name} (${alarm.region})`;
    let value: AlarmModel['value'];
    let periodMinutes: number;
    const unmodelled = (key: string, what: string) => {
      if (!this.producedKeys.has(key) && (p.Namespace !== SWITCH_NAMESPACE)) {
        this.warnings.push(`${subject} reads ${what}, which the simulator does not model: it has no data.`);
      }
    };
    if (Array.isArray(p.Metrics)) {
      const queries = new Map<string, (start: number, at: number) => number | undefined>();
      let result: string | undefined;
      periodMinutes = 1;
      for (const q of p.Metrics) {
        if (q.MetricStat) {
          const m = q.MetricStat;
          const key = metricKey(alarm.region, m.Metric.Namespace, m.Metric.MetricName, m.Metric.Dimensions);
          unmodelled(key, `${m.Metric.Namespace} ${m.Metric.MetricName}`);
          periodMinutes = m.Period / 60;
          const modelled = this.modelledStatistic(m.Stat, subject);
          queries.set(q.Id, (start, at) => (modelled ? this.store.statistic(key, start, m.Period / 60, m.Stat, at) : undefined));
        } else if (q.Expression) {
          const expression = this.expression(renderString(q.Expression), subject);
          periodMinutes = (q.Period ?? 60) / 60;
          queries.set(q.Id, (start, at) => expression?.evaluate(id => queries.get(id)?.(start, at)));
        }
        if (q.ReturnData !== false) {
          result = q.Id;
        }
      }
      const resultQuery = result === undefined ? undefined : queries.get(result);
      value = (start, at) => resultQuery?.(start, at);
    } else {
      const key = this.alarmKey(alarm);
      unmodelled(key, `${p.Namespace} ${p.MetricName}`);
      const statistic = p.Statistic ?? p.ExtendedStatistic;
      periodMinutes = Math.max(1, Math.round(Number(p.Period ?? 60) / 60));
      const modelled = this.modelledStatistic(statistic, subject);
      value = (start, at) => (modelled ? this.store.statistic(key, start, periodMinutes, statistic, at) : undefined);
    }
    if (!['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'].includes(p.ComparisonOperator)) {
      this.warnings.push(`${subject} compares with ${p.ComparisonOperator}, which the simulator does not model: it never alarms.`);
      return undefined;
    }
    const evaluationPeriods = Number(p.EvaluationPeriods ?? 1);
    return {
      name: alarm.name,
      region: alarm.region,
      value,
      periodMinutes,
      evaluationPeriods,
      datapointsToAlarm: Number(p.DatapointsToAlarm ?? evaluationPeriods),
      threshold: Number(p.Threshold),
      comparisonOperator: p.ComparisonOperator,
      treatMissingData: p.TreatMissingData ?? 'missing',
    };
  }

  // --- Summary -------------------------------------------------------------

  private summarize(timeline: TimelineMinute[], baselineUsers: Map<string, number>): SimulationSummary {
    const duration = timeline.length;
    const total = this.totalUsers();
    const windows: { region: string; cause: 'incident' | 'evacuation'; start: number; end?: number }[] = [];
    for (const region of this.regions) {
      // Degrading events of a Region that touch or overlap make one incident.
      const spans = this.events.filter(e => e.event.degrades && e.regions.includes(region))
        .map(e => [e.event.startMinute, e.event.endMinute]).sort((a, b) => a[0] - b[0]);
      const own: typeof windows = [];
      for (const [start, end] of spans) {
        const last = own[own.length - 1];
        if (last && start <= last.end!) {
          last.end = Math.max(last.end!, end);
        } else {
          own.push({ region, cause: 'incident', start, end });
        }
      }
      for (const e of this.evacuations.filter(x => x.region === region)) {
        own.push({ region, cause: 'evacuation', start: e.startMinute, end: e.endMinute });
      }
      windows.push(...own.sort((a, b) => a.start - b.start));
    }
    const regionWindows = (region: string) => windows.filter(w => w.region === region);
    // A window's own stretch of the run: until the next window of the same Region starts.
    const until = (w: typeof windows[number]) => Math.min(duration, ...regionWindows(w.region).filter(o => o.start > w.start).map(o => o.start));

    // An unhealthy transition belongs to the latest window of its Region that
    // started at or before it and ended less than the lookback before it.
    const cause = (region: string, minute: number) => regionWindows(region)
      .filter(w => w.start <= minute && minute - this.assumptions.causeLookbackMinutes < (w.end ?? Infinity)).pop();
    const transitions = new Map<object, number>();
    let falseFailovers = 0;
    for (const [i, region] of this.regions.entries()) {
      for (let t = 0; t < duration; t++) {
        const wasHealthy = t === 0 ? true : timeline[t - 1].regions[i].healthy;
        if (wasHealthy && !timeline[t].regions[i].healthy) {
          const w = cause(region, t);
          if (w) {
            transitions.set(w, (transitions.get(w) ?? 0) + 1);
          } else {
            falseFailovers++;
          }
        }
      }
    }

    const affected: AffectedRegion[] = windows.map(w => {
      const i = this.regions.indexOf(w.region);
      const share = (t: number) => timeline[t].regions[i].share;
      const nominal = total === 0 ? 0 : (baselineUsers.get(w.region) ?? 0) / total;
      // The share just before, or the nominal share when the Region had none then (an earlier incident).
      const before = w.start === 0 ? nominal : share(w.start - 1);
      const baselineShare = before > 0 ? before : nominal;
      const first = (from: number, to: number, test: (t: number) => boolean) => {
        for (let t = from; t < to; t++) {
          if (test(t)) {
            return t - from;
          }
        }
        return undefined;
      };
      // Moves count within the window's stretch, once the Region has users
      // (it may still be drained from an earlier incident when this one starts).
      let firstMove: number | undefined;
      let allMoved: number | undefined;
      let hadUsers = before > 0;
      for (let t = w.start; t < until(w) && baselineShare > 0 && allMoved === undefined; t++) {
        if (!hadUsers) {
          hadUsers = share(t) >= baselineShare - 1e-9;
          continue;
        }
        if (firstMove === undefined && share(t) < baselineShare - 1e-9) {
          firstMove = t - w.start;
        }
        if (timeline[t].regions[i].users === 0) {
          allMoved = t - w.start;
        }
      }
      const recovery = firstMove === undefined || w.end === undefined || w.end >= duration ? undefined
        : first(w.end, duration, t => share(t) >= Math.min(baselineShare, nominal) - 1e-9);
      return {
        region: w.region,
        cause: w.cause,
        startMinute: w.start,
        endMinute: w.end,
        baselineShare,
        firstMoveMinutes: firstMove,
        allMovedMinutes: allMoved,
        recoveryMinutes: recovery,
        unhealthyTransitions: transitions.get(w) ?? 0,
      };
    });

    const degradedUserMinutes = timeline.reduce((a, m) => a + m.regions.filter(r => r.degraded).reduce((b, r) => b + r.users, 0), 0);
    const degradedUserMinutesWithoutFailover = timeline.reduce((a, m) =>
      a + m.regions.filter(r => r.degraded).reduce((b, r) => b + (baselineUsers.get(r.region) ?? 0), 0), 0);
    const moved = affected.filter(a => a.baselineShare > 0);
    const firstMoves = moved.map(a => a.firstMoveMinutes).filter((v): v is number => v !== undefined);
    const allMoved = moved.map(a => a.allMovedMinutes);
    // Recovery only for windows that end within the run.
    const ended = moved.filter(a => a.endMinute !== undefined && a.endMinute < duration && a.firstMoveMinutes !== undefined);
    return {
      affected,
      firstMoveMinutes: firstMoves.length === 0 ? undefined : Math.min(...firstMoves),
      allMovedMinutes: allMoved.length === 0 || allMoved.some(v => v === undefined) ? undefined : Math.max(...(allMoved as number[])),
      recoveryMinutes: ended.length === 0 || ended.some(a => a.recoveryMinutes === undefined) ? undefined
        : Math.max(...ended.map(a => a.recoveryMinutes!)),
      degradedUserMinutes,
      degradedUserMinutesWithoutFailover,
      flaps: affected.reduce((a, x) => a + Math.max(0, x.unhealthyTransitions - 1), 0),
      falseFailovers,
      failOpenMinutes: timeline.filter(m => m.failOpen).length,
    };
  }
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
