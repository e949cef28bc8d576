/**
 * Helpers shared by signals and strategies. Not part of the public API.
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { PublishedSignal, Republisher } from '../republisher/republisher';
import type { MetricStrategyConfig, MirrorOptions } from '../strategies/strategy-types';

/**
 * Mirrors `source` (any alarm) as a 0/1 metric, and returns the settings of the
 * Route 53 alarm on it: unhealthy while the mirrored value is 1.
 */
export function mirrorAlarm(
  scope: Construct, signal: PublishedSignal,
  source: cloudwatch.IAlarm, options: MirrorOptions,
): MetricStrategyConfig {
  const metric = Republisher.of(scope).addMirror(signal, source, options.insufficientDataAsAlarm ? 1 : 0);
  return {
    metric,
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
  };
}

/** The alarm's TreatMissingData that shows what Route 53 does with missing data. */
export function treatMissingDataFor(status: route53.InsufficientDataHealthStatusEnum): cloudwatch.TreatMissingData {
  switch (status) {
    case route53.InsufficientDataHealthStatusEnum.HEALTHY: return cloudwatch.TreatMissingData.NOT_BREACHING;
    case route53.InsufficientDataHealthStatusEnum.UNHEALTHY: return cloudwatch.TreatMissingData.BREACHING;
    default: return cloudwatch.TreatMissingData.IGNORE;
  }
}
