import { GuardRule, latencyRecords } from './rule';
import { isDecidedAtDeployment } from '../../model/route53-alarm-rules';

/**
 * Whether a record evaluates its alias target's health in a way decided at
 * deployment (an `Fn::If`, a parameter): the guard cannot tell, and says so
 * with AAF-GUARD-UNRESOLVED instead of claiming there is none.
 */
export function aliasHealthDecidedAtDeployment(aliasTarget: unknown): boolean {
  return isDecidedAtDeployment(aliasTarget) || (typeof aliasTarget === 'object' && aliasTarget !== null
    && isDecidedAtDeployment((aliasTarget as Record<string, unknown>).EvaluateTargetHealth));
}

/** A latency record has a health check or evaluates its alias target's health; otherwise Route 53 can never drop it. */
export const LATENCY_HEALTH: GuardRule = {
  ids: ['AAF-GUARD-LATENCY-NO-HEALTH'],
  description: 'a latency record has neither a HealthCheckId nor an alias with EvaluateTargetHealth',
  check: stack => latencyRecords(stack)
    .filter(record => record.properties.HealthCheckId === undefined && record.properties.AliasTarget?.EvaluateTargetHealth !== true)
    .filter(record => !aliasHealthDecidedAtDeployment(record.properties.AliasTarget))
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
