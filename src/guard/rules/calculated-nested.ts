import { GuardRule, refTarget } from './rule';

/** A child of a CALCULATED check cannot itself be a CALCULATED check. */
export const CALCULATED_NESTED: GuardRule = {
  ids: ['AAF-GUARD-CALCULATED-NESTED'],
  description: 'a CALCULATED health check has a CALCULATED child',
  check: stack => stack.healthChecks
    .filter(check => check.config.Type === 'CALCULATED' && Array.isArray(check.config.ChildHealthChecks))
    .flatMap(check => (check.config.ChildHealthChecks as unknown[])
      .map(child => stack.healthCheck(refTarget(child) ?? ''))
      .filter(child => child?.config.Type === 'CALCULATED')
      .map(child => ({
        resource: check,
        violation: {
          ruleId: 'AAF-GUARD-CALCULATED-NESTED',
          property: 'ChildHealthChecks',
          value: `'${child!.path}' (CALCULATED)`,
          problem: 'contains a calculated health check, which Route 53 does not allow',
          fix: "list the child's own children instead, or combine the two through records (an alias with EvaluateTargetHealth)",
        },
      }))),
};
