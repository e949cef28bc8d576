import { GuardFinding, GuardRule } from './rule';
import { settingsOfAlarmProperties } from '../../model/alarm-settings';
import { AlarmRuleId, checkRoute53Alarm } from '../../model/route53-alarm-rules';

/**
 * The alarm a CLOUDWATCH_METRIC check names must be one Route 53 can read:
 * the library's Route 53 alarm rules (`AAF-ALARM-*`), applied to the alarm
 * when it is defined in the app.
 */
export const ALARM_SUPPORTED: GuardRule = {
  ids: Object.values(AlarmRuleId),
  description: 'the alarm of a CLOUDWATCH_METRIC health check breaks a Route 53 alarm rule (one finding per broken rule)',
  check: stack => stack.healthChecks.flatMap(check => {
    if (!check.alarm) {
      return [];
    }
    const settings = check.alarm.composite ? { composite: true } : settingsOfAlarmProperties(check.alarm.properties);
    return checkRoute53Alarm(settings, stack.account).map((violation): GuardFinding => ({
      resource: check,
      violation: { ...violation, property: `alarm '${check.alarm!.path}' ${violation.property}` },
    }));
  }),
};
