/**
 * A drill's props checked and turned into plain settings (defaults applied
 * where a prop is unset). Not part of the public API.
 */
import { Token } from 'aws-cdk-lib';
import { DrillFault, FailoverDrillOptions } from './drill-options';
import {
  checkDuration, checkFaults, checkLatency, checkPercent, checkPort, checkSafetyThreshold, checkSources,
} from '../../model/drill/drill-rules';
import { DRILL_DEFAULTS, intendedErrorPercent } from '../../model/drill/drill-template';
import { DRILL_FAULTS, DrillFault as FaultName } from '../../model/drill/fis-actions';
import { RuleViolation } from '../../model/violation';
import { knownNumber, throwViolations } from '../../signals/signal-helpers';

/** The faults asked for (every fault when unset), checked; as the model names them. */
export function checkedFaults(subject: string, faults: DrillFault[] | undefined): FaultName[] {
  const list: unknown = faults ?? [...DRILL_FAULTS];
  throwViolations(subject, checkFaults('faults', list, DRILL_FAULTS));
  return list as FaultName[];
}

/** The settings of a drill that its props decide (the rest is read from the service at synth time). */
export interface PropSettings {
  readonly faults: FaultName[];
  readonly durationMinutes: number;
  readonly taskPercent: number;
  readonly cpuPercent: number;
  readonly latencyMilliseconds: number;
  readonly http5xxFlowsPercent: number;
  readonly port?: number;
  readonly sources?: string[];
  readonly safetyThreshold: number;
}

/** Checks the props and applies the defaults. */
export function propSettings(subject: string, props: FailoverDrillOptions): PropSettings {
  const faults = checkedFaults(subject, props.faults);
  const known = (property: string, value: number) => knownNumber(subject, property, value, 'it is written into the experiment templates');
  const seconds = known('duration', props.duration?.toSeconds({ integral: false }) ?? DRILL_DEFAULTS.durationMinutes * 60);
  const taskPercent = known('taskPercent', props.taskPercent ?? DRILL_DEFAULTS.taskPercent);
  const cpuPercent = known('cpuPercent', props.cpuPercent ?? DRILL_DEFAULTS.cpuPercent);
  const latencyMilliseconds = known('latencyDelay', props.latencyDelay?.toMilliseconds({ integral: false }) ?? DRILL_DEFAULTS.latencyMilliseconds);
  const http5xxFlowsPercent = known('http5xxFlowsPercent', props.http5xxFlowsPercent ?? DRILL_DEFAULTS.http5xxFlowsPercent);
  const intended = Math.max(...faults.map(f => intendedErrorPercent(f, taskPercent, http5xxFlowsPercent)));
  const safetyThreshold = known('safetyErrorRatePercent', props.safetyErrorRatePercent ?? intended + DRILL_DEFAULTS.safetyMarginPercent);
  const violations: RuleViolation[] = [
    ...checkDuration('duration', seconds),
    ...checkPercent('taskPercent', taskPercent, 'the share of the service\'s tasks each drill injects into'),
    ...checkPercent('cpuPercent', cpuPercent, 'the load of each stressed task'),
    ...checkLatency('latencyDelay', latencyMilliseconds),
    ...checkPercent('http5xxFlowsPercent', http5xxFlowsPercent, 'the share of flows back to the load balancer dropped'),
    ...(props.connectionErrorsPort === undefined ? [] : checkPort('connectionErrorsPort', known('connectionErrorsPort', props.connectionErrorsPort))),
    ...(props.loadBalancerSources === undefined ? []
      : checkSources('loadBalancerSources', props.loadBalancerSources, 'as given, each once', s => Token.isUnresolved(s))),
    ...checkSafetyThreshold('safetyErrorRatePercent', safetyThreshold, intended),
  ];
  throwViolations(subject, violations);
  return {
    faults,
    durationMinutes: seconds / 60,
    taskPercent,
    cpuPercent,
    latencyMilliseconds,
    http5xxFlowsPercent,
    port: props.connectionErrorsPort,
    sources: props.loadBalancerSources,
    safetyThreshold,
  };
}
