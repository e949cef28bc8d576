import { GuardFinding, GuardRule } from './rule';
import { settingsOfAlarmProperties } from '../../model/alarm-settings';
import { ALARM_TOKEN_RULE, checkKnownAtSynth } from '../../model/route53-alarm-rules';

/**
 * The alarm a CLOUDWATCH_METRIC check names has settings decided at deployment
 * (a parameter, an import): the library's own rule for the alarms it makes
 * Route 53 follow (`AAF-ALARM-TOKEN`), applied to the alarm when it is defined
 * in the app. A warning, as the guard treats everything it cannot decide at
 * synth time: the value deployed may be fine, but Route 53 keeps the copy it
 * made when the check was created, and an "M out of N" alarm decided at
 * deployment would be refused.
 */
export const ALARM_DEPLOY_TIME: GuardRule = {
  ids: [ALARM_TOKEN_RULE],
  warningOnly: true,
  description: 'the alarm of a CLOUDWATCH_METRIC health check has a threshold, period, evaluation periods, datapoints to alarm, comparison, '
    + 'statistic or metric decided at deployment (warning)',
  check: stack => stack.healthChecks.flatMap(check => {
    if (!check.alarm || check.alarm.composite) {
      return [];
    }
    return checkKnownAtSynth(settingsOfAlarmProperties(check.alarm.properties)).map((violation): GuardFinding => ({
      resource: check,
      violation: {
        ...violation,
        property: `alarm '${check.alarm!.path}' ${violation.property}`,
        fix: `${violation.fix}; if the value deployed is known to be fine, acknowledge this finding `
          + `(Route53AlarmGuard.acknowledge(check, '${ALARM_TOKEN_RULE}', reason))`,
      },
    }));
  }),
};
