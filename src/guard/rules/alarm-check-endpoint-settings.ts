import { GuardRule } from './rule';

/** RequestInterval and FailureThreshold are for endpoint checks; Route 53 rejects them on alarm checks. */
export const ALARM_CHECK_ENDPOINT_SETTINGS: GuardRule = {
  ids: ['AAF-GUARD-ALARM-CHECK-ENDPOINT-SETTINGS'],
  description: 'a CLOUDWATCH_METRIC health check sets RequestInterval or FailureThreshold',
  check: stack => stack.healthChecks
    .filter(check => check.config.Type === 'CLOUDWATCH_METRIC')
    .flatMap(check => ['RequestInterval', 'FailureThreshold']
      .filter(property => check.config[property] !== undefined)
      .map(property => ({
        resource: check,
        violation: {
          ruleId: 'AAF-GUARD-ALARM-CHECK-ENDPOINT-SETTINGS',
          property,
          value: `${JSON.stringify(check.config[property])}`,
          problem: 'applies only to endpoint health checks; Route 53 rejects it on a CLOUDWATCH_METRIC check',
          fix: `remove ${property}: the alarm's own period and evaluation periods decide timing`,
        },
      }))),
};
