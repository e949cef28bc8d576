/**
 * Every name the library derives, in one place: the rule for the names users
 * give (failover and signal names), and the names of alarms, health checks,
 * set identifiers, records and dashboards built from them. The constructs, the
 * dashboard, the operator commands and the simulator all call these functions,
 * so a name is spelled once.
 *
 * How each derived name stays within its AWS limit, for every input the
 * library accepts (failover and signal names: `isUsableName`, at most
 * MAX_USABLE_NAME_LENGTH characters; Regions: a code of LATENCY_REGIONS, at most
 * MAX_REGION_CODE_LENGTH of model/regions.ts, checked before any name is derived):
 *
 * - alarm names, SetIdentifiers, health-check Name tags, metric dimension
 *   values and the switch's SSM parameter fit by construction (the longest is
 *   151 of 255 characters): the inputs are validated up front, and never
 *   shortened, because these names are what operators type and search for, and
 *   renaming an alarm replaces it;
 * - the SNS topic's display name (100 characters) is a sentence for people:
 *   it falls back to a shorter sentence when the long one does not fit;
 * - the dashboard's name allows fewer characters than a failover name ('.' is
 *   not allowed): those are replaced, and a digest of the failover name keeps
 *   two failovers that differ only there apart.
 *
 * test/region/inputs.test.ts checks every derived name against NAME_LIMITS for
 * the longest inputs.
 */
/** The longest failover or signal name. */
export const MAX_USABLE_NAME_LENGTH = 64;

/** Letters, digits, '-', '_' and '.', starting with a letter or digit; at most 64 characters. */
const USABLE_NAME = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,${MAX_USABLE_NAME_LENGTH - 1}}$`);

/** The AWS limits of the names the library derives (characters). */
export const NAME_LIMITS = {
  /** CloudWatch AlarmName (metric and composite alarms). */
  alarmName: 255,
  /** Route 53 SetIdentifier. */
  setIdentifier: 128,
  /** A tag value (the health checks' Name tags). */
  tagValue: 256,
  /** CloudWatch DashboardName: letters, digits, '-' and '_'. */
  dashboardName: 255,
  /** SNS topic DisplayName. */
  topicDisplayName: 100,
  /** SSM parameter name, including its path. */
  parameterName: 1011,
  /** SSM parameter hierarchy: at most 15 levels. */
  parameterDepth: 15,
  /** CloudWatch metric dimension value. */
  dimensionValue: 1024,
  /** CloudWatch metric name (a republished signal's metric is named after the signal). */
  metricName: 255,
} as const;

/** What a usable name is, for messages. */
export const USABLE_NAME_DESCRIPTION = 'must start with a letter or digit and contain only letters, digits, \'-\', \'_\' and \'.\' (at most 64 characters)';

/** Whether `name` can name constructs, alarms and set identifiers. */
export function isUsableName(name: string): boolean {
  return USABLE_NAME.test(name);
}

/**
 * The prefix of every name of one Region of one failover: `<failoverName>-<region>`.
 * It is also the default SetIdentifier of the Region's records and the Name
 * tag of its calculated health check.
 */
export function regionName(failoverName: string, region: string): string {
  return `${failoverName}-${region}`;
}

/** The alarm a signal's health check follows, and that check's Name tag: `<failoverName>-<region>-<signalName>`. */
export function signalAlarmName(failoverName: string, region: string, signalName: string): string {
  return `${regionName(failoverName, region)}-${signalName}`;
}

/** The regular alarm whose state the mirror strategy publishes: `<failoverName>-<region>-<signalName>-source`. */
export function sourceAlarmName(failoverName: string, region: string, signalName: string): string {
  return `${signalAlarmName(failoverName, region, signalName)}-source`;
}

/** A Region's evacuation switch alarm. */
export function switchAlarmName(failoverName: string, region: string): string {
  return `${regionName(failoverName, region)}-evacuated`;
}

/** The Name tag of a Region's evacuation switch health check. */
export function switchHealthCheckName(failoverName: string, region: string): string {
  return `${regionName(failoverName, region)}-switch`;
}

/** The Name tag of a Region's probe health check. */
export function probeHealthCheckName(failoverName: string, region: string): string {
  return `${regionName(failoverName, region)}-probe`;
}

/** A Region's health alarm (composite: switch, or too few healthy signals). */
export function healthAlarmName(failoverName: string, region: string): string {
  return `${regionName(failoverName, region)}-health`;
}

/** The Name tag of a Region's drill experiment template for one fault: `<failoverName>-<region>-drill-<fault>`. */
export function drillTemplateName(failoverName: string, region: string, fault: string): string {
  return `${regionName(failoverName, region)}-drill-${fault}`;
}

/** A Region's drill safety alarm, a stop condition of every drill of the Region: `<failoverName>-<region>-drill-safety`. */
export function drillSafetyAlarmName(failoverName: string, region: string): string {
  return `${regionName(failoverName, region)}-drill-safety`;
}

/**
 * A Region's signals alarm (composite: too few healthy signals, the switch
 * left out), whose entering ALARM the failback latch acts on.
 */
export function signalsAlarmName(failoverName: string, region: string): string {
  return `${regionName(failoverName, region)}-signals`;
}

/** What CloudWatch accepts in a dashboard name. */
const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** Whether CloudWatch accepts `name` as a dashboard name. */
export function isDashboardName(name: string): boolean {
  return DASHBOARD_NAME.test(name);
}

/**
 * A failover's default dashboard name: `<failoverName>-failover`. A failover
 * name may hold '.', which a dashboard name may not: each becomes '-', and a
 * digest of the failover name follows, so 'a.b' and 'a-b' get two dashboards.
 */
export function dashboardName(failoverName: string): string {
  const safe = failoverName.replace(/[^A-Za-z0-9_-]/g, '-');
  return safe === failoverName ? `${failoverName}-failover` : `${safe}-${shortDigest(failoverName)}-failover`;
}

/**
 * The display name of a Region's notification topic: a sentence, or a
 * shorter one when it would exceed SNS's 100 characters (long failover names).
 * Nothing refers to a display name, so it may change with the failover name's length.
 */
export function topicDisplayName(failoverName: string, region: string): string {
  const sentence = `Failover '${failoverName}': ${region} leaves or returns to DNS`;
  return sentence.length <= NAME_LIMITS.topicDisplayName ? sentence : `Failover ${regionName(failoverName, region)}`;
}

/**
 * A short, stable digest of `text` (FNV-1a, 32 bits, in base 36): the same
 * text always gives the same digest, on every machine and release.
 */
/* eslint-disable no-bitwise -- a hash function is bitwise by nature */
export function shortDigest(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).padStart(7, '0');
}
/* eslint-enable no-bitwise */

/** A Region's default own name: `<region>.<recordName>`. */
export function defaultRegionalRecordName(region: string, recordName: string): string {
  return `${region}.${recordName}`;
}

/**
 * The SSM parameter that holds a Region's evacuation switch ('1' evacuated,
 * '0' restored, or the failback latch's `latched` / `latched until <instant>`:
 * model/failback.ts), written by the operator's command and the latch and
 * published every minute by the republisher.
 */
export function switchParameterName(failoverName: string, region: string): string {
  return `/cdk-active-active-failover/${failoverName}/${region}/evacuated`;
}

/**
 * The republisher's log group, named only when a KMS key encrypts it (its key
 * policy names the log group's ARN). One republisher per stack, and stack
 * names are unique per account and Region.
 */
export function republisherLogGroupName(stackName: string): string {
  return `/active-active-failover/republisher/${stackName}`;
}
