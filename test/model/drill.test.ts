import { checkPrerequisites, prerequisitesOf } from '../../src/model/drill/drill-rules';
import { drillCostUsd, intendedErrorPercent } from '../../src/model/drill/drill-template';
import { ACTION_SCOPES, experimentRoleActions } from '../../src/model/drill/experiment-role-scopes';
import { DRILL_FAULTS, FIS_ACTIONS, LOG_DELIVERY_ROLE_ACTIONS, TASK_TARGET_ROLE_ACTIONS } from '../../src/model/drill/fis-actions';

test('every IAM action the table gives an experiment role has a scope (AAF-DRILL-ROLE-SCOPE never fires)', () => {
  const all = [...Object.values(FIS_ACTIONS).flatMap(a => a.experimentRoleActions), ...TASK_TARGET_ROLE_ACTIONS, ...LOG_DELIVERY_ROLE_ACTIONS];
  expect(all.filter(a => !ACTION_SCOPES[a])).toEqual([]);
  expect(experimentRoleActions(['cpu'])).not.toContain('ec2:DescribeSubnets');
});

test('the cpu fault needs the sidecar and ECS Exec off only; the network faults all five prerequisites', () => {
  expect(prerequisitesOf(['cpu'])).toEqual(['ssmAgentSidecar', 'execCommandOff']);
  expect(prerequisitesOf(DRILL_FAULTS)).toEqual(['ssmAgentSidecar', 'pidModeTask', 'enableFaultInjection', 'awsvpcOrHostNetworking', 'execCommandOff']);
});

test('an unknown service (imported) is not checked; a known one is', () => {
  expect(checkPrerequisites(DRILL_FAULTS, {})).toEqual([]);
  const ids = checkPrerequisites(DRILL_FAULTS, {
    taskDefinition: { networkMode: 'bridge', enableFaultInjection: false, hasSidecar: false }, enableExecuteCommand: true,
  }).map(v => v.ruleId);
  expect(ids).toEqual(['AAF-DRILL-SIDECAR', 'AAF-DRILL-PID-MODE', 'AAF-DRILL-FAULT-INJECTION', 'AAF-DRILL-NETWORK-MODE', 'AAF-DRILL-EXEC-COMMAND']);
});

test('cost and intended error share', () => {
  expect(drillCostUsd(10)).toBe(1);
  expect(drillCostUsd(7)).toBe(0.7);
  expect(intendedErrorPercent('http5xx', 50, 10)).toBe(5);
  expect(intendedErrorPercent('connectionErrors', 50, 10)).toBe(0);
});
