import { REGION_CODE } from './alarm-identifier';
import { isPlainString, GuardRule } from './rule';

/** The health check's AlarmIdentifier.Region must be the Region of the alarm's stack. */
export const ALARM_REGION: GuardRule = {
  ids: ['AAF-GUARD-ALARM-REGION'],
  description: "a CLOUDWATCH_METRIC health check's AlarmIdentifier.Region is not the Region of the alarm's stack",
  check: stack => stack.healthChecks.flatMap(check => {
    const given = check.config.AlarmIdentifier?.Region;
    const actual = check.alarm?.region;
    // A value that is not a Region code is AAF-GUARD-ALARM-IDENTIFIER's.
    if (!isPlainString(given) || !REGION_CODE.test(given) || actual === undefined || given === actual) {
      return [];
    }
    return [{
      resource: check,
      violation: {
        ruleId: 'AAF-GUARD-ALARM-REGION',
        property: 'AlarmIdentifier.Region',
        value: `'${given}'`,
        problem: `is not the Region of alarm '${check.alarm!.path}' (${actual}); Route 53 would look for the alarm in the wrong Region`,
        fix: `set the Region to ${actual} (alarm.env.region)`,
      },
    }];
  }),
};
