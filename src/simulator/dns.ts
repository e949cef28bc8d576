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

import { refTarget } from '../model/cfn';

/** A CloudFormation template and the Region of its stack. */
export interface StackTemplate {
  readonly stackName: string;
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
    for (const stack of stacks) {
      const resources = stack.template.Resources ?? {};
      const ref = (value: unknown): string | undefined => {
        const target = refTarget(value);
        return target === undefined ? undefined : `${stack.stackName}/${target}`;
      };
      for (const [logicalId, resource] of Object.entries(resources)) {
        const p = resource.Properties ?? {};
        if (resource.Type === 'AWS::Route53::HealthCheck') {
          const c = p.HealthCheckConfig ?? {};
          const alarmRef = c.AlarmIdentifier?.Name;
          const alarmName = typeof alarmRef === 'string' ? alarmRef : resources[refTarget(alarmRef) ?? '']?.Properties?.AlarmName;
          checks.set(`${stack.stackName}/${logicalId}`, {
            id: `${stack.stackName}/${logicalId}`,
            type: c.Type,
            alarmName,
            alarmRegion: c.AlarmIdentifier?.Region,
            insufficientDataHealthStatus: c.InsufficientDataHealthStatus,
            fqdn: c.FullyQualifiedDomainName,
            children: (c.ChildHealthChecks ?? []).map((child: any) => ref(child) ?? String(child)),
            healthThreshold: c.HealthThreshold ?? 0,
            inverted: c.Inverted === true,
            name: (p.HealthCheckTags ?? []).find((t: any) => t.Key === 'Name')?.Value,
          });
        } else if (resource.Type === 'AWS::Route53::RecordSet') {
          const alias = p.AliasTarget;
          const aliasName = alias && typeof alias.DNSName === 'string' ? normalize(alias.DNSName) : undefined;
          records.push({
            id: `${stack.stackName}/${logicalId}`,
            name: normalize(p.Name),
            type: p.Type,
            region: p.Region,
            setIdentifier: p.SetIdentifier,
            healthCheckId: ref(p.HealthCheckId) ?? p.HealthCheckId,
            aliasName,
            loadBalancerRegion: alias && aliasName === undefined ? stack.region : undefined,
            evaluateTargetHealth: alias?.EvaluateTargetHealth === true,
          });
        }
      }
    }
    return new DnsModel(checks, records);
  }

  private constructor(
    public readonly healthChecks: ReadonlyMap<string, HealthCheckModel>,
    public readonly records: readonly RecordModel[],
  ) {}

  /** Whether a health check is healthy. */
  public checkHealthy(id: string, inputs: HealthInputs, seen: Set<string> = new Set()): boolean {
    const check = this.healthChecks.get(id);
    if (!check) {
      throw new Error(`health check ${id} is not in the templates`);
    }
    if (seen.has(id)) {
      throw new Error(`health check ${id} contains itself`);
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
    if (depth > 8) {
      throw new Error(`alias chain too deep at ${record.id}`);
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
    return this.recordsOf(record.aliasName!, record.type).some(r => this.recordHealthy(r, inputs, depth + 1));
  }

  /**
   * The Region whose load balancer answers a user, following latency routing
   * and alias chains; undefined when the name has no record.
   *
   * @param latencyMs the user's latency to each Region
   */
  public resolve(name: string, type: string, latencyMs: Record<string, number>, inputs: HealthInputs, depth = 0): string | undefined {
    const group = this.recordsOf(normalize(name), type);
    if (group.length === 0 || depth > 8) {
      return undefined;
    }
    const healthy = group.filter(r => this.recordHealthy(r, inputs));
    // "If no record is healthy, all records are healthy": fail-open.
    const candidates = healthy.length > 0 ? healthy : group;
    const latency = (r: RecordModel) => (r.region === undefined ? 0 : latencyMs[r.region] ?? Number.MAX_SAFE_INTEGER);
    // Ties broken by set identifier, compared by code unit (no locale: the same on every machine).
    const id = (r: RecordModel) => r.setIdentifier ?? '';
    const chosen = [...candidates].sort((a, b) => latency(a) - latency(b) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0))[0];
    if (chosen.loadBalancerRegion !== undefined) {
      return chosen.loadBalancerRegion;
    }
    return chosen.aliasName === undefined ? chosen.region : this.resolve(chosen.aliasName, type, latencyMs, inputs, depth + 1);
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
      throw new Error('the assembly has no latency-routed A record to simulate.');
    }
    return best[0];
  }

  /** The Regions of the latency A records of a name, in template order. */
  public latencyRegions(name: string): string[] {
    return this.records.filter(r => r.name === normalize(name) && r.type === 'A' && r.region !== undefined).map(r => r.region!);
  }

  /** Whether every latency A record of a name in a Region is healthy. */
  public regionHealthy(name: string, region: string, inputs: HealthInputs): boolean {
    return this.records.filter(r => r.name === normalize(name) && r.type === 'A' && r.region === region).every(r => this.recordHealthy(r, inputs));
  }

  private recordsOf(name: string, type: string): RecordModel[] {
    return this.records.filter(r => r.name === name && r.type === type);
  }
}

/** A record name as the model keeps it: lower case, with a trailing dot. */
export function normalize(name: string): string {
  const lower = String(name).toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}
