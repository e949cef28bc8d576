import { childCount } from './calculated-limits';
import { aliasHealthDecidedAtDeployment } from './latency-health';
import { GuardFinding, GuardResource, GuardRule, GuardStackContext, latencyRecords } from './rule';
import { isDecidedAtDeployment } from '../../model/route53-alarm-rules';

const ID = 'AAF-GUARD-UNRESOLVED';
const ACKNOWLEDGE = `or acknowledge this finding (Route53AlarmGuard.acknowledge(resource, '${ID}', reason))`;

/**
 * A value a rule counts or compares that is decided at deployment (a
 * parameter, an import, `Fn::Split`, `Fn::If`): the guard does not apply the
 * rule, which would judge the intrinsic as if it were the value, and says it
 * could not. A warning: the value may well be fine; acknowledge it there.
 */
export const UNRESOLVED: GuardRule = {
  ids: [ID],
  warningOnly: true,
  description: 'a value a rule counts or compares (the children or HealthThreshold of a CALCULATED health check, a latency record\'s '
    + 'EvaluateTargetHealth) is decided at deployment, so the rule is not applied (warning)',
  check: stack => [...calculated(stack), ...latencyHealth(stack)],
};

function calculated(stack: GuardStackContext): GuardFinding[] {
  return stack.healthChecks.filter(check => check.config.Type === 'CALCULATED').flatMap(check => {
    const { ChildHealthChecks: children, HealthThreshold: threshold } = check.config;
    const findings: GuardFinding[] = [];
    if (childCount(children) === undefined) {
      findings.push(finding(check, 'ChildHealthChecks', children,
        'is decided at deployment, so the guard cannot count the child health checks (at most 255) nor check HealthThreshold against '
          + 'their number (Route 53 rejects a HealthThreshold above it)',
        'list the child health checks in the template (healthCheck.attrHealthCheckId of each)'));
    }
    if (isDecidedAtDeployment(threshold)) {
      findings.push(finding(check, 'HealthThreshold', threshold,
        'is decided at deployment, so the guard cannot check it against the number of child health checks (0 to their number)',
        'pass the number itself'));
    }
    return findings;
  });
}

function latencyHealth(stack: GuardStackContext): GuardFinding[] {
  return latencyRecords(stack)
    .filter(record => record.properties.HealthCheckId === undefined && aliasHealthDecidedAtDeployment(record.properties.AliasTarget))
    .map(record => {
      const alias = record.properties.AliasTarget;
      const whole = isDecidedAtDeployment(alias);
      return finding(record, whole ? 'AliasTarget' : 'AliasTarget.EvaluateTargetHealth', whole ? alias : alias.EvaluateTargetHealth,
        'is decided at deployment, and the record has no HealthCheckId: the guard cannot tell whether Route 53 can drop the Region '
          + 'when it is down (AAF-GUARD-LATENCY-NO-HEALTH)',
        'set EvaluateTargetHealth: true, or attach a health check (HealthCheckId)');
    });
}

function finding(resource: GuardResource, property: string, value: unknown, problem: string, fix: string): GuardFinding {
  return { resource, violation: { ruleId: ID, property, value: `${JSON.stringify(value)} (a value decided at deployment)`, problem, fix: `${fix}, ${ACKNOWLEDGE}` } };
}
