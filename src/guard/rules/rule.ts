/**
 * What a guard rule sees: the Route 53 resources of one stack, as they will be
 * synthesized (escape hatches included), and the alarms of the whole app.
 * Not part of the public API.
 */
import { IConstruct } from 'constructs';
import { RuleViolation } from '../../model/violation';

/** A resource of the stack, with its rendered, resolved properties. */
export interface GuardResource {
  /** The L1 construct, which findings are reported on. */
  readonly construct: IConstruct;
  readonly logicalId: string;
  /** The construct path, for messages. */
  readonly path: string;
  readonly properties: Record<string, any>;
}

/** An alarm a health check names, found in the app. */
export interface GuardAlarm {
  readonly path: string;
  /** The Region of the alarm's stack (undefined when not known at synth time). */
  readonly region?: string;
  readonly composite: boolean;
  /** The alarm's rendered properties (metric alarms). */
  readonly properties: Record<string, any>;
}

/** A health check and, for CLOUDWATCH_METRIC checks, the alarm it names (when found in the app). */
export interface GuardHealthCheck extends GuardResource {
  readonly config: Record<string, any>;
  readonly alarm?: GuardAlarm;
}

/** The Route 53 resources of one stack. */
export interface GuardStackContext {
  /** The stack's account, when known. */
  readonly account?: string;
  readonly healthChecks: GuardHealthCheck[];
  readonly records: GuardResource[];
  /** A health check of the stack by logical ID. */
  healthCheck(logicalId: string): GuardHealthCheck | undefined;
}

/** A finding: the resource it is about, and what is wrong. */
export interface GuardFinding {
  readonly resource: GuardResource;
  readonly violation: RuleViolation;
}

/** One rule of the guard. */
export interface GuardRule {
  /** The ids of the findings this rule reports. */
  readonly ids: readonly string[];
  /** Whether its findings are warnings even when the guard reports errors. */
  readonly warningOnly?: boolean;
  /** What the rule checks, for the README. */
  readonly description: string;
  check(stack: GuardStackContext): GuardFinding[];
}

/** Whether a CloudFormation value is a plain string (not an intrinsic). */
export function isPlainString(value: unknown): value is string {
  return typeof value === 'string' && !value.includes('${Token[');
}

export { refTarget } from '../../model/cfn';

/** Latency records: records with a Region. */
export function latencyRecords(stack: GuardStackContext): GuardResource[] {
  return stack.records.filter(r => r.properties.Region !== undefined);
}
