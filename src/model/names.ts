/**
 * Every name the library derives, in one place: the rule for the names users
 * give (failover and signal names), and the names of alarms, health checks,
 * set identifiers, records and dashboards built from them. The constructs, the
 * dashboard, the operator commands and the simulator all call these functions,
 * so a name is spelled once.
 */

/** Letters, digits, '-', '_' and '.', starting with a letter or digit; at most 64 characters. */
const USABLE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

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

/** A failover's default dashboard name. */
export function dashboardName(failoverName: string): string {
  return `${failoverName}-failover`;
}

/** A Region's default own name: `<region>.<recordName>`. */
export function defaultRegionalRecordName(region: string, recordName: string): string {
  return `${region}.${recordName}`;
}

/**
 * The SSM parameter that holds a Region's evacuation switch ('1' evacuated,
 * '0' restored), written by the operator's command and published every minute
 * by the republisher.
 */
export function switchParameterName(failoverName: string, region: string): string {
  return `/cdk-active-active-failover/${failoverName}/${region}/evacuated`;
}
