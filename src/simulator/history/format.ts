/**
 * The history file: a service's recorded metrics, minute by minute, as
 * `history fetch` writes it and `backtest` and `calibrate` read it
 * (docs/calibration.md, "The history file"). Any tool can write one.
 *
 * JSON Lines, gzip-compressed or not (the reader tells by the first bytes):
 *
 * - line 1, the header: `{"format": "cdk-active-active-failover/history",
 *   "version": 1, "start": "2026-11-01T00:00:00Z", "minutes": 20160,
 *   "periodSeconds": 60, "regions": ["us-east-1", ...], "source": "..."}`;
 * - then one line per series: `{"region", "namespace", "metricName",
 *   "dimensions": [{"Name", "Value"}], "statistic", "values": [...]}` with
 *   exactly `minutes` values, one per minute from `start`, `null` where
 *   CloudWatch has no datapoint.
 *
 * A series is one statistic of one metric in one Region, as GetMetricData
 * returns it with a 60-second period (`Sum`, `Average`, `Maximum`, `p99`...).
 */
import * as fs from 'fs';
import * as zlib from 'zlib';
import { canonicalStatistic } from './statistics';
import { InputError, isObject, SimulatorErrorId } from '../inputs';
import { PRODUCED_METRICS } from '../produced-metrics';

/** The `format` of the header line. */
export const HISTORY_FORMAT = 'cdk-active-active-failover/history';

/** The version this reader and writer speak. A reader refuses a newer one. */
export const HISTORY_VERSION = 1;

/** The one period of a history: CloudWatch's 1-minute resolution. */
export const HISTORY_PERIOD_SECONDS = 60;

/** The most minutes a history may hold: 63 days (CloudWatch keeps 1-minute data for 15 days only). */
export const MAX_HISTORY_MINUTES = 63 * 24 * 60;

/** A metric dimension, as CloudWatch's APIs name it. */
export interface HistoryDimension {
  readonly Name: string;
  readonly Value: string;
}

/** What a series is: one statistic of one metric in one Region. */
export interface SeriesKey {
  readonly region: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: readonly HistoryDimension[];
  /** As CloudWatch names it; percentiles as `p99` (see canonicalStatistic). */
  readonly statistic: string;
}

/** A recorded series: one value per minute, NaN where there is no datapoint. */
export interface HistorySeries extends SeriesKey {
  readonly values: Float64Array;
}

/** The header line. */
export interface HistoryHeader {
  readonly format: typeof HISTORY_FORMAT;
  readonly version: number;
  /** The first minute, an ISO 8601 instant on a whole minute (UTC). */
  readonly start: string;
  readonly minutes: number;
  readonly periodSeconds: number;
  /** The failover's Regions the history covers. */
  readonly regions: readonly string[];
  /** Who wrote it and how (free text: "history fetch, 14 days", "generated, seed 1"). */
  readonly source?: string;
}

/** A history as read. */
export interface History {
  readonly header: HistoryHeader;
  readonly series: readonly HistorySeries[];
}

/** The series' identity as text: equal keys are the same series. */
export function seriesId(key: SeriesKey): string {
  const dims = [...key.dimensions].map(d => `${d.Name}=${d.Value}`).sort().join(',');
  return `${key.region}|${key.namespace}|${key.metricName}|${dims}|${canonicalStatistic(key.statistic)}`;
}

/** The text of a history file (JSON Lines, uncompressed). */
export function historyText(history: History): string {
  const lines = [JSON.stringify(history.header)];
  for (const s of history.series) {
    const values = Array.from(s.values, v => (Number.isFinite(v) ? round(v) : null));
    lines.push(JSON.stringify({
      region: s.region, namespace: s.namespace, metricName: s.metricName, dimensions: s.dimensions, statistic: s.statistic, values,
    }));
  }
  return lines.join('\n') + '\n';
}

/** Writes a history file; gzip-compressed when the name ends in `.gz`. */
export function writeHistory(file: string, history: History): void {
  const text = historyText(history);
  try {
    fs.writeFileSync(file, file.endsWith('.gz') ? zlib.gzipSync(text) : text);
  } catch (e) {
    throw new InputError(SimulatorErrorId.OUT, `the history file '${file}' cannot be written: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
}

/** Reads and checks a history file (gzip-compressed or not). */
export function readHistory(file: string): History {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(SimulatorErrorId.FILE, code === 'ENOENT' ? `the history file '${file}' does not exist.`
      : `the history file '${file}' cannot be read: ${code === 'EISDIR' ? 'it is a folder' : code ?? (e as Error).message}.`);
  }
  let text: string;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      text = zlib.gunzipSync(bytes).toString('utf-8');
    } catch (e) {
      throw new InputError(SimulatorErrorId.HISTORY, `the history file '${file}' is gzip-compressed but cannot be decompressed (${(e as Error).message}).`);
    }
  } else {
    text = bytes.toString('utf-8');
  }
  return parseHistory(text, `the history file '${file}'`);
}

/** A history read from its text (JSON Lines); `what` names it in errors. */
export function parseHistory(text: string, what: string): History {
  const lines = text.replace(/^\uFEFF/, '').split('\n').map(l => l.trim());
  const error = (line: number, message: string) => new InputError(SimulatorErrorId.HISTORY, `${what}, line ${line}: ${message}`);
  const parse = (i: number): unknown => {
    try {
      return JSON.parse(lines[i]);
    } catch (e) {
      throw error(i + 1, `not JSON (${(e as Error).message}).`);
    }
  };
  if (lines[0] === undefined || lines[0] === '') {
    throw error(1, `is empty; the first line is the header {"format": "${HISTORY_FORMAT}", "version": ${HISTORY_VERSION}, ...}.`);
  }
  const header = checkHeader(parse(0), m => error(1, m));
  const series: HistorySeries[] = [];
  const seen = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') {
      continue;
    }
    const s = checkSeries(parse(i), header, m => error(i + 1, m));
    const id = seriesId(s);
    if (seen.has(id)) {
      throw error(i + 1, `repeats the series of line ${seen.get(id)} (${describeSeries(s)}); each series appears once.`);
    }
    seen.set(id, i + 1);
    series.push(s);
  }
  return { header, series };
}

/** A series for messages: `p99 of AWS/ApplicationELB TargetResponseTime in us-east-1`. */
export function describeSeries(key: SeriesKey): string {
  const dims = key.dimensions.length === 0 ? '' : ` {${key.dimensions.map(d => `${d.Name}=${d.Value}`).join(', ')}}`;
  return `${key.statistic} of ${key.namespace} ${key.metricName}${dims} in ${key.region}`;
}

/** Whether a value can be a history's `start`: an ISO 8601 UTC instant on a whole minute, such as "2026-11-01T00:00:00Z". */
export function isHistoryStart(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:00(\.0+)?)?Z$/.test(value) && instantOf(value) !== undefined;
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * The milliseconds of an ISO 8601 instant with its offset (`Z` or `+hh:mm`),
 * such as "2026-11-03T14:05:00Z"; undefined for anything else: a time
 * without an offset (JavaScript would read it in the machine's time zone) or
 * a day or time that does not exist (JavaScript reads "02-30" as March 2).
 */
export function instantOf(value: unknown): number | undefined {
  const m = typeof value === 'string' ? INSTANT.exec(value) : null;
  if (m === null) {
    return undefined;
  }
  const [year, month, day, hours, minutes, seconds] = m.slice(1, 7).map(x => Number(x ?? 0));
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hours, minutes, seconds);
  const exists = wall.getUTCFullYear() === year && wall.getUTCMonth() === month - 1 && wall.getUTCDate() === day
    && wall.getUTCHours() === hours && wall.getUTCMinutes() === minutes && wall.getUTCSeconds() === seconds;
  const ms = Date.parse(value as string);
  return exists && !Number.isNaN(ms) ? ms : undefined;
}

/** Why a series' values cannot be negative (a count, or a metric AWS never reports below 0); undefined: they can. */
function nonNegativeReason(namespace: string, metricName: string, statistic: string): string | undefined {
  if (statistic === 'SampleCount') {
    return 'a SampleCount counts datapoints';
  }
  return PRODUCED_METRICS.some(p => p.namespace === namespace && p.name === metricName) ? `${namespace} ${metricName} is never negative` : undefined;
}

/** Whether a value has the form of a Region code, such as "us-east-1". */
export function isRegionCode(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(value);
}

type Fail = (message: string) => Error;

function checkHeader(raw: unknown, fail: Fail): HistoryHeader {
  if (!isObject(raw)) {
    throw fail(`the header must be an object, got: ${JSON.stringify(raw)}.`);
  }
  if (raw.format !== HISTORY_FORMAT) {
    throw fail(`'format' must be "${HISTORY_FORMAT}", got: ${JSON.stringify(raw.format)}. Is this a history file?`);
  }
  if (!Number.isInteger(raw.version) || raw.version < 1 || raw.version > HISTORY_VERSION) {
    throw fail(`'version' must be a whole number from 1 to ${HISTORY_VERSION} (this version of the tool reads version ${HISTORY_VERSION}), `
      + `got: ${JSON.stringify(raw.version)}.`);
  }
  if (!isHistoryStart(raw.start)) {
    throw fail(`'start' must be an ISO 8601 UTC instant on a whole minute such as "2026-11-01T00:00:00Z", got: ${JSON.stringify(raw.start)}.`);
  }
  if (!Number.isInteger(raw.minutes) || raw.minutes < 1 || raw.minutes > MAX_HISTORY_MINUTES) {
    throw fail(`'minutes' must be a whole number from 1 to ${MAX_HISTORY_MINUTES} (63 days), got: ${JSON.stringify(raw.minutes)}.`);
  }
  if (raw.periodSeconds !== HISTORY_PERIOD_SECONDS) {
    throw fail(`'periodSeconds' must be ${HISTORY_PERIOD_SECONDS} (one value per minute), got: ${JSON.stringify(raw.periodSeconds)}.`);
  }
  if (!Array.isArray(raw.regions) || raw.regions.length === 0 || !raw.regions.every(isRegionCode)
    || new Set(raw.regions).size !== raw.regions.length) {
    throw fail(`'regions' must be a list of distinct Region codes such as ["us-east-1", "eu-central-1"], got: ${JSON.stringify(raw.regions)}.`);
  }
  if (raw.source !== undefined && typeof raw.source !== 'string') {
    throw fail(`'source' must be text when given, got: ${JSON.stringify(raw.source)}.`);
  }
  return {
    format: HISTORY_FORMAT,
    version: raw.version,
    start: new Date(raw.start).toISOString().replace('.000Z', 'Z'),
    minutes: raw.minutes,
    periodSeconds: raw.periodSeconds,
    regions: raw.regions,
    source: raw.source,
  };
}

function checkSeries(raw: unknown, header: HistoryHeader, fail: Fail): HistorySeries {
  if (!isObject(raw)) {
    throw fail(`a series must be an object, got: ${JSON.stringify(raw)?.slice(0, 80)}.`);
  }
  for (const name of ['region', 'namespace', 'metricName', 'statistic']) {
    if (typeof raw[name] !== 'string' || raw[name] === '') {
      throw fail(`'${name}' must be non-empty text, got: ${JSON.stringify(raw[name])}.`);
    }
  }
  if (!header.regions.includes(raw.region)) {
    throw fail(`'region' is ${JSON.stringify(raw.region)}, which is not one of the header's regions (${header.regions.join(', ')}).`);
  }
  if (canonicalStatistic(raw.statistic) === undefined) {
    throw fail(`'statistic' must be Sum, SampleCount, Average, Minimum, Maximum or a percentile such as p99, got: ${JSON.stringify(raw.statistic)}.`);
  }
  const dimensions = raw.dimensions ?? [];
  if (!Array.isArray(dimensions) || !dimensions.every(d => isObject(d) && typeof d.Name === 'string' && typeof d.Value === 'string')) {
    throw fail(`'dimensions' must be a list of {"Name": "...", "Value": "..."} with text values, got: ${JSON.stringify(raw.dimensions)}.`);
  }
  const names = dimensions.map((d: HistoryDimension) => d.Name);
  const repeated = names.find((n: string, i: number) => names.indexOf(n) !== i);
  if (repeated !== undefined) {
    throw fail(`'dimensions' names ${JSON.stringify(repeated)} more than once (a metric has each dimension once), got: ${JSON.stringify(raw.dimensions)}.`);
  }
  if (!Array.isArray(raw.values) || raw.values.length !== header.minutes) {
    throw fail(`'values' must be a list of ${header.minutes} values (the header's 'minutes'), got: `
      + `${Array.isArray(raw.values) ? `${raw.values.length} values` : JSON.stringify(raw.values)}.`);
  }
  const values = new Float64Array(header.minutes);
  const nonNegative = nonNegativeReason(raw.namespace, raw.metricName, canonicalStatistic(raw.statistic)!);
  for (let m = 0; m < header.minutes; m++) {
    const v = raw.values[m];
    if (v === null) {
      values[m] = NaN;
    } else if (typeof v === 'number' && Number.isFinite(v) && (v >= 0 || nonNegative === undefined)) {
      values[m] = v;
    } else if (typeof v === 'number' && Number.isFinite(v)) {
      throw fail(`'values[${m}]' must be 0 or more (${nonNegative}), got: ${v}.`);
    } else {
      throw fail(`'values[${m}]' must be a finite number or null (no datapoint), got: ${JSON.stringify(v)}.`);
    }
  }
  return {
    region: raw.region,
    namespace: raw.namespace,
    metricName: raw.metricName,
    dimensions: dimensions.map((d: HistoryDimension) => ({ Name: d.Name, Value: d.Value })),
    statistic: canonicalStatistic(raw.statistic)!,
    values,
  };
}

/** Six significant digits are more than CloudWatch's own. */
function round(v: number): number {
  return Number(v.toPrecision(6));
}
