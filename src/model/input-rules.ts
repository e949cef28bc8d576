/**
 * The rules of values whose type TypeScript checks but JavaScript and the
 * other jsii languages do not: an enum-like string must be one of its values,
 * a flag a boolean, a list of signals a list of signals. A wrong value would
 * otherwise reach the template ('Whatever' as InsufficientDataHealthStatus) or
 * be read by JavaScript's truthiness ('false' is true).
 */
import { RuleViolation, unless } from './violation';

/** Stable ids of the input rules. */
export enum InputRuleId {
  ENUM = 'AAF-INPUT-ENUM',
  BOOLEAN = 'AAF-INPUT-BOOLEAN',
  SIGNALS = 'AAF-INPUT-SIGNALS',
}

/** A value received, printable whatever its type. */
function printable(value: unknown): string {
  if (typeof value === 'string') {
    return `'${value}'`;
  }
  if (value === undefined || value === null || typeof value !== 'object') {
    return `${typeof value} ${String(value)}`;
  }
  const name = (value as object).constructor?.name ?? 'Object';
  return `an object (${name})`;
}

/**
 * An optional enum-like value: unset, or one of `allowed` (the enum's values,
 * as the template takes them).
 *
 * @param enumName the enum users pass it with, for the fix (e.g. 'route53.InsufficientDataHealthStatusEnum')
 */
export function checkEnum(property: string, value: unknown, allowed: readonly string[], enumName: string): RuleViolation[] {
  return unless(value === undefined || (typeof value === 'string' && allowed.includes(value)), {
    ruleId: InputRuleId.ENUM,
    property,
    value: printable(value),
    problem: `must be one of ${allowed.map(a => `'${a}'`).join(', ')}`,
    fix: `pass a member of ${enumName}, or leave it unset`,
  });
}

/** An optional flag: unset, true or false (a string 'false' is truthy in JavaScript). */
export function checkBoolean(property: string, value: unknown): RuleViolation[] {
  return unless(value === undefined || typeof value === 'boolean', {
    ruleId: InputRuleId.BOOLEAN,
    property,
    value: printable(value),
    problem: 'must be a boolean (true or false)',
    fix: 'pass true or false (not a string or a number), or leave it unset',
  });
}

/** Whether `value` looks like a FailoverSignal: a name, and a bind method (duck-typed: the model knows no construct). */
function isSignalLike(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const candidate = value as { signalName?: unknown; bind?: unknown };
  return typeof candidate.signalName === 'string' && typeof candidate.bind === 'function';
}

/** An optional list of signals: unset, or an array whose every entry is a FailoverSignal. */
export function checkSignalList(property: string, value: unknown): RuleViolation[] {
  if (value === undefined) {
    return [];
  }
  const fix = 'pass FailoverSignal objects, made with the FailoverSignal factories (FailoverSignal.targetResponseTime(...), ...) or a subclass';
  if (!Array.isArray(value)) {
    return [{ ruleId: InputRuleId.SIGNALS, property, value: printable(value), problem: 'must be a list of FailoverSignal', fix }];
  }
  const bad = value.findIndex(entry => !isSignalLike(entry));
  return unless(bad < 0, {
    ruleId: InputRuleId.SIGNALS,
    property: `${property}[${bad}]`,
    value: printable(value[bad]),
    problem: 'must be a FailoverSignal',
    fix,
  });
}
