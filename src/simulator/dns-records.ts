/**
 * How the DNS model reads a Route 53 health check or record from a template:
 * ids of other resources, aliases to load balancers (in the templates, or
 * imported by their attributes and named by a literal `...elb.amazonaws.com`
 * DNS name), and what it cannot follow, as warnings.
 */
import type { HealthCheckModel, RecordModel, StackTemplate } from './dns';
import { refTarget } from '../model/cfn';

/**
 * The Region of a load balancer named by its DNS name (an alias to a literal
 * `...elb.amazonaws.com` name, as `fromApplicationLoadBalancerAttributes`
 * writes it): `name-id.<region>.elb.amazonaws.com` (ALB, Classic), with an
 * optional `dualstack.` or `internal-` prefix, or `name-id.elb.<region>.amazonaws.com`
 * (NLB); `.cn` in China. Undefined for any other name.
 */
export function loadBalancerDnsRegion(dnsName: string): string | undefined {
  const name = dnsName.toLowerCase().replace(/\.$/, '');
  const match = /\.([a-z]{2}(?:-[a-z]+)+-\d+)\.elb\.amazonaws\.com(?:\.cn)?$/.exec(name)
    ?? /\.elb\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/.exec(name);
  return match?.[1];
}

/** A health check of a template. */
export function healthCheckModel(id: string, p: Record<string, any>, resources: NonNullable<StackTemplate['template']['Resources']>,
  ref: (value: unknown) => string | undefined): HealthCheckModel {
  const c = p.HealthCheckConfig ?? {};
  const alarmRef = c.AlarmIdentifier?.Name;
  const alarmName = typeof alarmRef === 'string' ? alarmRef : resources[refTarget(alarmRef) ?? '']?.Properties?.AlarmName;
  return {
    id,
    type: c.Type,
    alarmName,
    alarmRegion: c.AlarmIdentifier?.Region,
    insufficientDataHealthStatus: c.InsufficientDataHealthStatus,
    fqdn: c.FullyQualifiedDomainName,
    children: (Array.isArray(c.ChildHealthChecks) ? c.ChildHealthChecks : []).map((child: unknown) => ref(child) ?? idText(child)),
    healthThreshold: Number(c.HealthThreshold ?? 0),
    inverted: c.Inverted === true,
    name: (Array.isArray(p.HealthCheckTags) ? p.HealthCheckTags : []).find((t: any) => t?.Key === 'Name')?.Value,
  };
}

/**
 * A record of a template. An alias whose DNSName is a literal load balancer
 * name (`...elb.amazonaws.com`) is an alias to that load balancer, in the
 * Region its name gives; one that is neither a record of the zone nor a load
 * balancer is warned about.
 */
export function recordModel(id: string, p: Record<string, any>, stack: StackTemplate, ref: (value: unknown) => string | undefined,
  warnings: string[]): RecordModel {
  const alias = p.AliasTarget;
  const literal = alias && typeof alias.DNSName === 'string' ? alias.DNSName : undefined;
  const elbRegion = literal === undefined ? undefined : loadBalancerDnsRegion(literal);
  if (elbRegion !== undefined) {
    warnings.push(`record ${id} (${normalize(p.Name)}) aliases the load balancer ${literal}, which is not in the assembly (imported by its `
      + `attributes): the simulator takes it as ${elbRegion}'s load balancer, with the target-group settings and client keep-alive `
      + `of the load balancer of ${elbRegion} in the assembly, or ELB's defaults when there is none.`);
  }
  const aliasName = literal !== undefined && elbRegion === undefined ? normalize(literal) : undefined;
  const target = alias ? refOrJoinedRef(alias.DNSName) : undefined;
  const targetType = target === undefined ? undefined : stack.template.Resources?.[target]?.Type;
  if (alias && literal === undefined && !LOAD_BALANCER_TYPES.includes(targetType ?? '')) {
    warnings.push(`record ${id} (${normalize(p.Name)}) aliases ${JSON.stringify(alias.DNSName)}, ${targetType ? `a ${targetType}` : 'a value'} `
      + `the simulator does not model: it takes it as the load balancer of the stack's Region ${stack.region}.`);
  }
  return {
    id,
    name: normalize(p.Name),
    type: p.Type,
    region: p.Region,
    setIdentifier: p.SetIdentifier,
    healthCheckId: p.HealthCheckId === undefined ? undefined : ref(p.HealthCheckId) ?? idText(p.HealthCheckId),
    aliasName,
    loadBalancerRegion: alias && aliasName === undefined ? elbRegion ?? stack.region : undefined,
    evaluateTargetHealth: alias?.EvaluateTargetHealth === true,
  };
}

/** The logical id a value refers to: a `Ref`, a `Fn::GetAtt`, or one inside a `Fn::Join` (`dualstack.` + the DNSName). */
export function refOrJoinedRef(value: unknown): string | undefined {
  const parts = (value as Record<string, any> | undefined)?.['Fn::Join']?.[1];
  return refTarget(value) ?? (Array.isArray(parts) ? parts.map(refTarget).find(t => t !== undefined) : undefined);
}

/** The resources an alias with EvaluateTargetHealth reads as a load balancer. */
const LOAD_BALANCER_TYPES = ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancing::LoadBalancer'];

/** A health check id as written (a literal id, or an intrinsic the model cannot resolve). */
function idText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A record name as the model keeps it: lower case, with a trailing dot. */
export function normalize(name: string): string {
  const lower = String(name).toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}
