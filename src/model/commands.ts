/**
 * The AWS CLI commands an operator runs against one Region of a failover:
 * written into the stack outputs and onto the dashboard.
 */
import { healthAlarmName, switchAlarmName, switchParameterName } from './names';
import { EVACUATION_METRIC, EVACUATION_NAMESPACE, regionDimensions } from './namespaces';

/**
 * The command that sets a Region's switch (1 evacuates, 0 restores): it writes
 * the switch's parameter, which the republisher publishes every minute, then
 * publishes the position itself, so the switch moves even while the
 * republisher is down.
 */
export function evacuationCommand(failoverName: string, region: string, value: 0 | 1): string {
  const dimensions = Object.entries(regionDimensions(failoverName, region)).map(([k, v]) => `${k}=${v}`).join(',');
  return `aws ssm put-parameter --region ${region} --name ${switchParameterName(failoverName, region)} --type String `
    + `--value ${value} --overwrite && aws cloudwatch put-metric-data --region ${region} --namespace ${EVACUATION_NAMESPACE} `
    + `--metric-name ${EVACUATION_METRIC} --dimensions ${dimensions} --value ${value}`;
}

/** The command that shows a Region's switch and, when it has one, its health alarm. */
export function statusCommand(failoverName: string, region: string, withHealthAlarm: boolean): string {
  const alarmNames = [...(withHealthAlarm ? [healthAlarmName(failoverName, region)] : []), switchAlarmName(failoverName, region)];
  return `aws cloudwatch describe-alarms --region ${region} --alarm-types CompositeAlarm MetricAlarm --alarm-names `
    + `${alarmNames.join(' ')} --query "[CompositeAlarms,MetricAlarms][][AlarmName,StateValue,StateReason]" --output table`;
}
