/**
 * The failover simulator's library API (JavaScript and TypeScript only: it is
 * not part of the jsii API). See docs/simulator.md.
 *
 *   import { simulateAssembly } from 'cdk-active-active-failover/lib/simulator';
 *   const result = simulateAssembly('cdk.out', 'gray-p99');
 */
export { simulate, simulateAssembly } from './engine';
export * from './assumptions';
export * from './result';
export { BUILT_IN_SCENARIOS, builtInScenario, loadScenario } from './builtin-scenarios';
export { latencyDistribution } from './traffic';
export { timelineSvg, timelineText, summaryText, minutesText, assumptionsText } from './report';
export { HEALTHY_CONDITION, ScenarioError, checkScenario, parseScenario } from './scenario';
export type { Condition, Scenario, ScenarioEvent, Evacuation, LateData, RepublisherFault, RepublisherFaultKind } from './scenario';
export { readAssembly } from './assembly';
export { InputError } from './inputs';
export { readTopology } from './topology';
export type { Topology } from './topology';
export { defaultUserGroups } from './world';
export type { UserGroup } from './world';
export { readHistory, writeHistory, parseHistory, HISTORY_FORMAT, HISTORY_VERSION } from './history/format';
export type { History, HistoryHeader, HistorySeries } from './history/format';
export { readIncidents } from './history/incidents';
export type { Incident } from './history/incidents';
export { sourceMetrics } from './history/sources';
export { generateHistory } from './history/generate';
export type { GeneratedHistory } from './history/generate';
export { backtest } from './history/backtest';
export type { BacktestOptions, BacktestResult, Departure } from './history/backtest';
export { backtestText, backtestSvg } from './history/backtest-report';
export { calibrate } from './history/calibrate';
export type { CalibrationOptions, CalibrationResult, SignalCalibration, CandidateResult } from './history/calibrate';
export { calibrationText, cdkCode } from './history/calibrate-report';
export type { HeldOutRun } from './history/held-out';
export { DEFAULT_MAGNITUDES } from './history/overlay';
export type { GrayFailure, Overlay, OverlayMagnitudes } from './history/overlay';
