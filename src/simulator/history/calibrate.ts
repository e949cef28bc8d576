/**
 * Calibration: which thresholds and how many minutes of persistence fail
 * over fast on a real incident and never on a normal bad minute, found on
 * the service's own history (docs/calibration.md).
 *
 * 1. The history is cut in two: the first half calibrates, the second is
 *    held out for the report.
 * 2. The article's gray failures are overlaid on the first half at seeded
 *    random times (overlay.ts).
 * 3. Each tunable signal's thresholds and persistence are swept, one signal
 *    at a time, on the simulator's own alarm evaluation: every candidate is a
 *    copy of the signal's health check, alarm and republished rule, all
 *    replayed together over the same minutes, once unmodified (false
 *    failovers) and once overlaid (detection), with no Region leaving DNS.
 * 4. Per signal, the fastest candidate that catches every overlaid incident
 *    of the failure it watches and raises no false failover, with a margin:
 *    the threshold one step lower raises none either; among the fastest, the
 *    one furthest from both the noise and the incidents' magnitude.
 * 5. The recommended settings, the settings as synthesized and the
 *    article's setup are replayed whole (DNS and users included) on the
 *    held-out half, unmodified and with fresh overlays.
 * Deterministic for a seed.
 */
import { replayHistory } from './backtest';
import { medianRequests, noEvidence, statisticOf } from './calibrate-evidence';
import { History } from './format';
import { adviceOf, HeldOutRun, heldOutRuns } from './held-out';
import { Incident } from './incidents';
import { DEFAULT_MAGNITUDES, GrayFailure, Overlay, OverlayMagnitudes, overlayHistory, planOverlays } from './overlay';
import { matchHistory } from './replay';
import { SourceMetric, sourceMetrics } from './sources';
import { SignalSettings, sweepTopology, tunableSignals, TunableSignal, watchedFailure } from './tunable-signals';
import { StackTemplate, HealthCheckModel } from '../dns';
import { InputError, SimulatorErrorId } from '../inputs';
import { SimulationOptions } from '../result';
import { readTopology, Topology } from '../topology';

/** Options of a calibration. */
export interface CalibrationOptions extends SimulationOptions {
  /** Known incidents: overlays avoid them, and a departure during one is no false failover. */
  readonly incidents?: readonly Incident[];
  readonly magnitudes?: OverlayMagnitudes;
  /** Overlaid incidents of each gray failure in each half (default 6). */
  readonly overlaysPerFailure?: number;
  /** How long each overlaid incident lasts (default 30 minutes). */
  readonly overlayMinutes?: number;
  /** Thresholds swept per signal (default 10). */
  readonly thresholds?: number;
  /** Persistence settings swept per signal, in minutes (default 2, 3 and 5). */
  readonly persistence?: readonly number[];
}

/** A candidate's numbers on the calibration half. */
export interface CandidateResult {
  readonly settings: SignalSettings;
  /** Unhealthy episodes of the signal outside known incidents, on the unmodified half. */
  readonly falseFailovers: number;
  /** Per overlaid incident of the watched failure, minutes from its start to the signal's health check turning unhealthy; undefined: missed. */
  readonly detections: readonly (number | undefined)[];
  /** The slowest detection of the observable overlaid incidents; undefined when it missed one (or none was observable). */
  readonly worstDetection?: number;
}

/** An overlaid incident no candidate of its signal caught: too little traffic in its Region then for the failure to show. */
export interface UnobservedOverlay {
  readonly overlay: Overlay;
  /** The Region's median requests a minute during the overlay (RequestCount Sum); undefined when the history has none. */
  readonly requestsPerMinute?: number;
}

/** What calibration found for one signal. */
export interface SignalCalibration {
  readonly name: string;
  readonly shape: TunableSignal['shape'];
  readonly failure?: GrayFailure;
  /** The statistic of the metric it watches (`p99` for a latency percentile). */
  readonly statistic?: string;
  readonly current: SignalSettings;
  /** The thresholds swept (the first is the margin step, below the others). */
  readonly thresholds: readonly number[];
  readonly candidates: readonly CandidateResult[];
  /** Overlaid incidents of its failure that no candidate caught: left out of every candidate's worst detection. */
  readonly unobserved: readonly UnobservedOverlay[];
  readonly recommended?: CandidateResult;
  /**
   * The recommendation's room, in steps of the grid at its persistence:
   * thresholds below it that raise no false failover either, and above it
   * that still catch every observable overlaid incident.
   */
  readonly margin?: { readonly quietBelow: number; readonly catchingAbove: number };
  /** Why it is not calibrated, or why nothing is recommended. */
  readonly note?: string;
}

/** The result of a calibration. */
export interface CalibrationResult {
  readonly history: History['header'];
  /** Minutes [0, split) calibrate; [split, end) are held out. */
  readonly split: number;
  readonly seed: number;
  readonly magnitudes: OverlayMagnitudes;
  readonly calibrationOverlays: readonly Overlay[];
  readonly signals: readonly SignalCalibration[];
  readonly untunable: readonly string[];
  readonly heldOut: readonly HeldOutRun[];
  /** What the held-out half says of the recommendation, against the settings as synthesized: whether to paste it. */
  readonly advice: string;
  readonly warnings: readonly string[];
}

/** Fewer days than this in the calibration half: few of the service's normal bad minutes, no whole week. */
const SHORT_HALF_DAYS = 7;

/** Calibrates the failover in `stacks` on `history`. */
export function calibrate(stacks: StackTemplate[], history: History, options: CalibrationOptions = {}): CalibrationResult {
  const topology = readTopology(stacks);
  const recordName = options.recordName ?? topology.dns.busiestLatencyName();
  const regions = topology.dns.failoverRegions(recordName);
  const sources = sourceMetrics(topology, stacks, regions);
  return calibrateTopology(topology, sources, history, { ...options, recordName });
}

function calibrateTopology(topology: Topology, sources: readonly SourceMetric[], history: History, options: CalibrationOptions): CalibrationResult {
  const seed = options.seed ?? 1;
  const magnitudes = options.magnitudes ?? DEFAULT_MAGNITUDES;
  const regions = topology.dns.failoverRegions(options.recordName!);
  const split = Math.floor(history.header.minutes / 2);
  const count = options.overlaysPerFailure ?? 6;
  const duration = options.overlayMinutes ?? 30;
  if (split < 4 * 60) {
    throw new InputError(SimulatorErrorId.HISTORY, `a calibration needs a history of at least 8 hours (two halves of 4), got ${history.header.minutes} minutes.`);
  }
  const known = options.incidents ?? [];
  const { signals, untunable } = tunableSignals(topology, regions);
  const calibrations: SignalCalibration[] = [];
  const sweep = new Map<TunableSignal, SignalSettings[]>();
  const grids = new Map<TunableSignal, number[]>();
  for (const signal of signals) {
    const failure = watchedFailure(signal);
    const note = untunableReason(signal, failure);
    if (note) {
      calibrations.push({ ...notCalibrated(signal, failure), note });
      continue;
    }
    const grid = thresholdGrid(signal, failure!, magnitudes, options.thresholds ?? 10);
    grids.set(signal, grid);
    sweep.set(signal, (options.persistence ?? [2, 3, 5]).flatMap(persistence => grid.map(threshold => ({ threshold, persistence }))));
  }
  const failures = [...new Set([...sweep.keys()].map(s => watchedFailure(s)!))];
  const calibrationOverlays = planOverlays({
    seed, regions, failures, count, durationMinutes: duration, fromMinute: 0, toMinute: split, avoid: known, magnitudes,
  });
  if (sweep.size > 0) {
    const { topology: swept, checks } = sweepTopology(topology, sweep);
    const run = (h: History) => episodes(swept, sources, h, { ...options, fromMinute: 0, toMinute: split, incidents: [] }, checks);
    const clean = run(history);
    const overlaid = run(overlayHistory(history, calibrationOverlays, magnitudes));
    for (const [signal, list] of sweep) {
      const failure = watchedFailure(signal)!;
      const own = calibrationOverlays.filter(o => o.failure === failure);
      const note = noEvidence(signal, failure, own, history, split, duration);
      if (note) {
        calibrations.push({ ...notCalibrated(signal, failure), note });
        continue;
      }
      const { candidates, unobserved } = score(list, clean.get(signal)!, overlaid.get(signal)!, own, known, history);
      calibrations.push(recommend(signal, failure, grids.get(signal)!, candidates, unobserved));
    }
  }
  const recommended = new Map(calibrations.filter(c => c.recommended).map(c => [c.name, c.recommended!.settings]));
  const heldOut = heldOutRuns(topology, sources, history, options, signals, recommended, { seed, split, count, duration, magnitudes, failures });
  return {
    history: history.header,
    split,
    seed,
    magnitudes,
    calibrationOverlays,
    signals: calibrations.sort((a, b) => signals.findIndex(s => s.name === a.name) - signals.findIndex(s => s.name === b.name)),
    untunable,
    heldOut,
    advice: adviceOf(calibrations.some(c => c.recommended), heldOut),
    warnings: [
      ...(options.incidents === undefined ? [noIncidentsWarning(history)] : []),
      ...(split < SHORT_HALF_DAYS * 1440 ? [`the calibration half is ${(split / 1440).toFixed(1)} days: it holds few of the service's normal bad minutes `
        + `and no whole week; calibrate on ${2 * SHORT_HALF_DAYS} days (CloudWatch keeps 1-minute data for 15) before pasting the recommendation.`] : []),
      ...new Set(heldOut.flatMap(h => h.unmodified.warnings)),
    ],
  };
}

/** Minutes after an incident's end that an episode starting then still belongs to it (the backtest's cause look-back, pessimistic). */
const EPISODE_LOOKBACK_MINUTES = 15;

/**
 * Each candidate's false failovers (episodes on the unmodified half outside
 * known incidents) and detections (of the overlaid incidents of its failure).
 * An overlay no candidate catches says nothing about the settings (a rate of
 * 2 requests a minute shows no 10 %): it is reported, not required.
 */
function score(list: readonly SignalSettings[], clean: Episode[][], overlaid: Episode[][], own: readonly Overlay[], known: readonly Incident[],
  history: History): { candidates: CandidateResult[]; unobserved: UnobservedOverlay[] } {
  const within = (e: Episode, i: Incident) => i.region === e.region && i.startMinute <= e.minute && e.minute < i.endMinute + EPISODE_LOOKBACK_MINUTES;
  const raw = list.map((settings, c) => ({
    settings,
    falseFailovers: clean[c].filter(e => !known.some(k => within(e, k))).length,
    detections: own.map(o => {
      const found = overlaid[c].find(e => within(e, o));
      return found === undefined ? undefined : found.minute - o.startMinute;
    }),
  }));
  const observed = own.map((_, i) => raw.some(c => c.detections[i] !== undefined));
  const candidates = raw.map(c => {
    const seen = c.detections.filter((_, i) => observed[i]);
    return { ...c, worstDetection: seen.length === 0 || seen.some(d => d === undefined) ? undefined : Math.max(...seen as number[]) };
  });
  const unobserved = own.filter((_, i) => !observed[i]).map(overlay => ({ overlay, requestsPerMinute: medianRequests(history, overlay) }));
  return { candidates, unobserved };
}

/** The warning of a calibration without known incidents: a real incident in the history is taken for noise. */
function noIncidentsWarning(history: History): string {
  const planted = /(\d+) incidents? planted/.exec(history.header.source ?? '');
  return `no known incidents given (--incidents): ${planted ? `this history has ${planted[1]} planted (history generate --incidents-out wrote them); ` : ''}`
    + 'an incident in the calibration half counts as noise there, pushing thresholds up, and one in the held-out half as a false failover. '
    + 'Give your known outages as an incidents file.';
}

/** A signal left as it is: no candidates, nothing recommended. */
function notCalibrated(signal: TunableSignal, failure: GrayFailure | undefined): Omit<SignalCalibration, 'note'> {
  return {
    name: signal.name,
    shape: signal.shape,
    failure,
    statistic: statisticOf(signal, failure),
    current: signal.current,
    thresholds: [],
    candidates: [],
    unobserved: [],
  };
}

/** Why a signal is not swept; undefined when it is. */
function untunableReason(signal: TunableSignal, failure: GrayFailure | undefined): string | undefined {
  if (failure === undefined) {
    return 'it watches none of the four gray failures (p99 latency, 5xx rate, connection-error rate, CPU): kept as it is.';
  }
  if (!signal.comparison.startsWith('GreaterThan')) {
    return `it compares with ${signal.comparison}: only signals that trip above their threshold are swept.`;
  }
  const rate = signal.reads.some(r => r.metricName === 'RequestCount');
  if ((failure === 'http5xx' || failure === 'connectionErrors') && !rate) {
    return 'it counts errors instead of a rate: a count\'s threshold depends on traffic, which changes by the hour; use the rate signal.';
  }
  return undefined;
}

/** The overlay's magnitude in the signal's unit (seconds, percent). */
function magnitudeOf(failure: GrayFailure, m: OverlayMagnitudes): number {
  switch (failure) {
    case 'latency': return m.latencySeconds;
    case 'http5xx': return m.http5xxPercent;
    case 'connectionErrors': return m.connectionErrorPercent;
    case 'cpu': return m.cpuPercent;
  }
}

/**
 * The thresholds swept: `count` from half the current threshold up to 90 %
 * of the overlay's magnitude (an incident at the threshold itself is not
 * seen), evenly spaced, plus one step below them: the margin step.
 */
function thresholdGrid(signal: TunableSignal, failure: GrayFailure, m: OverlayMagnitudes, count: number): number[] {
  const high = magnitudeOf(failure, m) * 0.9;
  const low = Math.min(signal.current.threshold * 0.5, high / 2);
  const step = (high - low) / Math.max(1, count - 1);
  return Array.from({ length: count + 1 }, (_, i) => Number((low + (i - 1) * step).toPrecision(3))).filter(x => x > 0);
}

/**
 * The fastest candidate that catches every observable overlaid incident
 * with no false failover, whose threshold one step lower (same persistence)
 * raises none either: the margin step itself is never recommended. Among
 * the fastest, the one furthest from both edges: the most steps of quiet
 * thresholds below it and of thresholds that still catch everything above
 * it (same persistence), then the shorter persistence, then the higher
 * threshold.
 */
function recommend(signal: TunableSignal, failure: GrayFailure, grid: number[], candidates: CandidateResult[],
  unobserved: UnobservedOverlay[]): SignalCalibration {
  const base = {
    name: signal.name,
    shape: signal.shape,
    failure,
    statistic: statisticOf(signal, failure),
    current: signal.current,
    thresholds: grid,
    candidates,
    unobserved,
  };
  const at = (persistence: number, index: number) =>
    candidates.find(o => o.settings.persistence === persistence && o.settings.threshold === grid[index]);
  /** Steps from `c` in direction `step` whose candidates all pass `ok`. */
  const run = (c: CandidateResult, step: number, ok: (o: CandidateResult) => boolean) => {
    let n = 0;
    for (let o = at(c.settings.persistence, grid.indexOf(c.settings.threshold) + step); o !== undefined && ok(o);
      o = at(c.settings.persistence, grid.indexOf(o.settings.threshold) + step)) {
      n++;
    }
    return n;
  };
  const quietBelow = (c: CandidateResult) => run(c, -1, o => o.falseFailovers === 0);
  const catchingAbove = (c: CandidateResult) => run(c, 1, o => o.worstDetection !== undefined);
  const eligible = candidates.filter(c => grid.indexOf(c.settings.threshold) > 0 && c.falseFailovers === 0 && c.worstDetection !== undefined
    && quietBelow(c) > 0);
  if (candidates.every(c => c.falseFailovers === 0)) {
    // Not one candidate, however low or short, raised a false failover: the half held none of the signal's noise, so it says nothing about how
    // low or short the signal can safely go.
    return {
      ...base,
      note: 'the calibration half holds none of its noise (even the lowest threshold with the shortest persistence raised no false failover): '
        + 'no evidence to lower it or shorten it, kept as it is.',
    };
  }
  if (eligible.length > 0) {
    const fastest = Math.min(...eligible.map(c => c.worstDetection!));
    const room = (c: CandidateResult) => Math.min(quietBelow(c), catchingAbove(c));
    const best = eligible.filter(c => c.worstDetection === fastest).sort((a, b) => room(b) - room(a)
      || a.settings.persistence - b.settings.persistence || b.settings.threshold - a.settings.threshold)[0];
    return { ...base, recommended: best, margin: { quietBelow: quietBelow(best), catchingAbove: catchingAbove(best) } };
  }
  const quiet = candidates.filter(c => c.falseFailovers === 0).length;
  const catching = candidates.filter(c => c.worstDetection !== undefined).length;
  return {
    ...base,
    note: `no candidate caught every overlaid incident without a false failover and a margin (of ${candidates.length} candidates, ${quiet} were `
      + `quiet and ${catching} caught every incident): kept as it is. The grid shows how far apart the noise and the incidents are.`,
  };
}

/** An unhealthy episode of a candidate: its Region and the minute (from the history's start) its health check turned unhealthy. */
interface Episode {
  readonly region: string;
  readonly minute: number;
}

/** Replays the sweep topology; per signal and candidate, the episodes of its health checks. */
function episodes(swept: Topology, sources: readonly SourceMetric[], history: History,
  options: CalibrationOptions & { fromMinute: number; toMinute: number; incidents: readonly Incident[] },
  checks: Map<TunableSignal, Map<string, string>[]>): Map<TunableSignal, Episode[][]> {
  const regions = swept.dns.failoverRegions(options.recordName!);
  const matched = matchHistory(history, sources, regions);
  const flat = [...checks].flatMap(([signal, list]) => list.flatMap((byRegion, c) => [...byRegion].map(([region, id]) =>
    ({ signal, c, region, id, healthy: true }))));
  const found = new Map([...checks].map(([signal, list]) => [signal, list.map(() => [] as Episode[])]));
  replayHistory(swept, matched, history, options, (t, inputs) => {
    for (const check of flat) {
      const healthy = inputs.leafHealthy({ id: check.id } as HealthCheckModel);
      if (check.healthy && !healthy) {
        found.get(check.signal)![check.c].push({ region: check.region, minute: options.fromMinute + t });
      }
      check.healthy = healthy;
    }
  });
  return found;
}

