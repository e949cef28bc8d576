import { GuardFinding, GuardHealthCheck, GuardRule, isPlainString } from './rule';

/** A Region code's shape: 'us-east-1', 'cn-north-1', 'eusc-de-east-1'. */
export const REGION_CODE = /^[a-z]{2,4}(-[a-z]+)+-\d+$/;

const ID = 'AAF-GUARD-ALARM-IDENTIFIER';
const FIX_NAME_REGION = "set AlarmIdentifier: { Name: the alarm's name (alarm.alarmName), Region: the alarm's Region (alarm.stack.region) }";

/**
 * A CLOUDWATCH_METRIC check names its alarm with AlarmIdentifier: a Name (the
 * alarm's name, not its ARN) and a Region. Route 53 rejects a check without it.
 */
export const ALARM_IDENTIFIER: GuardRule = {
  ids: [ID],
  description: 'a CLOUDWATCH_METRIC health check without an AlarmIdentifier, or whose Name or Region is missing, not a string, or an ARN',
  check: stack => stack.healthChecks
    .filter(check => check.config.Type === 'CLOUDWATCH_METRIC')
    .flatMap(check => problemsOf(check)),
};

function problemsOf(check: GuardHealthCheck): GuardFinding[] {
  const identifier = check.config.AlarmIdentifier;
  if (identifier === undefined || identifier === null || typeof identifier !== 'object' || Array.isArray(identifier)) {
    return [finding(check, 'AlarmIdentifier', identifier === undefined ? 'none' : JSON.stringify(identifier),
      'is required on a CLOUDWATCH_METRIC health check (it names the alarm the check follows); Route 53 rejects the check without it', FIX_NAME_REGION)];
  }
  const findings: GuardFinding[] = [];
  if (check.lookup.kind === 'invalid') {
    findings.push(finding(check, 'AlarmIdentifier.Name', check.lookup.value, check.lookup.problem, check.lookup.fix));
  }
  const region: unknown = identifier.Region;
  if (region === undefined || region === null || region === '') {
    findings.push(finding(check, 'AlarmIdentifier.Region', region === '' ? "''" : 'none', 'is required: the Region of the alarm', "set it to the alarm's Region (alarm.stack.region)"));
  } else if (typeof region !== 'string' && (typeof region !== 'object' || Array.isArray(region))) {
    findings.push(finding(check, 'AlarmIdentifier.Region', `${typeof region} ${JSON.stringify(region)}`, 'must be a string, a Region code', "set it to the alarm's Region (alarm.stack.region)"));
  } else if (isPlainString(region) && !REGION_CODE.test(region)) {
    findings.push(finding(check, 'AlarmIdentifier.Region', `'${region}'`, 'is not a Region code (such as us-east-1)', "set it to the alarm's Region (alarm.stack.region)"));
  }
  return findings;
}

function finding(check: GuardHealthCheck, property: string, value: string, problem: string, fix: string): GuardFinding {
  return { resource: check, violation: { ruleId: ID, property, value, problem, fix } };
}
