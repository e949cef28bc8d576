/**
 * The example app's assembly with drills: four AWS::FIS::ExperimentTemplate
 * resources per Region stack, written here by the drill contract
 * (model/drill/contract.ts) in place of the example's own FailoverDrill
 * templates, so the CLI's tests depend on the contract alone and spell out
 * their numbers. test/simulator/drill/example-drills.test.ts plans the
 * example's own drills.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildExampleApp, EXAMPLE_REGIONS } from '../../../examples/app';
import { DRILL_ACTION_KEY, DRILL_TAG_KEYS, DRILL_TARGET_KEY, drillTemplateName } from '../../../src/model/drill/contract';
import { DrillFault, FAULT_ACTIONS } from '../../../src/model/drill/fis-actions';

/** The load balancer subnets of every example Region (its VPC's two public subnets). */
export const SOURCES = '10.0.0.0/17,10.0.128.0/17';

/** Each fault's parameters (besides duration) and share of tasks in the fixture. */
export const FIXTURE_DRILLS: Record<DrillFault, { percent: number; parameters: Record<string, string> }> = {
  cpu: { percent: 100, parameters: { percent: '100' } },
  latency: { percent: 100, parameters: { delayMilliseconds: '2000', flowsPercent: '100', sources: SOURCES, useEcsFaultInjectionEndpoints: 'true' } },
  connectionErrors: { percent: 50, parameters: { port: '80', trafficType: 'ingress', useEcsFaultInjectionEndpoints: 'true' } },
  http5xx: { percent: 100, parameters: { lossPercent: '100', flowsPercent: '20', sources: SOURCES, useEcsFaultInjectionEndpoints: 'true' } },
};

/** A drill experiment template by the contract. */
export function drillResource(region: string, fault: DrillFault, overrides: {
  percent?: number;
  parameters?: Record<string, string>;
  duration?: string;
  selectionMode?: string;
  actionId?: string;
} = {}) {
  const fixture = FIXTURE_DRILLS[fault];
  return {
    Type: 'AWS::FIS::ExperimentTemplate',
    Properties: {
      Description: `${fault} drill of ${region}`,
      RoleArn: { 'Fn::GetAtt': ['DrillRole', 'Arn'] },
      Actions: {
        [DRILL_ACTION_KEY]: {
          ActionId: overrides.actionId ?? FAULT_ACTIONS[fault].actionId,
          Parameters: { duration: overrides.duration ?? 'PT10M', ...fixture.parameters, ...overrides.parameters },
          Targets: { Tasks: DRILL_TARGET_KEY },
        },
      },
      Targets: {
        [DRILL_TARGET_KEY]: {
          ResourceType: 'aws:ecs:task',
          SelectionMode: overrides.selectionMode ?? `PERCENT(${overrides.percent ?? fixture.percent})`,
          Parameters: { cluster: { Ref: 'ClusterEB0386A7' }, service: { 'Fn::GetAtt': ['Service9571FDD8', 'Name'] } },
        },
      },
      StopConditions: [{ Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': ['FailoverHealthAlarmCBCFBC1D', 'Arn'] } }],
      Tags: {
        [DRILL_TAG_KEYS.failover]: 'Api',
        [DRILL_TAG_KEYS.region]: region,
        [DRILL_TAG_KEYS.fault]: fault,
        Name: drillTemplateName('Api', region, fault),
      },
    },
  };
}

/** The logical id of a drill in the fixture. */
export function drillLogicalId(fault: DrillFault): string {
  return `Drill${fault[0].toUpperCase()}${fault.slice(1)}`;
}

/**
 * Synthesizes the example app into `dir` and adds the drills: all four faults
 * in each Region unless `only` picks some; `edit` changes a Region's drills.
 */
export function writeDrillAssembly(dir: string, options: {
  only?: Partial<Record<string, DrillFault[]>>;
  edit?: (region: string, fault: DrillFault) => Parameters<typeof drillResource>[2] | undefined;
} = {}): string {
  buildExampleApp(dir).synth();
  for (const region of EXAMPLE_REGIONS) {
    const file = path.join(dir, `ApiService-${region}.template.json`);
    const template = JSON.parse(fs.readFileSync(file, 'utf-8'));
    // The example app's own drills (FailoverDrill) make way for the fixture's, whose numbers the tests spell out.
    for (const [id, resource] of Object.entries<any>(template.Resources)) {
      if (resource.Type === 'AWS::FIS::ExperimentTemplate') {
        delete template.Resources[id];
      }
    }
    for (const fault of options.only?.[region] ?? (options.only ? [] : Object.keys(FIXTURE_DRILLS) as DrillFault[])) {
      template.Resources[drillLogicalId(fault)] = drillResource(region, fault, options.edit?.(region, fault) ?? {});
    }
    fs.writeFileSync(file, JSON.stringify(template, undefined, 1));
  }
  return dir;
}
