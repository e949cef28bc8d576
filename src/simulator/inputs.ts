/**
 * The simulator's inputs as files: reading JSON (a UTF-8 byte order mark
 * accepted, as editors on Windows write it) and the error every bad input
 * raises. An `InputError` names the file or the option and what is allowed;
 * the command line prints its message and exits with 2, never a stack trace.
 */
import * as fs from 'fs';

/**
 * The ids of the simulator's errors, in the library's one scheme: each names
 * a kind of input the simulator refuses (docs/simulator.md, "Errors").
 */
export enum SimulatorErrorId {
  /** A file that is missing, a folder, unreadable or not JSON. */
  FILE = 'AAF-SIM-FILE',
  /** A cloud assembly without a manifest, with malformed artifacts, nesting itself, or a stack without a Region. */
  ASSEMBLY = 'AAF-SIM-ASSEMBLY',
  /** A template, resource or republisher configuration of a shape CloudFormation (or the library) would not write. */
  TEMPLATE = 'AAF-SIM-TEMPLATE',
  /** A number in a template outside AWS's own limits (it would size the simulator's loops). */
  TEMPLATE_LIMIT = 'AAF-SIM-TEMPLATE-LIMIT',
  /** Health checks or alias records that refer to themselves. */
  DNS_LOOP = 'AAF-SIM-DNS-LOOP',
  /** No latency-routed A record to simulate, or none with the name asked for. */
  RECORD = 'AAF-SIM-RECORD',
  /** A scenario that does not follow the scenario schema. */
  SCENARIO = 'AAF-SIM-SCENARIO',
  /** A scenario name that is unknown, or both a built-in scenario and a file. */
  SCENARIO_NAME = 'AAF-SIM-SCENARIO-NAME',
  /** A scenario that names a Region the failover does not have. */
  SCENARIO_REGION = 'AAF-SIM-SCENARIO-REGION',
  /** Two evacuations of one Region whose minutes overlap. */
  EVACUATION_OVERLAP = 'AAF-SIM-EVACUATION-OVERLAP',
  /** Users without a latency to one of the failover's Regions. */
  USERS = 'AAF-SIM-USERS',
  /** An assumption or profile outside its documented bounds. */
  ASSUMPTION = 'AAF-SIM-ASSUMPTION',
  /** A command-line option that is unknown, missing or malformed. */
  OPTION = 'AAF-SIM-OPTION',
  /** An output folder that is a file or cannot be written. */
  OUT = 'AAF-SIM-OUT',
  /** A history file that does not follow the history format (docs/calibration.md, "The history file"). */
  HISTORY = 'AAF-SIM-HISTORY',
  /** A history without a series the failover's alarms or republishers read, or of other Regions than the failover's. */
  HISTORY_SERIES = 'AAF-SIM-HISTORY-SERIES',
  /** An incidents file that does not follow its format, or names a Region or time outside the history. */
  INCIDENTS = 'AAF-SIM-INCIDENTS',
  /** A command that calls AWS run where the AWS SDK for JavaScript v3 client it needs cannot be loaded. */
  AWS_SDK = 'AAF-SIM-AWS-SDK',
  /** An AWS call that failed: credentials, permissions, or throttling beyond the retries (exit code 3). */
  AWS = 'AAF-SIM-AWS',
  /** A dimensions file that does not follow its format, or a dimension token of the templates that cannot be resolved. */
  HISTORY_DIMENSIONS = 'AAF-SIM-HISTORY-DIMENSIONS',
  /** No drill of the Region and fault asked for in the assembly, or an experiment whose template is not a drill of the assembly. */
  DRILL = 'AAF-SIM-DRILL',
  /** A drill experiment template that does not follow the drill contract, or whose parameters FIS or the drill plan's model would not accept. */
  DRILL_TEMPLATE = 'AAF-SIM-DRILL-TEMPLATE',
}

/**
 * An input the simulator cannot read or model: a file, a template, a
 * scenario or an option. Its message starts with its rule id.
 */
export class InputError extends Error {
  /** The message without the id (to be prefixed, e.g. with the option it came from). */
  public readonly detail: string;

  constructor(public readonly ruleId: string, detail: string) {
    const prefix = `[${ruleId}] `;
    super(detail.startsWith(prefix) ? detail : `${prefix}${detail}`);
    this.detail = detail.startsWith(prefix) ? detail.slice(prefix.length) : detail;
    this.name = 'InputError';
  }
}

/** The text of a JSON file without its UTF-8 byte order mark, if any. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The parsed JSON of a file. Throws an InputError naming the file (as
 * `what`, e.g. "template 'x.json' of stack 'S'") when it is missing, not a
 * file, unreadable or not JSON.
 */
export function readJsonFile(file: string, what: string = `'${file}'`): unknown {
  return parseJsonText(readTextFile(file, what), what);
}

/** The text of a file; an InputError naming it when it is missing, a folder or unreadable. */
export function readTextFile(file: string, what: string = `'${file}'`): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new InputError(SimulatorErrorId.FILE, `${what} does not exist (${file}).`);
  }
  if (!stat.isFile()) {
    throw new InputError(SimulatorErrorId.FILE, `${what} is ${stat.isDirectory() ? 'a folder' : 'not a regular file'}, not a JSON file (${file}).`);
  }
  try {
    return stripBom(fs.readFileSync(file, 'utf-8'));
  } catch (e) {
    throw new InputError(SimulatorErrorId.FILE, `${what} cannot be read (${file}): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
}

/** Parsed JSON text (a byte order mark accepted); an InputError naming `what` when it is not JSON. */
export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(stripBom(text));
  } catch (e) {
    throw new InputError(SimulatorErrorId.FILE, `${what} is not valid JSON (${(e as Error).message}).`);
  }
}

/** Whether a value is a plain object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
