import * as fs from 'fs';
import * as path from 'path';
import { regionStack } from './templates';
import { MetricStore } from '../../src/simulator/cloudwatch';
import { PRODUCED_METRICS, produceMinute, producedKeys, ProducedMetric } from '../../src/simulator/produced-metrics';
import { HEALTHY_CONDITION } from '../../src/simulator/scenario';
import { metricKey, readTopology } from '../../src/simulator/topology';
import { RegionTraffic, regionTraffic, viewOf } from '../../src/simulator/traffic';

const PRODUCED_AS = { count: 'minutes when it is not zero', gauge: 'every minute', distribution: 'minutes with requests a target answered' };

/** The table of docs/simulator.md. */
function markdownTable(metrics: readonly ProducedMetric[]): string {
  return ['| namespace | metric | statistics with data | reported in | value |', '| --- | --- | --- | --- | --- |',
    ...metrics.map(m => `| ${m.namespace} | \`${m.name}\` | ${m.statistics.join(', ')} | ${PRODUCED_AS[m.producedAs]} | ${m.description} |`)].join('\n');
}

/** The datapoints of one minute of `requests` in `condition`, by metric name (namespace/name). */
function minute(condition: Partial<typeof HEALTHY_CONDITION>, requests: number) {
  const store = new MetricStore();
  produceMinute(store, 'r', 0, regionTraffic({ ...HEALTHY_CONDITION, ...condition }, requests, 4), () => [{ readableAt: 0 }]);
  return Object.fromEntries(PRODUCED_METRICS.map(m => [`${m.namespace}/${m.name}`, store.statistic(metricKey('r', m.namespace, m.name), 0, 1, 'Sum', 0)]));
}

describe('the metrics the simulator produces', () => {
  test('docs/simulator.md lists them as the table says', () => {
    const docs = fs.readFileSync(path.join(__dirname, '../../docs/simulator.md'), 'utf-8');
    expect(docs).toContain(`\n${markdownTable(PRODUCED_METRICS)}\n`);
  });

  test('counts only when not zero; gauges every minute', () => {
    expect(minute({ http5xxPercent: 10, targetConnectionErrorPercent: 50, elb5xxPercent: 1 }, 1000)).toEqual({
      'AWS/ApplicationELB/RequestCount': 1000,
      'AWS/ApplicationELB/TargetConnectionErrorCount': 500,
      'AWS/ApplicationELB/HTTPCode_Target_5XX_Count': 50,
      'AWS/ApplicationELB/HTTPCode_Target_2XX_Count': 450,
      'AWS/ApplicationELB/HTTPCode_ELB_5XX_Count': 510,
      'AWS/ApplicationELB/HTTPCode_ELB_502_Count': 500,
      'AWS/ApplicationELB/HTTPCode_ELB_503_Count': 10,
      'AWS/ApplicationELB/TargetResponseTime': 500 * 0.12,
      'AWS/ApplicationELB/HealthyHostCount': 4,
      'AWS/ApplicationELB/UnHealthyHostCount': 0,
      'AWS/ECS/CPUUtilization': 40,
      'AWS/EC2/CPUUtilization': 40,
    });
  });

  test('with no healthy target the load balancer fails open: requests still count, the targets\' errors are reported; without requests, no count', () => {
    // The hard outage: every target unhealthy, 60 % of connections refused, the rest answered 503 by the targets.
    const outage = minute({ healthyTargetPercent: 0, targetConnectionErrorPercent: 60, http5xxPercent: 100 }, 100);
    expect(Object.entries(outage).filter(([, v]) => v !== undefined)).toEqual([
      ['AWS/ApplicationELB/RequestCount', 100],
      ['AWS/ApplicationELB/TargetConnectionErrorCount', 60],
      ['AWS/ApplicationELB/HTTPCode_Target_5XX_Count', 40],
      ['AWS/ApplicationELB/HTTPCode_ELB_5XX_Count', 60],
      ['AWS/ApplicationELB/HTTPCode_ELB_502_Count', 60],
      ['AWS/ApplicationELB/TargetResponseTime', expect.closeTo(40 * 0.12)],
      ['AWS/ApplicationELB/HealthyHostCount', 0], ['AWS/ApplicationELB/UnHealthyHostCount', 4],
      ['AWS/ECS/CPUUtilization', 40], ['AWS/EC2/CPUUtilization', 40],
    ]);
    expect(Object.keys(minute({}, 0)).filter(k => minute({}, 0)[k] !== undefined)).toEqual([
      'AWS/ApplicationELB/HealthyHostCount', 'AWS/ApplicationELB/UnHealthyHostCount', 'AWS/ECS/CPUUtilization', 'AWS/EC2/CPUUtilization',
    ]);
  });

  test('a read of some of the load balancer\'s nodes shows their requests only: a node with a spike read alone overstates the minute', () => {
    const spike = { ...HEALTHY_CONDITION, http5xxPercent: 12, p99LatencyMs: 1100, maxLatencyMs: 2000 };
    const traffic: RegionTraffic = {
      condition: HEALTHY_CONDITION,
      targets: 2,
      nodes: [spike, HEALTHY_CONDITION, HEALTHY_CONDITION].map(condition => [{ condition, requests: 300 }]),
    };
    const whole = viewOf(traffic);
    const spiking = viewOf(traffic, [0]);
    const calm = viewOf(traffic, [1, 2]);
    expect([whole.requests, spiking.requests, calm.requests]).toEqual([900, 300, 600]);
    expect(100 * whole.target5xx / whole.requests).toBeCloseTo((12 + 0.1 + 0.1) / 3);
    expect(100 * spiking.target5xx / spiking.requests).toBeCloseTo(12);
    expect(100 * calm.target5xx / calm.requests).toBeCloseTo(0.1);
    // The p99 of the whole minute is the mix's: under 1 s, while the spiking node alone reads 1.1 s.
    expect(spiking.latency!.percentile(99)).toBeCloseTo(1.1);
    expect(whole.latency!.percentile(99)).toBeGreaterThan(0.8);
    expect(whole.latency!.percentile(99)).toBeLessThan(1);
    expect(calm.latency!.percentile(99)).toBeCloseTo(0.3);
    expect(whole.latency!.maximum).toBe(2);
  });

  test('the keys the simulation writes: the table\'s in every Region', () => {
    const keys = producedKeys(['us-east-1', 'eu-west-1'], readTopology([regionStack('us-east-1'), regionStack('eu-west-1')]));
    expect(keys.size).toBe(2 * PRODUCED_METRICS.length);
    expect(keys).toContain('eu-west-1|AWS/ApplicationELB|TargetResponseTime');
  });
});
