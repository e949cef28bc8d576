/**
 * A drill as a simulator scenario: its FIS action and parameters become the
 * condition of the drilled Region for the drill's minutes, through formulas
 * whose undocumented inputs are the named drill assumptions
 * (assumptions.ts). The scenario is an ordinary scenario (a file
 * `simulate --scenario` reads): 10 quiet minutes, the drill, 30 minutes after.
 *
 * - cpu: service CPU = share of tasks x stress reached + (1 - share) x baseline.
 * - latency: the delayed share of requests = share of tasks x flowsPercent; the
 *   p99 (p90, p50) carries the delay once that share is above the p99
 *   threshold (10 %, 50 %); the average rises by share x delay.
 * - connectionErrors: the blackholed tasks' share of requests fails until
 *   their health checks fail ((threshold - 1) x interval + timeout, optimistic;
 *   threshold x interval + timeout, documented); then they leave the target
 *   group (every target gone: the load balancer fails open and the errors go
 *   on) until ECS has replaced them (replacement + HealthyThresholdCount x
 *   interval). A transient burst.
 * - http5xx: the 5xx share = share of tasks x flowsPercent x the failed share
 *   of a lost flow's requests (504s, counted in HTTPCode_ELB_5XX_Count).
 */
import { DrillAssumptions, drillAssumptions } from './assumptions';
import { DrillTemplate } from './templates';
import { SimulationProfile } from '../assumptions';
import { StackTemplate } from '../dns';
import { InputError, SimulatorErrorId } from '../inputs';
import { DEFAULT_TARGET_HEALTH } from '../route53';
import { checkScenario, Condition, HEALTHY_CONDITION, Scenario } from '../scenario';
import { TargetHealthSettings, Topology } from '../topology';

/** Quiet minutes before the drill starts. */
export const LEAD_MINUTES = 10;
/** Minutes simulated after the drill ends (the Region's return). */
export const TAIL_MINUTES = 30;


/** A drill placed in the simulator: the scenario and how it was derived. */
export interface DrillModel {
  readonly scenario: Scenario;
  /** The service's tasks (its DesiredCount) and how many FIS selects. */
  readonly tasks: number;
  readonly selectedTasks: number;
  /** The formulas with their numbers, one a line. */
  readonly formulas: string[];
  readonly warnings: string[];
}

/** An event of the drilled Region, minutes from the drill's start. */
interface DrillEvent {
  readonly from: number;
  readonly to: number;
  readonly condition: Partial<Condition>;
  readonly label: string;
}

/** What the formulas read besides the drill. */
interface FormulaContext {
  readonly drill: DrillTemplate;
  readonly a: DrillAssumptions;
  readonly profile: SimulationProfile;
  readonly share: number;
  readonly health: TargetHealthSettings;
  readonly containerPort?: number;
  readonly formulas: string[];
  readonly warnings: string[];
}

/** The drill as a scenario under `profile` (the simulator's profile and the drill assumptions' values of the same name). */
export function drillModel(drill: DrillTemplate, topology: Topology, stacks: readonly StackTemplate[], profile: SimulationProfile): DrillModel {
  const a = drillAssumptions(profile);
  const warnings: string[] = [];
  const service = serviceOf(drill, stacks);
  const health = topology.targetHealth.get(drill.region) ?? DEFAULT_TARGET_HEALTH;
  const tasks = service.desiredCount ?? health.targets;
  if (service.desiredCount === undefined) {
    warnings.push(`no ECS service with a literal DesiredCount in ${drill.region}'s stacks: ${tasks} tasks assumed.`);
  }
  const selectedTasks = selected(drill, tasks, a);
  const share = selectedTasks / tasks;
  const formulas = [`FIS selects ${selectedTasks} of ${tasks} tasks (${selectionText(drill)}, rounded ${a.selectionRoundsUp ? 'up' : 'down'}): `
    + `share ${fmt(share * 100)} %.`];
  const context: FormulaContext = { drill, a, profile, share, health, containerPort: service.containerPort, formulas, warnings };
  const events = EVENTS_OF[drill.fault](context);
  const name = `drill-${drill.region}-${drill.fault}-${profile}`;
  const scenario = checkScenario({
    name,
    description: `${drill.fault} drill of ${drill.region} (${drill.actionId}, ${drill.durationMinutes} min, ${selectionText(drill)}), ${profile} profile`,
    durationMinutes: LEAD_MINUTES + drill.durationMinutes + TAIL_MINUTES,
    baseline: { cpuPercent: a.baselineCpuPercent },
    events: events.filter(e => e.to > e.from).map(e => ({
      region: drill.region, startMinute: LEAD_MINUTES + e.from, endMinute: LEAD_MINUTES + e.to, condition: e.condition, label: e.label,
    })),
  }, `the drill ${drill.id}`);
  return { scenario, tasks, selectedTasks, formulas, warnings };
}

/** How the template selects tasks, as written. */
export function selectionText(drill: DrillTemplate): string {
  return drill.selection.mode === 'ALL' ? 'ALL tasks' : `${drill.selection.mode}(${drill.selection.value})`;
}

function selected(drill: DrillTemplate, tasks: number, a: DrillAssumptions): number {
  const { mode, value } = drill.selection;
  if (mode === 'COUNT') {
    return Math.min(tasks, value);
  }
  const exact = tasks * value / 100;
  return Math.min(tasks, Math.max(1, a.selectionRoundsUp ? Math.ceil(exact - 1e-9) : Math.floor(exact + 1e-9)));
}

/** The ECS service the drill targets (the one its target refers to, else the Region's first): its DesiredCount and container port. */
function serviceOf(drill: DrillTemplate, stacks: readonly StackTemplate[]): { desiredCount?: number; containerPort?: number } {
  const own = stacks.find(s => s.stackName === drill.stackName)?.template.Resources?.[drill.serviceLogicalId ?? ''];
  const first = stacks.filter(s => s.region === drill.region)
    .flatMap(s => Object.values(s.template.Resources ?? {})).find(r => r.Type === 'AWS::ECS::Service');
  const p = (own?.Type === 'AWS::ECS::Service' ? own : first)?.Properties ?? {};
  const count = Number(p.DesiredCount);
  const port = Number(Array.isArray(p.LoadBalancers) ? p.LoadBalancers[0]?.ContainerPort : undefined);
  return { desiredCount: Number.isInteger(count) && count > 0 ? count : undefined, containerPort: Number.isInteger(port) ? port : undefined };
}

const fmt = (n: number) => String(Math.round(n * 10) / 10);
const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

const EVENTS_OF: Record<DrillTemplate['fault'], (c: FormulaContext) => DrillEvent[]> = {
  cpu: ({ drill, a, share, formulas }) => {
    const stress = Math.min(100, Number(drill.parameters.percent) * a.cpuStressReachedPercent / 100);
    const cpu = Math.round((share * stress + (1 - share) * a.baselineCpuPercent) * 10) / 10;
    formulas.push(`service CPU = share x stress reached + (1 - share) x baseline = ${fmt(share * 100)} % x ${fmt(stress)} % `
      + `(percent ${drill.parameters.percent} x ${a.cpuStressReachedPercent} %) + ${fmt((1 - share) * 100)} % x ${a.baselineCpuPercent} % = ${cpu} %.`);
    return [{ from: 0, to: drill.durationMinutes, condition: { cpuPercent: cpu }, label: `service CPU ${cpu} %` }];
  },
  latency: ({ drill, a, share, health, formulas, warnings }) => {
    const delay = Number(drill.parameters.delayMilliseconds);
    const delayed = share * Number(drill.parameters.flowsPercent) / 100;
    const h = HEALTHY_CONDITION;
    const carries = (percent: number) => delayed * 100 > percent;
    const condition: Partial<Condition> = {
      averageLatencyMs: Math.round(h.averageLatencyMs + delayed * delay),
      p50LatencyMs: h.p50LatencyMs + (carries(50) ? delay : 0),
      p90LatencyMs: h.p90LatencyMs + (carries(10) ? delay : 0),
      p99LatencyMs: h.p99LatencyMs + (carries(a.p99DelayedSharePercent) ? delay : 0),
      maxLatencyMs: h.maxLatencyMs + delay,
    };
    formulas.push(`delayed requests = share x flowsPercent = ${fmt(share * 100)} % x ${drill.parameters.flowsPercent} % = ${fmt(delayed * 100)} %; `
      + `p99 = ${h.p99LatencyMs} ms${carries(a.p99DelayedSharePercent) ? ` + ${delay} ms` : ''} (the delay counts above `
      + `${a.p99DelayedSharePercent} % delayed), average ${condition.averageLatencyMs} ms.`);
    if (delay >= health.timeoutSeconds * 1000) {
      warnings.push(`the delay (${delay} ms) is at least the target group's health-check timeout (${health.timeoutSeconds} s): the delayed `
        + 'tasks fail their health checks and leave the target group, which the plan does not model (it predicts latency, not lost capacity).');
    }
    return [{ from: 0, to: drill.durationMinutes, condition, label: `p99 ${condition.p99LatencyMs} ms` }];
  },
  connectionErrors: context => connectionErrorEvents(context),
  http5xx: ({ drill, a, share, formulas }) => {
    if (drill.parameters.lossPercent !== '100') {
      throw new InputError(SimulatorErrorId.DRILL_TEMPLATE, `the drill experiment template ${drill.id}: an http5xx drill's parameter 'lossPercent' `
        + `must be 100 for drill plan (every packet of a lost flow dropped, so its requests end in 504), got: ${JSON.stringify(drill.parameters.lossPercent)}.`);
    }
    const percent = Math.round(share * Number(drill.parameters.flowsPercent) * a.lostFlowFailedRequestPercent / 100 * 10) / 10;
    formulas.push(`5xx share = share x flowsPercent x failed share of a lost flow = ${fmt(share * 100)} % x ${drill.parameters.flowsPercent} % x `
      + `${a.lostFlowFailedRequestPercent} % = ${percent} % (504s, in HTTPCode_ELB_5XX_Count).`);
    return [{ from: 0, to: drill.durationMinutes, condition: { elb5xxPercent: percent }, label: `${percent} % of requests end in 504` }];
  },
};

function connectionErrorEvents({ drill, a, share, health, profile, containerPort, formulas, warnings }: FormulaContext): DrillEvent[] {
  if (drill.parameters.trafficType !== 'ingress') {
    throw new InputError(SimulatorErrorId.DRILL_TEMPLATE, `the drill experiment template ${drill.id}: a connectionErrors drill's parameter `
      + `'trafficType' must be ingress for drill plan (the load balancer's connections to the tasks fail), got: ${JSON.stringify(drill.parameters.trafficType)}.`);
  }
  if (containerPort !== undefined && Number(drill.parameters.port) !== containerPort) {
    warnings.push(`port ${drill.parameters.port} is not the service's container port ${containerPort}: the load balancer's traffic is not blackholed, `
      + 'so the plan predicts nothing.');
    return [];
  }
  const checks = (profile === 'optimistic' ? health.unhealthyThreshold - 1 : health.unhealthyThreshold) * health.intervalSeconds + health.timeoutSeconds;
  const detect = minutes(checks);
  const replaced = a.ecsTaskReplacementMinutes + minutes(health.healthyThreshold * health.intervalSeconds);
  const errors = Math.round(share * 1000) / 10;
  const end = drill.durationMinutes;
  formulas.push(`connection errors = share of tasks = ${errors} % until their health checks fail: `
    + `${profile === 'optimistic' ? `(${health.unhealthyThreshold} - 1)` : health.unhealthyThreshold} x ${health.intervalSeconds} s + `
    + `${health.timeoutSeconds} s = ${detect} min; then ECS replaces them in ${a.ecsTaskReplacementMinutes} + ${health.healthyThreshold} x `
    + `${health.intervalSeconds} s = ${replaced} min${share >= 1 ? ' (every target unhealthy meanwhile: the load balancer fails open, the errors go on)' : ''}.`);
  const gone: Partial<Condition> = share >= 1 ? { healthyTargetPercent: 0, targetConnectionErrorPercent: 100 }
    : { healthyTargetPercent: Math.round((1 - share) * 100) };
  const burst: DrillEvent = { from: 0, to: Math.min(end, detect), condition: { targetConnectionErrorPercent: errors }, label: `${errors} % connection errors` };
  // Once ECS is replacing the tasks, the end of the action does not bring them back: their replacements do.
  return detect >= end ? [burst]
    : [burst, { from: detect, to: detect + replaced, condition: gone, label: 'the blackholed tasks out of the target group until replaced' }];
}
