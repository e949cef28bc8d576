/**
 * How the simulation reads its metric store for alarms and the republisher:
 * the statistics and the metric-math expressions it can compute. What it
 * cannot compute has no data, with one warning.
 */
import { isModelledStatistic, MetricStore } from './cloudwatch';
import { MetricExpression, UnsupportedExpressionError } from './metric-math';

export class MetricQueries {
  /** Parsed expressions by text; undefined: unsupported (warned about once). */
  private readonly expressions = new Map<string, MetricExpression | undefined>();

  /** @param warnings where what cannot be computed is reported */
  constructor(public readonly store: MetricStore, private readonly warnings: string[]) {}

  /** Whether a statistic is modelled; warns once when it is not (the metric then has no data). */
  public modelledStatistic(statistic: string | undefined, subject: string): boolean {
    if (isModelledStatistic(statistic)) {
      return true;
    }
    const warning = `${subject}: statistic '${statistic}' is not modelled (Sum, SampleCount, Minimum, Maximum, Average, pNN); it has no data.`;
    if (!this.warnings.includes(warning)) {
      this.warnings.push(warning);
    }
    return false;
  }

  /** The parsed expression; undefined, with a warning the first time, when it is not supported. */
  public expression(text: string, subject: string): MetricExpression | undefined {
    if (!this.expressions.has(text)) {
      try {
        this.expressions.set(text, MetricExpression.parse(text));
      } catch (e) {
        if (!(e instanceof UnsupportedExpressionError)) {
          throw e;
        }
        this.warnings.push(`${subject}: ${e.message}; it has no data.`);
        this.expressions.set(text, undefined);
      }
    }
    return this.expressions.get(text);
  }
}
