import { GuardFinding, GuardHealthCheck, GuardRule } from './rule';

/**
 * The guard says when it cannot check the alarm of a CLOUDWATCH_METRIC check:
 * a literal name that no alarm of the app has (while the app defines named
 * alarms: a typo, or an alarm made elsewhere), or an intrinsic it cannot
 * follow (an export no stack of the app defines, a parameter). Warnings: the
 * alarm may well exist outside the app; acknowledge them there.
 */
export const ALARM_UNSEEN: GuardRule = {
  ids: ['AAF-GUARD-ALARM-NOT-FOUND', 'AAF-GUARD-ALARM-UNRESOLVED'],
  warningOnly: true,
  description: 'the alarm of a CLOUDWATCH_METRIC health check cannot be checked: no alarm of the app has its name, or its name is an intrinsic the guard cannot follow (warning)',
  check: stack => stack.healthChecks.flatMap(check => unseen(check)),
};

function unseen(check: GuardHealthCheck): GuardFinding[] {
  const lookup = check.lookup;
  if (lookup.kind === 'absent') {
    return [{
      resource: check,
      violation: {
        ruleId: 'AAF-GUARD-ALARM-NOT-FOUND',
        property: 'AlarmIdentifier.Name',
        value: `'${lookup.name}'`,
        problem: `names no alarm of the app (which defines ${lookup.named} named alarm(s)), so the guard cannot check it and Route 53 `
          + 'finds it only if it exists outside the app, in the Region of AlarmIdentifier.Region',
        fix: 'pass alarm.alarmName of the alarm, or, if the alarm is made outside this app, acknowledge this finding '
          + "(Route53AlarmGuard.acknowledge(check, 'AAF-GUARD-ALARM-NOT-FOUND', reason))",
      },
    }];
  }
  if (lookup.kind === 'unresolved') {
    return [{
      resource: check,
      violation: {
        ruleId: 'AAF-GUARD-ALARM-UNRESOLVED',
        property: 'AlarmIdentifier.Name',
        value: lookup.value,
        problem: `${lookup.reason}; the guard cannot check the alarm`,
        fix: "define the alarm in the app and pass alarm.alarmName (or Fn.importValue of an export of the alarm's name made in the app), "
          + "or acknowledge this finding (Route53AlarmGuard.acknowledge(check, 'AAF-GUARD-ALARM-UNRESOLVED', reason))",
      },
    }];
  }
  return [];
}
