/**
 * The rules of a drill: its bounds (duration, shares, magnitudes), the stop
 * conditions FIS accepts, and the prerequisites an ECS service must meet
 * before each fault's action can run on its tasks. Each returns the
 * violations, with the property, the value received and the fix.
 */
import { DRILL_LIMITS } from './drill-template';
import { DrillFault, faultAction, MAX_STOP_CONDITIONS, SSM_AGENT_SIDECAR, TaskPrerequisite } from './fis-actions';
import { RuleViolation, unless } from '../violation';

/** Stable ids of the drill rules. */
export enum DrillRuleId {
  FAULTS = 'AAF-DRILL-FAULTS',
  DURATION = 'AAF-DRILL-DURATION',
  PERCENT = 'AAF-DRILL-PERCENT',
  LATENCY = 'AAF-DRILL-LATENCY',
  PORT = 'AAF-DRILL-PORT',
  SOURCES = 'AAF-DRILL-SOURCES',
  SAFETY_THRESHOLD = 'AAF-DRILL-SAFETY-THRESHOLD',
  STOP_CONDITIONS = 'AAF-DRILL-STOP-CONDITIONS',
  ALARM_REGION = 'AAF-DRILL-ALARM-REGION',
  DUPLICATE = 'AAF-DRILL-DUPLICATE',
  SIDECAR = 'AAF-DRILL-SIDECAR',
  PID_MODE = 'AAF-DRILL-PID-MODE',
  FAULT_INJECTION = 'AAF-DRILL-FAULT-INJECTION',
  NETWORK_MODE = 'AAF-DRILL-NETWORK-MODE',
  EXEC_COMMAND = 'AAF-DRILL-EXEC-COMMAND',
  PREPARED = 'AAF-DRILL-PREPARED',
  LOG_RETENTION = 'AAF-DRILL-LOG-RETENTION',
  SERVICE = 'AAF-DRILL-SERVICE',
}

/** A list of faults: at least one, each known, none twice. */
export function checkFaults(property: string, faults: unknown, known: readonly string[]): RuleViolation[] {
  const list: readonly unknown[] = Array.isArray(faults) ? faults : [];
  // findIndex, not find: an undefined entry (a misspelt DrillFault member) is itself what find would return for "none".
  const bad = list.findIndex(f => typeof f !== 'string' || !known.includes(f));
  const twice = list.findIndex((f, i) => list.indexOf(f) !== i);
  return unless(Array.isArray(faults) && list.length > 0 && bad < 0 && twice < 0, {
    ruleId: DrillRuleId.FAULTS,
    property,
    value: Array.isArray(faults) ? `[${list.map(f => (f === undefined ? 'undefined' : JSON.stringify(f))).join(', ')}]` : JSON.stringify(faults),
    problem: `must list one or more of ${known.map(k => `'${k}'`).join(', ')}, each once`,
    fix: 'pass DrillFault members (DrillFault.CPU, ...), or leave it unset for all four',
  });
}

/** A drill's duration: whole minutes, within the library's bounds. */
export function checkDuration(property: string, seconds: number): RuleViolation[] {
  const minutes = seconds / 60;
  return unless(Number.isInteger(minutes) && minutes >= DRILL_LIMITS.minDurationMinutes && minutes <= DRILL_LIMITS.maxDurationMinutes, {
    ruleId: DrillRuleId.DURATION,
    property,
    value: `${seconds} seconds`,
    problem: `must be whole minutes from ${DRILL_LIMITS.minDurationMinutes} to ${DRILL_LIMITS.maxDurationMinutes}`,
    fix: 'pass Duration.minutes(n); a drill is bounded (FIS bills per action-minute)',
  });
}

/** A percentage from 1 to 100, whole. */
export function checkPercent(property: string, value: number, meaning: string): RuleViolation[] {
  return unless(Number.isInteger(value) && value >= 1 && value <= 100, {
    ruleId: DrillRuleId.PERCENT,
    property,
    value: `${value}`,
    problem: `must be a whole number from 1 to 100 (${meaning})`,
    fix: 'pass a whole percentage, or leave it unset for the default',
  });
}

/**
 * The added latency: whole milliseconds, and twice it (a health check's new
 * connection waits for the delayed SYN-ACK, then the delayed response) below
 * the target group's health-check timeout, so the targets stay in service.
 */
export function checkLatency(property: string, milliseconds: number, healthCheckTimeoutSeconds?: number): RuleViolation[] {
  const whole = unless(Number.isInteger(milliseconds) && milliseconds >= 1, {
    ruleId: DrillRuleId.LATENCY,
    property,
    value: `${milliseconds} ms`,
    problem: 'must be a whole number of milliseconds, at least 1',
    fix: 'pass Duration.millis(n) or Duration.seconds(n)',
  });
  if (whole.length > 0 || healthCheckTimeoutSeconds === undefined) {
    return whole;
  }
  return unless(2 * milliseconds < healthCheckTimeoutSeconds * 1000, {
    ruleId: DrillRuleId.LATENCY,
    property,
    value: `${milliseconds} ms`,
    problem: `must be below half the target group's health-check timeout (${healthCheckTimeoutSeconds} s): a health check's `
      + 'new connection waits for the delayed SYN-ACK and the delayed response, and a timed-out check takes the target out '
      + 'of service, which turns a latency drill into a capacity loss',
    fix: `pass at most ${Math.ceil(healthCheckTimeoutSeconds * 500) - 1} ms, or raise the target group's health-check timeout`,
  });
}

/** The blackholed port: 1 to 65535. */
export function checkPort(property: string, port: number): RuleViolation[] {
  return unless(Number.isInteger(port) && port >= 1 && port <= 65535, {
    ruleId: DrillRuleId.PORT,
    property,
    value: `${port}`,
    problem: 'must be a whole number from 1 to 65535',
    fix: "pass the port the application's container listens on (the target group's target port)",
  });
}

/** The network drills' sources: known, at least one. */
export function checkSources(property: string, sources: readonly string[] | undefined, why: string,
  isUnresolved: (value: string) => boolean = () => false): RuleViolation[] {
  const known = (sources ?? []).filter(s => !isUnresolved(s));
  return unless(sources !== undefined && sources.length > 0 && known.every(isCidrBlock) && new Set(known).size === known.length, {
    ruleId: DrillRuleId.SOURCES,
    property,
    value: sources === undefined ? 'unknown' : `[${sources.map(s => `'${s}'`).join(', ')}]`,
    problem: `must list the CIDR blocks of the load balancer's subnets (${why})`,
    fix: "pass the CIDR blocks of the load balancer's subnets, for example ['10.0.0.0/24', '10.0.1.0/24']",
  });
}

/** An IPv4 CIDR block: four octets of 0 to 255 and a prefix of 0 to 32, nothing around it. */
function isCidrBlock(value: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  return m !== null && m.slice(1, 5).every(o => Number(o) <= 255) && Number(m[5]) <= 32;
}

/** The safety alarm's threshold (% of requests failing): above what the drills intend, below 100. */
export function checkSafetyThreshold(property: string, threshold: number, intended: number): RuleViolation[] {
  return unless(Number.isFinite(threshold) && threshold > intended && threshold < 100, {
    ruleId: DrillRuleId.SAFETY_THRESHOLD,
    property,
    value: `${threshold}`,
    problem: `must be above the ${intended} % of requests the drills are meant to fail and below 100`,
    fix: 'pass a higher threshold, or make the 5xx drill smaller (taskPercent x http5xxFlowsPercent / 100)',
  });
}

/** The stop conditions of one template: at most FIS's quota. */
export function checkStopConditionCount(property: string, counts: { safety: number; crossRegion: number; extra: number }): RuleViolation[] {
  const total = counts.safety + counts.crossRegion + counts.extra;
  return unless(total <= MAX_STOP_CONDITIONS, {
    ruleId: DrillRuleId.STOP_CONDITIONS,
    property,
    value: `${total} stop conditions (the safety alarm, ${counts.crossRegion} other Regions' health alarms, ${counts.extra} of yours)`,
    problem: `must add up to at most ${MAX_STOP_CONDITIONS} per experiment template (FIS's quota)`,
    fix: 'pass fewer stopConditionAlarms (combine them in one composite alarm), or turn crossRegionStopConditions off',
  });
}

/** A stop-condition alarm: in the drilled Region (FIS documents no alarm in another Region). */
export function checkAlarmRegion(property: string, alarmRegion: string, region: string): RuleViolation[] {
  return unless(alarmRegion === region, {
    ruleId: DrillRuleId.ALARM_REGION,
    property,
    value: `an alarm in ${alarmRegion}`,
    problem: `must be in the drilled Region, ${region}: FIS does not document stop conditions on alarms of another Region`,
    fix: 'pass an alarm of the drilled Region (relay the other Region\'s state into a metric of this one)',
  });
}

/** What is known of a task definition, as it will be synthesized. */
export interface TaskDefinitionFacts {
  readonly networkMode: string;
  readonly pidMode?: string;
  readonly enableFaultInjection: boolean;
  readonly hasSidecar: boolean;
}

/** What is known of a service, for the prerequisites; undefined: not known (an imported service), not checked. */
export interface ServiceFacts {
  readonly taskDefinition?: TaskDefinitionFacts;
  readonly enableExecuteCommand?: boolean;
}

/** What each prerequisite checks, its id, the property it reads and the fix. */
const PREREQUISITES: Record<TaskPrerequisite, {
  ruleId: DrillRuleId;
  property: string;
  met: (f: ServiceFacts) => boolean | undefined;
  value: (f: ServiceFacts) => string;
  problem: string;
  fix: string;
}> = {
  ssmAgentSidecar: {
    ruleId: DrillRuleId.SIDECAR,
    property: 'taskDefinition.containerDefinitions',
    met: f => f.taskDefinition?.hasSidecar,
    value: () => `no container with ${SSM_AGENT_SIDECAR.roleNameVariable} in its environment`,
    problem: 'must hold the SSM agent sidecar that registers each task as a managed instance (FIS finds tasks through it)',
    fix: 'call FailoverDrill.prepareTaskDefinition(taskDefinition, { faults }) before synthesis',
  },
  pidModeTask: {
    ruleId: DrillRuleId.PID_MODE,
    property: 'taskDefinition.pidMode',
    met: f => f.taskDefinition && f.taskDefinition.pidMode === 'task',
    value: f => f.taskDefinition?.pidMode === undefined ? 'unset' : `'${f.taskDefinition.pidMode}'`,
    problem: "must be 'task' for the network faults (the sidecar works in the application's network namespace)",
    fix: 'call FailoverDrill.prepareTaskDefinition with the network faults (it sets pidMode task)',
  },
  enableFaultInjection: {
    ruleId: DrillRuleId.FAULT_INJECTION,
    property: 'taskDefinition.EnableFaultInjection',
    met: f => f.taskDefinition?.enableFaultInjection,
    value: f => `${f.taskDefinition?.enableFaultInjection}`,
    problem: 'must be true for the network faults (they use the ECS fault injection endpoints)',
    fix: 'call FailoverDrill.prepareTaskDefinition with the network faults (it sets EnableFaultInjection)',
  },
  awsvpcOrHostNetworking: {
    ruleId: DrillRuleId.NETWORK_MODE,
    property: 'taskDefinition.networkMode',
    met: f => f.taskDefinition && ['awsvpc', 'host'].includes(f.taskDefinition.networkMode),
    value: f => `'${f.taskDefinition?.networkMode}'`,
    problem: "must be 'awsvpc' or 'host' for the network faults (FIS does not support 'bridge')",
    fix: 'use NetworkMode.AWS_VPC (Fargate always does), or drill only the cpu fault',
  },
  execCommandOff: {
    ruleId: DrillRuleId.EXEC_COMMAND,
    property: 'service.enableExecuteCommand',
    met: f => f.enableExecuteCommand === undefined ? undefined : !f.enableExecuteCommand,
    value: f => `${f.enableExecuteCommand}`,
    problem: "must be false: ECS Exec runs its own SSM agent, next to which the sidecar's refuses to start",
    fix: 'turn ECS Exec off on the drilled service (enableExecuteCommand: false)',
  },
};

/** The prerequisites the faults' actions need, in a stable order. */
export function prerequisitesOf(faults: readonly DrillFault[]): TaskPrerequisite[] {
  const order = Object.keys(PREREQUISITES) as TaskPrerequisite[];
  const needed = new Set(faults.flatMap(f => faultAction(f).prerequisites));
  return order.filter(p => needed.has(p));
}

/** The prerequisites of `faults` the service is known not to meet (an unknown fact is not checked). */
export function checkPrerequisites(faults: readonly DrillFault[], facts: ServiceFacts): RuleViolation[] {
  return prerequisitesOf(faults).flatMap(p => {
    const rule = PREREQUISITES[p];
    const needing = faults.filter(f => faultAction(f).prerequisites.includes(p));
    return unless(rule.met(facts) !== false, {
      ruleId: rule.ruleId,
      property: rule.property,
      value: rule.value(facts),
      problem: `${rule.problem}; needed by ${needing.map(f => `'${f}'`).join(', ')}`,
      fix: rule.fix,
    });
  });
}
