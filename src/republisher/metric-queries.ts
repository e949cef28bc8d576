/**
 * Turns a CDK metric (a metric with any statistic, or a metric-math expression)
 * into GetMetricData queries for the republisher. Construct-side code: the
 * Lambda handler receives the result as plain JSON.
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { MetricDataQueryConfig } from '../model/republisher/config';
import { simpleStatistic } from '../model/route53-alarm-rules';

/** The queries of one signal. */
export interface SignalQueries {
  readonly queries: MetricDataQueryConfig[];
  /** The id whose values are published. */
  readonly valueId: string;
  /** The ids of the source metrics (leaves). */
  readonly presenceIds: string[];
  /** The query id of each metric of a top-level expression, by its key in `usingMetrics`. */
  readonly leafIds: Record<string, string>;
}

/**
 * The GetMetricData queries that compute `metric`, with ids prefixed by
 * `prefix` (which must start with a lower-case letter) so that the queries of
 * many signals fit in one call. A query used by an expression gets the id
 * `<parent>_<index><key>`: the index keeps ids unique whatever the keys
 * (GetMetricData ids allow only letters, digits and '_').
 */
export function metricQueries(metric: cloudwatch.IMetric, prefix: string): SignalQueries {
  return collect(metric, prefix, true);
}

function collect(metric: cloudwatch.IMetric, id: string, returnValue: boolean): SignalQueries {
  const config = metric.toMetricConfig();
  if (config.metricStat) {
    const stat = config.metricStat;
    return {
      queries: [{
        Id: id,
        MetricStat: {
          Metric: {
            Namespace: stat.namespace,
            MetricName: stat.metricName,
            Dimensions: (stat.dimensions ?? []).map(d => ({ Name: d.name, Value: String(d.value) })),
          },
          Period: stat.period.toSeconds(),
          Stat: simpleStatistic(stat.statistic) ?? stat.statistic,
        },
        // Source metrics are returned too: the handler publishes a minute only
        // when one of them has data in it.
        ReturnData: true,
      }],
      valueId: id,
      presenceIds: [id],
      leafIds: {},
    };
  }
  const math = config.mathExpression!;
  const queries: MetricDataQueryConfig[] = [];
  const presenceIds: string[] = [];
  const renames: Record<string, string> = {};
  for (const [index, [key, used]] of Object.entries(math.usingMetrics).entries()) {
    const child = collect(used, `${id}_${index}${key}`, false);
    renames[key] = child.valueId;
    queries.push(...child.queries);
    presenceIds.push(...child.presenceIds);
  }
  queries.push({
    Id: id,
    Expression: renameIdentifiers(math.expression, renames),
    Period: math.period,
    ReturnData: returnValue,
  });
  return { queries, valueId: id, presenceIds, leafIds: renames };
}

/**
 * Renames metric ids in a metric-math expression, leaving quoted strings (as
 * in SEARCH('...')) and function names untouched.
 */
export function renameIdentifiers(expression: string, renames: Record<string, string>): string {
  return expression.replace(/('[^']*'|"[^"]*")|\b([a-z][a-zA-Z0-9_]*)\b/g, (match, quoted: string | undefined, id: string | undefined) => {
    if (quoted !== undefined || id === undefined) {
      return match;
    }
    return renames[id] ?? match;
  });
}
