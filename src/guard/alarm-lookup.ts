/**
 * Finding the alarm a CLOUDWATCH_METRIC health check names, in the whole app:
 * by reference (in its stack or, through a cross-stack reference, in
 * another), through `Fn::ImportValue` to the exporting stack, or by literal
 * name. Not part of the public API.
 */
import { Stack, Token } from 'aws-cdk-lib';
import { AppAlarm, AppIndex, crossStackTarget } from './app-index';
import { AlarmLookup, isPlainString, refTarget } from './rules/rule';

/** The health check whose alarm is looked up. */
export interface AlarmLookupInput {
  /** The check's stack. */
  readonly stack: Stack;
  /** The rendered HealthCheckConfig. */
  readonly config: Record<string, any>;
  /** The AlarmIdentifier.Name with references to other stacks as markers (computed only when needed). */
  readonly markedName: () => unknown;
}

const NONE: AlarmLookup = { kind: 'none' };

/** What the check's AlarmIdentifier.Name leads to. */
export function lookUpAlarm(input: AlarmLookupInput, index: AppIndex): AlarmLookup {
  const identifier = input.config.AlarmIdentifier;
  if (input.config.Type !== 'CLOUDWATCH_METRIC' || !identifier || typeof identifier !== 'object' || Array.isArray(identifier)) {
    return NONE; // the identifier rule reports a missing AlarmIdentifier
  }
  const name: unknown = identifier.Name;
  const region = isPlainString(identifier.Region) ? identifier.Region : undefined;
  if (name === undefined || name === null || name === '') {
    return { kind: 'invalid', value: name === '' ? "''" : 'none', problem: 'is required: it names the alarm the health check follows', fix: "set AlarmIdentifier.Name to the alarm's name (alarm.alarmName)" };
  }
  if (typeof name === 'string') {
    return isPlainString(name) ? byName(name, region, index.alarms) : NONE;
  }
  if (typeof name !== 'object' || Array.isArray(name)) {
    return { kind: 'invalid', value: `${typeof name} ${JSON.stringify(name)}`, problem: 'must be a string, the name of the alarm', fix: "set AlarmIdentifier.Name to the alarm's name (alarm.alarmName)" };
  }
  return byIntrinsic(name as Record<string, unknown>, input, region, index);
}

function byIntrinsic(name: Record<string, unknown>, input: AlarmLookupInput, region: string | undefined, index: AppIndex): AlarmLookup {
  const shown = JSON.stringify(name);
  const imported = name['Fn::ImportValue'];
  if (imported !== undefined) {
    return byExport(imported, input.stack, region, index);
  }
  const target = refTarget(name);
  if (target === undefined) {
    return { kind: 'unresolved', value: shown, reason: 'is an intrinsic the guard cannot follow to an alarm' };
  }
  const inStack = index.alarms.find(a => a.stack === input.stack && a.logicalId === target);
  if (inStack) {
    return name.Ref !== undefined ? { kind: 'found', alarm: inStack.alarm } : arnGiven(inStack, shown);
  }
  // Not an alarm of this stack: a reference to another stack resolves, before the app is prepared, to a Ref of that stack's logical ID.
  const marked = crossStackTarget(input.markedName());
  const other = marked ? index.alarms.find(a => a.construct.node.path === marked.path) : undefined;
  if (other) {
    return marked!.attribute === 'Ref' ? { kind: 'found', alarm: other.alarm } : arnGiven(other, shown);
  }
  return {
    kind: 'unresolved',
    value: shown,
    reason: `refers to '${target}', which is not an alarm the guard can find in the app (a parameter, a pseudo parameter or another resource type)`,
  };
}

/** The alarm an export carries: its Ref in the exporting stack, or its literal name. */
function byExport(exportName: unknown, consumer: Stack, region: string | undefined, index: AppIndex): AlarmLookup {
  const shown = JSON.stringify({ 'Fn::ImportValue': exportName });
  if (!isPlainString(exportName)) {
    return { kind: 'unresolved', value: shown, reason: 'imports an export whose name is itself an intrinsic, which the guard cannot follow' };
  }
  const named = index.exports.filter(e => e.name === exportName);
  // Exports are per account and Region: prefer one of the importing stack's environment.
  const local = named.filter(e => sameEnvironment(e.stack, consumer));
  const found = local.length > 0 ? local : named.filter(e => Token.isUnresolved(e.stack.region) || Token.isUnresolved(consumer.region));
  if (found.length !== 1) {
    const where = named.map(e => `'${e.stack.node.path}' (${e.stack.region})`).join(', ');
    return {
      kind: 'unresolved',
      value: shown,
      reason: found.length > 1 ? `imports export '${exportName}', which several stacks of the app define (${where})`
        : named.length > 0 ? `imports export '${exportName}', defined only by ${where}: exports are per account and Region`
          : `imports export '${exportName}', which no stack of the app defines, so the guard cannot see the alarm`,
    };
  }
  const [exported] = found;
  if (isPlainString(exported.value)) {
    return byName(exported.value, region, index.alarms);
  }
  const target = refTarget(exported.value);
  const alarm = target === undefined ? undefined : index.alarms.find(a => a.stack === exported.stack && a.logicalId === target);
  if (alarm) {
    return (exported.value as Record<string, unknown>).Ref !== undefined ? { kind: 'found', alarm: alarm.alarm } : arnGiven(alarm, shown);
  }
  return {
    kind: 'unresolved',
    value: shown,
    reason: `imports export '${exportName}' of '${exported.stack.node.path}', whose value (${JSON.stringify(exported.value)}) is not an alarm's name the guard can find`,
  };
}

/**
 * The alarm of a literal name. Alarm names are unique per Region only: the
 * alarm of that name in the check's Region, or, if none is there, the only
 * alarm of that name in the app (so a check naming the wrong Region is
 * reported); with several elsewhere, none is judged. CloudWatch alarm names
 * are case-sensitive: a name that matches only in another case (or with other
 * surrounding spaces) finds nothing in Route 53.
 */
function byName(name: string, region: string | undefined, alarms: AppAlarm[]): AlarmLookup {
  if (name.startsWith('arn:')) {
    return { kind: 'invalid', value: `'${name}'`, problem: 'is an ARN; Route 53 looks the alarm up by its name', fix: "set AlarmIdentifier.Name to the alarm's name (the part after 'alarm:')" };
  }
  const pick = (candidates: AppAlarm[]) => candidates.find(a => a.alarm.region !== undefined && a.alarm.region === region)
    ?? (candidates.length === 1 ? candidates[0] : undefined);
  const exact = alarms.filter(a => a.name === name);
  if (exact.length > 0) {
    const alarm = pick(exact);
    return alarm ? { kind: 'found', alarm: alarm.alarm } : NONE;
  }
  const folded = alarms.filter(a => a.name !== undefined && a.name.trim().toLowerCase() === name.trim().toLowerCase());
  const near = pick(folded) ?? folded[0];
  if (near) {
    return { kind: 'case', alarm: near.alarm, name, actual: near.name! };
  }
  const named = alarms.filter(a => a.name !== undefined).length;
  return named > 0 ? { kind: 'absent', name, named } : NONE;
}

/** A reference to an alarm's ARN where its name is wanted. */
function arnGiven(alarm: AppAlarm, shown: string): AlarmLookup {
  return {
    kind: 'invalid',
    value: shown,
    problem: `is the ARN of alarm '${alarm.alarm.path}'; Route 53 looks the alarm up by its name`,
    fix: 'use alarm.alarmName (a Ref), not alarm.alarmArn',
  };
}

function sameEnvironment(a: Stack, b: Stack): boolean {
  const same = (x: string, y: string) => Token.isUnresolved(x) || Token.isUnresolved(y) || x === y;
  return same(a.region, b.region) && same(a.account, b.account);
}
