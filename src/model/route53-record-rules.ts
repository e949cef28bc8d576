/**
 * The Route 53 record and health-check rules: latency Regions, set
 * identifiers, record names, calculated health checks and quotas.
 *
 * Like the alarm rules, this module knows nothing of the library's constructs.
 * Each function returns the violations it finds; callers decide whether one is
 * an error (thrown) or a warning (annotation).
 *
 * Sources: Route 53 API reference (ResourceRecordSet, HealthCheckConfig),
 * Route 53 quotas page.
 */
import { LATENCY_REGIONS } from './regions';
import { RuleViolation, unless } from './violation';

/** Stable ids of the record and health-check rules. */
export enum RecordRuleId {
  LATENCY_REGION = 'AAF-RECORD-LATENCY-REGION',
  SET_IDENTIFIER = 'AAF-RECORD-SET-IDENTIFIER',
  RECORD_NAME = 'AAF-RECORD-NAME',
  CALCULATED_CHILDREN = 'AAF-HEALTHCHECK-CALCULATED-CHILDREN',
  HEALTH_THRESHOLD = 'AAF-HEALTHCHECK-THRESHOLD',
  QUOTA = 'AAF-HEALTHCHECK-QUOTA',
}

/** SetIdentifier length limits. */
export const SET_IDENTIFIER_MAX_LENGTH = 128;

/** The most children a calculated health check may have (the quotas page says 255; the API 256). */
export const MAX_CALCULATED_CHILDREN = 255;

/** Route 53's default quota of active health checks per account. */
export const DEFAULT_HEALTH_CHECK_QUOTA = 200;

/** Checks that `region` is a Region Route 53 accepts for latency routing. */
export function checkLatencyRegion(property: string, region: string): RuleViolation[] {
  return unless(LATENCY_REGIONS.includes(region), {
    ruleId: RecordRuleId.LATENCY_REGION,
    property,
    value: `'${region}'`,
    problem: 'is not a Region Route 53 accepts for latency routing',
    fix: `deploy the Region's stack to one of ${LATENCY_REGIONS.join(', ')}`,
  });
}

/** Checks that a SetIdentifier has 1 to 128 characters. */
export function checkSetIdentifier(property: string, setIdentifier: string): RuleViolation[] {
  return unless(setIdentifier.length >= 1 && setIdentifier.length <= SET_IDENTIFIER_MAX_LENGTH, {
    ruleId: RecordRuleId.SET_IDENTIFIER,
    property,
    value: `'${setIdentifier}' (${setIdentifier.length} characters)`,
    problem: `must have 1 to ${SET_IDENTIFIER_MAX_LENGTH} characters`,
    fix: `choose a shorter identifier (at most ${SET_IDENTIFIER_MAX_LENGTH} characters)`,
  });
}

/** A zone name in lower case, without the trailing dot. */
export function normalizeDomainName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/**
 * The fully qualified record name, with a trailing dot.
 *
 * A name ending with a dot is fully qualified and must lie in the zone. A name
 * ending with the zone's name is taken as fully qualified. Any other name is
 * relative to the zone (as the CDK's record constructs treat it). An empty name
 * is the zone apex.
 */
export function qualifyRecordName(recordName: string | undefined, zoneName: string): string {
  const zone = normalizeDomainName(zoneName);
  if (recordName === undefined || recordName === '' || recordName === '@') {
    return `${zone}.`;
  }
  const name = recordName.toLowerCase();
  const bare = normalizeDomainName(name);
  if (bare === zone || bare.endsWith(`.${zone}`)) {
    return `${bare}.`;
  }
  if (name.endsWith('.')) {
    // Fully qualified but outside the zone: checkRecordInZone reports it.
    return name;
  }
  return `${bare}.${zone}.`;
}

/** Checks that a fully qualified record name lies in the zone. */
export function checkRecordInZone(property: string, fqdn: string, zoneName: string): RuleViolation[] {
  const zone = normalizeDomainName(zoneName);
  const bare = normalizeDomainName(fqdn);
  return unless(bare === zone || bare.endsWith(`.${zone}`), {
    ruleId: RecordRuleId.RECORD_NAME,
    property,
    value: `'${fqdn}'`,
    problem: `is outside the hosted zone '${zone}'`,
    fix: `use a name in the zone, such as 'api' or 'api.${zone}'`,
  });
}

/**
 * Checks the children and HealthThreshold of a calculated health check.
 *
 * @param minThreshold the lowest acceptable threshold: Route 53 accepts 0
 * (always healthy); a failover Region needs at least 1
 */
export function checkCalculatedHealthCheck(
  childrenProperty: string, children: number,
  thresholdProperty: string, threshold: number,
  minThreshold = 0,
): RuleViolation[] {
  const violations: RuleViolation[] = [];
  if (children > MAX_CALCULATED_CHILDREN) {
    violations.push({
      ruleId: RecordRuleId.CALCULATED_CHILDREN,
      property: childrenProperty,
      value: `${children} child health checks`,
      problem: `exceeds the limit of ${MAX_CALCULATED_CHILDREN} children in a calculated health check`,
      fix: `use at most ${MAX_CALCULATED_CHILDREN} signals per Region`,
    });
  }
  if (!Number.isInteger(threshold) || threshold < minThreshold || threshold > children) {
    violations.push({
      ruleId: RecordRuleId.HEALTH_THRESHOLD,
      property: thresholdProperty,
      value: `${threshold}`,
      problem: `must be a whole number from ${minThreshold} to the number of child health checks (${children})`,
      fix: `choose a value from 1 to ${children} (0 makes the check always healthy, more than ${children} always unhealthy)`,
    });
  }
  return violations;
}

/** Checks a count of health checks against the account quota. */
export function checkHealthCheckQuota(property: string, count: number, quota: number): RuleViolation[] {
  return unless(count <= quota, {
    ruleId: RecordRuleId.QUOTA,
    property,
    value: `${count} health checks`,
    problem: `exceeds the account quota of ${quota} active health checks (Route 53's default is ${DEFAULT_HEALTH_CHECK_QUOTA}), counting none created outside this failover`,
    fix: 'request a higher Route 53 health-check quota (and set healthCheckQuota to it), or use fewer signals per Region',
  });
}
