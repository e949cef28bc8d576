/**
 * The numbers of a template that size the simulator's work (look-backs,
 * streaks, read windows), checked against the limits AWS itself enforces,
 * before anything is simulated: a template CloudFormation would reject is
 * refused with an InputError naming the stack, the resource, the property,
 * the value and what is allowed, never simulated (or left to exhaust memory).
 */
import { StackTemplate } from './dns';
import { InputError, isObject, SimulatorErrorId } from './inputs';
import { settingsOfAlarmProperties } from '../model/alarm-settings';
import { AlarmRuleId, checkRoute53Alarm } from '../model/route53-alarm-rules';
import { formatViolation } from '../model/violation';

/** A number's bounds: whole or not, from `min` to `max`, or one of `oneOf`. */
interface Bounds {
  readonly whole?: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly oneOf?: readonly number[];
}

/** What a property may be, for messages. */
function allowed(b: Bounds): string {
  if (b.oneOf) {
    return `one of ${b.oneOf.join(', ')}`;
  }
  return `${b.whole ? 'a whole number' : 'a number'} from ${b.min} to ${b.max}`;
}

/** Checks one property (absent: its default applies); throws naming it. */
function checkNumber(subject: string, property: string, value: unknown, b: Bounds): void {
  if (value === undefined) {
    return;
  }
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  const ok = Number.isFinite(n) && (b.oneOf ? b.oneOf.includes(n)
    : (!b.whole || Number.isInteger(n)) && n >= (b.min ?? -Infinity) && n <= (b.max ?? Infinity));
  if (!ok) {
    throw new InputError(SimulatorErrorId.TEMPLATE_LIMIT, `${subject}: '${property}' must be ${allowed(b)}, got: ${JSON.stringify(value)}.`);
  }
}

/** CloudWatch's periods: 10, 30 or a multiple of 60 seconds, up to a day (PutMetricAlarm). */
const PERIOD: Bounds = { whole: true, min: 10, max: 86_400 };

/** Every check of the module on one stack's resources. */
export function checkTemplateNumbers(stack: StackTemplate): void {
  for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
    const subject = `stack '${stack.stackName}': ${resource.Type} '${logicalId}'`;
    const p: Record<string, any> = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::CloudWatch::Alarm':
        checkAlarm(subject, p);
        break;
      case 'AWS::Route53::HealthCheck': {
        const c = p.HealthCheckConfig;
        if (!isObject(c) || typeof c.Type !== 'string') {
          throw new InputError(SimulatorErrorId.TEMPLATE, `${subject}: 'HealthCheckConfig' must be an object with a string 'Type', got: ${JSON.stringify(c)?.slice(0, 80)}.`);
        }
        // Route 53 limits (Route 53 API reference, HealthCheckConfig).
        checkNumber(subject, 'HealthCheckConfig.RequestInterval', c.RequestInterval, { oneOf: [10, 30] });
        checkNumber(subject, 'HealthCheckConfig.FailureThreshold', c.FailureThreshold, { whole: true, min: 1, max: 10 });
        checkNumber(subject, 'HealthCheckConfig.HealthThreshold', c.HealthThreshold, { whole: true, min: 0, max: 256 });
        break;
      }
      case 'AWS::ElasticLoadBalancingV2::TargetGroup':
        // Elastic Load Balancing limits (AWS::ElasticLoadBalancingV2::TargetGroup).
        checkNumber(subject, 'HealthCheckIntervalSeconds', p.HealthCheckIntervalSeconds, { whole: true, min: 5, max: 300 });
        checkNumber(subject, 'UnhealthyThresholdCount', p.UnhealthyThresholdCount, { whole: true, min: 2, max: 10 });
        checkNumber(subject, 'HealthyThresholdCount', p.HealthyThresholdCount, { whole: true, min: 2, max: 10 });
        break;
      case 'AWS::Route53::RecordSet':
        checkRecord(subject, p);
        break;
    }
  }
}

/** The metric an alarm (or one of its queries) names: a string namespace and name, a list of dimensions. */
function checkMetric(subject: string, where: string, m: Record<string, any>): void {
  for (const property of ['Namespace', 'MetricName']) {
    if (typeof m[property] !== 'string' || m[property] === '') {
      throw new InputError(SimulatorErrorId.TEMPLATE, `${subject}: '${where}${property}' must be a string (the simulator matches metrics by name), got: ${JSON.stringify(m[property])?.slice(0, 80)}.`);
    }
  }
  if (m.Dimensions !== undefined && (!Array.isArray(m.Dimensions) || !m.Dimensions.every((d: unknown) => isObject(d) && typeof d.Name === 'string'))) {
    throw new InputError(SimulatorErrorId.TEMPLATE, `${subject}: '${where}Dimensions' must be a list of { Name, Value }, got: ${JSON.stringify(m.Dimensions)?.slice(0, 80)}.`);
  }
}

function checkAlarm(subject: string, p: Record<string, any>): void {
  if (p.Metrics === undefined) {
    checkMetric(subject, '', p);
  }
  checkNumber(subject, 'EvaluationPeriods', p.EvaluationPeriods ?? 1, { whole: true, min: 1, max: 8_640 });
  checkNumber(subject, 'DatapointsToAlarm', p.DatapointsToAlarm, { whole: true, min: 1, max: Number(p.EvaluationPeriods ?? 1) });
  checkNumber(subject, 'Period', p.Period, PERIOD);
  if (p.Metrics !== undefined && !Array.isArray(p.Metrics)) {
    throw new InputError(SimulatorErrorId.TEMPLATE, `${subject}: 'Metrics' must be a list of metric queries, got: ${JSON.stringify(p.Metrics)?.slice(0, 80)}.`);
  }
  (p.Metrics ?? []).forEach((q: unknown, i: number) => {
    if (!isObject(q) || typeof q.Id !== 'string' || (q.MetricStat !== undefined && !isObject(q.MetricStat?.Metric))) {
      throw new InputError(SimulatorErrorId.TEMPLATE, `${subject}: 'Metrics[${i}]' must be a metric query with a string 'Id' and, if any, a 'MetricStat' with a 'Metric', `
        + `got: ${JSON.stringify(q)?.slice(0, 80)}.`);
    }
    if (q.MetricStat !== undefined) {
      checkMetric(subject, `Metrics[${i}].MetricStat.Metric.`, q.MetricStat.Metric);
      checkNumber(subject, `Metrics[${i}].MetricStat.Period`, q.MetricStat.Period ?? null, PERIOD);
    }
    checkNumber(subject, `Metrics[${i}].Period`, q.Period, PERIOD);
  });
  // CloudWatch's own limit on the evaluation window: the model's rule, shared with the constructs and the guard.
  const periodSeconds = p.Period ?? p.Metrics?.find((q: any) => q.MetricStat)?.MetricStat.Period;
  const settings = { ...settingsOfAlarmProperties(p), period: Number(periodSeconds ?? 60), evaluationPeriods: Number(p.EvaluationPeriods ?? 1) };
  const window = checkRoute53Alarm(settings).find(v => v.ruleId === AlarmRuleId.EVALUATION_WINDOW);
  if (window) {
    throw new InputError(window.ruleId, formatViolation(subject, window));
  }
}

function checkRecord(subject: string, p: Record<string, any>): void {
  const bad = (property: string, expected: string) =>
    new InputError(SimulatorErrorId.TEMPLATE, `${subject}: '${property}' must be ${expected}, got: ${JSON.stringify(p[property])?.slice(0, 80)}.`);
  if (typeof p.Name !== 'string' || p.Name === '') {
    throw bad('Name', 'a domain name (a string)');
  }
  if (typeof p.Type !== 'string') {
    throw bad('Type', 'a record type (a string)');
  }
  for (const optional of ['Region', 'SetIdentifier']) {
    if (p[optional] !== undefined && typeof p[optional] !== 'string') {
      throw bad(optional, 'a string');
    }
  }
  if (p.AliasTarget !== undefined && !isObject(p.AliasTarget)) {
    throw bad('AliasTarget', 'an object with a DNSName');
  }
}

/** The republisher's read window (minutes), as the handler's configuration bounds it. */
export function checkWindowMinutes(subject: string, windowMinutes: unknown): void {
  checkNumber(subject, 'windowMinutes', windowMinutes, { whole: true, min: 1, max: 1_440 });
}
