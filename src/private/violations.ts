/**
 * Throwing rule violations found on a construct. Not part of the public API.
 */
import { IConstruct } from 'constructs';
import { formatViolation, RuleViolation } from '../model/violation';

/** Throws one error with a line per violation, when there are any. */
export function throwIfAny(scope: IConstruct, violations: RuleViolation[], subject = `FailoverRegion '${scope.node.path}'`): void {
  if (violations.length > 0) {
    throw new Error(violations.map(v => formatViolation(subject, v)).join('\n'));
  }
}
