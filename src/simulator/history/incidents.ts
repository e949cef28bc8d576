/**
 * The incidents file: the outages a team knows of, per Region, to tell the
 * departures of a backtest into caught incidents and false failovers
 * (docs/calibration.md, "The incidents file"):
 *
 *   {"incidents": [{"region": "us-east-1", "start": "2026-11-03T14:05:00Z",
 *                   "end": "2026-11-03T14:50:00Z", "label": "bad deploy"}]}
 *
 * `end` is the first minute after the incident. Instants are rounded down to
 * the minute; both must lie within the history.
 */
import { HistoryHeader, instantOf } from './format';
import { InputError, isObject, readJsonFile, SimulatorErrorId } from '../inputs';

/** A known incident, in minutes from the history's start. */
export interface Incident {
  readonly region: string;
  readonly startMinute: number;
  /** The first minute after it. */
  readonly endMinute: number;
  readonly label?: string;
}

/** Reads and checks an incidents file against the history it describes. */
export function readIncidents(file: string, header: HistoryHeader): Incident[] {
  return checkIncidents(readJsonFile(file, `the incidents file '${file}'`), header, `the incidents file '${file}'`);
}

/** Checks an incidents document against the history's header; `what` names it in errors. */
export function checkIncidents(raw: unknown, header: HistoryHeader, what: string): Incident[] {
  const fail = (message: string) => new InputError(SimulatorErrorId.INCIDENTS, `${what}: ${message}`);
  if (!isObject(raw) || !Array.isArray(raw.incidents)) {
    throw fail('must be an object {"incidents": [{"region", "start", "end", "label"?}]}, got: '
      + `${JSON.stringify(raw)?.slice(0, 80)}.`);
  }
  const start = Date.parse(header.start);
  const minuteOf = (value: unknown, path: string): number => {
    const ms = instantOf(value);
    if (ms === undefined) {
      throw fail(`'${path}' must be an ISO 8601 instant with its offset (Z for UTC) such as "2026-11-03T14:05:00Z" or "2026-11-03T16:05:00+02:00", `
        + `got: ${JSON.stringify(value)}.`);
    }
    const minute = Math.floor((ms - start) / 60_000);
    if (minute < 0 || minute > header.minutes) {
      throw fail(`'${path}' is ${value}, outside the history (${header.start}, ${header.minutes} minutes).`);
    }
    return minute;
  };
  const incidents: Incident[] = raw.incidents.map((incident: unknown, i: number) => {
    const path = `incidents[${i}]`;
    if (!isObject(incident)) {
      throw fail(`'${path}' must be an object {"region", "start", "end", "label"?}, got: ${JSON.stringify(incident)}.`);
    }
    if (!header.regions.includes(incident.region)) {
      throw fail(`'${path}.region' must be one of the history's Regions (${header.regions.join(', ')}), got: ${JSON.stringify(incident.region)}.`);
    }
    const startMinute = minuteOf(incident.start, `${path}.start`);
    const endMinute = minuteOf(incident.end, `${path}.end`);
    if (endMinute <= startMinute) {
      throw fail(`'${path}.end' (${incident.end}) must be at least a minute after its start (${incident.start}).`);
    }
    if (incident.label !== undefined && typeof incident.label !== 'string') {
      throw fail(`'${path}.label' must be text when given, got: ${JSON.stringify(incident.label)}.`);
    }
    return { region: incident.region, startMinute, endMinute, label: incident.label };
  });
  // A departure belongs to one incident: two of one Region that overlap would each claim it (and one be reported missed).
  incidents.forEach((a, i) => {
    const j = incidents.findIndex((b, k) => k < i && b.region === a.region && b.startMinute < a.endMinute && a.startMinute < b.endMinute);
    if (j >= 0) {
      const at = (k: number) => `${raw.incidents[k].start} to ${raw.incidents[k].end}`;
      throw fail(`'incidents[${i}]' (${a.region}, ${at(i)}) overlaps 'incidents[${j}]' (${at(j)}): a departure would belong to both; `
        + 'merge them into one incident.');
    }
  });
  return incidents;
}

/** The incidents as a file's document, instants from the history's start. */
export function incidentsDocument(incidents: readonly Incident[], header: HistoryHeader): { incidents: object[] } {
  const at = (minute: number) => new Date(Date.parse(header.start) + minute * 60_000).toISOString().replace('.000Z', 'Z');
  return {
    incidents: incidents.map(i => ({
      region: i.region, start: at(i.startMinute), end: at(i.endMinute), ...(i.label === undefined ? {} : { label: i.label }),
    })),
  };
}
