/**
 * The one table of AWS Regions the library knows: the Regions Route 53 accepts
 * in a latency record (Route 53 API, ResourceRecordSetRegion; see
 * shared/aws-facts.md), each with its partition and an approximate location
 * (latitude, longitude) that the simulator's default world uses to estimate
 * user-to-Region latency. The record rules, the dashboard's ARNs and the
 * simulator all read this table.
 */
import { RuleViolation, unless } from './violation';

/** One Region of the table. */
export interface RegionInfo {
  /** The Region's code, for example 'us-east-1'. */
  readonly code: string;
  /** The Region's partition ('aws', 'aws-cn', 'aws-us-gov', 'aws-eusc'). */
  readonly partition: string;
  /** Approximate location: latitude and longitude in degrees. */
  readonly location: readonly [number, number];
}

/** Every Region Route 53 accepts for latency routing, with its location. */
const LOCATIONS: Record<string, readonly [number, number]> = {
  'us-east-1': [38.9, -77.4],
  'us-east-2': [40.0, -83.0],
  'us-west-1': [37.4, -121.9],
  'us-west-2': [45.8, -119.7],
  'ca-central-1': [45.5, -73.6],
  'ca-west-1': [51.0, -114.1],
  'eu-west-1': [53.3, -6.3],
  'eu-west-2': [51.5, -0.1],
  'eu-west-3': [48.9, 2.35],
  'eu-central-1': [50.1, 8.7],
  'eu-central-2': [47.4, 8.5],
  'eu-north-1': [59.3, 18.1],
  'eu-south-1': [45.5, 9.2],
  'eu-south-2': [41.6, -0.9],
  'ap-southeast-1': [1.35, 103.8],
  'ap-southeast-2': [-33.9, 151.2],
  'ap-southeast-3': [-6.2, 106.8],
  'ap-southeast-4': [-37.8, 145.0],
  'ap-southeast-5': [3.1, 101.7],
  'ap-southeast-6': [-36.8, 174.8],
  'ap-southeast-7': [13.8, 100.5],
  'ap-northeast-1': [35.7, 139.7],
  'ap-northeast-2': [37.6, 127.0],
  'ap-northeast-3': [34.7, 135.5],
  'ap-east-1': [22.3, 114.2],
  'ap-east-2': [25.0, 121.5],
  'ap-south-1': [19.1, 72.9],
  'ap-south-2': [17.4, 78.5],
  'sa-east-1': [-23.5, -46.6],
  'me-south-1': [26.1, 50.6],
  'me-central-1': [25.2, 55.3],
  'af-south-1': [-33.9, 18.4],
  'il-central-1': [32.1, 34.8],
  'mx-central-1': [20.6, -100.4],
  'cn-north-1': [39.9, 116.4],
  'cn-northwest-1': [37.5, 105.2],
  'us-gov-east-1': [40.0, -83.0],
  'us-gov-west-1': [45.8, -119.7],
  'eusc-de-east-1': [52.5, 13.4],
};

/** Partitions other than 'aws', by the prefix of their Region codes (the longest prefix first). */
const PARTITION_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['cn-', 'aws-cn'],
  ['us-gov-', 'aws-us-gov'],
  ['eusc-', 'aws-eusc'],
  ['us-isob-', 'aws-iso-b'],
  ['us-isof-', 'aws-iso-f'],
  ['eu-isoe-', 'aws-iso-e'],
  ['us-iso-', 'aws-iso'],
];

/** The partition of a Region code (also for Regions outside the table). */
export function partitionOf(region: string): string {
  return PARTITION_PREFIXES.find(([prefix]) => region.startsWith(prefix))?.[1] ?? 'aws';
}

/** The id of the rule that keeps the Regions of one hosted zone in one partition. */
export const PARTITION_RULE_ID = 'AAF-REGION-PARTITION';

/**
 * A hosted zone, and the health checks its records use, live in one
 * partition: Route 53 of aws-cn cannot answer for a record of an aws zone, and
 * a health check of one partition cannot watch an alarm of another. So the
 * Regions served from one zone (one failover, or the latency records of one
 * zone) share a partition. `region` is checked against `others`, the Regions
 * already there; tokens are left out by the caller.
 *
 * @param property the property that holds `region`, as the user names it
 * @param region the Region added
 * @param others the Regions already served from the zone
 * @param where what serves them, for the message (e.g. "failover 'Api'")
 * @param fix how to fix it, when not by a zone per partition
 */
export function checkSamePartition(property: string, region: string, others: readonly string[], where: string,
  fix = 'serve each partition from a hosted zone of that partition, with its own ActiveActiveFailover (or its own latency records)'): RuleViolation[] {
  const partition = partitionOf(region);
  const foreign = [...new Set(others)].filter(other => partitionOf(other) !== partition);
  return unless(foreign.length === 0, {
    ruleId: PARTITION_RULE_ID,
    property,
    value: `'${region}' (partition ${partition})`,
    problem: `must be in the partition of the other Regions of ${where}, which has ${foreign.map(o => `${o} (partition ${partitionOf(o)})`).join(', ')}: `
      + 'a hosted zone, the health checks of its records and the alarms they watch live in one partition (aws, aws-cn, aws-us-gov, '
      + 'aws-eusc, ...), so Route 53 cannot serve or watch Regions of two partitions together',
    fix,
  });
}

/** The table, in Route 53's order. */
export const REGIONS: readonly RegionInfo[] = Object.entries(LOCATIONS)
  .map(([code, location]) => ({ code, partition: partitionOf(code), location }));

/** The Regions Route 53 accepts in a latency record (ResourceRecordSetRegion). */
export const LATENCY_REGIONS: readonly string[] = REGIONS.map(r => r.code);

/** The longest code of LATENCY_REGIONS: bounds every name derived from a Region. */
export const MAX_REGION_CODE_LENGTH = Math.max(...LATENCY_REGIONS.map(r => r.length));

/** A Region's approximate location, or undefined for a Region outside the table. */
export function regionLocation(region: string): readonly [number, number] | undefined {
  return LOCATIONS[region];
}

/**
 * An ARN (of an alarm a signal follows) in the partition of the Region that
 * uses it: a health check of one partition cannot watch an alarm of another,
 * whatever Region the ARN names.
 *
 * @param property the property that holds the ARN
 * @param arn the ARN, for the message
 * @param arnPartition the partition the ARN names
 * @param region the Region (literal) that uses it
 */
export function checkArnPartition(property: string, arn: string, arnPartition: string, region: string): RuleViolation[] {
  const partition = partitionOf(region);
  return unless(arnPartition === partition, {
    ruleId: PARTITION_RULE_ID,
    property,
    value: `'${arn}' (partition ${arnPartition})`,
    problem: `must be in the partition of its Region ${region} (${partition}): a health check of one partition cannot `
      + 'watch an alarm of another',
    fix: `use an alarm of partition ${partition} (an ARN starting with 'arn:${partition}:'), created in ${region}`,
  });
}
