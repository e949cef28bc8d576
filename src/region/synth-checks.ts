/**
 * The checks a Region runs during synthesis, once every construct (and escape
 * hatch) is configured and every Region has been added: each alarm against
 * Route 53's rules (and the re-sync of its health check), the probe, and the
 * checks across the failover's Regions. Not part of the public API.
 */
import { Stack, Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { checkClientKeepAlive, checkProbePathChosen } from './connection-checks';
import type { BoundSignal } from './health-tree';
import type { ActiveActiveFailover } from '../active-active-failover';
import type { FailoverRegion } from '../failover-region';
import { REPUBLISH_NAMESPACE } from '../model/namespaces';
import { AlarmRuleId } from '../model/route53-alarm-rules';
import { checkHealthCheckQuota } from '../model/route53-record-rules';
import { formatViolation } from '../model/violation';
import { WarningId } from '../model/warnings';
import { checkProbeAtSynth } from '../operations/probe/probe';
import { ProbeOptions } from '../operations/probe/probe-options';
import { AlarmHealthCheck } from '../private/route53-alarm';
import { addWarning } from '../private/warnings';
import { Republisher } from '../republisher/republisher';
import { republisherSettingsRequestedBy } from '../republisher/republisher-settings';

/** What a Region's synthesis-time checks look at, besides its public fields. */
export interface RegionSynthState {
  readonly failover: ActiveActiveFailover;
  readonly bound: BoundSignal[];
  readonly switchCheck?: AlarmHealthCheck;
  readonly probe?: ProbeOptions;
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
}

/** Runs every synthesis-time check of `region`. */
export function checkRegionAtSynth(region: FailoverRegion, state: RegionSynthState): void {
  for (const b of state.bound) {
    checkSignalAlarm(region, state, b);
  }
  state.switchCheck?.syncAtSynth(`FailoverRegion '${region.node.path}', evacuation switch`);
  if (state.probe) {
    checkProbeAtSynth(region, state.probe, state.loadBalancer);
    checkProbePathChosen(region, state.probe, state.bound.filter(b => b.config.trafficBased).map(b => b.signalName));
  }
  checkClientKeepAlive(region, state.loadBalancer);
  checkFailoverWide(region, state.failover);
  checkRepublisherUsed(region);
}

/**
 * Settings for a republisher the stack never creates (no republished or
 * mirrored signal, no evacuation switch) change nothing: say so rather than
 * let a compliance setting look applied.
 */
function checkRepublisherUsed(region: FailoverRegion): void {
  const requested = republisherSettingsRequestedBy(region);
  if (requested.length > 0 && Republisher.tryOf(region) === undefined) {
    addWarning(region, WarningId.REPUBLISHER_UNUSED, `[${WarningId.REPUBLISHER_UNUSED}] FailoverRegion '${region.node.path}': 'republisher' sets ${requested.map(k => `'${k}'`).join(', ')}, `
      + `but stack ${Stack.of(region).stackName} has no republisher (no republished or mirrored signal, no evacuation switch), `
      + 'got: settings that apply to nothing. Fix: remove \'republisher\', or keep it for when the stack gains a republished signal.');
  }
}

/** The hint after a signal alarm Route 53 cannot read (unless it is only in another account). */
const MIRROR_HINT = {
  text: ' Or keep the alarm and follow it through a mirrored metric: FailoverSignal.fromAlarm({ alarm, mirror: true }).',
  unlessOnly: AlarmRuleId.CROSS_ACCOUNT,
};

/**
 * Checks a signal's alarm against Route 53's rules (once), re-syncs its
 * health check, and warns where missing data would keep a drained Region out
 * or bring it back broken.
 */
function checkSignalAlarm(region: FailoverRegion, state: RegionSynthState, b: BoundSignal): void {
  const { alarm, insufficientDataHealthStatus, trafficBased } = b.config;
  const subject = `FailoverRegion '${region.node.path}', signal '${b.signalName}', alarm '${alarm.node.path}'`;
  const inspection = b.check.syncAtSynth(subject, MIRROR_HINT);
  if (!inspection.settings) {
    addWarning(region, WarningId.ALARM_NOT_INSPECTABLE,
      `${subject} is imported: its settings cannot be seen, so the library can neither check that Route 53 can `
      + 'read it nor re-sync the health check when it changes. Route 53 keeps its own copy of the alarm\'s settings: '
      + 'after changing the alarm, update the health check.');
  }
  if (!trafficBased || state.probe) {
    return;
  }
  // A verdict or mirrored state is published every minute, 0 once no data shows a problem: like Healthy on missing data.
  const publishedEveryMinute = inspection.settings?.namespace === REPUBLISH_NAMESPACE;
  // Unhealthy on missing data: once drained, no request comes, no data comes, and the Region never returns. Never works: an error.
  if (insufficientDataHealthStatus === route53.InsufficientDataHealthStatusEnum.UNHEALTHY && !publishedEveryMinute) {
    throw new Error(`[AAF-SIGNAL-NEVER-RECOVERS] ${subject}: 'insufficientDataHealthStatus' must not be UNHEALTHY on a traffic-based `
      + 'signal without probe traffic (its metric stops when the Region leaves DNS, so the health check stays unhealthy and the '
      + 'Region never comes back), got: Unhealthy. Fix: turn the probe on (the default), or use HEALTHY or LAST_KNOWN_STATUS.');
  }
  if (insufficientDataHealthStatus === route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS && !publishedEveryMinute) {
    addWarning(region, WarningId.MAY_NEVER_RECOVER,
      `${subject}: 'insufficientDataHealthStatus' is LastKnownStatus on a traffic-based signal without probe traffic. `
      + 'Its metric is published only while requests flow, so once the Region leaves DNS the health check keeps its last '
      + '(unhealthy) status and the Region may never come back. Turn the probe on (the default), or use HEALTHY.');
  } else if (insufficientDataHealthStatus === route53.InsufficientDataHealthStatusEnum.HEALTHY || publishedEveryMinute) {
    const why = publishedEveryMinute
      ? 'its verdict is published every minute and reads healthy once no minute shows the problem any more (after its window)'
      : '\'insufficientDataHealthStatus\' is Healthy';
    addWarning(region, WarningId.MAY_FLAP,
      `${subject}: ${why} on a traffic-based signal without probe traffic. `
      + 'Once the Region leaves DNS its metric stops, the health check turns healthy again and users are sent back to a '
      + 'Region that may still be broken, then drained again (flapping). Turn the probe on (the default).');
  }
}

/** The checks across the failover's Regions: one Region only, the health-check quota, IPv6 in some Regions only. */
function checkFailoverWide(region: FailoverRegion, failover: ActiveActiveFailover): void {
  const regions = failover._regionsAtSynth(region);
  if (regions.length === 1) {
    addWarning(region, WarningId.SINGLE_REGION,
      `Failover '${failover.failoverName}' has only one Region (${region.region}): this is not active-active, `
      + 'and Route 53 has nowhere to send users when it fails. Add a FailoverRegion in another Region.');
  }
  // A quota given as a token is known only at deployment: nothing to compare the count with now.
  if (regions[0] === region && !Token.isUnresolved(failover.healthCheckQuota)) {
    for (const v of checkHealthCheckQuota('healthCheckQuota', failover.healthCheckCount, failover.healthCheckQuota)) {
      addWarning(region, WarningId.HEALTH_CHECK_QUOTA,
        formatViolation(`Failover '${failover.failoverName}' (${regions.length} Regions)`, v));
    }
  }
  const withIpv6 = regions.filter(r => r.ipv6).map(r => r.region);
  if (!region.ipv6 && withIpv6.length > 0) {
    addWarning(region, WarningId.IPV6_MISMATCH,
      `FailoverRegion '${region.node.path}' has no AAAA record while ${withIpv6.join(', ')} ha${withIpv6.length === 1 ? 's' : 've'} one: `
      + 'IPv6 clients are never routed to this Region, even when it is the closest. Make every load balancer dual-stack, '
      + 'or set ipv6 the same in every Region.');
  }
}
