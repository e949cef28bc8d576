/**
 * The partial file of `history fetch`, `<out>.partial`: the chunks already
 * fetched, appended as each one completes, so a fetch that stops (an error, a
 * throttling that outlasts the retries, Ctrl-C) resumes where it stopped.
 *
 * JSON Lines: a header `{"format": "cdk-active-active-failover/history-partial",
 * "version": 1, "start", "minutes", "chunks", "series": [<series ids>]}`, then
 * one line per completed chunk `{"chunk": <index>, "values": [[...], ...]}`
 * (its series' values, `null` for no datapoint). A rerun with the same
 * sources and days resumes with the header's start, while it is still within
 * CloudWatch's 15 days of 1-minute data; otherwise it starts over and says why.
 * A line cut short by the interruption is ignored (its chunk is fetched again).
 */
import * as fs from 'fs';
import { seriesId, SeriesKey } from './format';
import { InputError, isObject, SimulatorErrorId } from '../inputs';

/** The `format` of a partial file's header. */
export const PARTIAL_FORMAT = 'cdk-active-active-failover/history-partial';

/** The fetch a partial file belongs to. */
export interface PartialHeader {
  readonly start: string;
  readonly minutes: number;
  readonly chunks: number;
  readonly series: readonly string[];
}

/** The header of a fetch of `series` over the window. */
export function partialHeader(start: Date, minutes: number, chunks: number, series: readonly SeriesKey[]): PartialHeader {
  return { start: start.toISOString(), minutes, chunks, series: series.map(seriesId) };
}

/** What a partial file holds for this fetch. */
export interface PartialState {
  /** The window's start to use: the partial's when it resumes. */
  readonly start: string;
  /** Completed chunks: index -> values per series. */
  readonly done: Map<number, (number | null)[][]>;
  /** Why the partial file was not resumed, when there was one. */
  readonly discarded?: string;
}

/**
 * The state of `file` for a fetch expecting `expected`: its chunks when the
 * header matches (same series, minutes, chunks) and its start is not before
 * `earliestStart`; otherwise none, with the reason.
 */
export function readPartial(file: string, expected: PartialHeader, earliestStart: Date): PartialState {
  const fresh = (discarded?: string): PartialState => ({ start: expected.start, done: new Map(), discarded });
  if (!fs.existsSync(file)) {
    return fresh();
  }
  const lines = fs.readFileSync(file, 'utf-8').split('\n');
  const header = parseLine(lines[0]);
  if (!isObject(header) || header.format !== PARTIAL_FORMAT || header.version !== 1) {
    return fresh(`'${file}' is not a partial file of history fetch`);
  }
  const same = header.minutes === expected.minutes && header.chunks === expected.chunks
    && JSON.stringify(header.series) === JSON.stringify(expected.series);
  if (!same) {
    return fresh(`'${file}' belongs to another fetch (other sources, dimensions or days)`);
  }
  if (typeof header.start !== 'string' || !(Date.parse(header.start) >= earliestStart.getTime())) {
    return fresh(`'${file}' starts at ${header.start}, beyond CloudWatch's 15 days of 1-minute data now`);
  }
  const done = new Map<number, (number | null)[][]>();
  for (const line of lines.slice(1)) {
    const chunk = parseLine(line);
    if (isObject(chunk) && Number.isInteger(chunk.chunk) && chunk.chunk >= 0 && chunk.chunk < expected.chunks && Array.isArray(chunk.values)
      && chunk.values.every((v: unknown) => Array.isArray(v) && v.every(x => x === null || typeof x === 'number'))) {
      done.set(chunk.chunk, chunk.values);
    }
  }
  return { start: header.start, done };
}

function parseLine(line: string | undefined): unknown {
  try {
    return line === undefined || line.trim() === '' ? undefined : JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** Starts `file` afresh with the header. */
export function startPartial(file: string, header: PartialHeader): void {
  write(file, () => fs.writeFileSync(file, JSON.stringify({ format: PARTIAL_FORMAT, version: 1, ...header }) + '\n'));
}

/** Appends a completed chunk. */
export function appendChunk(file: string, index: number, values: readonly Float64Array[]): void {
  const line = JSON.stringify({ chunk: index, values: values.map(v => Array.from(v, x => (Number.isFinite(x) ? x : null))) });
  write(file, () => fs.appendFileSync(file, line + '\n'));
}

/** Removes the partial file (the history is written). */
export function removePartial(file: string): void {
  fs.rmSync(file, { force: true });
}

function write(file: string, action: () => void): void {
  try {
    action();
  } catch (e) {
    throw new InputError(SimulatorErrorId.OUT, `--out: the partial file '${file}' cannot be written: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
}
