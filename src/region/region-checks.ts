/**
 * The checks a Region runs while it is constructed: its Region and load
 * balancer, its set identifier and its own name. Not part of the public API.
 */
import { Stack, Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { FailoverRegionOptions } from '../failover-region-options';
import { checkBoolean } from '../model/input-rules';
import { defaultRegionalRecordName, regionName } from '../model/names';
import {
  checkDnsName, checkLatencyRegion, checkRecordInZone, checkSetIdentifier, qualifyRecordName, RecordRuleId,
} from '../model/route53-record-rules';
import { unless } from '../model/violation';
import { WarningId } from '../model/warnings';
import { describeValue, throwIfAny } from '../private/violations';
import { addWarning } from '../private/warnings';

/**
 * Checks that the Region is a literal that can serve latency records, and
 * holds the load balancer.
 *
 * An environment-agnostic stack's Region is a token, `{ Ref: AWS::Region }`:
 * every name of the Region (its own record name, set identifier, alarms, the
 * probe's target, the operator's commands) would hold it, two such Regions
 * could not be told apart, and none of them could be checked. So the Region
 * must be known at synth time.
 */
export function checkRegion(scope: Construct, region: string, loadBalancer: elbv2.IApplicationLoadBalancer): void {
  if (Token.isUnresolved(region)) {
    throw new Error(
      `[AAF-REGION-TOKEN] FailoverRegion '${scope.node.path}': the Region of its stack must be known at synth time, got a token `
      + `(${region}): the stack is environment-agnostic (no env, or env.region from an unset variable such as `
      + 'CDK_DEFAULT_REGION). The Region names the records, set identifier, alarms, probe and commands of this Region. '
      + 'Fix: give the stack an env with a literal region, for example new Stack(app, \'Service\', { env: { account, region: \'us-east-1\' } }), '
      + 'or put it in a Stage with such an env.',
    );
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
  // The records are aliases to the load balancer's DNS name: another account's stack would need a
  // cross-account reference, which CDK refuses only at App.synth(), without naming the Region.
  const account = Stack.of(scope).account;
  const lbAccount = loadBalancer.env.account;
  if (!Token.isUnresolved(account) && !Token.isUnresolved(lbAccount) && lbAccount !== account) {
    throw new Error(
      `[AAF-REGION-LOAD-BALANCER] FailoverRegion '${scope.node.path}': 'loadBalancer' must be in the account of its `
      + `stack (${account}), got a load balancer in account '${lbAccount}'. Fix: create the FailoverRegion in the stack `
      + `of account ${lbAccount} (the Region's records may live in that account's stack), or pass that account's own load balancer.`,
    );
  }
}

/** The Region's flags, checked: from JavaScript or another jsii language, 'false' (a truthy string) may arrive. */
export function checkRegionFlags(scope: Construct, options: FailoverRegionOptions): void {
  throwIfAny(scope, [
    ...checkBoolean('evaluateTargetHealth', options.evaluateTargetHealth),
    ...checkBoolean('ipv6', options.ipv6),
    ...checkBoolean('evacuationSwitch', options.evacuationSwitch),
    ...checkBoolean('notifyOnEveryAlarm', options.notifyOnEveryAlarm),
  ]);
}

/**
 * The Region's SetIdentifier: as given, or `<failoverName>-<region>`. It must
 * be a literal: the failover compares the Regions' identifiers (two latency
 * records of one name must differ), which a token does not allow.
 */
export function setIdentifierOf(scope: Construct, given: string | undefined, failoverName: string, region: string): string {
  if (given !== undefined) {
    literalString(scope, 'setIdentifier', given, RecordRuleId.SET_IDENTIFIER, 'leave setIdentifier unset (<failoverName>-<region>) or pass a literal');
  }
  const setIdentifier = given ?? regionName(failoverName, region);
  throwIfAny(scope, checkSetIdentifier('setIdentifier', setIdentifier));
  return setIdentifier;
}

/** Throws `ruleId` unless `value` is a string known at synth time. */
function literalString(scope: Construct, property: string, value: unknown, ruleId: string, fix: string): void {
  throwIfAny(scope, unless(typeof value === 'string' && !Token.isUnresolved(value), {
    ruleId, property, value: describeValue(value), problem: 'must be a plain string known at synth time', fix,
  }));
}

/** The failover's values a Region's own name depends on. */
export interface RegionalNameContext {
  readonly region: string;
  /** The failover's record name, fully qualified. */
  readonly recordName: string;
  readonly zoneName: string;
}

/**
 * The Region's own name, fully qualified: as given, or `<region>.<recordName>`.
 * It names one host (the probe requests it), so it may not be a wildcard: a
 * failover on a wildcard record needs its Regions' names given.
 */
export function regionalRecordNameOf(scope: Construct, given: string | undefined, context: RegionalNameContext): string {
  if (given !== undefined) {
    literalString(scope, 'regionalRecordName', given, RecordRuleId.RECORD_NAME, 'pass the literal name');
  }
  const defaultName = defaultRegionalRecordName(context.region, context.recordName);
  throwIfAny(scope, unless(given !== undefined || !context.recordName.startsWith('*.'), {
    ruleId: RecordRuleId.DNS_NAME,
    property: 'regionalRecordName',
    value: `unset (the default <region>.<recordName> would be '${defaultName}', which names no host)`,
    problem: 'must be set when the record name is a wildcard',
    fix: `give the Region a name of its own, such as regionalRecordName: '${context.region}.${context.recordName.slice(2)}'`,
  }));
  const name = qualifyRecordName(given ?? defaultName, context.zoneName);
  throwIfAny(scope, checkDnsName('regionalRecordName', name).map(v => given !== undefined ? v : {
    ...v, fix: `${v.fix}: set regionalRecordName, or shorten recordName (the default <region>.<recordName> adds ${context.region.length + 1} characters to it)`,
  }));
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
