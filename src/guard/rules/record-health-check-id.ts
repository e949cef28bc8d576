import { GuardFinding, GuardResource, GuardRule, GuardStackContext, isPlainString, refTarget } from './rule';

/** A Route 53 health check ID: a UUID. */
const HEALTH_CHECK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID = 'AAF-GUARD-RECORD-HEALTH-CHECK-ID';

/**
 * A record's HealthCheckId is the ID of a Route 53 health check: a literal
 * UUID, or a reference to a health check. A literal of another shape, a
 * reference to another resource type, or a value that is not a string is
 * rejected by Route 53.
 */
export const RECORD_HEALTH_CHECK_ID: GuardRule = {
  ids: [ID],
  description: "a record's HealthCheckId is not a health check's ID: a literal that is not a UUID, or a reference to another resource type",
  check: stack => stack.records.flatMap(record => problemOf(stack, record)),
};

function problemOf(stack: GuardStackContext, record: GuardResource): GuardFinding[] {
  const id: unknown = record.properties.HealthCheckId;
  const fix = 'pass healthCheck.healthCheckId (a Ref to an AWS::Route53::HealthCheck), or the ID of an existing health check';
  const violation = (value: string, problem: string): GuardFinding[] => [{ resource: record, violation: { ruleId: ID, property: 'HealthCheckId', value, problem, fix } }];
  if (id === undefined) {
    return [];
  }
  if (typeof id === 'string') {
    return isPlainString(id) && !HEALTH_CHECK_ID.test(id)
      ? violation(`'${id}'`, 'is not a Route 53 health check ID (a UUID such as 0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d), so Route 53 rejects the record')
      : [];
  }
  if (typeof id !== 'object' || id === null || Array.isArray(id)) {
    return violation(`${typeof id} ${JSON.stringify(id)}`, 'must be a string, the ID of a health check');
  }
  const target = refTarget(id);
  const type = target === undefined ? undefined : stack.resourceType(target);
  return type !== undefined && type !== 'AWS::Route53::HealthCheck'
    ? violation(JSON.stringify(id), `refers to '${target}', a ${type}, not a Route 53 health check`)
    : [];
}
