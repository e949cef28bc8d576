/**
 * One broken rule, with everything a message needs: the rule's stable id,
 * the property at fault, the value received, what is wrong and how to fix it.
 */
export interface RuleViolation {
  readonly ruleId: string;
  /** The property at fault, as the user (or CloudFormation) names it. */
  readonly property: string;
  /** The value received, printable. */
  readonly value: string;
  /** What is wrong. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * One line per violation: rule id, subject, property, value, problem and fix.
 *
 * @param subject what the rule was checked on, e.g. "FailoverRegion 'Api/us-east-1'"
 */
export function formatViolation(subject: string, v: RuleViolation): string {
  return `[${v.ruleId}] ${subject}: '${v.property}' ${v.problem}, got: ${v.value}. Fix: ${v.fix}.`;
}

/** No violation when `ok`, else `violation`: the shape of every rule. */
export function unless(ok: boolean, violation: RuleViolation): RuleViolation[] {
  return ok ? [] : [violation];
}
