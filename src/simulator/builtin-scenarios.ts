/**
 * The built-in scenarios: JSON files in the package's `scenarios/` folder,
 * read and checked like any scenario file (`loadScenario` reads either). The folder is found from this
 * module: `../../scenarios` from `lib/simulator` (the package) as from
 * `src/simulator` (tests).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseScenario, Scenario, ScenarioError } from './scenario';

/** The package's folder of built-in scenarios and of the scenario schema. */
export const SCENARIOS_DIR = path.join(__dirname, '..', '..', 'scenarios');

/** The schema file's name in SCENARIOS_DIR. */
export const SCHEMA_FILE_NAME = 'scenario.schema.json';

/**
 * The built-in scenarios' names, in the order they are listed and
 * benchmarked; each is the file `<name>.json`, 70 minutes long. The
 * incidents: 10 quiet minutes, 40 minutes of incident in the first Region,
 * 20 minutes after it.
 */
export const BUILT_IN_SCENARIO_NAMES: readonly string[] = [
  'gray-cpu', 'gray-5xx', 'gray-connection-errors', 'gray-p99', 'hard-outage', 'noisy-day', 'noisy-day-partial', 'all-degraded',
  'evacuation-drill', 'republisher-down', 'late-data', 'probe-blind',
];

/** Reads the scenario files `<name>.json` of a folder, by name; a file must hold the scenario of its name. */
export function readScenarioFiles(dir: string, names: readonly string[]): Record<string, Scenario> {
  const scenarios: Record<string, Scenario> = {};
  for (const name of names) {
    const file = path.join(dir, `${name}.json`);
    const scenario = parseScenario(fs.readFileSync(file, 'utf-8'), file);
    if (scenario.name !== name) {
      throw new ScenarioError(`${file}: 'name' must be the file's name ${JSON.stringify(name)}, got: ${JSON.stringify(scenario.name)}.`);
    }
    scenarios[name] = scenario;
  }
  return scenarios;
}

/**
 * The built-in scenarios, by name. Each file is read the first time its
 * scenario is asked for, not when the module loads: listing the names
 * (`--help`) never reads a file, and a damaged file fails where it is used,
 * with the file's name, inside the command's error handling.
 */
export const BUILT_IN_SCENARIOS: Record<string, Scenario> = {};
for (const name of BUILT_IN_SCENARIO_NAMES) {
  let scenario: Scenario | undefined;
  Object.defineProperty(BUILT_IN_SCENARIOS, name, {
    enumerable: true,
    get: () => (scenario ??= readScenarioFiles(SCENARIOS_DIR, [name])[name]),
  });
}

/** A built-in scenario by name. */
export function builtInScenario(name: string): Scenario {
  const scenario = Object.prototype.hasOwnProperty.call(BUILT_IN_SCENARIOS, name) ? BUILT_IN_SCENARIOS[name] : undefined;
  if (!scenario) {
    throw new Error(`no built-in scenario '${name}' (built-in: ${Object.keys(BUILT_IN_SCENARIOS).join(', ')}).`);
  }
  return scenario;
}

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
