/**
 * The failover simulator's minute loop: replays a scenario minute by minute
 * against the synthesized templates and reports when users move.
 * Deterministic: the same templates, scenario and assumptions always give the
 * same result.
 *
 * One step per minute t (the instant t is the start of minute t):
 * 1. The operator's evacuation datapoints of minute t are published
 *    (produced-metrics.ts).
 * 2. CloudWatch evaluates the alarms on the data readable at t (alarms.ts);
 *    the republisher (EventBridge, once a minute) publishes settled minutes
 *    and mirrored alarm states, readable `customMetricDelayMinutes` later
 *    (republisher-replay.ts).
 * 3. Route 53 reads its health checks (alarm settings against the data,
 *    endpoint checks, target health); it acts on a reading
 *    `route53DelayMinutes` later (route53.ts).
 * 4. DNS answers at t follow the health in effect; clients keep an answer for
 *    the TTL, so the users of minute t follow the answers of t - TTL (dns.ts,
 *    traffic.ts).
 * 5. Minute t's traffic (users and health checkers) meets the scenario's
 *    condition of each Region and becomes ALB, ECS and EC2 metrics, readable
 *    `awsMetricDelayMinutes` after the minute starts (traffic.ts,
 *    produced-metrics.ts).
 * The summary is computed from the timeline (summary.ts).
 */
import { Alarms } from './alarms';
import { readAssembly } from './assembly';
import { checkAssumptions, SimulationAssumptions } from './assumptions';
import { loadScenario } from './builtin-scenarios';
import { MetricStore } from './cloudwatch';
import { HealthInputs } from './dns';
import { MetricQueries } from './metric-queries';
import { produceMinute, producedKeys, publishEvacuations } from './produced-metrics';
import { RepublisherReplay } from './republisher-replay';
import { SimulationOptions, SimulationResult, TimelineMinute } from './result';
import { ALL_HEALTHY, CheckedMinute, Route53Readings } from './route53';
import { Scenario } from './scenario';
import { summarize } from './summary';
import { readTopology, Topology } from './topology';
import { checkerFailedShare, dnsAnswers, probeRequests, regionTraffic, ScenarioPlan, totalUsers, userGroups, usersByRegion } from './traffic';
import { UserGroup } from './world';

/** Simulates a scenario (built-in name, file or object) against the cloud assembly in `dir`. */
export function simulateAssembly(dir: string, scenario: string | Scenario, options: SimulationOptions = {}): SimulationResult {
  const s = typeof scenario === 'string' ? loadScenario(scenario) : scenario;
  return simulate(readTopology(readAssembly(dir)), s, options);
}

/** Runs `scenario` against the templates read into `topology`. */
export function simulate(topology: Topology, scenario: Scenario, options: SimulationOptions = {}): SimulationResult {
  return new Simulation(topology, scenario, options).run();
}

/** Targets of a Region whose templates give no service size. */
const DEFAULT_TARGETS = 2;

class Simulation {
  private readonly assumptions: SimulationAssumptions;
  private readonly warnings: string[];
  private readonly store = new MetricStore();
  private readonly recordName: string;
  private readonly regions: string[];
  private readonly users: UserGroup[];
  private readonly plan: ScenarioPlan;
  private readonly alarms: Alarms;
  private readonly republishers: RepublisherReplay;
  private readonly route53: Route53Readings;

  constructor(private readonly topology: Topology, private readonly scenario: Scenario, options: SimulationOptions) {
    this.assumptions = checkAssumptions(options.assumptions);
    this.warnings = [...topology.warnings];
    this.recordName = options.recordName ?? topology.dns.busiestLatencyName();
    this.regions = topology.dns.latencyRegions(this.recordName);
    if (this.regions.length === 0) {
      throw new Error(`the assembly has no latency A record named '${this.recordName}'.`);
    }
    this.users = userGroups(scenario, this.regions);
    this.plan = new ScenarioPlan(scenario, this.regions, topology.switches, this.warnings);
    const queries = new MetricQueries(this.store, this.warnings);
    this.alarms = new Alarms(topology, queries, producedKeys(this.regions, topology), this.warnings);
    this.republishers = new RepublisherReplay(topology, queries, this.alarms, this.assumptions.customMetricDelayMinutes);
    this.route53 = new Route53Readings(topology, this.regions, this.alarms, this.assumptions);
  }

  public run(): SimulationResult {
    const { route53DelayMinutes: r53, dnsTtlMinutes: ttl } = this.assumptions;
    const answers: Map<string, string | undefined>[] = [];
    const inputs: HealthInputs[] = [];
    const timeline: TimelineMinute[] = [];
    const baselineAnswers = this.answers(ALL_HEALTHY);

    for (let t = 0; t < this.scenario.durationMinutes; t++) {
      publishEvacuations(this.store, t, this.plan.evacuations, this.topology.switches, this.assumptions.customMetricDelayMinutes);
      this.alarms.evaluate(t, this.assumptions);
      this.republishers.run(t);
      this.route53.observe(t);
      inputs[t] = t - r53 < 0 ? ALL_HEALTHY : this.route53.inputsAt(t - r53);
      answers[t] = this.answers(inputs[t]);

      const users = usersByRegion(this.users, t - ttl < 0 ? baselineAnswers : answers[t - ttl], this.regions);
      const probeInputs = inputs[Math.max(0, t - ttl)];
      const probes = probeRequests(this.topology.leafChecks.values(), this.assumptions.checkersPerLocation,
        check => this.route53.endpointRegion(check, probeInputs));
      this.serveMinute(t, users, probes);
      timeline.push(this.timelineMinute(t, inputs[t], users, probes));
    }
    const total = totalUsers(this.users);
    return {
      scenario: this.scenario,
      assumptions: this.assumptions,
      recordName: this.recordName,
      regions: this.regions,
      totalUsers: total,
      timeline,
      summary: summarize(timeline, {
        regions: this.regions,
        plan: this.plan,
        totalUsers: total,
        baselineUsers: usersByRegion(this.users, baselineAnswers, this.regions),
        causeLookbackMinutes: this.assumptions.causeLookbackMinutes,
      }),
      warnings: this.warnings,
    };
  }

  private answers(inputs: HealthInputs): Map<string, string | undefined> {
    return dnsAnswers(this.topology.dns, this.recordName, this.users, inputs);
  }

  /** Minute t's requests meet each Region's condition: its metrics, and what the health checks met. */
  private serveMinute(t: number, users: Map<string, number>, probes: Map<string, number>): void {
    const checked = new Map<string, CheckedMinute>();
    for (const region of this.regions) {
      const c = this.plan.condition(region, t);
      const requests = (users.get(region) ?? 0) * this.assumptions.requestsPerUserMinute + (probes.get(region) ?? 0);
      const targets = this.topology.targetHealth.get(region)?.targets ?? DEFAULT_TARGETS;
      produceMinute(this.store, region, t, regionTraffic(c, requests, targets), t + this.assumptions.awsMetricDelayMinutes);
      checked.set(region, {
        checkerFailedShare: checkerFailedShare(c, this.assumptions.endpointTimeoutSeconds),
        targetsHealthy: c.healthyTargetPercent > 0,
      });
    }
    this.route53.recordMinute(t, checked);
  }

  private timelineMinute(t: number, inputs: HealthInputs, users: Map<string, number>, probes: Map<string, number>): TimelineMinute {
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
        probeRequests: probes.get(region) ?? 0,
        degraded: this.plan.degraded(region, t),
        noise: this.plan.noise(region, t),
        evacuated: this.plan.evacuated(region, t),
      })),
    };
  }
}
