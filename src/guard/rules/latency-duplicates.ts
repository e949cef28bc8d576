import { appLatencyRecords, GuardFinding, GuardResource, GuardRule, isPlainString, nameKey, zoneKey } from './rule';

/**
 * Two latency records with the same name and type in one hosted zone never
 * share a Region (Route 53 allows one record per Region) or a SetIdentifier,
 * wherever they are in the app: two stacks, or two Stages, deploying records
 * to one zone collide just the same. Each record is compared with the records
 * before it in construct-tree order, and a finding is reported on the later
 * one, by the guard of its stack.
 */
export const LATENCY_DUPLICATES: GuardRule = {
  ids: ['AAF-GUARD-LATENCY-DUPLICATE-REGION', 'AAF-GUARD-LATENCY-DUPLICATE-SET-IDENTIFIER'],
  description: 'two latency records with the same name and type in one hosted zone of the app share a Region or a SetIdentifier',
  check: stack => {
    const findings: GuardFinding[] = [];
    const seen = new Map<string, GuardResource>();
    for (const record of appLatencyRecords(stack)) {
      const group = nameKey(record);
      if (group === undefined) {
        continue;
      }
      const checks: Array<[string, string, unknown]> = [
        ['AAF-GUARD-LATENCY-DUPLICATE-REGION', 'Region', record.properties.Region],
        ['AAF-GUARD-LATENCY-DUPLICATE-SET-IDENTIFIER', 'SetIdentifier', record.properties.SetIdentifier],
      ];
      for (const [ruleId, property, value] of checks.filter(([, , v]) => isPlainString(v))) {
        const key = `${ruleId} ${zoneKey(record)} ${group} ${value}`;
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, record);
        } else if (record.stack === stack.stack) {
          findings.push({
            resource: record,
            violation: {
              ruleId,
              property,
              value: `'${value}'`,
              problem: `is already used by '${first.path}' for ${group} in the same hosted zone; Route 53 rejects the second record`,
              fix: property === 'Region' ? 'serve each Region from one record (put several load balancers behind one name)' : 'give each record its own SetIdentifier',
            },
          });
        }
      }
    }
    return findings;
  },
};
