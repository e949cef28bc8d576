/**
 * The incidents a generated history holds (see generate.ts): the article's
 * four gray failures, planted at chosen times, Regions and magnitudes, and
 * the default plan that spreads them over the history so that both halves
 * (the first calibrates, the second is held out) hold every kind.
 */
import { draw } from '../random';
import { Incident } from './incidents';
import { InputError, SimulatorErrorId } from '../inputs';

/** The article's gray failures, named as the simulator's built-in scenarios. */
export type IncidentKind = 'gray-p99' | 'gray-5xx' | 'gray-connection-errors' | 'gray-cpu';

/** What each kind does to the Region, its unit, default magnitude and allowed range. */
export interface IncidentKindSpec {
  readonly what: string;
  readonly unit: 's' | '%';
  readonly defaultMagnitude: number;
  readonly min: number;
  readonly max: number;
}

/** The kinds, in the order of the default plan. */
export const INCIDENT_KINDS: Readonly<Record<IncidentKind, IncidentKindSpec>> = {
  'gray-p99': { what: 'p99 of TargetResponseTime, in seconds (the average stays under 200 ms)', unit: 's', defaultMagnitude: 2.5, min: 0.1, max: 60 },
  'gray-5xx': { what: 'share of requests a target answers with a 5xx, in percent', unit: '%', defaultMagnitude: 8, min: 0.1, max: 100 },
  'gray-connection-errors': { what: 'share of requests whose connection to a target fails, in percent', unit: '%', defaultMagnitude: 6, min: 0.1, max: 100 },
  'gray-cpu': { what: 'the service\'s average CPU utilization, in percent', unit: '%', defaultMagnitude: 97, min: 1, max: 100 },
};

/** An incident to plant: one gray failure in one Region. */
export interface PlannedIncident {
  readonly kind: IncidentKind;
  readonly region: string;
  /** Minutes from the history's start. */
  readonly startMinute: number;
  readonly durationMinutes: number;
  /** In the kind's unit (INCIDENT_KINDS): seconds for gray-p99, percent for the others. */
  readonly magnitude: number;
}

/** The incident as the incidents file holds it, labelled `gray-5xx 8 %`. */
export function incidentOf(planned: PlannedIncident): Incident {
  const unit = INCIDENT_KINDS[planned.kind].unit;
  return {
    region: planned.region,
    startMinute: planned.startMinute,
    endMinute: planned.startMinute + planned.durationMinutes,
    label: `${planned.kind} ${Number(planned.magnitude.toPrecision(4))} ${unit}`,
  };
}

/** Incidents the default plan places: each kind once in each half of the history. */
export const DEFAULT_PLAN_INCIDENTS_PER_HALF = Object.keys(INCIDENT_KINDS).length;
/** The shortest history the default plan fills (one day); shorter ones get no incident. */
export const DEFAULT_PLAN_MIN_MINUTES = 24 * 60;
/** The default plan's durations: 20 to 60 minutes. */
export const DEFAULT_PLAN_DURATION_MINUTES: readonly [number, number] = [20, 60];
/** The default plan keeps incidents this far from the edges of a half (alarms warm up, a half's boundary). */
export const DEFAULT_PLAN_EDGE_MINUTES = 30;
/** ... and at least this far apart in one Region (each is over before the next). */
export const DEFAULT_PLAN_SPACING_MINUTES = 120;
/**
 * ... and, where it can, in the Region's local afternoon and evening (12:00 to
 * 20:00), its busiest hours: an incident in a quiet Region's night is seen by
 * a handful of requests and no setting catches it without false failovers.
 */
export const DEFAULT_PLAN_LOCAL_HOURS: readonly [number, number] = [12, 20];

/**
 * The default plan: the four kinds once in each half, at their default
 * magnitudes, for 20 to 60 minutes; the Regions taken in turn (incident j in
 * Region j mod n), so with three Regions each kind meets two of them. Times
 * and durations are drawn from the seed; a Region's incidents never overlap.
 * Empty for a history shorter than a day. `utcOffsetHours` gives a Region's
 * local time.
 */
export function defaultIncidentPlan(regions: readonly string[], minutes: number, seed: number, startMs: number,
  utcOffsetHours: (region: string) => number): PlannedIncident[] {
  if (minutes < DEFAULT_PLAN_MIN_MINUTES) {
    return [];
  }
  const kinds = Object.keys(INCIDENT_KINDS) as IncidentKind[];
  const half = Math.floor(minutes / 2);
  const plan: PlannedIncident[] = [];
  for (let j = 0; j < 2 * kinds.length; j++) {
    const kind = kinds[j % kinds.length];
    const region = regions[j % regions.length];
    const [from, to] = j < kinds.length ? [0, half] : [half, minutes];
    const [shortest, longest] = DEFAULT_PLAN_DURATION_MINUTES;
    const duration = shortest + Math.floor(draw(seed, 'plan', j, 'duration') * (longest - shortest + 1));
    const free = (start: number, spacing: number) => plan.every(p => p.region !== region
      || start + duration + spacing <= p.startMinute || p.startMinute + p.durationMinutes + spacing <= start);
    const local = (start: number) => {
      const hour = (((startMs / 60_000 + start) / 60 + utcOffsetHours(region)) % 24 + 24) % 24;
      return hour >= DEFAULT_PLAN_LOCAL_HOURS[0] && hour + duration / 60 <= DEFAULT_PLAN_LOCAL_HOURS[1];
    };
    const starts: number[] = [];
    for (let s = from + DEFAULT_PLAN_EDGE_MINUTES; s + duration + DEFAULT_PLAN_EDGE_MINUTES <= to; s++) {
      starts.push(s);
    }
    // The local afternoon if it can, else any time apart from the Region's other incidents, else any time they leave free:
    // a half holds at most 4 incidents of a Region, and 3 of at most 60 minutes leave a gap of 60 in 11 hours (a day's half less its edges).
    const spacing = DEFAULT_PLAN_SPACING_MINUTES;
    const candidates = [starts.filter(s => free(s, spacing) && local(s)), starts.filter(s => free(s, spacing)), starts.filter(s => free(s, 0))]
      .find(c => c.length > 0)!;
    const startMinute = candidates[Math.floor(draw(seed, 'plan', j, 'start') * candidates.length)];
    plan.push({ kind, region, startMinute, durationMinutes: duration, magnitude: INCIDENT_KINDS[kind].defaultMagnitude });
  }
  return plan.sort((a, b) => a.startMinute - b.startMinute || regions.indexOf(a.region) - regions.indexOf(b.region));
}

/** Checks incidents to plant against the history's Regions and length. */
export function checkPlannedIncidents(incidents: readonly PlannedIncident[], regions: readonly string[], minutes: number): PlannedIncident[] {
  if (!Array.isArray(incidents)) {
    throw new InputError(SimulatorErrorId.INCIDENTS, `the incidents to plant must be a list, got: ${JSON.stringify(incidents)}.`);
  }
  return incidents.map((incident, i) => {
    const fail = (property: string, allowed: string) => new InputError(SimulatorErrorId.INCIDENTS,
      `incidents[${i}].${property} must be ${allowed}, got: ${JSON.stringify((incident as any)?.[property])}.`);
    const spec = Object.prototype.hasOwnProperty.call(INCIDENT_KINDS, incident?.kind) ? INCIDENT_KINDS[incident.kind as IncidentKind] : undefined;
    if (spec === undefined) {
      throw fail('kind', `one of ${Object.keys(INCIDENT_KINDS).join(', ')}`);
    }
    if (!regions.includes(incident.region)) {
      throw fail('region', `one of the history's Regions (${regions.join(', ')})`);
    }
    if (!Number.isInteger(incident.startMinute) || incident.startMinute < 0 || incident.startMinute >= minutes) {
      throw fail('startMinute', `a whole number of minutes from 0 to ${minutes - 1} (within the history)`);
    }
    const left = minutes - incident.startMinute;
    if (!Number.isInteger(incident.durationMinutes) || incident.durationMinutes < 1 || incident.durationMinutes > left) {
      throw fail('durationMinutes', `a whole number of minutes from 1 to ${left} (the incident ends within the history)`);
    }
    if (typeof incident.magnitude !== 'number' || !(incident.magnitude >= spec.min && incident.magnitude <= spec.max)) {
      throw fail('magnitude', `a number from ${spec.min} to ${spec.max} (${spec.what})`);
    }
    const { kind, region, startMinute, durationMinutes, magnitude } = incident;
    return { kind, region, startMinute, durationMinutes, magnitude };
  });
}
