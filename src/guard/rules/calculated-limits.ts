import { GuardRule } from './rule';
import { checkCalculatedHealthCheck } from '../../model/route53-record-rules';

/** A CALCULATED check has at most 255 children and a HealthThreshold within 0..children. */
export const CALCULATED_LIMITS: GuardRule = {
  ids: ['AAF-HEALTHCHECK-CALCULATED-CHILDREN', 'AAF-HEALTHCHECK-THRESHOLD'],
  description: 'a CALCULATED health check has more than 255 children, or a HealthThreshold outside 0 to the number of children',
  check: stack => stack.healthChecks
    .filter(check => check.config.Type === 'CALCULATED')
    .flatMap(check => {
      const children = Array.isArray(check.config.ChildHealthChecks) ? check.config.ChildHealthChecks.length : 0;
      const threshold = check.config.HealthThreshold;
      if (typeof threshold !== 'number') {
        return [];
      }
      return checkCalculatedHealthCheck('ChildHealthChecks', children, 'HealthThreshold', threshold)
        .map(violation => ({ resource: check, violation }));
    }),
};
