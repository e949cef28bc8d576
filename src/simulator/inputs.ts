/**
 * The simulator's inputs as files: reading JSON (a UTF-8 byte order mark
 * accepted, as editors on Windows write it) and the error every bad input
 * raises. An `InputError` names the file or the option and what is allowed;
 * the command line prints its message and exits with 2, never a stack trace.
 */
import * as fs from 'fs';

/** An input the simulator cannot read or model: a file, a template, a scenario or an option. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
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
    throw new InputError(`${what} does not exist (${file}).`);
  }
  if (!stat.isFile()) {
    throw new InputError(`${what} is ${stat.isDirectory() ? 'a folder' : 'not a regular file'}, not a JSON file (${file}).`);
  }
  try {
    return stripBom(fs.readFileSync(file, 'utf-8'));
  } catch (e) {
    throw new InputError(`${what} cannot be read (${file}): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
}

/** Parsed JSON text (a byte order mark accepted); an InputError naming `what` when it is not JSON. */
export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(stripBom(text));
  } catch (e) {
    throw new InputError(`${what} is not valid JSON (${(e as Error).message}).`);
  }
}

/** Whether a value is a plain object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
