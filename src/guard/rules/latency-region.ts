import { GuardRule, isPlainString, latencyRecords } from './rule';
import { checkLatencyRegion } from '../../model/route53-record-rules';

/** A latency record's Region is one Route 53 accepts. */
export const LATENCY_REGION: GuardRule = {
  ids: ['AAF-RECORD-LATENCY-REGION'],
  description: "a latency record's Region is not one Route 53 accepts",
  check: stack => latencyRecords(stack)
    .filter(record => isPlainString(record.properties.Region))
    .flatMap(record => checkLatencyRegion('Region', record.properties.Region).map(violation => ({ resource: record, violation }))),
};
