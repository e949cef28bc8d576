/**
 * The drills of a cloud assembly: every `AWS::FIS::ExperimentTemplate` that
 * carries the drill tags (model/drill/contract.ts), read and checked against
 * the contract and the FIS actions table (model/drill/fis-actions.ts): its
 * one action is the fault's, every parameter is one the action has, with a
 * value FIS accepts, and its one target is a share of the service's ECS tasks.
 */
import { refTarget } from '../../model/cfn';
import { DRILL_TAG_KEYS } from '../../model/drill/contract';
import { checkParameterValue, DRILL_FAULTS, DrillFault, FAULT_ACTIONS, FIS_ACTIONS, FisParameter, isoMinutes } from '../../model/drill/fis-actions';
import { StackTemplate } from '../dns';
import { InputError, isObject, SimulatorErrorId } from '../inputs';
import { renderString } from '../topology';

/** How FIS picks the tasks: all of them, a number of them or a share of them. */
export interface TaskSelection {
  readonly mode: 'ALL' | 'COUNT' | 'PERCENT';
  /** COUNT: tasks; PERCENT: percent of the tasks; ALL: 100. */
  readonly value: number;
}

/** A drill experiment template of the assembly, checked. */
export interface DrillTemplate {
  /** `<stackName>/<logicalId>`. */
  readonly id: string;
  readonly stackName: string;
  readonly logicalId: string;
  /** The stack's Region (where FIS runs the experiment). */
  readonly stackRegion: string;
  readonly failoverName: string;
  /** The Region the tags name: the one the drill injects its fault into. */
  readonly region: string;
  readonly fault: DrillFault;
  readonly actionId: string;
  /** The action's parameters, FIS's defaults filled in where the template leaves one out. */
  readonly parameters: Readonly<Record<string, string>>;
  /** The action's duration, in whole minutes (rounded up). */
  readonly durationMinutes: number;
  readonly selection: TaskSelection;
  /** The logical id of the ECS service the target's `service` parameter refers to, when it is a `Ref` or `Fn::GetAtt` of the stack. */
  readonly serviceLogicalId?: string;
  /** The stop conditions' alarms, as the template writes them (tokens rendered). */
  readonly stopConditions: readonly string[];
}

/** The drills of the stacks: the experiment templates with the drill tags, each checked. */
export function drillTemplates(stacks: readonly StackTemplate[]): DrillTemplate[] {
  const drills: DrillTemplate[] = [];
  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      if (resource.Type === 'AWS::FIS::ExperimentTemplate' && tagsOf(resource.Properties?.Tags)[DRILL_TAG_KEYS.fault] !== undefined) {
        drills.push(readDrill(stack, logicalId, resource.Properties ?? {}));
      }
    }
  }
  return drills;
}

/** The drills of the assembly as `<region> <fault>`, for messages. */
export function drillList(drills: readonly DrillTemplate[]): string {
  return drills.length === 0 ? 'none' : drills.map(d => `${d.region} ${d.fault}`).join(', ');
}

/** The template's tags as a map (CloudFormation writes a map; a list of Key/Value is read too). */
function tagsOf(tags: unknown): Record<string, string> {
  if (Array.isArray(tags)) {
    return Object.fromEntries(tags.filter(t => isObject(t) && typeof t.Key === 'string').map(t => [t.Key, renderString(t.Value)]));
  }
  return isObject(tags) ? Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, renderString(v)])) : {};
}

function readDrill(stack: StackTemplate, logicalId: string, p: Record<string, any>): DrillTemplate {
  const id = `${stack.stackName}/${logicalId}`;
  const fail = (detail: string): never => {
    throw new InputError(SimulatorErrorId.DRILL_TEMPLATE, `the drill experiment template ${id}: ${detail}`);
  };
  const tags = tagsOf(p.Tags);
  const fault = tags[DRILL_TAG_KEYS.fault] as DrillFault;
  if (!DRILL_FAULTS.includes(fault)) {
    fail(`tag '${DRILL_TAG_KEYS.fault}' must be one of ${DRILL_FAULTS.join(', ')}, got: ${JSON.stringify(fault)}.`);
  }
  const region = tags[DRILL_TAG_KEYS.region];
  const failoverName = tags[DRILL_TAG_KEYS.failover];
  if (region === undefined || failoverName === undefined) {
    fail(`tags '${DRILL_TAG_KEYS.region}' and '${DRILL_TAG_KEYS.failover}' are required next to '${DRILL_TAG_KEYS.fault}', `
      + `got: ${JSON.stringify(tags)}.`);
  }
  const actions = isObject(p.Actions) ? Object.values(p.Actions) : [];
  if (actions.length !== 1 || !isObject(actions[0])) {
    fail(`'Actions' must hold exactly one action (the fault's), got: ${JSON.stringify(p.Actions)?.slice(0, 120)}.`);
  }
  const action = actions[0] as Record<string, any>;
  const expected = FAULT_ACTIONS[fault].actionId;
  if (action.ActionId !== expected) {
    fail(`a ${fault} drill's action must be ${expected}, got: ${JSON.stringify(action.ActionId)}.`);
  }
  const parameters = checkParameters(action.Parameters, FIS_ACTIONS[expected].parameters, fail);
  return {
    id,
    stackName: stack.stackName,
    logicalId,
    stackRegion: stack.region,
    failoverName: failoverName!,
    region: region!,
    fault,
    actionId: expected,
    parameters,
    durationMinutes: isoWholeMinutes(parameters.duration)!,
    selection: checkTarget(p.Targets, fail),
    serviceLogicalId: refTarget(Object.values(p.Targets as object)[0]?.Parameters?.service),
    stopConditions: (Array.isArray(p.StopConditions) ? p.StopConditions : []).map((s: any) => renderString(s?.Value)),
  };
}

/** The action's parameters, every one known and in its allowed values, FIS's defaults filled in. */
function checkParameters(given: unknown, known: readonly FisParameter[], fail: (detail: string) => never): Record<string, string> {
  const values: Record<string, string> = {};
  const raw = isObject(given) ? given : {};
  for (const [name, value] of Object.entries(raw)) {
    const spec = known.find(k => k.name === name);
    if (spec === undefined) {
      fail(`parameter '${name}' is not one of the action's (${known.map(k => k.name).join(', ')}).`);
    }
    const problem = typeof value === 'string' ? checkParameterValue(spec!, value) : `'${name}' must be ${spec!.allowed}, got: ${JSON.stringify(value)}`;
    if (problem !== undefined) {
      fail(`parameter ${problem}.`);
    }
    values[name] = value as string;
  }
  for (const spec of known) {
    if (values[spec.name] === undefined && spec.required) {
      fail(`parameter '${spec.name}' is required (${spec.allowed}).`);
    }
    if (values[spec.name] === undefined && spec.default !== undefined) {
      values[spec.name] = spec.default;
    }
  }
  return values;
}

/** An ISO 8601 duration of hours, minutes and seconds (`PT10M`, `PT1H30M`, `PT90S`) in whole minutes, rounded up; undefined: not one. */
export function isoWholeMinutes(value: string | undefined): number | undefined {
  const minutes = isoMinutes(value ?? '');
  return minutes === undefined ? undefined : Math.ceil(minutes);
}

/** The one target: ECS tasks, selected ALL, COUNT(n) (n at least 1) or PERCENT(n) (n from 1 to 100). */
function checkTarget(targets: unknown, fail: (detail: string) => never): TaskSelection {
  const all = isObject(targets) ? Object.values(targets) : [];
  if (all.length !== 1 || !isObject(all[0]) || all[0].ResourceType !== 'aws:ecs:task') {
    fail(`'Targets' must hold exactly one target of ResourceType aws:ecs:task, got: ${JSON.stringify(targets)?.slice(0, 120)}.`);
  }
  const mode = String((all[0] as Record<string, any>).SelectionMode);
  const m = /^(ALL|COUNT|PERCENT)(?:\((\d+)\))?$/.exec(mode);
  const n = m?.[2] === undefined ? undefined : Number(m[2]);
  const ok = m !== null && (m[1] === 'ALL' ? n === undefined : n !== undefined && n >= 1 && (m[1] === 'COUNT' || n <= 100));
  if (!ok) {
    fail(`the target's SelectionMode must be ALL, COUNT(n) with n at least 1, or PERCENT(n) with n from 1 to 100, got: ${JSON.stringify(mode)}.`);
  }
  return { mode: m![1] as TaskSelection['mode'], value: m![1] === 'ALL' ? 100 : n! };
}
