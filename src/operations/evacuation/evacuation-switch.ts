/**
 * The evacuation switch of one Region: a metric an operator publishes with
 * one data-plane call, an alarm Route 53 can read on it, and the health check
 * on the Region's latency records. Not part of the public API.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { switchAlarmName, switchHealthCheckName } from '../../model/names';
import { EVACUATION_METRIC, EVACUATION_NAMESPACE, regionDimensions } from '../../model/namespaces';
import { AlarmHealthCheck, createRoute53Alarm } from '../../private/route53-alarm';

/**
 * Creates a Region's switch in `scope`.
 *
 * The alarm watches the Maximum of the switch metric over one minute: a
 * published 1 makes it breach. The health check keeps its last status while no
 * value is published (LastKnownStatus), so one call holds the switch in its
 * position until the next call, whatever happens to the operator's shell. A
 * new health check has no history and starts healthy.
 */
export function createEvacuationSwitch(scope: Construct, failoverName: string, region: string): AlarmHealthCheck {
  const alarm = createRoute53Alarm(scope, {
    alarmName: switchAlarmName(failoverName, region),
    alarmDescription: `Evacuation switch of Region ${region} of failover '${failoverName}': in ALARM after an operator `
      + `published ${EVACUATION_METRIC}=1, OK after ${EVACUATION_METRIC}=0. Route 53 keeps the last value while none is published.`,
    metric: new cloudwatch.Metric({
      namespace: EVACUATION_NAMESPACE,
      metricName: EVACUATION_METRIC,
      dimensionsMap: regionDimensions(failoverName, region),
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.minutes(1),
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    // Keep the last state while no value is published: what Route 53 does (LastKnownStatus).
    treatMissingData: cloudwatch.TreatMissingData.IGNORE,
  });
  return new AlarmHealthCheck(scope, alarm, {
    insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS,
    name: switchHealthCheckName(failoverName, region),
  });
}

/**
 * PutMetricData, only in the switches' namespace. CloudWatch allows no
 * narrower resource or condition.
 */
export function grantSetSwitch(grantee: iam.IGrantable): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['cloudwatch:PutMetricData'],
    resourceArns: ['*'],
    conditions: { StringEquals: { 'cloudwatch:namespace': EVACUATION_NAMESPACE } },
  });
}
