/**
 * The failback latch: what keeps a Region that its signals took out of DNS
 * out, until an operator restores it (operatorConfirmed) or for at least a
 * hold-down (automatic with a hold-down). Plain values and pure functions:
 * the construct writes the configuration, the Lambda handler decides with
 * `latchDecision`, the republisher reads the switch parameter with
 * `switchPosition`, and the simulator replays all three.
 *
 * The latch holds the Region with the evacuation switch's own durable state
 * (model/names.ts switchParameterName), under a value of its own, so that an
 * operator's evacuation ('1') is never undone by the latch:
 *
 * - `latched`: held until an operator restores the Region (operatorConfirmed);
 * - `latched until <ISO 8601 instant>`: held until that instant (a hold-down),
 *   then published as restored: the Region returns when its signals are healthy.
 *
 * The operator's restore command writes '0' over either.
 */
import { PublishedMetricConfig } from './republisher/config';
import { RuleViolation, unless } from './violation';

/** The parameter value of a Region the latch holds until an operator restores it. */
export const LATCHED_VALUE = 'latched';

/** The prefix of the parameter value of a Region the latch holds until an instant. */
const LATCHED_UNTIL_PREFIX = `${LATCHED_VALUE} until `;

/** The shortest and longest hold-down, in minutes (5 minutes to 24 hours). */
export const HOLD_DOWN_MINUTES = { min: 5, max: 24 * 60 } as const;

/** The policies that need a latch. */
export type LatchPolicy = 'operatorConfirmed' | 'automatic';

/** The version of the latch's configuration and event format. */
export const LATCH_CONFIG_VERSION = 1;

/** Everything the latch of one Region does: written into the template (the rule's input), read by the handler and the simulator. */
export interface LatchConfig {
  readonly failoverName: string;
  readonly region: string;
  readonly policy: LatchPolicy;
  /** With policy 'automatic': how long the Region is held, in minutes. */
  readonly holdDownMinutes?: number;
  /** The switch's parameter. */
  readonly parameterName: string;
  /** The switch's metric: its namespace, name and dimensions. */
  readonly namespace: string;
  readonly metric: PublishedMetricConfig;
  /** The alarm whose entering ALARM latches: the Region's signals (never the switch). */
  readonly signalsAlarmName: string;
}

/** The input of the latch's rule: the alarm's state change, and the configuration. */
export interface LatchEvent {
  readonly kind: 'latch';
  readonly version: number;
  /** When the alarm changed state (the EventBridge event's time, ISO 8601). */
  readonly time: string;
  readonly alarmName: string;
  /** The alarm's new state. */
  readonly state: string;
  readonly config: LatchConfig;
}

/** What the switch parameter says, as the republisher publishes it. */
export interface SwitchPosition {
  /** 1: out of DNS; 0: in; undefined: a value that is not a position (nothing is published). */
  readonly value?: 0 | 1;
  /** Who set it. */
  readonly setBy: 'operator' | 'latch' | 'unknown';
  /** A hold-down's end (ms since the epoch), for `latched until`. */
  readonly until?: number;
}

/**
 * What a switch parameter holds at `now` (ms since the epoch): '1' and '0'
 * are the operator's; `latched` holds the Region out; `latched until T` holds
 * it out before T and reads as restored from T on.
 */
export function switchPosition(value: string | undefined, now: number): SwitchPosition {
  if (value === '1' || value === '0') {
    return { value: value === '1' ? 1 : 0, setBy: 'operator' };
  }
  if (value === LATCHED_VALUE) {
    return { value: 1, setBy: 'latch' };
  }
  const until = latchedUntil(value);
  if (until !== undefined) {
    return { value: now < until ? 1 : 0, setBy: 'latch', until };
  }
  return { setBy: 'unknown' };
}

/** The end of a hold-down written in `value` (ms since the epoch); undefined for any other value. */
export function latchedUntil(value: string | undefined): number | undefined {
  if (value === undefined || !value.startsWith(LATCHED_UNTIL_PREFIX)) {
    return undefined;
  }
  const text = value.slice(LATCHED_UNTIL_PREFIX.length);
  const until = Date.parse(text);
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(text) && Number.isFinite(until) ? until : undefined;
}

/** The parameter value that holds a Region until `until` (ms since the epoch). */
export function latchedUntilValue(until: number): string {
  return `${LATCHED_UNTIL_PREFIX}${new Date(until).toISOString()}`;
}

/** What the latch does with one event. */
export interface LatchDecision {
  /** The value to write to the switch parameter; undefined: leave it. */
  readonly write?: string;
  /** Whether to publish the switch metric 1 (the Region out), so it moves even while the republisher is down. */
  readonly publish: boolean;
  /** Why, for the log. */
  readonly reason: string;
}

/**
 * What the latch does when the signals' alarm changes state, given the
 * parameter's current value (`current`, undefined when absent) and the
 * event's time. Only ALARM latches; the operator's evacuation ('1') is left
 * as it is; a hold-down is extended, never shortened; the same event twice
 * gives the same decision (the time is the event's, not the clock's).
 */
export function latchDecision(event: LatchEvent, current: string | undefined): LatchDecision {
  if (event.state !== 'ALARM') {
    return { publish: false, reason: `alarm ${event.alarmName} is ${event.state}: only ALARM latches` };
  }
  if (current === '1') {
    return { publish: false, reason: 'the switch is evacuated by an operator (\'1\'): left as it is, so no release of the latch can undo it' };
  }
  const c = event.config;
  if (c.policy === 'operatorConfirmed') {
    return current === LATCHED_VALUE
      ? { publish: true, reason: 'already latched: held out, waiting for an operator' }
      : { write: LATCHED_VALUE, publish: true, reason: 'latched: held out, waiting for an operator (the restore command brings it back)' };
  }
  const until = Date.parse(event.time) + (c.holdDownMinutes ?? 0) * 60_000;
  const held = latchedUntil(current);
  if (held !== undefined && held >= until) {
    return { publish: true, reason: `already held until ${new Date(held).toISOString()}` };
  }
  return {
    write: latchedUntilValue(until),
    publish: true,
    reason: `held out for the hold-down of ${c.holdDownMinutes} minutes, until ${new Date(until).toISOString()}`,
  };
}

/**
 * A hold-down in whole minutes, from HOLD_DOWN_MINUTES.min to .max.
 *
 * @param minutes the hold-down, in minutes
 * @param text how the user gave it, for the message
 */
export function checkHoldDown(minutes: number, text: string): RuleViolation[] {
  return unless(Number.isInteger(minutes) && minutes >= HOLD_DOWN_MINUTES.min && minutes <= HOLD_DOWN_MINUTES.max, {
    ruleId: 'AAF-FAILBACK-HOLD-DOWN',
    property: 'holdDown',
    value: text,
    problem: `must be a whole number of minutes from ${HOLD_DOWN_MINUTES.min} minutes to ${HOLD_DOWN_MINUTES.max / 60} hours`,
    fix: `pass a Duration from Duration.minutes(${HOLD_DOWN_MINUTES.min}) to Duration.hours(${HOLD_DOWN_MINUTES.max / 60}), or leave it unset (no hold-down)`,
  });
}

/** What the health alarm's notification says of a Region held by the latch. */
export function heldOutNote(policy: LatchPolicy, holdDownMinutes: number | undefined, restoreCommand: string): string {
  return policy === 'operatorConfirmed'
    ? `Failback operatorConfirmed: once its signals take it out, the Region is held out: waiting for an operator. Restore it with: ${restoreCommand}`
    : `Failback automatic with a hold-down: once its signals take it out, the Region is held out for at least ${holdDownMinutes} minutes, `
      + 'then returns when its signals are healthy.';
}

/**
 * `event`, checked: returned as a LatchEvent, or an Error whose message starts
 * with [AAF-FAILBACK-EVENT] and names the field, the value received and what
 * is expected (the latch's rule builds the event; anything else is refused
 * before the switch is touched).
 */
export function parseLatchEvent(event: unknown): LatchEvent {
  const fail = (message: string) => new Error(`[AAF-FAILBACK-EVENT] the failback latch's event: ${message} Fix: deploy the stack again, `
    + 'so that the function and its rule\'s input come from the same version of cdk-active-active-failover; invoke the function only through that rule.');
  const show = (v: unknown) => (JSON.stringify(v) ?? String(v)).slice(0, 120);
  const e = event as Record<string, any> | undefined;
  if (typeof e !== 'object' || e === null || e.kind !== 'latch') {
    throw fail(`'kind' must be "latch", got: ${show(e?.kind ?? e)}.`);
  }
  if (e.version !== LATCH_CONFIG_VERSION) {
    throw fail(`'version' must be ${LATCH_CONFIG_VERSION}, got: ${show(e.version)}.`);
  }
  for (const field of ['time', 'alarmName', 'state']) {
    if (typeof e[field] !== 'string') {
      throw fail(`'${field}' must be a string, got: ${show(e[field])}.`);
    }
  }
  if (!Number.isFinite(Date.parse(e.time))) {
    throw fail(`'time' must be an ISO 8601 instant, got: ${show(e.time)}.`);
  }
  const c = e.config as Record<string, any> | undefined;
  if (typeof c !== 'object' || c === null || typeof c.parameterName !== 'string' || typeof c.namespace !== 'string'
    || typeof c.metric?.MetricName !== 'string' || !Array.isArray(c.metric?.Dimensions)) {
    throw fail(`'config' must have a string 'parameterName' and 'namespace' and a 'metric' with a MetricName and Dimensions, got: ${show(c)}.`);
  }
  if (c.policy !== 'operatorConfirmed' && c.policy !== 'automatic') {
    throw fail(`'config.policy' must be "operatorConfirmed" or "automatic", got: ${show(c.policy)}.`);
  }
  if (c.policy === 'automatic' && checkHoldDown(c.holdDownMinutes, show(c.holdDownMinutes)).length > 0) {
    throw fail(`'config.holdDownMinutes' must be a whole number from ${HOLD_DOWN_MINUTES.min} to ${HOLD_DOWN_MINUTES.max}, got: ${show(c.holdDownMinutes)}.`);
  }
  return e as LatchEvent;
}
