/**
 * What a guard rule sees: the Route 53 resources of one stack, as they will be
 * synthesized (escape hatches included), the alarms each health check names
 * (found in the whole app) and the records of the whole app. Not part of the
 * public API.
 */
import { IConstruct } from 'constructs';
import { refTarget } from '../../model/cfn';
import { RuleViolation } from '../../model/violation';

/** A resource of the stack, with its rendered, resolved properties. */
export interface GuardResource {
  /** The L1 construct, which findings are reported on. */
  readonly construct: IConstruct;
  readonly logicalId: string;
  /** The construct path, for messages. */
  readonly path: string;
  /** The path of the resource's stack. */
  readonly stack: string;
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

/**
 * What became of the alarm a CLOUDWATCH_METRIC check names:
 * - found: the alarm, defined in the app (by reference, export or name);
 * - case: no alarm has the name, but one has it in another case (CloudWatch
 *   alarm names are case-sensitive, so Route 53 would not find it);
 * - absent: a literal name no alarm of the app has, while the app defines named alarms;
 * - unresolved: an intrinsic the guard cannot follow to an alarm (why in `reason`);
 * - invalid: a Name Route 53 rejects or cannot use (`problem`, `fix`);
 * - none: nothing to judge (not an alarm check, several namesakes, no alarm in the app).
 */
export type AlarmLookup =
  | { readonly kind: 'found'; readonly alarm: GuardAlarm }
  | { readonly kind: 'case'; readonly alarm: GuardAlarm; readonly name: string; readonly actual: string }
  | { readonly kind: 'absent'; readonly name: string; readonly named: number }
  | { readonly kind: 'unresolved'; readonly value: string; readonly reason: string }
  | { readonly kind: 'invalid'; readonly value: string; readonly problem: string; readonly fix: string }
  | { readonly kind: 'none' };

/** A health check and, for CLOUDWATCH_METRIC checks, the alarm it names (when found in the app). */
export interface GuardHealthCheck extends GuardResource {
  readonly config: Record<string, any>;
  readonly alarm?: GuardAlarm;
  readonly lookup: AlarmLookup;
}

/** The Route 53 resources of one stack, and the records of the app. */
export interface GuardStackContext {
  /** The path of the stack checked: findings are reported on its resources only. */
  readonly stack: string;
  /** The stack's account, when known. */
  readonly account?: string;
  /** The stack's Region, when known. */
  readonly region?: string;
  readonly healthChecks: GuardHealthCheck[];
  readonly records: GuardResource[];
  /**
   * Every record of the app, this stack's included, in construct-tree order
   * (as far as the app exists when this stack's Stage is synthesized).
   */
  readonly appRecords: GuardResource[];
  /** A health check of the stack by logical ID. */
  healthCheck(logicalId: string): GuardHealthCheck | undefined;
  /** The CloudFormation type of a resource of the stack by logical ID. */
  resourceType(logicalId: string): string | undefined;
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

export { refTarget };

/** Latency records: records with a Region. */
export function latencyRecords(stack: GuardStackContext): GuardResource[] {
  return stack.records.filter(r => r.properties.Region !== undefined);
}

/** The latency records of the whole app, in construct-tree order. */
export function appLatencyRecords(stack: GuardStackContext): GuardResource[] {
  return stack.appRecords.filter(r => r.properties.Region !== undefined);
}

/**
 * The hosted zone of a record, as a key: its plain HostedZoneId or
 * HostedZoneName, an export it imports, or a Ref in its stack. A zone the
 * guard cannot name is keyed by the record's stack, so such records are
 * compared within their stack only (as if in one zone).
 */
export function zoneKey(record: GuardResource): string {
  const { HostedZoneId: id, HostedZoneName: name } = record.properties;
  if (isPlainString(id)) {
    return `id ${id.replace(/^\/hostedzone\//, '')}`;
  }
  if (isPlainString(name)) {
    return `name ${name.toLowerCase().replace(/\.?$/, '.')}`;
  }
  const imported = id?.['Fn::ImportValue'];
  if (isPlainString(imported)) {
    return `import ${imported}`;
  }
  const ref = refTarget(id);
  return ref !== undefined ? `ref ${record.stack} ${ref}` : `stack ${record.stack}`;
}

/** The name and type of a record, as a key ('api.example.com. A'), when both are plain strings. */
export function nameKey(record: GuardResource): string | undefined {
  const { Name: name, Type: type } = record.properties;
  return isPlainString(name) && isPlainString(type) ? `${name.toLowerCase().replace(/\.?$/, '.')} ${type}` : undefined;
}
