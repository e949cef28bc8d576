import { GuardRule } from './rule';

/** An alias record to a load balancer takes the load balancer's TTL; Route 53 rejects a TTL on it. */
export const ALIAS_TTL: GuardRule = {
  ids: ['AAF-GUARD-ALIAS-TTL'],
  description: 'an alias record to an Elastic Load Balancing load balancer sets a TTL',
  check: stack => stack.records
    .filter(record => record.properties.AliasTarget !== undefined && record.properties.TTL !== undefined)
    .filter(record => pointsToElb(record.properties.AliasTarget))
    .map(record => ({
      resource: record,
      violation: {
        ruleId: 'AAF-GUARD-ALIAS-TTL',
        property: 'TTL',
        value: `${JSON.stringify(record.properties.TTL)}`,
        problem: 'cannot be set on an alias record: an alias to a load balancer takes its fixed TTL of 60 seconds',
        fix: 'remove the TTL (ttl) from the record',
      },
    })),
};

/** Whether an alias target is a load balancer: its DNS name is an ELB attribute or an elb.amazonaws.com name. */
function pointsToElb(target: unknown): boolean {
  // A hand-made AliasTarget may be anything (null, a string): only an object has a DNSName.
  const dnsName = target && typeof target === 'object' ? (target as Record<string, unknown>).DNSName : undefined;
  const text = JSON.stringify(dnsName ?? '');
  return /elb\.amazonaws\.com|elb\.[a-z0-9-]+\.amazonaws\.com\.cn|"DNSName"\]|LoadBalancer/i.test(text);
}
