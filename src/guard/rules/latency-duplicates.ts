import { GuardFinding, GuardRule, isPlainString, latencyRecords } from './rule';

/**
 * Two latency records with the same name and type in one stack never share a
 * Region (Route 53 allows one record per Region) or a SetIdentifier.
 */
export const LATENCY_DUPLICATES: GuardRule = {
  ids: ['AAF-GUARD-LATENCY-DUPLICATE-REGION', 'AAF-GUARD-LATENCY-DUPLICATE-SET-IDENTIFIER'],
  description: 'two latency records with the same name and type in one stack share a Region or a SetIdentifier',
  check: stack => {
    const findings: GuardFinding[] = [];
    const seen = new Map<string, string>();
    for (const record of latencyRecords(stack)) {
      const { Name: name, Type: type, Region: region, SetIdentifier: setId } = record.properties;
      if (!isPlainString(name) || !isPlainString(type)) {
        continue;
      }
      const group = `${name.toLowerCase().replace(/\.?$/, '.')} ${type}`;
      const checks: Array<[string, string, unknown]> = [
        ['AAF-GUARD-LATENCY-DUPLICATE-REGION', 'Region', region],
        ['AAF-GUARD-LATENCY-DUPLICATE-SET-IDENTIFIER', 'SetIdentifier', setId],
      ];
      for (const [ruleId, property, value] of checks) {
        if (!isPlainString(value)) {
          continue;
        }
        const key = `${ruleId} ${group} ${value}`;
        const first = seen.get(key);
        if (first !== undefined) {
          findings.push({
            resource: record,
            violation: {
              ruleId,
              property,
              value: `'${value}'`,
              problem: `is already used by '${first}' for ${group}; Route 53 rejects the second record`,
              fix: property === 'Region' ? 'serve each Region from one record (put several load balancers behind one name)' : 'give each record its own SetIdentifier',
            },
          });
        } else {
          seen.set(key, record.path);
        }
      }
    }
    return findings;
  },
};
