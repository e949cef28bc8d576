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
import { domainToASCII } from 'url';
import { LATENCY_REGIONS } from './regions';
import { RuleViolation, unless } from './violation';

/** Stable ids of the record and health-check rules. */
export enum RecordRuleId {
  LATENCY_REGION = 'AAF-RECORD-LATENCY-REGION',
  SET_IDENTIFIER = 'AAF-RECORD-SET-IDENTIFIER',
  RECORD_NAME = 'AAF-RECORD-NAME',
  DNS_NAME = 'AAF-RECORD-DNS-NAME',
  ZONE = 'AAF-RECORD-ZONE',
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

/** The longest domain name, without the trailing dot (255 octets on the wire). */
export const MAX_DNS_NAME_LENGTH = 253;

/** The longest label of a domain name. */
export const MAX_DNS_LABEL_LENGTH = 63;

/**
 * A label the library accepts: letters, digits, '-' and '_', neither starting
 * nor ending with '-'. Route 53 stores other characters as octal escapes, but
 * these names are also hostnames: the probe requests the Region's own name,
 * and clients and certificates use the record's.
 */
const DNS_LABEL = /^(?!-)[a-z0-9_-]+(?<!-)$/i;

/** Options of checkDnsName. */
export interface DnsNameOptions {
  /** Whether the leftmost label may be '*' (a wildcard record). */
  readonly wildcard?: boolean;
}

/**
 * Checks that `name` is a domain name Route 53 and HTTP clients accept: ASCII
 * (an internationalized name must be given in punycode), at most 253
 * characters, labels of 1 to 63 letters, digits, '-' or '_', and '*' only as a
 * whole leftmost label where `wildcard` allows it. A trailing dot is allowed.
 */
export function checkDnsName(property: string, name: string, options: DnsNameOptions = {}): RuleViolation[] {
  const bare = name.replace(/\.$/, '');
  const violation = (problem: string, fix: string): RuleViolation[] =>
    [{ ruleId: RecordRuleId.DNS_NAME, property, value: `'${name}'`, problem, fix }];
  if ([...bare].some(c => c.charCodeAt(0) > 0x7f)) {
    const ascii = domainToASCII(bare.toLowerCase());
    return violation('must be ASCII: Route 53 stores internationalized names in punycode',
      ascii ? `write it in punycode: '${ascii}' (require('url').domainToASCII(name))` : 'write it in punycode (require(\'url\').domainToASCII(name))');
  }
  if (bare.length > MAX_DNS_NAME_LENGTH) {
    return violation(`must have at most ${MAX_DNS_NAME_LENGTH} characters, has ${bare.length}`, 'choose a shorter name');
  }
  const labels = bare.split('.');
  const bad = labels.find((label, i) => !(DNS_LABEL.test(label) || (label === '*' && i === 0 && options.wildcard)));
  if (bad === undefined) {
    return labels.every(l => l.length <= MAX_DNS_LABEL_LENGTH) ? [] : violation(
      `must have labels (the parts between dots) of at most ${MAX_DNS_LABEL_LENGTH} characters`, 'shorten the longer labels');
  }
  if (bad.includes('*')) {
    return violation(options.wildcard ? "may hold '*' only as its whole leftmost label (a wildcard such as '*.api')" : "must not hold '*' (it must name one host)",
      options.wildcard ? "write the wildcard as '*.<name>'" : 'give a name without a wildcard');
  }
  return violation(`must be labels of letters, digits, '-' or '_' separated by single dots, but has the label '${bad}'`,
    'remove spaces, empty labels (\'..\'), leading or trailing hyphens and other characters');
}

/** What a hosted zone id looks like: upper-case letters and digits (after normalizeHostedZoneId). */
const HOSTED_ZONE_ID = /^[A-Z0-9]{1,32}$/;

/** The prefix of a zone id as the Route 53 API returns it ('/hostedzone/Z0123...'). */
const HOSTED_ZONE_PREFIX = '/hostedzone/';

/**
 * A hosted zone id as records take it: without the '/hostedzone/' prefix the
 * API (ListHostedZones, GetHostedZone) returns. Every record and health check
 * copies the failover's id, so it is normalized once, here.
 */
export function normalizeHostedZoneId(hostedZoneId: string): string {
  return hostedZoneId.startsWith(HOSTED_ZONE_PREFIX) ? hostedZoneId.slice(HOSTED_ZONE_PREFIX.length) : hostedZoneId;
}

/** What a zone name given in place of a zone id looks like: one label of upper-case letters and digits, starting with Z. */
const LOOKS_LIKE_ZONE_ID = /^Z[A-Z0-9]{5,31}$/;

/**
 * Checks the hosted zone's id and name, and that they are not swapped: an id
 * is upper-case letters and digits ('Z0123456789ABCDEFGHIJ'), a name is a
 * domain name ('example.com').
 */
export function checkHostedZone(hostedZoneId: string, zoneName: string): RuleViolation[] {
  const swapped = 'hostedZoneId and zoneName look swapped: pass the id (such as \'Z0123456789ABCDEFGHIJ\') as hostedZoneId and the domain (such as \'example.com\') as zoneName';
  if (!HOSTED_ZONE_ID.test(normalizeHostedZoneId(hostedZoneId))) {
    return [{
      ruleId: RecordRuleId.ZONE,
      property: 'hostedZoneId',
      value: `'${hostedZoneId}'`,
      problem: 'must be a hosted zone id: upper-case letters and digits, such as \'Z0123456789ABCDEFGHIJ\' (a \'/hostedzone/\' '
        + 'prefix, as the Route 53 API returns ids, is removed)',
      fix: hostedZoneId.includes('.') ? swapped : 'copy the id from the Route 53 console or `aws route53 list-hosted-zones-by-name`',
    }];
  }
  const name = zoneName.replace(/\.$/, '');
  if (LOOKS_LIKE_ZONE_ID.test(name)) {
    return [{
      ruleId: RecordRuleId.ZONE,
      property: 'zoneName',
      value: `'${zoneName}'`,
      problem: 'must be the zone\'s domain name, got what looks like a hosted zone id',
      fix: "pass the zone's domain name (such as 'example.com') as zoneName, and its id as hostedZoneId",
    }];
  }
  return checkDnsName('zoneName', zoneName);
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
      // With no child, no threshold but 0 (always healthy) is valid: the fix is to add children.
      fix: children < 1 ? `add child health checks to ${childrenProperty} (with none, the check cannot follow anything)`
        : `choose a value from 1 to ${children} (0 makes the check always healthy, more than ${children} always unhealthy)`,
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
