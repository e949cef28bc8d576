/**
 * What the simulator needs from the templates besides the DNS model: metric
 * alarms, what each leaf health check reads, the republishers' configuration,
 * evacuation switches and the load balancers' target health settings.
 */
import { checkTemplate } from './assembly';
import { DnsModel, normalize, refOrJoinedRef, StackTemplate } from './dns';
import { InputError, SimulatorErrorId } from './inputs';
import { LatchDefinition, readLatches } from './latches';
import { checkTemplateNumbers, checkWindowMinutes } from './template-checks';
import { settingsOfAlarmProperties } from '../model/alarm-settings';
import { refTarget } from '../model/cfn';
import { clientKeepAliveOf, DEFAULT_CLIENT_KEEP_ALIVE_SECONDS } from '../model/load-balancer';
import { EVACUATION_NAMESPACE } from '../model/namespaces';
import { RepublisherConfig } from '../model/republisher/config';
import { checkRoute53Alarm } from '../model/route53-alarm-rules';

/** A CloudWatch metric alarm of the templates. */
export interface AlarmDefinition {
  /** `<stackName>/<logicalId>`. */
  readonly id: string;
  readonly name: string;
  readonly region: string;
  /** The alarm's properties, with tokens in strings rendered (see `renderString`). */
  readonly properties: Record<string, any>;
}

/** A CLOUDWATCH_METRIC or endpoint health check. */
export interface LeafCheckDefinition {
  readonly id: string;
  readonly type: string;
  /** CLOUDWATCH_METRIC: the alarm, when it is defined in the templates. */
  readonly alarm?: AlarmDefinition;
  readonly insufficientDataHealthStatus: string;
  /** Endpoint checks: the Region whose load balancer receives the requests, when known. */
  readonly endpointRegion?: string;
  /** Endpoint checks: the name requested, when it is a record of the templates. */
  readonly endpointName?: string;
  readonly requestIntervalSeconds: number;
  readonly failureThreshold: number;
  /** How many health-checker locations send requests. */
  readonly locations: number;
}

/** How the load balancer of a Region judges its targets. */
export interface TargetHealthSettings {
  readonly intervalSeconds: number;
  readonly unhealthyThreshold: number;
  readonly healthyThreshold: number;
  /** Seconds a health check waits for the target's response (ELB's default for HTTP: 5). */
  readonly timeoutSeconds: number;
  /** How many targets the service runs. */
  readonly targets: number;
}

/** The templates as the simulator reads them. */
export interface Topology {
  readonly dns: DnsModel;
  readonly alarms: AlarmDefinition[];
  readonly leafChecks: Map<string, LeafCheckDefinition>;
  readonly republishers: { readonly region: string; readonly stackName: string; readonly config: RepublisherConfig }[];
  /** Per Region, the metric key of its evacuation switch. */
  readonly switches: Map<string, AlarmDefinition>;
  /** Per Region, its failback latch (none: the Region returns as soon as its signals are healthy). */
  readonly latches?: Map<string, LatchDefinition>;
  readonly targetHealth: Map<string, TargetHealthSettings>;
  /**
   * Per Region, its load balancer's client keep-alive in seconds (attribute
   * `client_keep_alive.seconds`): how long pooled connections stay on it.
   */
  readonly clientKeepAliveSeconds: Map<string, number>;
  /** Per Region, its first load balancer of the templates: `<stackName>/<logicalId>`. */
  readonly loadBalancers: Map<string, string>;
  /** Per Region, its first target group of the templates (whose health `targetHealth` describes): `<stackName>/<logicalId>`. */
  readonly targetGroups: Map<string, string>;
  readonly warnings: string[];
}

/** Route 53's default health-checker locations (HealthCheckRegions when none is given). */
const DEFAULT_CHECKER_LOCATIONS = 8;

/**
 * The value of a CloudFormation string with its tokens rendered: `Ref X` as
 * `X`, `Fn::GetAtt [X, A]` as `X.A`, `Fn::Join` joined. Metric dimensions and
 * the republisher's input come out as plain strings this way.
 */
export function renderString(value: unknown, refName: (logicalId: string) => string | undefined = () => undefined): string {
  if (typeof value === 'string' || typeof value === 'number') {
    return String(value);
  }
  if (value && typeof value === 'object') {
    const v = value as Record<string, any>;
    if (typeof v.Ref === 'string') {
      return refName(v.Ref) ?? v.Ref;
    }
    if (Array.isArray(v['Fn::GetAtt'])) {
      return v['Fn::GetAtt'].join('.');
    }
    if (Array.isArray(v['Fn::Join'])) {
      const [separator, parts] = v['Fn::Join'];
      return Array.isArray(parts) ? parts.map(part => renderString(part, refName)).join(String(separator)) : JSON.stringify(value);
    }
  }
  return JSON.stringify(value);
}

/** The key of a metric in the simulator's store, for an alarm or a publisher in `region`. */
export function metricKey(region: string, namespace: string, metricName: string, dimensions: { Name: string; Value: unknown }[] = []): string {
  // AWS-vended metrics are matched by name only: the simulator models one
  // load balancer and one service per Region.
  if (namespace.startsWith('AWS/')) {
    return `${region}|${namespace}|${metricName}`;
  }
  const dims = dimensions.map(d => `${d.Name}=${renderString(d.Value)}`).sort().join(',');
  return `${region}|${namespace}|${metricName}|${dims}`;
}

/** The key of the metric a single-metric alarm reads (an evacuation switch's, for one). */
export function alarmMetricKey(alarm: AlarmDefinition): string {
  const p = alarm.properties;
  return metricKey(alarm.region, p.Namespace, p.MetricName, p.Dimensions);
}

/** Reads the topology of a set of stacks. */
export function readTopology(stacks: StackTemplate[]): Topology {
  for (const stack of stacks) {
    checkTemplate(stack.template, `the template of stack '${stack.stackName}'`);
    checkTemplateNumbers(stack);
  }
  const dns = DnsModel.fromTemplates(stacks);
  const warnings: string[] = [...dns.warnings];
  const resources = readResources(stacks);
  const switches = new Map<string, AlarmDefinition>();
  for (const alarm of resources.alarms) {
    if (alarm.properties.Namespace === EVACUATION_NAMESPACE && !switches.has(alarm.region)) {
      switches.set(alarm.region, alarm);
    }
  }
  const leafChecks = new Map<string, LeafCheckDefinition>();
  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      const c = resource.Properties?.HealthCheckConfig ?? {};
      if (resource.Type === 'AWS::Route53::HealthCheck' && c.Type !== 'CALCULATED') {
        const check = leafCheck(`${stack.stackName}/${logicalId}`, stack, c, resources, warnings);
        leafChecks.set(check.id, check);
      }
    }
  }
  warnings.push(...probesOfImportedLoadBalancers(stacks, dns, leafChecks, resources));
  const { alarms, republishers, targetHealth, targetGroups, clientKeepAliveSeconds } = resources;
  const loadBalancers = new Map<string, string>();
  for (const [id, region] of resources.loadBalancers) {
    if (!loadBalancers.has(region)) {
      loadBalancers.set(region, id);
    }
  }
  const latches = readLatches(stacks, resources.alarms, renderString);
  return { dns, alarms, leafChecks, republishers, switches, latches, targetHealth, clientKeepAliveSeconds, loadBalancers, targetGroups, warnings };
}

/** The resources of the stacks a leaf health check may point at, and the others the simulator reads. */
interface Resources {
  readonly alarms: AlarmDefinition[];
  /** Alarms by `<stackName>/<logicalId>`. */
  readonly byId: Map<string, AlarmDefinition>;
  readonly republishers: Topology['republishers'];
  readonly targetHealth: Map<string, TargetHealthSettings>;
  /** Per Region, the target group `targetHealth` describes: `<stackName>/<logicalId>`. */
  readonly targetGroups: Map<string, string>;
  /** The Region of each load balancer, by `<stackName>/<logicalId>`. */
  readonly loadBalancers: Map<string, string>;
  readonly clientKeepAliveSeconds: Map<string, number>;
}

/**
 * The name of an alarm as the simulator knows it: its AlarmName, else its
 * logical id (CloudFormation would generate a name; the logical id stands for
 * it on every side, so a `Ref` to the alarm matches the alarm).
 */
function alarmNameOf(logicalId: string, p: Record<string, any>): string {
  return renderString(p.AlarmName ?? logicalId);
}

function readResources(stacks: StackTemplate[]): Resources {
  const found: Resources = {
    alarms: [],
    byId: new Map(),
    republishers: [],
    targetHealth: new Map(),
    targetGroups: new Map(),
    loadBalancers: new Map(),
    clientKeepAliveSeconds: new Map(),
  };
  for (const stack of stacks) {
    let targets: number | undefined;
    const resources = stack.template.Resources ?? {};
    // A `Ref` to an alarm is its name (what the republisher's configuration holds for a mirrored alarm).
    const refName = (logicalId: string) =>
      (resources[logicalId]?.Type === 'AWS::CloudWatch::Alarm' ? alarmNameOf(logicalId, resources[logicalId].Properties ?? {}) : undefined);
    for (const [logicalId, resource] of Object.entries(resources)) {
      const p = resource.Properties ?? {};
      if (resource.Type === 'AWS::CloudWatch::Alarm') {
        const alarm = { id: `${stack.stackName}/${logicalId}`, name: alarmNameOf(logicalId, p), region: stack.region, properties: p };
        found.alarms.push(alarm);
        found.byId.set(alarm.id, alarm);
      } else if (resource.Type === 'AWS::Events::Rule') {
        for (const target of Array.isArray(p.Targets) ? p.Targets : []) {
          const input = target?.Input === undefined ? undefined : parseJson(renderString(target.Input, refName));
          if (input?.kind === 'tick' && input.config) {
            found.republishers.push({ region: stack.region, stackName: stack.stackName, config: checkRepublisherConfig(input.config, `stack '${stack.stackName}': rule '${logicalId}'`) });
          }
        }
      } else if (resource.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer') {
        found.loadBalancers.set(`${stack.stackName}/${logicalId}`, stack.region);
        if (!found.clientKeepAliveSeconds.has(stack.region)) {
          // An intrinsic the template does not resolve reads as the default.
          found.clientKeepAliveSeconds.set(stack.region, clientKeepAliveOf(p)?.seconds ?? DEFAULT_CLIENT_KEEP_ALIVE_SECONDS);
        }
      } else if (resource.Type === 'AWS::ElasticLoadBalancingV2::TargetGroup' && !found.targetHealth.has(stack.region)) {
        found.targetGroups.set(stack.region, `${stack.stackName}/${logicalId}`);
        found.targetHealth.set(stack.region, {
          intervalSeconds: number(p.HealthCheckIntervalSeconds, 30),
          unhealthyThreshold: number(p.UnhealthyThresholdCount, 2),
          healthyThreshold: number(p.HealthyThresholdCount, 5),
          timeoutSeconds: number(p.HealthCheckTimeoutSeconds, 5),
          targets: 2,
        });
      } else if ((resource.Type === 'AWS::ECS::Service' || resource.Type === 'AWS::AutoScaling::AutoScalingGroup') && targets === undefined) {
        const count = p.DesiredCount ?? p.DesiredCapacity ?? p.MinSize;
        targets = Number(count) > 0 ? Number(count) : undefined;
      }
    }
    const settings = found.targetHealth.get(stack.region);
    if (settings && targets !== undefined) {
      found.targetHealth.set(stack.region, { ...settings, targets });
    }
  }
  return found;
}

/** A CLOUDWATCH_METRIC or endpoint check (`c`: its HealthCheckConfig); warns about what the simulator cannot follow. */
function leafCheck(id: string, stack: StackTemplate, c: Record<string, any>, resources: Resources, warnings: string[]): LeafCheckDefinition {
  const base = {
    id,
    type: c.Type,
    insufficientDataHealthStatus: c.InsufficientDataHealthStatus ?? 'LastKnownStatus',
    requestIntervalSeconds: number(c.RequestInterval, 30),
    failureThreshold: number(c.FailureThreshold, 3),
    locations: Array.isArray(c.Regions) && c.Regions.length > 0 ? c.Regions.length : DEFAULT_CHECKER_LOCATIONS,
  };
  if (c.Type === 'CLOUDWATCH_METRIC') {
    const name = c.AlarmIdentifier?.Name;
    const target = refTarget(name);
    const alarm = target !== undefined
      ? resources.byId.get(`${stack.stackName}/${target}`)
      : resources.alarms.find(a => a.name === renderString(name) && a.region === c.AlarmIdentifier?.Region);
    if (!alarm) {
      warnings.push(`health check ${id} follows alarm ${renderString(name)}, which is not in the assembly: it is taken as always healthy.`);
    } else {
      // The same rules as the constructs and the guard: Route 53 would refuse the alarm.
      const refused = checkRoute53Alarm(settingsOfAlarmProperties(alarm.properties)).map(v => v.ruleId);
      if (refused.length > 0) {
        warnings.push(`health check ${id} follows alarm ${alarm.name}, which Route 53 refuses (${refused.join(', ')}); `
          + 'the simulator evaluates it anyway.');
      }
    }
    return { ...base, alarm };
  }
  if (['HTTP', 'HTTPS', 'HTTP_STR_MATCH', 'HTTPS_STR_MATCH', 'TCP'].includes(c.Type)) {
    const fqdn = c.FullyQualifiedDomainName;
    const lbTarget = refOrJoinedRef(fqdn);
    const endpointRegion = lbTarget === undefined ? undefined : resources.loadBalancers.get(`${stack.stackName}/${lbTarget}`);
    const endpointName = typeof fqdn === 'string' ? fqdn : undefined;
    if (endpointRegion === undefined && endpointName === undefined) {
      warnings.push(`endpoint health check ${id} targets ${renderString(fqdn ?? c.IPAddress)}, which the simulator cannot place in a Region: `
        + 'it sends no traffic and is taken as always healthy.');
    }
    return { ...base, endpointRegion, endpointName };
  }
  warnings.push(`health check ${id} has type ${c.Type}, which the simulator does not model: it is taken as always healthy.`);
  return base;
}

/**
 * An endpoint check whose name is served by a load balancer imported by its
 * attributes (an alias to a literal `...elb.amazonaws.com` name): its
 * listeners are not in the assembly, so whether one serves the check's
 * protocol and port (HTTPS:443 when the library could not see any) cannot be
 * told; the simulator assumes one does, and says so.
 */
function probesOfImportedLoadBalancers(stacks: StackTemplate[], dns: DnsModel, leafChecks: Map<string, LeafCheckDefinition>,
  resources: Resources): string[] {
  const withLoadBalancer = new Set(resources.loadBalancers.values());
  const warnings: string[] = [];
  for (const check of leafChecks.values()) {
    if (check.endpointName === undefined || check.endpointRegion !== undefined) {
      continue;
    }
    const served = dns.records.filter(r => r.name === normalize(check.endpointName!) && r.loadBalancerRegion !== undefined
      && !withLoadBalancer.has(r.loadBalancerRegion));
    if (served.length > 0) {
      const c = stacks.find(s => check.id.startsWith(`${s.stackName}/`))?.template.Resources?.[check.id.split('/').pop()!]?.Properties?.HealthCheckConfig ?? {};
      const port = c.Port ?? (String(c.Type).startsWith('HTTPS') ? 443 : 80);
      warnings.push(`endpoint health check ${check.id} sends ${c.Type} to port ${port} of ${check.endpointName}, whose load balancer `
        + `(${served[0].loadBalancerRegion}) is not in the assembly: its listeners cannot be seen, so the simulator assumes one serves `
        + `${c.Type}:${port} (if none does, every probe request fails). Fix: check the load balancer's listeners, or give the probe's protocol and port.`);
    }
  }
  return warnings;
}

/**
 * The republisher's configuration as the replay reads it: the lists it walks
 * and its read window, checked (the library writes it; a hand-edited one may
 * not follow it).
 */
function checkRepublisherConfig(config: unknown, subject: string): RepublisherConfig {
  const c = config as Record<string, any>;
  const lists = ['signals', 'mirrors'].filter(k => !Array.isArray(c?.[k]));
  if (typeof c !== 'object' || c === null || typeof c.namespace !== 'string' || lists.length > 0
    || (c.switches !== undefined && !Array.isArray(c.switches))) {
    throw new InputError(SimulatorErrorId.TEMPLATE, `${subject}: the republisher's configuration must have a string 'namespace' and lists 'signals' and 'mirrors' `
      + `(and, if any, 'switches'), got: ${JSON.stringify(config)?.slice(0, 120)}.`);
  }
  checkWindowMinutes(`${subject}: the republisher's configuration`, c.windowMinutes);
  for (const [i, mirror] of c.mirrors.entries()) {
    if (typeof mirror?.alarmName !== 'string') {
      throw new InputError(SimulatorErrorId.TEMPLATE, `${subject}: the republisher's 'mirrors[${i}]' must have a string 'alarmName', got: ${JSON.stringify(mirror)?.slice(0, 120)}.`);
    }
  }
  for (const [i, signal] of c.signals.entries()) {
    if (!Array.isArray(signal?.queries) || typeof signal?.metric?.MetricName !== 'string') {
      throw new InputError(SimulatorErrorId.TEMPLATE, `${subject}: the republisher's 'signals[${i}]' must have a 'metric' with a MetricName and a list of 'queries', `
        + `got: ${JSON.stringify(signal)?.slice(0, 120)}.`);
    }
  }
  return c as RepublisherConfig;
}

function number(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : value !== undefined && !Number.isNaN(Number(value)) ? Number(value) : fallback;
}

function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
