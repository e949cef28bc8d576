/**
 * The failover simulator's library API (JavaScript and TypeScript only: it is
 * not part of the jsii API). See docs/simulator.md.
 *
 *   import { simulateAssembly } from 'cdk-active-active-failover/lib/simulator';
 *   const result = simulateAssembly('cdk.out', 'gray-p99');
 */
import * as fs from 'fs';
import { readAssembly } from './assembly';
import { builtInScenario, simulate, SimulationOptions, SimulationResult } from './engine';
import { BUILT_IN_SCENARIOS, parseScenario, Scenario } from './scenario';
import { readTopology } from './topology';

export * from './engine';
export { timelineSvg, timelineText, summaryText, minutesText } from './report';
export { BUILT_IN_SCENARIOS, HEALTHY_CONDITION, ScenarioError, checkScenario, parseScenario } from './scenario';
export type { Condition, Scenario, ScenarioEvent, Evacuation } from './scenario';
export { readAssembly } from './assembly';
export { readTopology } from './topology';
export type { Topology } from './topology';
export { defaultUserGroups } from './world';
export type { UserGroup } from './world';

/** A built-in scenario by name, or a scenario file (JSON) by path. */
export function loadScenario(nameOrFile: string): Scenario {
  if (Object.prototype.hasOwnProperty.call(BUILT_IN_SCENARIOS, nameOrFile)) {
    return builtInScenario(nameOrFile);
  }
  if (!fs.existsSync(nameOrFile)) {
    throw new Error(`'${nameOrFile}' is neither a built-in scenario (${Object.keys(BUILT_IN_SCENARIOS).join(', ')}) nor a file.`);
  }
  return parseScenario(fs.readFileSync(nameOrFile, 'utf-8'), nameOrFile);
}

/** Simulates a scenario (built-in name, file or object) against the cloud assembly in `dir`. */
export function simulateAssembly(dir: string, scenario: string | Scenario, options: SimulationOptions = {}): SimulationResult {
  const s = typeof scenario === 'string' ? loadScenario(scenario) : scenario;
  return simulate(readTopology(readAssembly(dir)), s, options);
}
