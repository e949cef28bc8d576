/**
 * A model of how Route 53 answers a latency-routed name from the synthesized
 * CloudFormation templates: records, alias chains, health checks (CLOUDWATCH_METRIC,
 * CALCULATED, endpoint), EvaluateTargetHealth and fail-open.
 *
 * What it models, with sources (Route 53 Developer Guide):
 * - A record with a health check is healthy only while the check is; an alias
 *   record with EvaluateTargetHealth also needs its target to be healthy (both
 *   must pass).
 * - An alias to another record of the zone is healthy when at least one record
 *   of the target's name and type is healthy.
 * - An alias to an Application Load Balancer is healthy while its target
 *   groups have healthy targets (given by the caller).
 * - A CALCULATED check is healthy when at least HealthThreshold children are
 *   (Inverted flips the result).
 * - Latency routing answers with the healthy record of the lowest latency to
 *   the user; when no record is healthy, Route 53 treats them all as healthy
 *   (fail-open).
 *
 * Leaf checks (CLOUDWATCH_METRIC and endpoint checks) take their status from
 * the caller, who models the metrics behind them.
 */

import { healthCheckModel, normalize, recordModel } from './dns-records';
import { InputError, SimulatorErrorId } from './inputs';
import { refTarget } from '../model/cfn';

export { loadBalancerDnsRegion, normalize, refOrJoinedRef } from './dns-records';

/** A CloudFormation template and the Region of its stack. */
export interface StackTemplate {
  readonly stackName: string;
  /** The stack's name in CloudFormation, when it differs from `stackName` (a Stage's stack: `Stage-Stack`, not `Stage/Stack`). */
  readonly deployedName?: string;
  readonly region: string;
  readonly template: { Resources?: Record<string, { Type: string; Properties?: any }> };
}

/** A Route 53 health check of the templates. */
export interface HealthCheckModel {
  /** `<stackName>/<logicalId>`. */
  readonly id: string;
  readonly type: string;
  /** CLOUDWATCH_METRIC: the alarm's name and Region. */
  readonly alarmName?: string;
  readonly alarmRegion?: string;
  readonly insufficientDataHealthStatus?: string;
  /** Endpoint checks: the name requested. */
  readonly fqdn?: string;
  /** CALCULATED: the children's ids. */
  readonly children: string[];
  readonly healthThreshold: number;
  readonly inverted: boolean;
  /** The Name tag. */
  readonly name?: string;
}

/** A Route 53 record of the templates. */
export interface RecordModel {
  readonly id: string;
  /** Fully qualified, lower case, with a trailing dot. */
  readonly name: string;
  readonly type: string;
  readonly region?: string;
  readonly setIdentifier?: string;
  readonly healthCheckId?: string;
  /** An alias to another record of the zone: its name. */
  readonly aliasName?: string;
  /** An alias to a load balancer: the Region of the load balancer's stack. */
  readonly loadBalancerRegion?: string;
  readonly evaluateTargetHealth: boolean;
}

/** The status of leaf health checks and load balancers at one moment. */
export interface HealthInputs {
  /** Whether a CLOUDWATCH_METRIC or endpoint check is healthy. */
  readonly leafHealthy: (check: HealthCheckModel) => boolean;
  /** Whether the load balancer of a Region has healthy targets (EvaluateTargetHealth). */
  readonly loadBalancerHealthy: (region: string) => boolean;
}

/** The records and health checks of a set of templates. */
export class DnsModel {
  public static fromTemplates(stacks: StackTemplate[]): DnsModel {
    const checks = new Map<string, HealthCheckModel>();
    const records: RecordModel[] = [];
    const warnings: string[] = [];
    for (const stack of stacks) {
      const resources = stack.template.Resources ?? {};
      const ref = (value: unknown): string | undefined => {
        const target = refTarget(value);
        return target === undefined ? undefined : `${stack.stackName}/${target}`;
      };
      for (const [logicalId, resource] of Object.entries(resources)) {
        const p = resource.Properties ?? {};
        const id = `${stack.stackName}/${logicalId}`;
        if (resource.Type === 'AWS::Route53::HealthCheck') {
          checks.set(id, healthCheckModel(id, p, resources, ref));
        } else if (resource.Type === 'AWS::Route53::RecordSet') {
          records.push(recordModel(id, p, stack, ref, warnings));
        }
      }
    }
    return new DnsModel(checks, records, warnings);
  }

  /** Records by `<name>|<type>`. */
  private readonly byName = new Map<string, RecordModel[]>();
  /** Per health inputs (one moment), each record's health: computed once, whatever the number of users. */
  private readonly health = new WeakMap<HealthInputs, Map<RecordModel, boolean>>();
  /** Per health inputs, the candidates of each group of records (latency routing's healthy ones, or all). */
  private readonly candidatesAt = new WeakMap<HealthInputs, Map<readonly RecordModel[], readonly RecordModel[]>>();
  /** The target records of each alias record. */
  private readonly aliasGroups = new Map<RecordModel, readonly RecordModel[]>();

  private constructor(
    public readonly healthChecks: ReadonlyMap<string, HealthCheckModel>,
    public readonly records: readonly RecordModel[],
    /** What the model cannot follow (health checks and alias targets outside the templates), by name. */
    public readonly warnings: readonly string[] = [],
  ) {
    for (const r of records) {
      const key = `${r.name}|${r.type}`;
      this.byName.set(key, [...this.byName.get(key) ?? [], r]);
    }
    const unknown = new Set<string>();
    for (const r of records) {
      if (r.healthCheckId !== undefined && !healthChecks.has(r.healthCheckId)) {
        unknown.add(`record ${r.id} (${r.name} ${r.type}${r.region ? ` in ${r.region}` : ''}) has HealthCheckId ${r.healthCheckId}`);
      }
    }
    for (const c of healthChecks.values()) {
      for (const child of c.children.filter(x => !healthChecks.has(x))) {
        unknown.add(`CALCULATED health check ${c.id} has child ${child}`);
      }
    }
    for (const r of records) {
      if (r.aliasName !== undefined && !this.byName.has(`${r.aliasName}|${r.type}`)) {
        unknown.add(`record ${r.id} (${r.name} ${r.type}) aliases ${r.aliasName}, which is neither a ${r.type} record of the assembly nor a load `
          + 'balancer\'s name: users answered with it are served by no Region of the simulation, and with EvaluateTargetHealth it is unhealthy. ');
      }
    }
    this.warnings = [...this.warnings, ...[...unknown].map(u => u.endsWith(' ') ? u.trim() : `${u}, a health check that is not in the assembly: `
      + 'the simulator cannot know its status and takes it as always healthy. Fix: synthesize the app that creates it, or simulate with it left out.')];
  }

  /** Whether a health check is healthy. */
  public checkHealthy(id: string, inputs: HealthInputs, seen: Set<string> = new Set()): boolean {
    const check = this.healthChecks.get(id);
    if (!check) {
      return true; // outside the assembly: warned about (see the constructor)
    }
    if (seen.has(id)) {
      throw new InputError(SimulatorErrorId.DNS_LOOP, `health check '${id}' contains itself (through ChildHealthChecks ${[...seen, id].join(' -> ')}); Route 53 refuses such a loop.`);
    }
    let healthy: boolean;
    if (check.type === 'CALCULATED') {
      const next = new Set(seen).add(id);
      const healthyChildren = check.children.filter(c => this.checkHealthy(c, inputs, next)).length;
      healthy = healthyChildren >= check.healthThreshold;
    } else {
      healthy = inputs.leafHealthy(check);
    }
    return check.inverted ? !healthy : healthy;
  }

  /** Whether a record is healthy: its health check, and its alias target when it evaluates target health. */
  public recordHealthy(record: RecordModel, inputs: HealthInputs, depth = 0): boolean {
    let cache = this.health.get(inputs);
    if (!cache) {
      cache = new Map();
      this.health.set(inputs, cache);
    }
    let healthy = cache.get(record);
    if (healthy === undefined) {
      healthy = this.computeRecordHealthy(record, inputs, depth);
      cache.set(record, healthy);
    }
    return healthy;
  }

  private computeRecordHealthy(record: RecordModel, inputs: HealthInputs, depth: number): boolean {
    if (depth > MAX_ALIAS_DEPTH) {
      throw new InputError(SimulatorErrorId.DNS_LOOP, `record '${record.id}' (${record.name}) starts an alias chain longer than ${MAX_ALIAS_DEPTH} records, or a loop: `
        + 'Route 53 follows aliases within the zone; make the chain shorter.');
    }
    if (record.healthCheckId !== undefined && !this.checkHealthy(record.healthCheckId, inputs)) {
      return false;
    }
    if (!record.evaluateTargetHealth) {
      return true;
    }
    if (record.loadBalancerRegion !== undefined) {
      return inputs.loadBalancerHealthy(record.loadBalancerRegion);
    }
    return this.aliasGroup(record).some(r => this.recordHealthy(r, inputs, depth + 1));
  }

  /**
   * The Region whose load balancer answers a user, following latency routing
   * and alias chains; undefined when the name has no record.
   *
   * @param latencyMs the user's latency to each Region
   */
  public resolve(name: string, type: string, latencyMs: Record<string, number>, inputs: HealthInputs, depth = 0): string | undefined {
    return this.resolveGroup(this.recordsOf(normalize(name), type), latencyMs, inputs, depth);
  }

  /** The Region answering each user (by latencies), as `resolve` does; the name is looked up once for all of them. */
  public resolveMany(name: string, type: string, latencies: readonly Record<string, number>[], inputs: HealthInputs): (string | undefined)[] {
    const group = this.recordsOf(normalize(name), type);
    return latencies.map(latencyMs => this.resolveGroup(group, latencyMs, inputs, 0));
  }

  /** Latency routing among the records of one name and type (fail-open when none is healthy), then their alias chain. */
  private resolveGroup(group: readonly RecordModel[], latencyMs: Record<string, number>, inputs: HealthInputs, depth: number): string | undefined {
    if (group.length === 0 || depth > MAX_ALIAS_DEPTH) {
      return undefined;
    }
    const candidates = this.candidates(group, inputs);
    const latency = (r: RecordModel) => (r.region === undefined ? 0 : latencyMs[r.region] ?? Number.MAX_SAFE_INTEGER);
    // The lowest latency; ties broken by set identifier, compared by code unit (no locale: the same on every machine).
    let chosen = candidates[0];
    let best = latency(chosen);
    for (let i = 1; i < candidates.length; i++) {
      const r = candidates[i];
      const d = latency(r) - best;
      if (d < 0 || (d === 0 && (r.setIdentifier ?? '') < (chosen.setIdentifier ?? ''))) {
        chosen = r;
        best = latency(r);
      }
    }
    if (chosen.loadBalancerRegion !== undefined) {
      return chosen.loadBalancerRegion;
    }
    return chosen.aliasName === undefined ? chosen.region : this.resolveGroup(this.aliasGroup(chosen), latencyMs, inputs, depth + 1);
  }

  /** The healthy records of a group at one moment ("if no record is healthy, all records are healthy": fail-open); computed once per moment. */
  private candidates(group: readonly RecordModel[], inputs: HealthInputs): readonly RecordModel[] {
    let cache = this.candidatesAt.get(inputs);
    if (!cache) {
      cache = new Map();
      this.candidatesAt.set(inputs, cache);
    }
    let candidates = cache.get(group);
    if (!candidates) {
      const healthy = group.filter(r => this.recordHealthy(r, inputs));
      candidates = healthy.length > 0 ? healthy : group;
      cache.set(group, candidates);
    }
    return candidates;
  }

  /** The records an alias points to (same name and type). */
  private aliasGroup(record: RecordModel): readonly RecordModel[] {
    let group = this.aliasGroups.get(record);
    if (!group) {
      group = this.recordsOf(record.aliasName!, record.type);
      this.aliasGroups.set(record, group);
    }
    return group;
  }

  /** The latency-routed A name with records in the most Regions (the first of them on a tie). */
  public busiestLatencyName(): string {
    const regionsByName = new Map<string, Set<string>>();
    for (const r of this.records) {
      if (r.region !== undefined && r.type === 'A') {
        regionsByName.set(r.name, (regionsByName.get(r.name) ?? new Set()).add(r.region));
      }
    }
    const best = [...regionsByName.entries()].sort((a, b) => b[1].size - a[1].size)[0];
    if (!best) {
      throw new InputError(SimulatorErrorId.RECORD, 'the assembly has no latency-routed A record (an A record with a Region) to simulate: '
        + 'synthesize the app that holds the failover\'s records.');
    }
    return best[0];
  }

  /** The Regions of the latency A records of a name, in template order. */
  public latencyRegions(name: string): string[] {
    return this.records.filter(r => r.name === normalize(name) && r.type === 'A' && r.region !== undefined).map(r => r.region!);
  }

  /**
   * The Regions of a failover: of the latency A records named `name` (by
   * default the latency-routed name with the most Regions). An InputError
   * when there are none.
   */
  public failoverRegions(name: string = this.busiestLatencyName()): string[] {
    const regions = this.latencyRegions(name);
    if (regions.length === 0) {
      throw new InputError(SimulatorErrorId.RECORD, `the assembly has no latency A record named '${name}' (latency-routed names: `
        + `${this.latencyNames().join(', ') || 'none'}).`);
    }
    return regions;
  }

  /** Whether every latency A record of a name in a Region is healthy. */
  public regionHealthy(name: string, region: string, inputs: HealthInputs): boolean {
    return this.records.filter(r => r.name === normalize(name) && r.type === 'A' && r.region === region).every(r => this.recordHealthy(r, inputs));
  }

  /** Every latency-routed A name, in template order. */
  public latencyNames(): string[] {
    return [...new Set(this.records.filter(r => r.region !== undefined && r.type === 'A').map(r => r.name))];
  }

  /** The latency-routed A names other than `name` with records in at least two Regions: other failovers. */
  public otherLatencyNames(name: string): string[] {
    const regionsByName = new Map<string, Set<string>>();
    for (const r of this.records) {
      if (r.region !== undefined && r.type === 'A' && r.name !== normalize(name)) {
        regionsByName.set(r.name, (regionsByName.get(r.name) ?? new Set()).add(r.region));
      }
    }
    return [...regionsByName.entries()].filter(([, regions]) => regions.size >= 2).map(([n]) => n);
  }

  private recordsOf(name: string, type: string): readonly RecordModel[] {
    return this.byName.get(`${name}|${type}`) ?? NO_RECORDS;
  }
}

const NO_RECORDS: readonly RecordModel[] = [];

/** The longest alias chain followed (Route 53 refuses loops; the model stops at this depth). */
const MAX_ALIAS_DEPTH = 8;
