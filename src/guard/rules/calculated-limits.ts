import { GuardRule } from './rule';
import { isDecidedAtDeployment } from '../../model/route53-alarm-rules';
import { checkCalculatedHealthCheck } from '../../model/route53-record-rules';

/**
 * The number of children of a CALCULATED check, or undefined when the list is
 * decided at deployment (`Fn::Split` of an import, `Fn::If`, a parameter):
 * counting such a list as empty would turn any threshold into an error.
 */
export function childCount(children: unknown): number | undefined {
  if (Array.isArray(children)) {
    return children.length;
  }
  return isDecidedAtDeployment(children) ? undefined : 0;
}

/** A CALCULATED check has at most 255 children and a HealthThreshold within 0..children. */
export const CALCULATED_LIMITS: GuardRule = {
  ids: ['AAF-HEALTHCHECK-CALCULATED-CHILDREN', 'AAF-HEALTHCHECK-THRESHOLD'],
  description: 'a CALCULATED health check has more than 255 children, or a HealthThreshold outside 0 to the number of children',
  check: stack => stack.healthChecks
    .filter(check => check.config.Type === 'CALCULATED')
    .flatMap(check => {
      const children = childCount(check.config.ChildHealthChecks);
      const threshold = check.config.HealthThreshold;
      // What cannot be counted at synth time is AAF-GUARD-UNRESOLVED's (a warning).
      if (children === undefined || typeof threshold !== 'number') {
        return [];
      }
      return checkCalculatedHealthCheck('ChildHealthChecks', children, 'HealthThreshold', threshold)
        .map(violation => ({ resource: check, violation }));
    }),
};
