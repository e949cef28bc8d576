/**
 * The evacuation switch of one Region: a metric an operator publishes with
 * one data-plane call, an alarm Route 53 can read on it, and the health check
 * on the Region's latency records. Not part of the public API.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';

/** The namespace of the evacuation metric (apart from republished signals, so no signal name can clash). */
export const EVACUATION_NAMESPACE = 'ActiveActiveFailover/Evacuation';

/** The name of the evacuation metric: 1 evacuates the Region, 0 restores it. */
export const EVACUATION_METRIC = 'Evacuated';

/** The switch's dimensions for one Region. */
export function evacuationDimensions(failoverName: string, region: string): Record<string, string> {
  return { Failover: failoverName, Region: region };
}

/** The name of a Region's switch alarm. */
export function switchAlarmName(failoverName: string, region: string): string {
  return `${failoverName}-${region}-evacuated`;
}

/** The AWS CLI command that sets a Region's switch (1 evacuates, 0 restores). */
export function evacuationCommand(failoverName: string, region: string, value: 0 | 1): string {
  const dimensions = Object.entries(evacuationDimensions(failoverName, region)).map(([k, v]) => `${k}=${v}`).join(',');
  return `aws cloudwatch put-metric-data --region ${region} --namespace ${EVACUATION_NAMESPACE} `
    + `--metric-name ${EVACUATION_METRIC} --dimensions ${dimensions} --value ${value}`;
}

/** A Region's switch: its alarm and its health check. */
export interface EvacuationSwitch {
  readonly alarm: cloudwatch.Alarm;
  readonly healthCheck: route53.HealthCheck;
}

/**
 * Creates a Region's switch.
 *
 * The alarm watches the Maximum of the switch metric over one minute: a
 * published 1 makes it breach. The health check keeps its last status while no
 * value is published (LastKnownStatus), so one call holds the switch in its
 * position until the next call, whatever happens to the operator's shell. A
 * new health check has no history and starts healthy.
 */
export function createEvacuationSwitch(scope: Construct, failoverName: string, region: string): EvacuationSwitch {
  const metric = new cloudwatch.Metric({
    namespace: EVACUATION_NAMESPACE,
    metricName: EVACUATION_METRIC,
    dimensionsMap: evacuationDimensions(failoverName, region),
    statistic: cloudwatch.Stats.MAXIMUM,
    period: Duration.minutes(1),
  });
  const alarm = new cloudwatch.Alarm(scope, 'Alarm', {
    alarmName: switchAlarmName(failoverName, region),
    alarmDescription: `Evacuation switch of Region ${region} of failover '${failoverName}': in ALARM after an operator `
      + `published ${EVACUATION_METRIC}=1, OK after ${EVACUATION_METRIC}=0. Route 53 keeps the last value while none is published.`,
    metric,
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    // Keep the last state while no value is published: what Route 53 does (LastKnownStatus).
    treatMissingData: cloudwatch.TreatMissingData.IGNORE,
  });
  const healthCheck = new route53.HealthCheck(scope, 'HealthCheck', {
    type: route53.HealthCheckType.CLOUDWATCH_METRIC,
    alarmIdentifier: { name: alarm.alarmName, region },
    insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS,
  });
  return { alarm, healthCheck };
}
