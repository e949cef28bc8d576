import { appLatencyRecords, GuardFinding, GuardResource, GuardRule, GuardStackContext, isPlainString, zoneKey } from './rule';
import { checkSamePartition } from '../../model/regions';

/**
 * One partition per hosted zone (the model's rule, shared with
 * ActiveActiveFailover): the latency records of one zone, across the app, are
 * in Regions of one partition (each compared with the zone's first record in
 * construct-tree order), and a health check watches an alarm of its own
 * partition only.
 */
export const PARTITION: GuardRule = {
  ids: ['AAF-REGION-PARTITION'],
  description: "latency records of one hosted zone in Regions of different partitions, or a health check whose alarm's Region is of another partition",
  check: stack => [...latencyPartitions(stack), ...alarmPartitions(stack)],
};

function latencyPartitions(stack: GuardStackContext): GuardFinding[] {
  const first = new Map<string, GuardResource>();
  const findings: GuardFinding[] = [];
  for (const record of appLatencyRecords(stack).filter(r => isPlainString(r.properties.Region))) {
    const zone = zoneKey(record);
    const earlier = first.get(zone);
    if (!earlier) {
      first.set(zone, record);
    } else if (record.stack === stack.stack) {
      findings.push(...checkSamePartition('Region', record.properties.Region, [earlier.properties.Region], `the hosted zone of '${earlier.path}'`)
        .map(violation => ({ resource: record, violation })));
    }
  }
  return findings;
}

function alarmPartitions(stack: GuardStackContext): GuardFinding[] {
  if (stack.region === undefined) {
    return [];
  }
  return stack.healthChecks
    .filter(check => check.config.Type === 'CLOUDWATCH_METRIC' && isPlainString(check.config.AlarmIdentifier?.Region))
    .flatMap(check => checkSamePartition('AlarmIdentifier.Region', check.config.AlarmIdentifier.Region, [stack.region!],
      `the health check's stack '${stack.stack}'`, "make the health check in a stack of the alarm's partition, or watch an alarm of its own partition")
      .map(violation => ({ resource: check, violation })));
}
