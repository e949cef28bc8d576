import { GuardRule } from './rule';

/**
 * CloudWatch alarm names are case-sensitive: a check naming 'myalarm' while
 * the alarm is 'MyAlarm' follows an alarm that does not exist, and Route 53
 * keeps the check at its InsufficientDataHealthStatus.
 */
export const ALARM_NAME_CASE: GuardRule = {
  ids: ['AAF-GUARD-ALARM-NAME-CASE'],
  description: "a CLOUDWATCH_METRIC health check's AlarmIdentifier.Name matches an alarm of the app only in another case (or with other surrounding spaces)",
  check: stack => stack.healthChecks.flatMap(check => (check.lookup.kind !== 'case' ? [] : [{
    resource: check,
    violation: {
      ruleId: 'AAF-GUARD-ALARM-NAME-CASE',
      property: 'AlarmIdentifier.Name',
      value: `'${check.lookup.name}'`,
      problem: `names no alarm of the app: alarm '${check.lookup.alarm.path}' is named '${check.lookup.actual}', and CloudWatch alarm names are `
        + 'case-sensitive, so Route 53 would not find it',
      fix: `write the name exactly as the alarm has it ('${check.lookup.actual}'), or better, pass alarm.alarmName`,
    },
  }])),
};
