/**
 * Backtest: a service's recorded minutes replayed through the simulator
 * (alarms, the republisher's verdicts, Route 53, DNS, users: the same code
 * as `simulate`, with the history as its source of minutes, replay.ts).
 * It reports every period a Region would have left DNS: for how long, which
 * signals took it out, the share of users it would have moved; with known
 * incidents, which departures caught one (and how fast) and which were false.
 */
import { describeSeries, History } from './format';
import { Incident } from './incidents';
import { historySource, matchHistory, MatchedHistory, seriesWithoutData } from './replay';
import { SourceMetric, sourceMetrics } from './sources';
import { HealthCheckModel, HealthInputs, StackTemplate } from '../dns';
import { simulateWith } from '../engine';
import { InputError, SimulatorErrorId } from '../inputs';
import { SimulationOptions, SimulationResult } from '../result';
import { HEALTHY_CONDITION, Scenario } from '../scenario';
import { readTopology, Topology } from '../topology';

/** Options of a backtest. */
export interface BacktestOptions extends SimulationOptions {
  /** Known incidents, in minutes from the history's start. */
  readonly incidents?: readonly Incident[];
  /** The first minute of the history to replay (default 0). */
  readonly fromMinute?: number;
  /** The first minute after the replay (default: the history's end). */
  readonly toMinute?: number;
}

/** A period a Region was out of DNS in the replay. */
export interface Departure {
  readonly region: string;
  /** The minute DNS stopped answering with the Region (from the history's start). */
  readonly startMinute: number;
  /** The first minute back in DNS; undefined: still out at the end of the replay. */
  readonly endMinute?: number;
  readonly durationMinutes: number;
  /** The signals (health checks' alarms) that were unhealthy when it left. */
  readonly signals: readonly string[];
  /** The Region's share of all users' requests in the minute before it left (what DNS moved). */
  readonly shareOfUsers: number;
  /** The incident it caught; undefined: a false failover (when incidents are given). */
  readonly incident?: Incident;
  /** Minutes from the incident's start to the departure. */
  readonly detectionMinutes?: number;
}

/** The result of a backtest. */
export interface BacktestResult {
  readonly history: History['header'];
  readonly fromMinute: number;
  readonly toMinute: number;
  /** The replay as a simulation: its timeline (minute 0 is `fromMinute`) and summary. */
  readonly simulation: SimulationResult;
  readonly departures: readonly Departure[];
  /** Incidents given, and whether a departure caught each. */
  readonly incidents: readonly { readonly incident: Incident; readonly detectionMinutes?: number }[];
  /** Whether incidents were given (even if none falls in the replayed minutes). */
  readonly incidentsGiven: boolean;
  /** Departures that no incident explains (all departures when no incidents are given). */
  readonly falseFailovers: number;
  readonly warnings: readonly string[];
}

/** A backtest of the failover in `stacks` against `history`. */
export function backtest(stacks: StackTemplate[], history: History, options: BacktestOptions = {}): BacktestResult {
  const topology = readTopology(stacks);
  const recordName = options.recordName ?? topology.dns.busiestLatencyName();
  const regions = topology.dns.failoverRegions(recordName);
  return backtestTopology(topology, sourceMetrics(topology, stacks, regions), history, options);
}

/** A backtest of a topology whose sources are known (calibration replays one topology many times). */
export function backtestTopology(topology: Topology, sources: readonly SourceMetric[], history: History, options: BacktestOptions = {},
  matched?: MatchedHistory): BacktestResult {
  const from = options.fromMinute ?? 0;
  const to = options.toMinute ?? history.header.minutes;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > history.header.minutes || to <= from) {
    throw new InputError(SimulatorErrorId.OPTION, `the minutes to replay must satisfy 0 <= from < to <= ${history.header.minutes} (the history's), `
      + `got: from ${from}, to ${to}.`);
  }
  const recordName = options.recordName ?? topology.dns.busiestLatencyName();
  const regions = topology.dns.failoverRegions(recordName);
  const m = matched ?? matchHistory(history, sources, regions);
  const incidents = (options.incidents ?? []).filter(i => i.endMinute > from && i.startMinute < to);
  // The signals unhealthy when a Region leaves DNS, by `<region>|<minute>` (only those minutes are kept).
  const causes = new Map<string, string[]>();
  const metricChecks = [...topology.leafChecks.values()].filter(c => c.type === 'CLOUDWATCH_METRIC' && c.alarm);
  const wasHealthy = new Map(regions.map(r => [r, true]));
  const simulation = replayHistory(topology, m, history, { ...options, recordName, fromMinute: from, toMinute: to, incidents }, (t, inputs) => {
    for (const region of regions) {
      const healthy = topology.dns.regionHealthy(recordName, region, inputs);
      if (wasHealthy.get(region) && !healthy) {
        causes.set(`${region}|${t}`, metricChecks.filter(c => c.alarm!.region === region && !inputs.leafHealthy({ id: c.id } as HealthCheckModel))
          .map(c => signalName(c.alarm!.name, region)));
      }
      wasHealthy.set(region, healthy);
    }
  });
  const departures = findDepartures(simulation, regions, from, causes, m, incidents, simulation.assumptions.causeLookbackMinutes);
  const caught = new Map<Incident, number>();
  for (const d of departures) {
    if (d.incident && !caught.has(d.incident)) {
      caught.set(d.incident, d.detectionMinutes!);
    }
  }
  return {
    history: history.header,
    fromMinute: from,
    toMinute: to,
    simulation,
    departures,
    incidents: incidents.map(incident => ({ incident, detectionMinutes: caught.get(incident) })),
    incidentsGiven: options.incidents !== undefined,
    falseFailovers: departures.filter(d => d.incident === undefined).length,
    warnings: [
      ...simulation.warnings,
      ...(m.unused.length === 0 ? [] : [`the history has ${m.unused.length} series the failover does not read: left out.`]),
      ...seriesWithoutData(history.series.filter(x => !m.unused.includes(x)), from, to).map(x => `the history has no datapoint of ${describeSeries(x)} `
        + 'in the minutes replayed: what reads it (alarms, republished signals, target health) saw no data throughout and could not fail over on it.'),
    ],
  };
}

/**
 * Replays minutes [fromMinute, toMinute) of a matched history through the
 * simulator; `onMinute` sees the health inputs DNS follows each minute.
 * Known incidents are the degradations the summary explains departures with;
 * their conditions are the recorded minutes.
 */
export function replayHistory(topology: Topology, matched: MatchedHistory, history: History,
  options: SimulationOptions & { readonly fromMinute: number; readonly toMinute: number; readonly incidents: readonly Incident[] },
  onMinute?: (t: number, inputs: HealthInputs) => void): SimulationResult {
  const { fromMinute: from, toMinute: to, incidents } = options;
  const scenario: Scenario = {
    name: 'backtest',
    description: `${history.header.source ?? 'a recorded history'}: minutes ${from} to ${to} of ${history.header.minutes} from ${history.header.start}`,
    durationMinutes: to - from,
    baseline: HEALTHY_CONDITION,
    events: incidents.map(i => ({
      region: i.region,
      startMinute: Math.max(0, i.startMinute - from),
      endMinute: Math.min(to, i.endMinute) - from,
      degrades: true,
      condition: {},
      label: i.label,
      probeSeesFault: true,
      oneNode: false,
    })),
    evacuations: [],
    lateData: [],
    republisherFaults: [],
  };
  return simulateWith(topology, scenario, options, historySource(matched, { from }), { placeConditions: false, onMinute });
}

/**
 * The periods each Region was out of DNS, with their causes and share of
 * users; each is matched to the latest incident of its Region that started
 * at or before it and ended less than the look-back before it.
 */
function findDepartures(simulation: SimulationResult, regions: readonly string[], from: number, causes: ReadonlyMap<string, string[]>,
  matched: MatchedHistory, incidents: readonly Incident[], lookbackMinutes: number): Departure[] {
  const departures: Departure[] = [];
  const timeline = simulation.timeline;
  const shareOf = (region: string, minute: number): number => {
    const requests = (r: string) => {
      const v = matched.requests.get(r)?.[from + minute];
      return v === undefined || Number.isNaN(v) ? 0 : v;
    };
    const total = regions.reduce((a, r) => a + requests(r), 0);
    return total === 0 ? 0 : requests(region) / total;
  };
  regions.forEach((region, i) => {
    let start: number | undefined;
    for (let t = 0; t <= timeline.length; t++) {
      const healthy = t === timeline.length ? true : timeline[t].regions[i].healthy;
      if (!healthy && start === undefined) {
        start = t;
      } else if (healthy && start !== undefined) {
        const minute = from + start;
        const incident = incidents.filter(x => x.region === region && x.startMinute <= minute && minute - lookbackMinutes < x.endMinute).pop();
        departures.push({
          region,
          startMinute: minute,
          endMinute: t === timeline.length ? undefined : from + t,
          durationMinutes: t - start,
          signals: causes.get(`${region}|${start}`) ?? [],
          shareOfUsers: shareOf(region, Math.max(0, start - 1)),
          incident,
          detectionMinutes: incident === undefined ? undefined : minute - incident.startMinute,
        });
        start = undefined;
      }
    }
  });
  return departures.sort((a, b) => a.startMinute - b.startMinute || regions.indexOf(a.region) - regions.indexOf(b.region));
}

/** A signal's name from its alarm's (`<failover>-<region>-<signal>`). */
function signalName(alarmName: string, region: string): string {
  const i = alarmName.indexOf(`-${region}-`);
  return i < 0 ? alarmName : alarmName.slice(i + region.length + 2);
}
