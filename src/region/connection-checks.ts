/**
 * Synthesis-time warnings about what keeps users on a Region after Route 53
 * has moved its DNS answers (pooled connections), and about probe traffic
 * that may not see what users see. Not part of the public API.
 */
import { CfnResource } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { ClientKeepAlive, clientKeepAliveOf } from '../model/load-balancer';
import { WarningId } from '../model/warnings';
import { ProbeOptions } from '../operations/probe/probe-options';
import { renderedResource } from '../private/cfn';
import { addWarning } from '../private/warnings';

/**
 * The longest client keep-alive that lets pooled connections follow DNS within
 * the failover's time budget: DNS moves within 8 minutes (documented profile,
 * worst over the benchmark's seeds), all requests should within 12.
 */
export const MAX_CLIENT_KEEP_ALIVE_SECONDS = 240;

/** The keep-alive the warning recommends (docs/failover-benchmark.md, "Pooled connections"). */
export const RECOMMENDED_CLIENT_KEEP_ALIVE_SECONDS = 120;

/**
 * The load balancer's client keep-alive as it will be synthesized, or
 * undefined when it cannot be seen (an imported load balancer, a token, an
 * escape hatch that sets the attributes with an intrinsic).
 */
function clientKeepAlive(loadBalancer: elbv2.IApplicationLoadBalancer): ClientKeepAlive | undefined {
  const cfn = loadBalancer.node.defaultChild;
  if (!(loadBalancer instanceof elbv2.ApplicationLoadBalancer) || !(cfn instanceof CfnResource)) {
    return undefined;
  }
  return clientKeepAliveOf(renderedResource(cfn).properties);
}

/**
 * Warns when clients' pooled connections can stay on the Region longer than
 * the failover needs: HTTP keep-alive, HTTP/2 and SDK connection pools do not
 * resolve DNS again until the connection closes, and the load balancer closes
 * it only after `client_keep_alive.seconds` (an hour by default).
 */
export function checkClientKeepAlive(scope: Construct, loadBalancer: elbv2.IApplicationLoadBalancer): void {
  const keepAlive = clientKeepAlive(loadBalancer);
  const seconds = keepAlive?.seconds;
  const fix = `set clientKeepAlive: Duration.seconds(${RECOMMENDED_CLIENT_KEEP_ALIVE_SECONDS}) on the load balancer, and make clients `
    + 'close connections that old (README, FAQ "Long-lived connections")';
  if (seconds === undefined) {
    addWarning(scope, WarningId.KEEP_ALIVE_UNKNOWN,
      `FailoverRegion '${scope.node.path}': the load balancer's client keep-alive (client_keep_alive.seconds) cannot be seen `
      + `(${loadBalancer instanceof elbv2.ApplicationLoadBalancer ? 'a token or an escape hatch sets it' : 'an imported load balancer'}): `
      + 'clients on pooled connections stay on this Region until their connection closes, '
      + `up to an hour by default, whatever DNS says. Check it is at most ${MAX_CLIENT_KEEP_ALIVE_SECONDS} seconds; to have one, ${fix}.`);
  } else if (seconds > MAX_CLIENT_KEEP_ALIVE_SECONDS) {
    addWarning(scope, WarningId.KEEP_ALIVE,
      `FailoverRegion '${scope.node.path}': the load balancer keeps client connections up to ${seconds} seconds `
      + `(client_keep_alive.seconds${keepAlive?.set ? '' : ', the default'}), longer than the `
      + `${MAX_CLIENT_KEEP_ALIVE_SECONDS} seconds the failover allows: clients on pooled connections keep sending requests to `
      + `this Region that long after Route 53 has moved its answers. Fix: ${fix}.`);
  }
}

/**
 * Warns when the probe requests the default path while traffic-based signals
 * depend on its requests: once the Region is drained, the probe's requests are
 * all its signals see, and '/' may not exercise what fails for users.
 */
export function checkProbePathChosen(scope: Construct, probe: ProbeOptions, trafficBasedSignals: string[]): void {
  if (probe.path !== undefined || trafficBasedSignals.length === 0) {
    return;
  }
  addWarning(scope, WarningId.PROBE_PATH_DEFAULT,
    `FailoverRegion '${scope.node.path}': the probe requests the default path '/', and the traffic-based signals `
    + `${trafficBasedSignals.join(', ')} see only the probe's requests once the Region is drained. If '/' does not exercise `
    + 'what fails for users (a dependency, a database), the Region reads healthy and returns while still broken. '
    + 'Fix: set probe.path to a path that exercises what users exercise (for example probe: { path: \'/orders/health\' }), '
    + 'or set it to \'/\' explicitly if it does.');
}
