/**
 * The ids of the warnings the constructs raise, in the one scheme of the
 * library's errors (`AAF-...`). Users acknowledge a warning by its id
 * (`Annotations.of(scope).acknowledgeWarning(id)`); the ids of earlier
 * releases (`cdk-active-active-failover:<name>`) keep working as aliases.
 */

/** The id of each warning. */
export enum WarningId {
  NO_FAILOVER = 'AAF-REGION-NO-FAILOVER',
  SINGLE_REGION = 'AAF-FAILOVER-SINGLE-REGION',
  /** The quota rule's own id (`RecordRuleId.QUOTA`), raised as a warning. */
  HEALTH_CHECK_QUOTA = 'AAF-HEALTHCHECK-QUOTA',
  IPV6_MISMATCH = 'AAF-REGION-IPV6-MISMATCH',
  IPV6_ON_IPV4 = 'AAF-REGION-IPV6-ON-IPV4',
  MIN_HEALTHY_IGNORED = 'AAF-REGION-MIN-HEALTHY-IGNORED',
  NO_HEALTH_ALARM = 'AAF-REGION-NO-HEALTH-ALARM',
  ALARM_NOT_INSPECTABLE = 'AAF-SIGNAL-ALARM-NOT-INSPECTABLE',
  MAY_NEVER_RECOVER = 'AAF-SIGNAL-MAY-NEVER-RECOVER',
  MAY_FLAP = 'AAF-SIGNAL-MAY-FLAP',
  APPROXIMATED = 'AAF-STRATEGY-APPROXIMATED',
  PROBE_MISSES_LISTENER = 'AAF-PROBE-MISSES-LISTENER',
  PROBE_NEEDS_IPV4 = 'AAF-PROBE-NEEDS-IPV4',
  DASHBOARD_SIGNAL_SKIPPED = 'AAF-DASHBOARD-SIGNAL-SKIPPED',
  KEEP_ALIVE = 'AAF-REGION-KEEP-ALIVE',
  KEEP_ALIVE_UNKNOWN = 'AAF-REGION-KEEP-ALIVE-UNKNOWN',
  PROBE_PATH_DEFAULT = 'AAF-PROBE-PATH-DEFAULT',
  RECOVERY_IGNORED = 'AAF-STRATEGY-RECOVERY-IGNORED',
  MISSING_DATA_MISMATCH = 'AAF-SIGNAL-MISSING-DATA-MISMATCH',
  NOTIFICATIONS_NOTHING = 'AAF-NOTIFICATION-NOTHING-TO-REPORT',
  REPUBLISHER_KEY_POLICY = 'AAF-REPUBLISHER-KEY-POLICY',
  REPUBLISHER_UNUSED = 'AAF-REPUBLISHER-UNUSED',
}

/** The prefix of the warning ids of earlier releases. */
const LEGACY_PREFIX = 'cdk-active-active-failover:';

/** The id each warning had in earlier releases, still honoured when acknowledged. */
const LEGACY_NAMES: Partial<Record<WarningId, string>> = {
  [WarningId.NO_FAILOVER]: 'noFailover',
  [WarningId.SINGLE_REGION]: 'singleRegion',
  [WarningId.HEALTH_CHECK_QUOTA]: 'healthCheckQuota',
  [WarningId.IPV6_MISMATCH]: 'ipv6Mismatch',
  [WarningId.IPV6_ON_IPV4]: 'ipv6OnIpv4LoadBalancer',
  [WarningId.MIN_HEALTHY_IGNORED]: 'minHealthySignalsIgnored',
  [WarningId.NO_HEALTH_ALARM]: 'noHealthAlarm',
  [WarningId.ALARM_NOT_INSPECTABLE]: 'alarmNotInspectable',
  [WarningId.MAY_NEVER_RECOVER]: 'mayNeverRecover',
  [WarningId.MAY_FLAP]: 'mayFlap',
  [WarningId.APPROXIMATED]: 'approximated',
  [WarningId.PROBE_MISSES_LISTENER]: 'probeMissesListener',
  [WarningId.PROBE_NEEDS_IPV4]: 'probeNeedsIpv4',
  [WarningId.DASHBOARD_SIGNAL_SKIPPED]: 'dashboardSignalSkipped',
};

/** Whether a warning existed in earlier releases under another id. */
export function hasEarlierName(id: string): boolean {
  return Object.prototype.hasOwnProperty.call(LEGACY_NAMES, id);
}

/**
 * The id a warning had in earlier releases: `cdk-active-active-failover:<name>`
 * for the constructs' warnings, `cdk-active-active-failover:<rule id>` for the
 * guard's findings (whose ids were already `AAF-...`).
 */
export function legacyWarningId(id: string): string {
  const name = (LEGACY_NAMES as Record<string, string | undefined>)[id];
  return `${LEGACY_PREFIX}${name ?? id}`;
}
