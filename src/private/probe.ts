/**
 * Probe traffic: a Route 53 endpoint health check against one Region's own
 * name. Not part of the public API.
 */
import { Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { ProbeOptions, ProbeProtocol } from '../operations/probe';
import { checkProbePath, checkProbePort, checkRequestInterval } from '../rules/probe-rules';
import { RuleViolation } from '../rules/violation';

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
  const violations: RuleViolation[] = [];
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
