/**
 * The strategy a metric signal uses when none is given. Not part of the public API.
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { settingsOfMetric } from './alarm-inspection';
import { checkRoute53Alarm, WORKAROUND_RULES } from '../model/route53-alarm-rules';
import { MetricStrategy } from '../strategies/metric-strategy';

/**
 * Republish for a percentile or metric math (what Route 53 cannot read but a
 * republished value can); Direct otherwise, which also reports any other
 * problem (a high-resolution period, say) as it is.
 */
export function defaultStrategyFor(metric: cloudwatch.IMetric): MetricStrategy {
  const violations = checkRoute53Alarm(settingsOfMetric(metric));
  return violations.some(v => WORKAROUND_RULES.includes(v.ruleId)) ? MetricStrategy.republish() : MetricStrategy.direct();
}
