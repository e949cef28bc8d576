/**
 * Statistics as the history names them: the simple ones by CloudWatch's
 * names and percentiles as `p` and the number (`p99`, `p99.9`), so
 * `P99`, `p99.0` and `p99` name one series.
 */
import { ROUTE53_STATISTICS } from '../../model/route53-alarm-rules';
import { percentileOf } from '../cloudwatch';

/** The statistic's canonical name; undefined when the history cannot hold it (trimmed means, IQM...). */
export function canonicalStatistic(statistic: string): string | undefined {
  const simple = ROUTE53_STATISTICS.find(s => s.toLowerCase() === statistic.toLowerCase());
  if (simple !== undefined) {
    return simple;
  }
  const p = percentileOf(statistic);
  return p === undefined || p > 100 ? undefined : `p${p}`;
}
