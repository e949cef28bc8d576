/**
 * The strategy a metric signal uses when none is given. Not part of the public API.
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { settingsOfMetric } from './alarm-inspection';
import { MetricStrategy } from '../strategies/metric-strategy';

/**
 * Republish for a percentile or metric math (what Route 53 cannot read but a
 * republished value can); Direct otherwise, whose own check then reports any
 * other problem (a high-resolution period, say) as it is. Decided by the
 * metric's shape alone: the Route 53 rules run once, in the strategy.
 */
export function defaultStrategyFor(metric: cloudwatch.IMetric): MetricStrategy {
  const settings = settingsOfMetric(metric);
  return settings.metrics !== undefined || settings.extendedStatistic !== undefined
    ? MetricStrategy.republish()
    : MetricStrategy.direct();
}
