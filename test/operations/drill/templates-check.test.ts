/**
 * Every experiment template the example app synthesizes, checked against the
 * FIS actions table (the CloudFormation specification types ActionId and
 * Parameters as free strings) and against the CloudFormation resource
 * specification of @aws-cdk/aws-service-spec, read offline from node_modules.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildExampleApp, EXAMPLE_REGIONS } from '../../../examples/app';
import { DrillFault } from '../../../src';
import { DRILL_TAG_KEYS } from '../../../src/model/drill/contract';
import { checkParameterValue, DRILL_FAULTS, FAULT_ACTIONS, FIS_ACTIONS, MAX_STOP_CONDITIONS } from '../../../src/model/drill/fis-actions';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-'));
const app = buildExampleApp(outdir);
const stacks = app.node.children.filter(Stack.isStack).filter(s => s.stackName.startsWith('ApiService-'));
const templates = stacks.map(s => Template.fromStack(s).toJSON());
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

function resourcesOf(type: string): Array<{ region: string; properties: Record<string, any> }> {
  return templates.flatMap((t, i) => Object.values<any>(t.Resources).filter(r => r.Type === type)
    .map(r => ({ region: stacks[i].region, properties: r.Properties })));
}
const experimentTemplates = resourcesOf('AWS::FIS::ExperimentTemplate');

test('the example app has a drill of every fault in every Region', () => {
  expect(experimentTemplates.map(t => `${t.region} ${t.properties.Tags[DRILL_TAG_KEYS.fault]}`).sort())
    .toEqual(EXAMPLE_REGIONS.flatMap(r => DRILL_FAULTS.map(f => `${r} ${f}`)).sort());
  expect(Object.values(DrillFault).sort()).toEqual([...DRILL_FAULTS].sort());
});

describe.each(experimentTemplates.map(t => [`${t.region} ${t.properties.Tags[DRILL_TAG_KEYS.fault]}`, t.properties] as const))(
  'against the FIS actions table: %s', (_, props) => {
    const fault = props.Tags[DRILL_TAG_KEYS.fault] as keyof typeof FAULT_ACTIONS;
    const inject = props.Actions.Inject;
    const action = FIS_ACTIONS[inject.ActionId];

    test('one action, of the fault, with a known id', () => {
      expect(Object.keys(props.Actions)).toEqual(['Inject']);
      expect(action).toBeDefined();
      expect(inject.ActionId).toBe(FAULT_ACTIONS[fault].actionId);
    });

    test('parameters: known names, the required ones present, each value allowed', () => {
      const known = action.parameters.map(p => p.name);
      expect(Object.keys(inject.Parameters).filter(n => !known.includes(n))).toEqual([]);
      expect(action.parameters.filter(p => p.required && !(p.name in inject.Parameters)).map(p => p.name)).toEqual([]);
      const refused = action.parameters.filter(p => p.name in inject.Parameters)
        .map(p => checkParameterValue(p, inject.Parameters[p.name])).filter(e => e !== undefined);
      expect(refused).toEqual([]);
      if (action.fargateNeedsEndpoints) {
        expect(inject.Parameters.useEcsFaultInjectionEndpoints).toBe('true');
      }
    });

    test('the action\'s target is the table\'s, selected by PERCENT(n) of the service\'s tasks', () => {
      expect(inject.Targets).toEqual({ [action.target.key]: 'Tasks' });
      expect(props.Targets.Tasks.ResourceType).toBe(action.target.resourceType);
      expect(props.Targets.Tasks.SelectionMode).toMatch(/^PERCENT\((?:[1-9]\d?|100)\)$/);
      expect(Object.keys(props.Targets.Tasks.Parameters).sort()).toEqual(['cluster', 'service']);
    });

    test('stop conditions: CloudWatch alarms, at most the quota', () => {
      expect(props.StopConditions.length).toBeGreaterThanOrEqual(1);
      expect(props.StopConditions.length).toBeLessThanOrEqual(MAX_STOP_CONDITIONS);
      expect(props.StopConditions.every((s: any) => s.Source === 'aws:cloudwatch:alarm')).toBe(true);
    });
  });

describe('checkParameterValue', () => {
  const p = (name: string) => FIS_ACTIONS['aws:ecs:task-network-latency'].parameters.find(x => x.name === name)!;
  test.each([
    ['duration', 'PT10M', true], ['duration', 'PT13H', false], ['duration', 'PT30S', false], ['duration', '10', false],
    ['flowsPercent', '100', true], ['flowsPercent', '0', false], ['flowsPercent', '2.5', false],
    ['sources', '10.0.0.0/17,10.0.128.0/17', true], ['sources', 'ALL', true], ['sources', 'S3,us-east-1a,use1-az1,example.com', true],
    ['sources', '10.0.0.0/17, 10.0.1.0/24', false], ['sources', '', false],
    ['useEcsFaultInjectionEndpoints', 'true', true], ['useEcsFaultInjectionEndpoints', 'yes', false],
  ])('%s = %p is allowed: %p', (name, value, allowed) => {
    expect(checkParameterValue(p(name), value) === undefined).toBe(allowed);
  });
});

/** A property type of the resource specification. */
interface SpecType { readonly type: string; readonly element?: SpecType; readonly reference?: { $ref: string }; readonly types?: SpecType[] }
interface SpecProperty { readonly type: SpecType; readonly required?: boolean }

describe('against the CloudFormation resource specification (@aws-cdk/aws-service-spec)', () => {
  const db = loadAwsServiceSpecSync();
  const resource = (type: string) => db.lookup('resource', 'cloudFormationType', 'equals', type).only();
  const intrinsic = (v: unknown) => typeof v === 'object' && v !== null && Object.keys(v).length === 1 && /^(Ref|Fn::)/.test(Object.keys(v)[0]);

  /** The problems of `value` against `type`, with their paths. */
  function problems(value: unknown, type: SpecType, at: string): string[] {
    if (intrinsic(value)) {
      return [];
    }
    switch (type.type) {
      case 'string': return typeof value === 'string' ? [] : [`${at}: a string, got ${JSON.stringify(value)}`];
      case 'integer': return Number.isInteger(value) ? [] : [`${at}: an integer, got ${JSON.stringify(value)}`];
      case 'boolean': return typeof value === 'boolean' ? [] : [`${at}: a boolean, got ${JSON.stringify(value)}`];
      case 'json': return [];
      case 'array': return Array.isArray(value) ? value.flatMap((v, i) => problems(v, type.element!, `${at}[${i}]`)) : [`${at}: an array`];
      case 'map': return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? Object.entries(value).flatMap(([k, v]) => problems(v, type.element!, `${at}.${k}`)) : [`${at}: a map`];
      case 'union': return type.types!.some(t => problems(value, t, at).length === 0) ? [] : [`${at}: none of the union's types`];
      case 'ref': return objectProblems(value, db.get('typeDefinition', type.reference!.$ref).properties as Record<string, SpecProperty>, at);
      default: return [`${at}: unknown spec type ${type.type}`];
    }
  }

  function objectProblems(value: unknown, spec: Record<string, SpecProperty>, at: string): string[] {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return [`${at}: an object`];
    }
    const v = value as Record<string, unknown>;
    return [
      ...Object.keys(v).filter(k => !(k in spec)).map(k => `${at}.${k}: not a property of the specification`),
      ...Object.entries(spec).filter(([k, p]) => p.required && !(k in v)).map(([k]) => `${at}.${k}: required, missing`),
      ...Object.entries(v).filter(([k]) => k in spec).flatMap(([k, x]) => problems(x, spec[k].type, `${at}.${k}`)),
    ];
  }

  test('every experiment template matches AWS::FIS::ExperimentTemplate, and ActionId and Parameters are free strings there', () => {
    const spec = resource('AWS::FIS::ExperimentTemplate').properties as Record<string, SpecProperty>;
    expect(experimentTemplates.flatMap(t => objectProblems(t.properties, spec, `${t.region}/${t.properties.Tags.Name}`))).toEqual([]);
    const action = db.get('typeDefinition', spec.Actions.type.element!.reference!.$ref).properties as Record<string, SpecProperty>;
    expect(action.ActionId.type).toEqual({ type: 'string' });
    expect(action.Parameters.type).toEqual({ type: 'map', element: { type: 'string' } });
  });

  test('the check finds a misspelt nested property, a missing required one and a wrong type', () => {
    const spec = resource('AWS::FIS::ExperimentTemplate').properties as Record<string, SpecProperty>;
    const props = experimentTemplates[0].properties;
    const broken = {
      ...props,
      LogConfiguration: { LogSchemaVersion: '2', CloudWatchLogsConfiguration: { logGroupArn: 'arn' } },
      Targets: { Tasks: { ...props.Targets.Tasks, SelectionMode: undefined } },
    };
    delete broken.Targets.Tasks.SelectionMode;
    expect(objectProblems(broken, spec, 'T').sort()).toEqual([
      'T.LogConfiguration.LogSchemaVersion: an integer, got "2"',
      'T.LogConfiguration.CloudWatchLogsConfiguration.logGroupArn: not a property of the specification',
      'T.LogConfiguration.CloudWatchLogsConfiguration.LogGroupArn: required, missing',
      'T.Targets.Tasks.SelectionMode: required, missing',
    ].sort());
  });

  test('EnableFaultInjection is a boolean and PidMode a string of AWS::ECS::TaskDefinition, as the prepared task definitions write them', () => {
    const spec = resource('AWS::ECS::TaskDefinition').properties as Record<string, SpecProperty>;
    expect(spec.EnableFaultInjection.type).toEqual({ type: 'boolean' });
    expect(spec.PidMode.type).toEqual({ type: 'string' });
    const taskDefinitions = resourcesOf('AWS::ECS::TaskDefinition');
    expect(taskDefinitions).toHaveLength(EXAMPLE_REGIONS.length);
    for (const td of taskDefinitions) {
      expect({ EnableFaultInjection: td.properties.EnableFaultInjection, PidMode: td.properties.PidMode }).toEqual({ EnableFaultInjection: true, PidMode: 'task' });
      expect(problems(td.properties.EnableFaultInjection, spec.EnableFaultInjection.type, 'EnableFaultInjection')).toEqual([]);
    }
  });
});
