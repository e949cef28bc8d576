/**
 * `drill plan`: a drill of the assembly (by Region and fault) simulated under
 * both profiles, each with its drill assumptions (formulas.ts), and the
 * milestones of the drilled Region read from the timelines: when Route 53
 * reads the breach, when the Region leaves DNS, when every request has left
 * (pooled connections included), when it is back. `drill report` compares a
 * real experiment with the same plan.
 */
import { drillModel, DrillModel, LEAD_MINUTES, selectionText } from './formulas';
import { drillList, DrillTemplate, drillTemplates } from './templates';
import { DRILL_FAULTS, DrillFault } from '../../model/drill/fis-actions';
import { PROFILES, SimulationProfile } from '../assumptions';
import { StackTemplate } from '../dns';
import { failoverOf, simulate } from '../engine';
import { InputError, SimulatorErrorId } from '../inputs';
import { minutesText, summaryText, timelineText } from '../report';
import { SimulationResult } from '../result';
import { readTopology, Topology } from '../topology';

/** A Region has "lost all its requests" below this share of what it served before the drill (health checkers' requests remain). */
export const ALL_MOVED_SHARE = 0.05;

/** When things happen to the drilled Region, minutes from the drill's start (`back`: from its end); undefined: never. */
export interface Milestones {
  /** Route 53 reads a signal's breach (real: the first signal alarm that goes to ALARM). */
  readonly breach?: number;
  /** The Region's records are unhealthy: DNS answers change. */
  readonly out?: number;
  /** The Region serves less than ALL_MOVED_SHARE of its requests before the drill: pooled connections have followed. */
  readonly allMoved?: number;
  /** Minutes after the drill's end until its records are healthy again. */
  readonly back?: number;
}

/** One profile's prediction of a drill. */
export interface DrillRun {
  readonly profile: SimulationProfile;
  readonly model: DrillModel;
  readonly result: SimulationResult;
  readonly milestones: Milestones;
}

/** A drill planned under both profiles. */
export interface DrillPlan {
  readonly drill: DrillTemplate;
  readonly runs: DrillRun[];
}

/** What `planDrills` plans. */
export interface PlanOptions {
  readonly region: string;
  /** @default - every fault the Region has a drill of */
  readonly fault?: DrillFault;
  /** @default - the latency-routed name with the most Regions */
  readonly recordName?: string;
}

/** The drills of a Region (one fault, or all it has), each planned under both profiles. */
export function planDrills(stacks: StackTemplate[], options: PlanOptions): DrillPlan[] {
  const topology = readTopology(stacks);
  const drills = drillTemplates(stacks);
  const { regions } = failoverOf(topology, options.recordName, 'planned');
  if (!regions.includes(options.region)) {
    throw new InputError(SimulatorErrorId.DRILL, `--region: ${options.region} is not one of the failover's Regions (${regions.join(', ')}).`);
  }
  const wanted = drills.filter(d => d.region === options.region && (options.fault === undefined || d.fault === options.fault));
  if (wanted.length === 0) {
    throw new InputError(SimulatorErrorId.DRILL, `no drill experiment template of ${options.region}${options.fault ? ` and fault ${options.fault}` : ''} `
      + `in the assembly (its drills: ${drillList(drills)}). Fix: add a FailoverDrill to the Region's stack, or pick one of these.`);
  }
  const byFault = DRILL_FAULTS.map(f => wanted.find(d => d.fault === f)).filter((d): d is DrillTemplate => d !== undefined);
  return byFault.map(drill => planDrill(drill, topology, stacks, options.recordName));
}

/** One drill under both profiles. */
export function planDrill(drill: DrillTemplate, topology: Topology, stacks: readonly StackTemplate[], recordName?: string): DrillPlan {
  return {
    drill,
    runs: PROFILES.map(profile => {
      const model = drillModel(drill, topology, stacks, profile);
      const result = simulate(topology, model.scenario, { profile, recordName });
      const warnings = [...model.warnings, ...result.warnings];
      return { profile, model, result: { ...result, warnings }, milestones: predictedMilestones(result, drill) };
    }),
  };
}

/** The drilled Region's milestones in a simulated drill. */
export function predictedMilestones(result: SimulationResult, drill: DrillTemplate): Milestones {
  const i = result.regions.indexOf(drill.region);
  const start = LEAD_MINUTES;
  const end = start + drill.durationMinutes;
  const timeline = result.timeline;
  const before = timeline[start - 1]?.regions[i].share ?? 0;
  const find = (from: number, test: (t: number) => boolean) => {
    for (let t = from; t < timeline.length; t++) {
      if (test(t)) {
        return t;
      }
    }
    return undefined;
  };
  const out = find(start, t => !timeline[t].regions[i].healthy);
  const allMoved = before > 0 ? find(start, t => timeline[t].regions[i].share <= before * ALL_MOVED_SHARE) : undefined;
  const back = out === undefined ? undefined : find(Math.max(end, out), t => timeline[t].regions[i].healthy);
  return {
    breach: out === undefined ? undefined : Math.max(0, out - result.assumptions.route53DelayMinutes - start),
    out: out === undefined ? undefined : out - start,
    allMoved: allMoved === undefined ? undefined : allMoved - start,
    back: back === undefined ? undefined : back - end,
  };
}

/** A drill, in one line. */
export function drillTitle(drill: DrillTemplate): string {
  return `${drill.fault} drill of ${drill.region}: ${drill.actionId} for ${drill.durationMinutes} min on ${selectionText(drill)} of the tasks `
    + `(${Object.entries(drill.parameters).filter(([k]) => k !== 'duration').map(([k, v]) => `${k} ${v}`).join(', ')}); template ${drill.id}`;
}

/** Milestones in words. */
export function milestonesText(m: Milestones): string {
  const at = (v: number | undefined) => (v === undefined ? 'never' : `+${v} min`);
  return `signal breach ${at(m.breach)}, out of DNS ${at(m.out)}, all requests moved ${at(m.allMoved)}, `
    + `back ${m.back === undefined ? 'never' : `${minutesText(m.back)} after the end`}`;
}

/** The whole plan of one drill: formulas, each profile's timeline and summary, the milestones side by side. */
export function planText(plan: DrillPlan): string {
  const lines = [`Drill plan: ${drillTitle(plan.drill)}.`, ''];
  for (const run of plan.runs) {
    lines.push(`== ${run.profile} profile ==`, ...run.model.formulas.map(f => `  ${f}`), '', timelineText(run.result), '', summaryText(run.result),
      `Milestones (minutes from the drill's start at minute ${LEAD_MINUTES}): ${milestonesText(run.milestones)}.`, '');
  }
  lines.push(comparisonTable(plan.runs));
  return lines.join('\n');
}

/** The profiles' milestones as a table. */
function comparisonTable(runs: readonly DrillRun[]): string {
  const rows: [string, keyof Milestones][] = [['signal breach', 'breach'], ['out of DNS', 'out'], ['all requests moved', 'allMoved'],
    ['back after the end', 'back']];
  const cell = (v: number | undefined) => (v === undefined ? 'never' : `${v} min`).padStart(12);
  return [`Predicted (minutes from the drill's start; back: from its end)  ${runs.map(r => r.profile.padStart(12)).join('')}`,
    ...rows.map(([label, key]) => `  ${label.padEnd(62)}${runs.map(r => cell(r.milestones[key])).join('')}`)].join('\n');
}

/** Every drill of a Region in one line per profile. */
export function summaryLines(plans: readonly DrillPlan[]): string[] {
  return plans.flatMap(p => [`${p.drill.fault} (${p.drill.actionId}, ${p.drill.durationMinutes} min, ${selectionText(p.drill)}):`,
    ...p.runs.map(r => `  ${r.profile.padEnd(11)} ${milestonesText(r.milestones)}`)]);
}
