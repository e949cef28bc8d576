/**
 * The checks a Region runs while it is constructed: its Region and load
 * balancer, its set identifier and its own name. Not part of the public API.
 */
import { Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { defaultRegionalRecordName, regionName } from '../model/names';
import { checkLatencyRegion, checkRecordInZone, checkSetIdentifier, qualifyRecordName } from '../model/route53-record-rules';
import { WarningId } from '../model/warnings';
import { throwIfAny } from '../private/violations';
import { addWarning } from '../private/warnings';

/** Checks that the Region can serve latency records and holds the load balancer. */
export function checkRegion(scope: Construct, region: string, loadBalancer: elbv2.IApplicationLoadBalancer): void {
  if (Token.isUnresolved(region)) {
    return;
  }
  throwIfAny(scope, checkLatencyRegion('region', region));
  const lbRegion = loadBalancer.env.region;
  if (!Token.isUnresolved(lbRegion) && lbRegion !== region) {
    throw new Error(
      `[AAF-REGION-LOAD-BALANCER] FailoverRegion '${scope.node.path}': 'loadBalancer' must be in the Region of its `
      + `stack (${region}), got a load balancer in '${lbRegion}'. Fix: create the FailoverRegion in the stack `
      + `of Region ${lbRegion}, or pass that Region's own load balancer.`,
    );
  }
}

/** The Region's SetIdentifier: as given, or `<failoverName>-<region>`. */
export function setIdentifierOf(scope: Construct, given: string | undefined, failoverName: string, region: string): string {
  const setIdentifier = given ?? regionName(failoverName, region);
  if (!Token.isUnresolved(setIdentifier)) {
    throwIfAny(scope, checkSetIdentifier('setIdentifier', setIdentifier));
  }
  return setIdentifier;
}

/** The failover's values a Region's own name depends on. */
export interface RegionalNameContext {
  readonly region: string;
  /** The failover's record name, fully qualified. */
  readonly recordName: string;
  readonly zoneName: string;
}

/** The Region's own name, fully qualified: as given, or `<region>.<recordName>`. */
export function regionalRecordNameOf(scope: Construct, given: string | undefined, context: RegionalNameContext): string {
  if (given !== undefined && Token.isUnresolved(given)) {
    throw new Error(
      `[AAF-RECORD-NAME] FailoverRegion '${scope.node.path}': 'regionalRecordName' must be a plain string, got a token (${given}). `
      + 'Fix: pass the literal name.',
    );
  }
  const name = qualifyRecordName(given ?? defaultRegionalRecordName(context.region, context.recordName), context.zoneName);
  throwIfAny(scope, checkRecordInZone('regionalRecordName', name, context.zoneName));
  if (name === context.recordName) {
    throw new Error(
      `[AAF-RECORD-NAME] FailoverRegion '${scope.node.path}': 'regionalRecordName' must differ from the failover's record name, `
      + `got: '${name}'. Fix: leave it unset (<region>.<recordName>) or give the Region a name of its own.`,
    );
  }
  return name;
}

/** Warns when nothing can ever take the Region out of DNS. */
export function warnIfNoFailover(scope: Construct, hasHealthCheck: boolean, evaluateTargetHealth: boolean): void {
  if (!hasHealthCheck && !evaluateTargetHealth) {
    addWarning(scope, WarningId.NO_FAILOVER,
      `FailoverRegion '${scope.node.path}' has no signals and 'evaluateTargetHealth' is false: Route 53 can never `
      + 'take this Region out of DNS by itself. Add signals or turn evaluateTargetHealth on.');
  }
}

/** Whether the Region gets AAAA records: as given, or when the load balancer is dual-stack. */
export function ipv6Of(scope: Construct, given: boolean | undefined, loadBalancer: elbv2.IApplicationLoadBalancer): boolean {
  if (given === true && loadBalancer.ipAddressType === elbv2.IpAddressType.IPV4) {
    addWarning(scope, WarningId.IPV6_ON_IPV4,
      `FailoverRegion '${scope.node.path}': 'ipv6' is true but the load balancer's ipAddressType is ipv4: the AAAA `
      + 'record would resolve to nothing. Make the load balancer dual-stack, or leave ipv6 unset.');
  }
  return given ?? isDualStack(loadBalancer.ipAddressType);
}

/** Whether a load balancer's address type includes IPv6. */
function isDualStack(ipAddressType: elbv2.IpAddressType | undefined): boolean {
  return ipAddressType === elbv2.IpAddressType.DUAL_STACK
    || ipAddressType === elbv2.IpAddressType.DUAL_STACK_WITHOUT_PUBLIC_IPV4;
}
