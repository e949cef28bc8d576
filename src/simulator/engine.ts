/**
 * The failover simulator's minute loop: replays a scenario minute by minute
 * against the synthesized templates and reports when users move.
 * Deterministic: the same templates, scenario, assumptions and seed always
 * give the same result.
 *
 * One step per minute t (the instant t is the start of minute t):
 * 1. The operator's evacuation datapoints of minute t are published
 *    (produced-metrics.ts).
 * 2. CloudWatch evaluates the alarms on the data readable at t (alarms.ts);
 *    the republisher (EventBridge, once a minute) publishes its verdicts,
 *    mirrored alarm states and switch positions, readable
 *    `customMetricDelayMinutes` later, unless the scenario makes it fail
 *    (republisher-replay.ts).
 * 3. Route 53 reads its health checks (alarm settings against the data,
 *    endpoint checks, target health); it acts on a reading
 *    `route53DelayMinutes` later (route53.ts).
 * 4. DNS answers at t follow the health in effect; clients keep an answer for
 *    the TTL, so the users of minute t follow the answers of t - TTL, except
 *    those on pooled connections, who follow them only once their connection
 *    closes (dns.ts, users.ts).
 * 5. Minute t's traffic (users and health checkers) meets the scenario's
 *    condition of each Region, node by node of its load balancer, and becomes
 *    ALB, ECS and EC2 metrics, readable `awsMetricDelayMinutes` after the
 *    minute starts, some a minute later, the first read of a load balancer
 *    minute showing some of its nodes only (traffic.ts, arrival.ts,
 *    produced-metrics.ts).
 * The summary is computed from the timeline (summary.ts).
 */
import { Alarms } from './alarms';
import { MetricArrival } from './arrival';
import { readAssembly } from './assembly';
import { checkAssumptions, checkProfile, checkSeed, SimulationAssumptions, SimulationProfile } from './assumptions';
import { loadScenario } from './builtin-scenarios';
import { MetricStore } from './cloudwatch';
import { HealthInputs } from './dns';
import { SwitchParameters } from './failback-replay';
import { MetricQueries } from './metric-queries';
import { produceMinute, producedKeys } from './produced-metrics';
import { RepublisherReplay } from './republisher-replay';
import { SimulationOptions, SimulationResult, TimelineMinute } from './result';
import { ALL_HEALTHY, CheckedMinute, endpointRegionOf, Route53Readings } from './route53';
import { Scenario } from './scenario';
import { baselineWarning, summarize } from './summary';
import { readTopology, Topology } from './topology';
import { checkerFailedShare, probeRequests, RegionTraffic, ScenarioPlan, Slice } from './traffic';
import { Answers, ConnectionPools, dnsAnswers, totalUsers, userGroups, usersByRegion } from './users';
import { UserGroup } from './world';
import { DEFAULT_CLIENT_KEEP_ALIVE_SECONDS } from '../model/load-balancer';

/** Simulates a scenario (built-in name, file or object) against the cloud assembly in `dir`. */
export function simulateAssembly(dir: string, scenario: string | Scenario, options: SimulationOptions = {}): SimulationResult {
  const notes: string[] = [];
  const s = typeof scenario === 'string' ? loadScenario(scenario, notes) : scenario;
  const result = simulate(readTopology(readAssembly(dir)), s, options);
  return notes.length === 0 ? result : { ...result, warnings: [...notes, ...result.warnings] };
}

/** Runs `scenario` against the templates read into `topology`. */
export function simulate(topology: Topology, scenario: Scenario, options: SimulationOptions = {}): SimulationResult {
  return new Simulation(topology, scenario, options, scenarioSource).run();
}

/** What a source of minutes works with: the simulation's parts. */
export interface SourceContext {
  readonly topology: Topology;
  readonly regions: readonly string[];
  readonly users: readonly UserGroup[];
  readonly store: MetricStore;
  readonly arrival: MetricArrival;
  readonly plan: ScenarioPlan;
  readonly assumptions: SimulationAssumptions;
  /** Health-checker requests per Region with every Region healthy. */
  readonly baselineProbes: ReadonlyMap<string, number>;
  /** The Region each user group is answered with when every Region is healthy (its home), by the group's index. */
  readonly homes: Answers;
}

/**
 * Where each minute's metrics come from: the scenario's conditions
 * (`simulate`) or a service's recorded minutes (`backtest`). Everything else
 * (alarms, the republisher, Route 53, DNS, users) is the same code.
 */
export interface MinuteSource {
  /** The keys of the metrics it writes: an alarm on another has no data. */
  readonly keys: ReadonlySet<string>;
  /** Per user group (by index), the requests one of its users sends during minute t; undefined: `requestsPerUserMinute` each. */
  requestsPerUser(t: number): Float64Array | undefined;
  /** Minute t's requests (users' and health checkers', by Region) meet each Region: writes its metrics, returns what health checks met. */
  serve(t: number, userRequests: ReadonlyMap<string, number>, probes: ReadonlyMap<string, number>): Map<string, CheckedMinute>;
}

/** Makes a simulation's source of minutes from its parts. */
export type MinuteSourceFactory = (context: SourceContext) => MinuteSource;

/** Runs a simulation whose minutes come from `source` (see MinuteSource); the scenario gives its events, users and length. */
export function simulateWith(topology: Topology, scenario: Scenario, options: SimulationOptions, source: MinuteSourceFactory,
  settings: SimulationSettings = {}): SimulationResult {
  return new Simulation(topology, scenario, options, source, settings).run();
}

/** How `simulateWith` runs besides its options. */
export interface SimulationSettings {
  /** Whether to merge and check every minute's condition of the scenario (default true; a backtest reads recorded minutes). */
  readonly placeConditions?: boolean;
  /** Called every minute with the health inputs DNS follows then. */
  readonly onMinute?: (t: number, inputs: HealthInputs) => void;
}

/** The failover a command works on: the latency-routed name, its Regions and a warning when the assembly has others. */
export interface FailoverChoice {
  readonly recordName: string;
  readonly regions: string[];
  readonly warnings: string[];
}

/**
 * The failover of `recordName`, by default the latency-routed name with the
 * most Regions (the first on a tie); `done` says what the command does with it
 * ("simulated", "fetched"). Throws AAF-SIM-RECORD when there is no such name.
 */
export function failoverOf(topology: Topology, recordName: string | undefined, done: string): FailoverChoice {
  const name = recordName ?? topology.dns.busiestLatencyName();
  const regions = topology.dns.failoverRegions(name);
  const others = topology.dns.otherLatencyNames(name);
  const warnings = others.length === 0 ? [] : [`the assembly has ${others.length + 1} failovers (latency-routed names in several Regions): ${name} is `
    + `${done}${recordName === undefined ? ' (the one with the most Regions, the first on a tie)' : ''}, not ${others.join(', ')}. `
    + 'Pick one with --record-name (API: recordName).'];
  return { recordName: name, regions, warnings };
}

/** Targets of a Region whose templates give no service size. */
const DEFAULT_TARGETS = 2;

class Simulation {
  private readonly profile: SimulationProfile;
  private readonly seed: number;
  private readonly assumptions: SimulationAssumptions;
  private readonly warnings: string[];
  private readonly store = new MetricStore();
  private readonly recordName: string;
  private readonly regions: string[];
  private readonly users: UserGroup[];
  private latencies?: Record<string, number>[];
  private readonly plan: ScenarioPlan;
  private readonly alarms: Alarms;
  private readonly republishers: RepublisherReplay;
  private readonly switchParameters: SwitchParameters;
  private readonly route53: Route53Readings;
  private readonly arrival: MetricArrival;
  private readonly source: MinuteSource;
  private readonly baselineAnswers: Answers;
  /** How many minutes back any read of the store may look: older minutes are forgotten. */
  private readonly horizon: number;
  /** The health inputs of minutes before this one are forgotten. */
  private forgottenInputs = 0;

  constructor(private readonly topology: Topology, private readonly scenario: Scenario, options: SimulationOptions, source: MinuteSourceFactory,
    private readonly settings: SimulationSettings = {}) {
    this.profile = checkProfile(options.profile);
    this.seed = checkSeed(options.seed);
    this.assumptions = checkAssumptions(options.assumptions, this.profile);
    this.warnings = [...topology.warnings];
    const failover = failoverOf(topology, options.recordName, 'simulated');
    this.recordName = failover.recordName;
    this.regions = failover.regions;
    this.warnings.push(...failover.warnings);
    this.users = userGroups(scenario, this.regions);
    this.plan = new ScenarioPlan(scenario, this.regions, topology.switches, this.warnings, settings.placeConditions ?? true);
    this.arrival = new MetricArrival(this.assumptions, this.seed, this.plan);
    this.baselineAnswers = this.answers(ALL_HEALTHY);
    this.source = source({
      topology,
      regions: this.regions,
      users: this.users,
      store: this.store,
      arrival: this.arrival,
      plan: this.plan,
      assumptions: this.assumptions,
      baselineProbes: this.probes(ALL_HEALTHY),
      homes: this.baselineAnswers,
    });
    const queries = new MetricQueries(this.store, this.warnings);
    this.alarms = new Alarms(topology, queries, new Set([...this.source.keys, ...producedKeys([], topology)]), this.warnings);
    this.switchParameters = new SwitchParameters(topology, this.regions, this.plan, this.store, this.assumptions.customMetricDelayMinutes);
    this.republishers = new RepublisherReplay(topology, queries, this.alarms, this.assumptions.customMetricDelayMinutes, {
      switchParameter: region => this.switchParameters.value(region),
      fault: (region, t) => this.plan.republisherFault(region, t)?.fault,
    });
    this.route53 = new Route53Readings(topology, this.regions, this.alarms, this.assumptions);
    this.horizon = lookbackMinutes(topology, this.assumptions);
  }

  public run(): SimulationResult {
    const { route53DelayMinutes: r53, dnsTtlMinutes: ttl } = this.assumptions;
    // Only the answers clients still hold are kept: a TTL's worth, not one per group and minute.
    const answers = new Map<number, Answers>();
    const inputs: HealthInputs[] = [];
    const timeline: TimelineMinute[] = [];
    const baselineAnswers = this.baselineAnswers;
    const pooledShare = this.assumptions.pooledTrafficPercent / 100;
    const pools = new ConnectionPools(this.users, pooledShare, region => this.keepAliveMinutes(region), baselineAnswers, this.regions);

    for (let t = 0; t < this.scenario.durationMinutes; t++) {
      this.switchParameters.operator(t);
      this.alarms.evaluate(t, this.assumptions);
      this.switchParameters.latch(t, this.alarms);
      this.republishers.run(t);
      this.route53.observe(t);
      inputs[t] = t - r53 < 0 ? ALL_HEALTHY : this.route53.inputsAt(t - r53);
      this.settings.onMinute?.(t, inputs[t]);
      answers.set(t, this.answers(inputs[t]));
      answers.delete(t - ttl - 1);

      const held: Answers = t - ttl < 0 ? baselineAnswers : answers.get(t - ttl)!;
      const users = add(usersByRegion(this.users, held, this.regions, 1 - pooledShare), pools.step(t, held));
      const perUser = this.source.requestsPerUser(t);
      const requests = perUser === undefined ? scale(users, this.assumptions.requestsPerUserMinute)
        : add(usersByRegion(this.users, held, this.regions, 1 - pooledShare, perUser), pools.byRegion(perUser));
      const probes = this.probes(inputs[Math.max(0, t - ttl)]);
      this.route53.recordMinute(t, this.source.serve(t, requests, probes));
      timeline.push(this.timelineMinute(t, inputs[t], { users, dns: usersByRegion(this.users, held, this.regions), probes }));
      if (t % FORGET_EVERY_MINUTES === 0) {
        for (const part of [this.store, this.republishers, this.route53, this.arrival]) {
          part.forget(t - this.horizon);
        }
        inputs.fill(ALL_HEALTHY, this.forgottenInputs, Math.max(this.forgottenInputs, t - this.horizon));
        this.forgottenInputs = Math.max(this.forgottenInputs, t - this.horizon);
      }
    }
    const total = totalUsers(this.users);
    const summary = summarize(timeline, {
      regions: this.regions,
      plan: this.plan,
      totalUsers: total,
      baselineUsers: usersByRegion(this.users, baselineAnswers, this.regions),
      causeLookbackMinutes: this.assumptions.causeLookbackMinutes,
    });
    const heldOut = this.switchParameters.heldOutSpans();
    const baseline = baselineWarning(this.scenario, summary);
    return {
      scenario: this.scenario,
      profile: this.profile,
      seed: this.seed,
      assumptions: this.assumptions,
      recordName: this.recordName,
      regions: this.regions,
      clientKeepAliveSeconds: Object.fromEntries(this.regions.map(r => [r, this.keepAliveMinutes(r) * 60])),
      totalUsers: total,
      timeline,
      summary: heldOut.length === 0 ? summary : { ...summary, heldOut },
      warnings: baseline === undefined ? this.warnings : [...this.warnings, baseline],
    };
  }

  /** How long the load balancer of a Region keeps a client connection open, in minutes. */
  private keepAliveMinutes(region: string | undefined): number {
    const seconds = region === undefined ? undefined : this.topology.clientKeepAliveSeconds?.get(region);
    return Math.max(1, (seconds ?? DEFAULT_CLIENT_KEEP_ALIVE_SECONDS) / 60);
  }

  private answers(inputs: HealthInputs): Answers {
    this.latencies ??= this.users.map(g => g.latencyMs);
    return dnsAnswers(this.topology.dns, this.recordName, this.latencies, inputs);
  }

  /** Health-checker requests per Region when clients hold the answers of `inputs`. */
  private probes(inputs: HealthInputs): Map<string, number> {
    return probeRequests(this.topology.leafChecks.values(), this.assumptions.checkersPerLocation,
      check => endpointRegionOf(this.topology, this.regions, check, inputs));
  }

  private timelineMinute(t: number, inputs: HealthInputs, counts: Record<'users' | 'dns' | 'probes', Map<string, number>>): TimelineMinute {
    const { users, dns, probes } = counts;
    const total = totalUsers(this.users);
    const healthy = this.regions.map(r => this.topology.dns.regionHealthy(this.recordName, r, inputs));
    return {
      minute: t,
      failOpen: healthy.every(h => !h),
      regions: this.regions.map((region, i) => ({
        region,
        healthy: healthy[i],
        users: users.get(region) ?? 0,
        share: total === 0 ? 0 : (users.get(region) ?? 0) / total,
        dnsShare: total === 0 ? 0 : (dns.get(region) ?? 0) / total,
        probeRequests: probes.get(region) ?? 0,
        degraded: this.plan.degraded(region, t),
        noise: this.plan.noise(region, t),
        evacuated: this.plan.evacuated(region, t),
        ...(this.switchParameters.heldOut(region, t) ? { heldOut: true } : {}),
      })),
    };
  }
}

/**
 * The scenario's minutes: each Region's requests meet its condition, spread
 * evenly over its load balancer's nodes; its metrics, and what the health
 * checks met.
 */
function scenarioSource(context: SourceContext): MinuteSource {
  const { topology, regions, store, arrival, plan, assumptions } = context;
  return {
    keys: producedKeys(regions, topology),
    requestsPerUser: () => undefined,
    serve: (t, users, probes) => {
      const checked = new Map<string, CheckedMinute>();
      const n = assumptions.albNodes;
      for (const region of regions) {
        const userRequests = users.get(region) ?? 0;
        const checkerRequests = probes.get(region) ?? 0;
        const nodes: Slice[][] = Array.from({ length: n }, (_, node) => [
          { condition: plan.condition(region, t, { node }), requests: userRequests / n },
          { condition: plan.condition(region, t, { node, probe: true }), requests: checkerRequests / n },
        ]);
        const traffic: RegionTraffic = {
          condition: plan.condition(region, t),
          nodes,
          targets: topology.targetHealth.get(region)?.targets ?? DEFAULT_TARGETS,
        };
        produceMinute(store, region, t, traffic, metric => arrival.revisions(region, metric, t));
        const timeout = assumptions.endpointTimeoutSeconds;
        checked.set(region, {
          checkerFailedShare: nodes.reduce((a, slices) => a + checkerFailedShare(slices[1].condition, timeout), 0) / n,
          targetsHealthy: traffic.condition.healthyTargetPercent > 0,
        });
      }
      return checked;
    },
  };
}

/** How often (in minutes) the store forgets what no read reaches any more. */
const FORGET_EVERY_MINUTES = 60;

/**
 * How many minutes back a read of the store may look: the longest alarm
 * range or republisher window, its data's delays, and an hour to spare.
 */
export function lookbackMinutes(topology: Topology, a: SimulationAssumptions): number {
  let longest = 0;
  for (const alarm of topology.alarms) {
    const p = alarm.properties;
    const periods = Array.isArray(p.Metrics) ? p.Metrics.map((q: any) => Number(q?.MetricStat?.Period ?? q?.Period ?? 60)) : [Number(p.Period ?? 60)];
    const periodMinutes = Math.max(1, ...periods.filter((x: number) => Number.isFinite(x)).map((x: number) => Math.ceil(x / 60)));
    longest = Math.max(longest, (Number(p.EvaluationPeriods ?? 1) + a.extraRangePeriods + 1) * periodMinutes);
  }
  for (const { config } of topology.republishers) {
    longest = Math.max(longest, config.windowMinutes);
  }
  return longest + a.awsMetricDelayMinutes + a.customMetricDelayMinutes + a.route53DelayMinutes + 60;
}

/** Each count per Region times `factor`. */
function scale(counts: Map<string, number>, factor: number): Map<string, number> {
  return new Map([...counts].map(([region, n]) => [region, n * factor]));
}

/** The sum of two counts per Region. */
function add(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const sum = new Map(a);
  for (const [region, n] of b) {
    sum.set(region, (sum.get(region) ?? 0) + n);
  }
  return sum;
}
