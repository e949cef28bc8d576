import * as fs from 'fs';
import * as path from 'path';
import { Condition, HEALTHY_CONDITION } from '../../src/simulator/scenario';
import { SCENARIO_SCHEMA_FILE, scenarioSchemaText } from '../../src/simulator/scenario-schema';

describe('the scenario schema (scenarios/scenario.schema.json)', () => {
  test('is what the generator makes of the scenario format (run `npx projen scenario:schema` after a change)', () => {
    expect(SCENARIO_SCHEMA_FILE).toBe(path.join(__dirname, '..', '..', 'scenarios', 'scenario.schema.json'));
    expect(fs.readFileSync(SCENARIO_SCHEMA_FILE, 'utf-8')).toBe(scenarioSchemaText());
  });

  test('the JSON schema lists exactly the properties the reader accepts', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../scenarios/scenario.schema.json'), 'utf-8'));
    expect(Object.keys(schema.properties).sort()).toEqual(['$schema', 'baseline', 'description', 'durationMinutes', 'evacuations', 'events',
      'lateData', 'name', 'republisherFaults', 'restores', 'users']);
    expect(Object.keys(schema.$defs.condition.properties).sort()).toEqual(Object.keys(HEALTHY_CONDITION).sort());
    expect(Object.keys(schema.$defs.event.properties).sort()).toEqual(['condition', 'degrades', 'endMinute', 'label', 'oneNode', 'probeSeesFault',
      'region', 'startMinute']);
    expect(Object.keys(schema.$defs.lateData.properties).sort()).toEqual(['delayMinutes', 'endMinute', 'namespace', 'region', 'startMinute']);
    expect(Object.keys(schema.$defs.republisherFault.properties).sort()).toEqual(['endMinute', 'fault', 'lateSeconds', 'region', 'startMinute']);
    expect(Object.keys(schema.$defs.evacuation.properties).sort()).toEqual(['endMinute', 'region', 'startMinute']);
    expect(Object.keys(schema.$defs.userGroup.properties).sort()).toEqual(['latencyMs', 'name', 'users']);
    for (const [key, value] of Object.entries(HEALTHY_CONDITION)) {
      expect(schema.$defs.condition.properties[key].default).toBe(value);
    }
  });

  test('describes every property it lists', () => {
    const undescribed: string[] = [];
    const walk = (node: any, at: string) => {
      for (const [key, value] of Object.entries<any>(node.properties ?? {})) {
        if (value.description === undefined && value.$ref === undefined) {
          undescribed.push(`${at}.${key}`);
        }
      }
    };
    const schema = JSON.parse(scenarioSchemaText());
    walk(schema, '');
    Object.entries<any>(schema.$defs).forEach(([name, def]) => walk(def, name));
    expect(undescribed).toEqual([]);
  });

  test('has the defaults of the Condition type, one for each of its properties', () => {
    // Compiles only while it names every property of Condition, and nothing else.
    const conditionKeys: Record<keyof Condition, true> = {
      averageLatencyMs: true,
      p50LatencyMs: true,
      p90LatencyMs: true,
      p99LatencyMs: true,
      maxLatencyMs: true,
      http5xxPercent: true,
      elb5xxPercent: true,
      targetConnectionErrorPercent: true,
      cpuPercent: true,
      healthyTargetPercent: true,
    };
    expect(Object.keys(HEALTHY_CONDITION)).toEqual(Object.keys(conditionKeys));
    expect(Object.values(HEALTHY_CONDITION).every(v => typeof v === 'number')).toBe(true);
  });
});
