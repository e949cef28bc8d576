/**
 * The failback latches of the templates, as the simulator reads them: the
 * latch's configuration (its rule's input) and the rule of the signals alarm
 * it acts on (see failback-replay.ts for how they are replayed).
 */
import { CompositeRule, parseCompositeRule } from './composite-rule';
import type { StackTemplate } from './dns';
import { InputError, SimulatorErrorId } from './inputs';
import type { AlarmDefinition } from './topology';
import { LatchConfig } from '../model/failback';

/** How a CloudFormation value is rendered as a string (topology.ts renderString). */
type Render = (value: unknown) => string;

/** A Region's failback latch: its configuration (the rule's input) and the rule of the signals alarm it acts on. */
export interface LatchDefinition {
  readonly config: LatchConfig;
  /** Whether the signals alarm is in ALARM, given the states of the alarms it names. */
  readonly signalsInAlarm: CompositeRule;
}

/**
 * The failback latches of the stacks: each rule whose target's input template
 * is the latch's (`"kind":"latch"`), with the composite alarm it names
 * (`signalsAlarmName`) read from the same stack. A latch whose alarm or rule
 * cannot be read is refused (the template is the library's, or broken).
 */
export function readLatches(stacks: StackTemplate[], alarms: AlarmDefinition[], renderString: Render): Map<string, LatchDefinition> {
  const latches = new Map<string, LatchDefinition>();
  for (const stack of stacks) {
    const resources = stack.template.Resources ?? {};
    for (const [logicalId, resource] of Object.entries(resources)) {
      const targets = resource.Type === 'AWS::Events::Rule' && Array.isArray(resource.Properties?.Targets) ? resource.Properties.Targets : [];
      for (const target of targets) {
        const template = target?.InputTransformer?.InputTemplate;
        const text = template === undefined ? '' : renderString(template);
        if (!text.startsWith('{"kind":"latch"')) {
          continue;
        }
        const subject = `stack '${stack.stackName}': rule '${logicalId}'`;
        const input = parseJson(text.replace(/<(time|alarmName|state)>/g, '""'));
        const config = input?.config as LatchConfig | undefined;
        if (typeof config?.signalsAlarmName !== 'string' || typeof config.parameterName !== 'string'
          || (config.policy !== 'operatorConfirmed' && config.policy !== 'automatic')) {
          throw new InputError(SimulatorErrorId.TEMPLATE, `${subject}: the failback latch's input must have a 'config' with a 'signalsAlarmName', a `
            + `'parameterName' and a 'policy' ('operatorConfirmed' or 'automatic'), got: ${text.slice(0, 160)}.`);
        }
        latches.set(stack.region, { config, signalsInAlarm: signalsRule(stack, config.signalsAlarmName, alarms, subject, renderString) });
      }
    }
  }
  return latches;
}

/** The rule of the composite alarm `name` of `stack`, its alarms named as the simulator knows them. */
function signalsRule(stack: StackTemplate, name: string, alarms: AlarmDefinition[], subject: string, renderString: Render): CompositeRule {
  const resources = stack.template.Resources ?? {};
  const composite = Object.values(resources).find(r => r.Type === 'AWS::CloudWatch::CompositeAlarm' && renderString(r.Properties?.AlarmName) === name);
  // A reference renders as 'LogicalId.Arn'; a literal ARN ends with ':alarm:<name>'.
  const alarmOf = (reference: string) => {
    const logicalId = /^([A-Za-z0-9]+)\.Arn$/.exec(reference)?.[1];
    return logicalId !== undefined
      ? alarms.find(a => a.id === `${stack.stackName}/${logicalId}`)?.name ?? reference
      : reference.replace(/^arn:[^:]+:cloudwatch:[^:]*:[^:]*:alarm:/, '');
  };
  const rule = composite === undefined ? `no composite alarm named '${name}' in the stack`
    : parseCompositeRule(renderString(composite.Properties?.AlarmRule), alarmOf);
  if (typeof rule === 'string') {
    throw new InputError(SimulatorErrorId.TEMPLATE, `${subject}: the failback latch acts on the signals alarm '${name}', whose rule cannot be read: `
      + `${rule}.`);
  }
  return rule;
}


function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
