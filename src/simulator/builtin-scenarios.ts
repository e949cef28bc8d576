/**
 * The built-in scenarios: JSON files in the package's `scenarios/` folder,
 * read and checked like any scenario file (`loadScenario` reads either). The folder is found from this
 * module: `../../scenarios` from `lib/simulator` (the package) as from
 * `src/simulator` (tests).
 */
import * as fs from 'fs';
import * as path from 'path';
import { InputError, readTextFile, SimulatorErrorId } from './inputs';
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
  'evacuation-drill', 'republisher-down', 'late-data', 'probe-blind', 'operator-confirmed-failback',
];

/** Reads the scenario files `<name>.json` of a folder, by name; a file must hold the scenario of its name. */
export function readScenarioFiles(dir: string, names: readonly string[]): Record<string, Scenario> {
  const scenarios: Record<string, Scenario> = {};
  for (const name of names) {
    const file = path.join(dir, `${name}.json`);
    const scenario = parseScenario(readTextFile(file, `the built-in scenario file '${file}'`), file);
    if (scenario.name !== name) {
      throw new ScenarioError(SimulatorErrorId.SCENARIO_NAME, `${file}: 'name' must be the file's name ${JSON.stringify(name)}, got: ${JSON.stringify(scenario.name)}.`);
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
    get: () => (scenario ??= readBuiltIn(name)),
  });
}

/**
 * A built-in scenario, read from the package. A damaged file is the
 * package's fault, not the user's input: a plain error (exit code 1, "please
 * report it"), naming the file, never an input error.
 */
function readBuiltIn(name: string): Scenario {
  try {
    // Marked built-in: written for up to three Regions, it also runs on a failover with fewer (see resolveRegions).
    return { ...readScenarioFiles(SCENARIOS_DIR, [name])[name], builtIn: true };
  } catch (e) {
    throw e instanceof InputError ? new Error(`the package's built-in scenario is damaged (reinstall the package): ${e.detail}`) : e;
  }
}

/** A built-in scenario by name. */
export function builtInScenario(name: string): Scenario {
  const scenario = Object.prototype.hasOwnProperty.call(BUILT_IN_SCENARIOS, name) ? BUILT_IN_SCENARIOS[name] : undefined;
  if (!scenario) {
    throw new InputError(SimulatorErrorId.SCENARIO_NAME, `no built-in scenario '${name}' (built-in: ${Object.keys(BUILT_IN_SCENARIOS).join(', ')}).`);
  }
  return scenario;
}

/**
 * A built-in scenario by name, or a scenario file (JSON) by path. An argument
 * with a path separator or ending in `.json` is a file; a built-in name that
 * is also a file here is refused (say `./<name>` for the file). What might
 * surprise is added to `notes`: a built-in name next to a `<name>.json`
 * file, or a file whose scenario has a built-in's name (its output files
 * then have the built-in's names).
 */
export function loadScenario(nameOrFile: string, notes: string[] = []): Scenario {
  const builtIn = Object.prototype.hasOwnProperty.call(BUILT_IN_SCENARIOS, nameOrFile);
  const looksLikeFile = /[\\/]/.test(nameOrFile) || nameOrFile.endsWith('.json');
  if (builtIn && !looksLikeFile) {
    if (fs.existsSync(nameOrFile)) {
      throw new InputError(SimulatorErrorId.SCENARIO_NAME, `'${nameOrFile}' names both a built-in scenario and the file ./${nameOrFile}: `
        + `give './${nameOrFile}' for the file, or move the file away for the built-in.`);
    }
    if (fs.existsSync(`${nameOrFile}.json`)) {
      notes.push(`scenario '${nameOrFile}' is the built-in scenario, not the file ./${nameOrFile}.json (give './${nameOrFile}.json' for the file).`);
    }
    return builtInScenario(nameOrFile);
  }
  if (!looksLikeFile && !fs.existsSync(nameOrFile)) {
    throw new InputError(SimulatorErrorId.SCENARIO_NAME, `'${nameOrFile}' is neither a built-in scenario (${Object.keys(BUILT_IN_SCENARIOS).join(', ')}) nor a file.`);
  }
  const scenario = parseScenario(readTextFile(nameOrFile, `the scenario file '${nameOrFile}'`), nameOrFile);
  if (Object.prototype.hasOwnProperty.call(BUILT_IN_SCENARIOS, scenario.name)) {
    notes.push(`the scenario file '${nameOrFile}' is named '${scenario.name}', like a built-in scenario: the file is simulated, not the built-in, `
      + `and its output files are named ${scenario.name}.*.`);
  }
  return scenario;
}
