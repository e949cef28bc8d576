/**
 * The evacuation switch of one Region: a metric an operator publishes with
 * one data-plane call, an alarm Route 53 can read on it, and the health check
 * on the Region's latency records. Not part of the public API.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { switchAlarmName, switchHealthCheckName, switchParameterName } from '../../model/names';
import { EVACUATION_METRIC, EVACUATION_NAMESPACE, regionDimensions } from '../../model/namespaces';
import { AlarmHealthCheck, createRoute53Alarm } from '../../private/route53-alarm';
import { Republisher } from '../../republisher/republisher';

/**
 * Creates a Region's switch in `scope`.
 *
 * The alarm watches the Maximum of the switch metric over one minute: a
 * published 1 makes it breach. The operator's command writes the position to
 * the switch's parameter and publishes it; the stack's republisher then
 * publishes it every minute (a restored switch every 15 minutes). While no
 * value is published (the republisher down) the health check keeps its last
 * status (LastKnownStatus), so the switch holds its position. A new health
 * check has no history and starts healthy.
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
  // The republisher publishes the position every minute from its parameter, so the health check never rests for long on a last known status.
  Republisher.of(scope).addSwitch(failoverName, region);
  return new AlarmHealthCheck(scope, alarm, {
    insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS,
    name: switchHealthCheckName(failoverName, region),
  });
}

/**
 * PutMetricData, only in the switches' namespace (CloudWatch allows no
 * narrower resource or condition), and PutParameter on this Region's switch
 * parameter.
 */
export function grantSetSwitch(scope: Construct, grantee: iam.IGrantable, failoverName: string, region: string): iam.Grant {
  const parameterArn = Stack.of(scope).formatArn({
    service: 'ssm', region, resource: 'parameter', resourceName: switchParameterName(failoverName, region).slice(1),
  });
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['cloudwatch:PutMetricData'],
    resourceArns: ['*'],
    conditions: { StringEquals: { 'cloudwatch:namespace': EVACUATION_NAMESPACE } },
  }).combine(iam.Grant.addToPrincipal({ grantee, actions: ['ssm:PutParameter'], resourceArns: [parameterArn] }));
}
