/**
 * Probe traffic: a Route 53 endpoint health check against one Region's own
 * name. Not part of the public API.
 */
import { Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { ProbeOptions, ProbeProtocol } from './probe-options';
import { checkBoolean, checkEnum } from '../../model/input-rules';
import { checkProbePath, checkProbePort, checkRequestInterval } from '../../model/probe-rules';
import { RuleViolation } from '../../model/violation';
import { WarningId } from '../../model/warnings';
import { addWarning } from '../../private/warnings';

/** Where and how the probe sends its requests. */
export interface ProbeTarget {
  readonly protocol: ProbeProtocol;
  readonly port: number;
}

/** A listener of the load balancer, as far as it can be seen. */
export interface VisibleListener {
  readonly protocol: string;
  readonly port: number;
}

/** The default request interval of the probe. */
export const DEFAULT_PROBE_INTERVAL = Duration.seconds(30);

/** The violations of a probe's options. */
export function checkProbeOptions(options: ProbeOptions): RuleViolation[] {
  const violations: RuleViolation[] = [
    ...checkBoolean('probe.enabled', options.enabled),
    ...checkEnum('probe.protocol', options.protocol, Object.values(ProbeProtocol), 'ProbeProtocol'),
  ];
  if (options.path !== undefined && !Token.isUnresolved(options.path)) {
    violations.push(...checkProbePath('probe.path', options.path));
  }
  if (options.port !== undefined && !Token.isUnresolved(options.port)) {
    violations.push(...checkProbePort('probe.port', options.port));
  }
  if (options.requestInterval !== undefined && !options.requestInterval.isUnresolved()) {
    violations.push(...checkRequestInterval('probe.requestInterval', options.requestInterval.toSeconds()));
  }
  return violations;
}

/**
 * The listeners of a load balancer defined in this app, or undefined for an
 * imported one (its listeners cannot be seen). Read at synthesis, so
 * listeners added after the Region count.
 */
export function visibleListeners(loadBalancer: elbv2.IApplicationLoadBalancer): VisibleListener[] | undefined {
  if (!(loadBalancer instanceof elbv2.ApplicationLoadBalancer)) {
    return undefined;
  }
  // addListener() records its listeners; `new ApplicationListener(...)` does not.
  const created = Stack.of(loadBalancer).node.findAll()
    .filter((c): c is elbv2.ApplicationListener => c instanceof elbv2.ApplicationListener && c.loadBalancer === loadBalancer);
  const listeners = [...new Set([...loadBalancer.listeners, ...created])];
  return listeners.map(listener => ({
    protocol: String((listener.node.defaultChild as elbv2.CfnListener).protocol ?? ''),
    port: listener.port,
  }));
}

/**
 * The probe's protocol and port: as given, or from the load balancer's
 * listeners (HTTPS first), or HTTPS on 443 when no listener can be seen.
 */
export function probeTarget(options: ProbeOptions, listeners: VisibleListener[] | undefined): ProbeTarget {
  const byProtocol = (protocol: ProbeProtocol) => listeners?.find(l => l.protocol === protocol);
  const protocol = options.protocol
    ?? (byProtocol(ProbeProtocol.HTTPS) || !byProtocol(ProbeProtocol.HTTP) ? ProbeProtocol.HTTPS : ProbeProtocol.HTTP);
  const port = options.port ?? byProtocol(protocol)?.port ?? (protocol === ProbeProtocol.HTTPS ? 443 : 80);
  return { protocol, port };
}

/**
 * Whether some listener serves the probe's protocol and port: true when the
 * listeners cannot be seen (an imported load balancer), false when a load
 * balancer of the app has none.
 */
export function listenerServesProbe(target: ProbeTarget, listeners: VisibleListener[] | undefined): boolean {
  return listeners === undefined || listeners.some(l => l.protocol === target.protocol && l.port === target.port);
}

/** Properties of a probe health check. */
export interface ProbeHealthCheckProps {
  /** The Region's own name, without the trailing dot. */
  readonly domainName: string;
  readonly options: ProbeOptions;
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** The Name tag. */
  readonly name: string;
}

/**
 * Creates the probe: an HTTP or HTTPS endpoint health check on the Region's
 * own name. Its protocol and port are decided at synthesis, when every
 * listener of the load balancer exists.
 */
export function createProbeHealthCheck(scope: Construct, id: string, props: ProbeHealthCheckProps): route53.CfnHealthCheck {
  const target = () => probeTarget(props.options, visibleListeners(props.loadBalancer));
  return new route53.CfnHealthCheck(scope, id, {
    healthCheckConfig: {
      type: Lazy.string({ produce: () => target().protocol }),
      fullyQualifiedDomainName: props.domainName,
      port: Lazy.number({ produce: () => target().port }),
      resourcePath: props.options.path ?? '/',
      enableSni: Lazy.any({ produce: () => target().protocol === ProbeProtocol.HTTPS }) as unknown as boolean,
      requestInterval: (props.options.requestInterval ?? DEFAULT_PROBE_INTERVAL).toSeconds(),
      failureThreshold: 3,
    },
    healthCheckTags: [{ key: 'Name', value: props.name }],
  });
}

/**
 * The probe's synthesis-time warnings, once every listener of the load
 * balancer exists: no public IPv4 address to reach, or no listener of the
 * probe's protocol and port.
 */
export function checkProbeAtSynth(scope: Construct, options: ProbeOptions, loadBalancer: elbv2.IApplicationLoadBalancer): void {
  if (loadBalancer.ipAddressType === elbv2.IpAddressType.DUAL_STACK_WITHOUT_PUBLIC_IPV4) {
    addWarning(scope, WarningId.PROBE_NEEDS_IPV4,
      `FailoverRegion '${scope.node.path}': the load balancer has no public IPv4 address (dualstack-without-public-ipv4), `
      + 'but Route 53 endpoint checks on a domain name connect over IPv4: the probe cannot reach it and no metric keeps '
      + 'flowing while the Region is drained. Give the load balancer public IPv4 addresses, or turn the probe off.');
  }
  const listeners = visibleListeners(loadBalancer);
  const target = probeTarget(options, listeners);
  // A port given as a token is known only at deployment: no listener can be matched with it now.
  if (!Token.isUnresolved(target.port) && !listenerServesProbe(target, listeners)) {
    addWarning(scope, WarningId.PROBE_MISSES_LISTENER,
      `FailoverRegion '${scope.node.path}': the probe sends ${target.protocol} to port ${target.port}, but the load balancer `
      + `has no such listener (it has ${listeners?.length ? listeners.map(l => `${l.protocol}:${l.port}`).join(', ') : 'none'}). The probe would keep no `
      + 'metric flowing. Set probe.protocol and probe.port to a listener that forwards to the targets.');
  }
}

/**
 * The Region's probe: the endpoint health check `scope/ProbeHealthCheck` on
 * the Region's own name, returned as `scope/Probe`.
 */
export function createProbe(
  scope: Construct & { readonly regionalRecordName: string }, options: ProbeOptions, loadBalancer: elbv2.IApplicationLoadBalancer, name: string,
): route53.IHealthCheck {
  const cfn = createProbeHealthCheck(scope, 'ProbeHealthCheck', {
    domainName: scope.regionalRecordName.replace(/\.$/, ''), options, loadBalancer, name,
  });
  return route53.HealthCheck.fromHealthCheckId(scope, 'Probe', cfn.attrHealthCheckId);
}
