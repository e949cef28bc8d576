/**
 * When an AWS datapoint can be read, and what each read shows.
 *
 * - A minute's datapoint is readable `awsMetricDelayMinutes` after the minute
 *   starts, plus the scenario's late data; `lateDatapointPercent` of the
 *   (Region, metric, minute) datapoints arrive one minute later still.
 * - With `partialFirstReads`, a load balancer's request metrics (counts and
 *   response times) read at their first readable instant show 1 to all of the
 *   `albNodes` nodes (drawn for each Region and minute); the whole minute is
 *   readable one minute later. Gauges (host counts) and ECS/EC2 metrics are
 *   whole from the start.
 *
 * Every draw comes from the seed and the datapoint's key (random.ts).
 */
import { SimulationAssumptions } from './assumptions';
import { ScenarioPlan } from './plan';
import { draw } from './random';

/** One read of a datapoint: from when, until when (a partial first read), and which nodes it shows (undefined: all). */
export interface Revision {
  readonly readableAt: number;
  readonly until?: number;
  readonly nodes?: readonly number[];
}

/** A produced metric, as far as its arrival goes. */
export interface ArrivingMetric {
  readonly namespace: string;
  readonly name: string;
  /** Reported by each load balancer node (counts and response times), so a first read can show some of them only. */
  readonly perNode: boolean;
}

export class MetricArrival {
  /** The nodes of each first read, by `<region>|<minute>` (every request metric of a minute shares them). */
  private readonly nodesSeen = new Map<string, number[] | undefined>();

  constructor(private readonly assumptions: SimulationAssumptions, private readonly seed: number, private readonly plan: ScenarioPlan) {}

  /** The reads of the Region's datapoint of `metric` for `minute`. */
  public revisions(region: string, metric: ArrivingMetric, minute: number): Revision[] {
    const a = this.assumptions;
    const late = a.lateDatapointPercent > 0 && draw(this.seed, 'late', region, metric.namespace, metric.name, minute) * 100 < a.lateDatapointPercent ? 1 : 0;
    const first = minute + a.awsMetricDelayMinutes + this.plan.extraDelay(region, metric.namespace, minute) + late;
    const nodes = metric.perNode ? this.firstReadNodes(region, minute) : undefined;
    return nodes === undefined ? [{ readableAt: first }] : [{ readableAt: first, until: first + 1, nodes }, { readableAt: first + 1 }];
  }

  /** Forgets the draws of minutes before `minute`. */
  public forget(minute: number): void {
    for (const key of this.nodesSeen.keys()) {
      if (Number(key.slice(key.lastIndexOf('|') + 1)) < minute) {
        this.nodesSeen.delete(key);
      }
    }
  }

  /** The nodes a first read of the Region's minute shows; undefined: all of them. */
  public firstReadNodes(region: string, minute: number): number[] | undefined {
    const key = `${region}|${minute}`;
    if (!this.nodesSeen.has(key)) {
      this.nodesSeen.set(key, this.drawNodes(region, minute));
    }
    return this.nodesSeen.get(key);
  }

  private drawNodes(region: string, minute: number): number[] | undefined {
    const n = this.assumptions.albNodes;
    if (this.assumptions.partialFirstReads === 0 || n <= 1) {
      return undefined;
    }
    const seen = 1 + Math.floor(draw(this.seed, 'nodes', region, minute) * n);
    if (seen >= n) {
      return undefined;
    }
    const order = Array.from({ length: n }, (_, node) => ({ node, rank: draw(this.seed, 'node', region, minute, node) }));
    return order.sort((x, y) => x.rank - y.rank).slice(0, seen).map(x => x.node).sort((x, y) => x - y);
  }
}
