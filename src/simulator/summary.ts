/**
 * The numbers of a run, from its timeline: per Region hit by an incident or
 * an evacuation, when users left and came back and its unhealthy
 * transitions; for the whole run, degraded user-minutes, flaps, false
 * failovers and fail-open minutes.
 */
import { ScenarioPlan } from './plan';
import { AffectedRegion, SimulationSummary, TimelineMinute } from './result';
import { Condition, HEALTHY_CONDITION, Scenario } from './scenario';

/** What the summary reads besides the timeline. */
export interface SummaryContext {
  readonly regions: readonly string[];
  readonly plan: ScenarioPlan;
  readonly totalUsers: number;
  /** Users per Region with every Region healthy. */
  readonly baselineUsers: ReadonlyMap<string, number>;
  /** Minutes before an unhealthy transition in which a degradation or an evacuation of the Region explains it. */
  readonly causeLookbackMinutes: number;
}

/** An incident (degrading events of a Region that touch or overlap) or an evacuation. */
interface Window {
  readonly region: string;
  readonly cause: 'incident' | 'evacuation';
  readonly start: number;
  end?: number;
}

/** Tolerance when comparing shares of users. */
const EPSILON = 1e-9;

/** The summary of a run. */
export function summarize(timeline: TimelineMinute[], context: SummaryContext): SimulationSummary {
  const duration = timeline.length;
  const windows = incidentWindows(context);
  const { transitions, falseFailovers } = unhealthyTransitions(timeline, windows, context);
  const affected = windows.map(w => affectedRegion(w, timeline, windows, context, transitions.get(w) ?? 0));

  const degradedUserMinutes = timeline.reduce((a, m) => a + m.regions.filter(r => r.degraded).reduce((b, r) => b + r.users, 0), 0);
  const degradedUserMinutesWithoutFailover = timeline.reduce((a, m) =>
    a + m.regions.filter(r => r.degraded).reduce((b, r) => b + (context.baselineUsers.get(r.region) ?? 0), 0), 0);
  const moved = affected.filter(a => a.baselineShare > 0);
  const firstMoves = moved.map(a => a.firstMoveMinutes).filter((v): v is number => v !== undefined);
  const latest = (values: (number | undefined)[]) =>
    (values.length === 0 || values.some(v => v === undefined) ? undefined : Math.max(...(values as number[])));
  const dnsMovedMinutes = latest(moved.map(a => a.dnsMovedMinutes));
  // Recovery only for windows that end within the run.
  const ended = moved.filter(a => a.endMinute !== undefined && a.endMinute < duration && a.firstMoveMinutes !== undefined);
  return {
    affected,
    firstMoveMinutes: firstMoves.length === 0 ? undefined : Math.min(...firstMoves),
    dnsMovedMinutes,
    allRequestsMovedMinutes: latest(moved.map(a => a.allRequestsMovedMinutes)),
    allMovedMinutes: dnsMovedMinutes,
    recoveryMinutes: ended.length === 0 || ended.some(a => a.recoveryMinutes === undefined) ? undefined
      : Math.max(...ended.map(a => a.recoveryMinutes!)),
    degradedUserMinutes,
    degradedUserMinutesWithoutFailover,
    flaps: affected.reduce((a, x) => a + Math.max(0, x.unhealthyTransitions - 1), 0),
    falseFailovers,
    failOpenMinutes: timeline.filter(m => m.failOpen).length,
  };
}

/**
 * The baseline's properties worse than a healthy Region's (the format's
 * defaults), as `healthyTargetPercent 0 (healthy: 100)`: fewer healthy
 * targets, or more latency, errors or CPU. Empty for a healthy baseline.
 */
export function unhealthyBaseline(baseline: Condition): string[] {
  return (Object.keys(HEALTHY_CONDITION) as (keyof Condition)[])
    .filter(key => (key === 'healthyTargetPercent' ? baseline[key] < HEALTHY_CONDITION[key] : baseline[key] > HEALTHY_CONDITION[key]))
    .map(key => `${key} ${baseline[key]} (healthy: ${HEALTHY_CONDITION[key]})`);
}

/**
 * A warning when a run's false failovers or fail-open minutes may come from
 * the baseline itself; undefined otherwise.
 *
 * Why a warning, not a degraded baseline: "degraded" is the scenario's word,
 * event by event (`degrades`), and it scores moves: users moved out of a
 * degraded Region into a healthy one are saved. A baseline is every Region's
 * condition for the whole run, so no Region is better than another: counting
 * it as degraded would make every Region an incident from minute 0 and
 * "explain" every unhealthy transition, calling a move between equally bad
 * Regions useful. Those failovers stay false (nothing makes one Region worse
 * than another), and the warning names the baseline as their likely cause.
 * Only runs with such failovers or fail-open minutes warn: a baseline a
 * little slower than the defaults that fires nothing is no news.
 */
export function baselineWarning(scenario: Scenario, summary: SimulationSummary): string | undefined {
  const worse = unhealthyBaseline(scenario.baseline);
  if (worse.length === 0 || (summary.falseFailovers === 0 && summary.failOpenMinutes === 0)) {
    return undefined;
  }
  return `scenario '${scenario.name}': the baseline itself is worse than a healthy Region (${worse.join(', ')}), in every Region for the `
    + `whole run; the ${summary.falseFailovers} false failover(s) and ${summary.failOpenMinutes} fail-open minute(s) may come from it, not `
    + 'from any incident. Fix: give the baseline a healthy condition and put the degradation in an event (degrades: true) of the Regions it hits.';
}

/** The incidents and evacuations of each Region, Region by Region, each Region's in order of start. */
function incidentWindows({ regions, plan }: SummaryContext): Window[] {
  const windows: Window[] = [];
  for (const region of regions) {
    // Degrading events of a Region that touch or overlap make one incident.
    const spans = plan.events.filter(e => e.event.degrades && e.regions.includes(region))
      .map(e => [e.event.startMinute, e.event.endMinute]).sort((a, b) => a[0] - b[0]);
    const own: Window[] = [];
    for (const [start, end] of spans) {
      const last = own[own.length - 1];
      if (last && start <= last.end!) {
        last.end = Math.max(last.end!, end);
      } else {
        own.push({ region, cause: 'incident', start, end });
      }
    }
    for (const e of plan.evacuations.filter(x => x.region === region)) {
      own.push({ region, cause: 'evacuation', start: e.startMinute, end: e.endMinute });
    }
    windows.push(...own.sort((a, b) => a.start - b.start));
  }
  return windows;
}

/**
 * Healthy-to-unhealthy transitions, by the window that explains each, and
 * those none explains. A transition belongs to the latest window of its
 * Region that started at or before it and ended less than the lookback before it.
 */
function unhealthyTransitions(timeline: TimelineMinute[], windows: Window[], context: SummaryContext) {
  const cause = (region: string, minute: number) => windows.filter(w => w.region === region)
    .filter(w => w.start <= minute && minute - context.causeLookbackMinutes < (w.end ?? Infinity)).pop();
  const transitions = new Map<Window, number>();
  let falseFailovers = 0;
  for (const [i, region] of context.regions.entries()) {
    for (let t = 0; t < timeline.length; t++) {
      const wasHealthy = t === 0 ? true : timeline[t - 1].regions[i].healthy;
      if (wasHealthy && !timeline[t].regions[i].healthy) {
        const w = cause(region, t);
        if (w) {
          transitions.set(w, (transitions.get(w) ?? 0) + 1);
        } else {
          falseFailovers++;
        }
      }
    }
  }
  return { transitions, falseFailovers };
}

/** What happened to the Region of one window. */
function affectedRegion(w: Window, timeline: TimelineMinute[], windows: Window[], context: SummaryContext, transitions: number): AffectedRegion {
  const duration = timeline.length;
  const i = context.regions.indexOf(w.region);
  const dns = (t: number) => timeline[t].regions[i].dnsShare;
  const nominal = context.totalUsers === 0 ? 0 : (context.baselineUsers.get(w.region) ?? 0) / context.totalUsers;
  // The share DNS gave the Region just before, or the nominal share when it had none then (an earlier incident).
  const before = w.start === 0 ? nominal : dns(w.start - 1);
  const baselineShare = before > 0 ? before : nominal;
  // A window's own stretch of the run: until the next window of the same Region starts.
  const until = Math.min(duration, ...windows.filter(o => o.region === w.region && o.start > w.start).map(o => o.start));
  const moves = movesOf(w, timeline, i, { baselineShare, hadUsers: before > 0, until });
  const recovery = moves.firstMove === undefined || w.end === undefined || w.end >= duration ? undefined
    : firstMinute(w.end, duration, t => dns(t) >= Math.min(baselineShare, nominal) - EPSILON);
  return {
    region: w.region,
    cause: w.cause,
    startMinute: w.start,
    endMinute: w.end,
    baselineShare,
    firstMoveMinutes: moves.firstMove,
    dnsMovedMinutes: moves.dnsMoved,
    allRequestsMovedMinutes: moves.allMoved,
    allMovedMinutes: moves.dnsMoved,
    recoveryMinutes: recovery,
    unhealthyTransitions: transitions,
  };
}

/**
 * When users left the Region of a window, within its stretch of the run and
 * once the Region has users (it may still be drained from an earlier incident
 * when this one starts): the first (served share down), DNS (no new
 * connection sent there) and all requests (pooled connections included).
 */
function movesOf(w: Window, timeline: TimelineMinute[], i: number, from: { baselineShare: number; hadUsers: boolean; until: number }) {
  let firstMove: number | undefined;
  let dnsMoved: number | undefined;
  let allMoved: number | undefined;
  let hadUsers = from.hadUsers;
  for (let t = w.start; t < from.until && from.baselineShare > 0 && (dnsMoved === undefined || allMoved === undefined); t++) {
    const r = timeline[t].regions[i];
    if (!hadUsers) {
      hadUsers = r.dnsShare >= from.baselineShare - EPSILON;
      continue;
    }
    if (firstMove === undefined && r.share < from.baselineShare - EPSILON) {
      firstMove = t - w.start;
    }
    if (dnsMoved === undefined && r.dnsShare <= EPSILON) {
      dnsMoved = t - w.start;
    }
    if (allMoved === undefined && r.share <= EPSILON) {
      allMoved = t - w.start;
    }
  }
  return { firstMove, dnsMoved, allMoved };
}

/** Minutes from `from` until the first minute before `to` that passes `test`; undefined: none. */
function firstMinute(from: number, to: number, test: (t: number) => boolean): number | undefined {
  for (let t = from; t < to; t++) {
    if (test(t)) {
      return t - from;
    }
  }
  return undefined;
}
