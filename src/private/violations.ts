/**
 * Throwing rule violations found on a construct. Not part of the public API.
 */
import { Token, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { formatViolation, RuleViolation } from '../model/violation';

/** Throws one error with a line per violation, when there are any. */
export function throwIfAny(scope: IConstruct, violations: RuleViolation[], subject = `FailoverRegion '${scope.node.path}'`): void {
  if (violations.length > 0) {
    throw new Error(violations.map(v => formatViolation(subject, v)).join('\n'));
  }
}

/**
 * A value received, printable in a message whatever it is: a string quoted, a
 * token as "a token (${Token[...]})", anything else by its type and JSON (a
 * value from JavaScript or another jsii language may be of any type).
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'number' && Token.isUnresolved(value)) {
    return `a token (${Tokenization.stringifyNumber(value)})`;
  }
  if (Token.isUnresolved(value)) {
    return `a token (${Token.asString(value)})`;
  }
  if (typeof value === 'string') {
    return `'${value}'`;
  }
  if (value === undefined || value === null) {
    return String(value);
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    // JSON would print NaN and Infinity as null.
    return `number ${value}`;
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  return `${typeof value} ${json ?? String(value)}`;
}
