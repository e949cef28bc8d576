import { GuardRule, latencyRecords } from './rule';

/** A latency record has a health check or evaluates its alias target's health; otherwise Route 53 can never drop it. */
export const LATENCY_HEALTH: GuardRule = {
  ids: ['AAF-GUARD-LATENCY-NO-HEALTH'],
  description: 'a latency record has neither a HealthCheckId nor an alias with EvaluateTargetHealth',
  check: stack => latencyRecords(stack)
    .filter(record => record.properties.HealthCheckId === undefined && record.properties.AliasTarget?.EvaluateTargetHealth !== true)
    .map(record => ({
      resource: record,
      violation: {
        ruleId: 'AAF-GUARD-LATENCY-NO-HEALTH',
        property: 'HealthCheckId',
        value: 'none, and no EvaluateTargetHealth',
        problem: 'leaves Route 53 nothing to decide the Region\'s health with: it is answered even when the Region is down',
        fix: 'attach a health check, or make it an alias with EvaluateTargetHealth: true',
      },
    })),
};
