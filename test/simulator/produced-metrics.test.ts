import * as fs from 'fs';
import * as path from 'path';
import { regionStack } from './templates';
import { MetricStore } from '../../src/simulator/cloudwatch';
import { PRODUCED_METRICS, produceMinute, producedKeys, ProducedMetric } from '../../src/simulator/produced-metrics';
import { HEALTHY_CONDITION } from '../../src/simulator/scenario';
import { metricKey, readTopology } from '../../src/simulator/topology';
import { regionTraffic } from '../../src/simulator/traffic';

const PRODUCED_AS = { count: 'minutes when it is not zero', gauge: 'every minute', distribution: 'minutes with requests a target answered' };

/** The table of docs/simulator.md. */
function markdownTable(metrics: readonly ProducedMetric[]): string {
  return ['| namespace | metric | statistics with data | reported in | value |', '| --- | --- | --- | --- | --- |',
    ...metrics.map(m => `| ${m.namespace} | \`${m.name}\` | ${m.statistics.join(', ')} | ${PRODUCED_AS[m.producedAs]} | ${m.description} |`)].join('\n');
}

/** The datapoints of one minute of `requests` in `condition`, by metric name (namespace/name). */
function minute(condition: Partial<typeof HEALTHY_CONDITION>, requests: number) {
  const store = new MetricStore();
  produceMinute(store, 'r', 0, regionTraffic({ ...HEALTHY_CONDITION, ...condition }, requests, 4), 0);
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
      'AWS/ApplicationELB/HTTPCode_ELB_503_Count': undefined,
      'AWS/ApplicationELB/TargetResponseTime': 500 * 0.12,
      'AWS/ApplicationELB/HealthyHostCount': 4,
      'AWS/ApplicationELB/UnHealthyHostCount': 0,
      'AWS/ECS/CPUUtilization': 40,
      'AWS/EC2/CPUUtilization': 40,
    });
  });

  test('with no healthy target the load balancer answers every request with a 503; without requests, no count', () => {
    const outage = minute({ healthyTargetPercent: 0 }, 60);
    expect(Object.entries(outage).filter(([, v]) => v !== undefined)).toEqual([
      ['AWS/ApplicationELB/HTTPCode_ELB_5XX_Count', 60], ['AWS/ApplicationELB/HTTPCode_ELB_503_Count', 60],
      ['AWS/ApplicationELB/HealthyHostCount', 0], ['AWS/ApplicationELB/UnHealthyHostCount', 4],
      ['AWS/ECS/CPUUtilization', 40], ['AWS/EC2/CPUUtilization', 40],
    ]);
    expect(Object.keys(minute({}, 0)).filter(k => minute({}, 0)[k] !== undefined)).toEqual([
      'AWS/ApplicationELB/HealthyHostCount', 'AWS/ApplicationELB/UnHealthyHostCount', 'AWS/ECS/CPUUtilization', 'AWS/EC2/CPUUtilization',
    ]);
  });

  test('the keys the simulation writes: the table\'s in every Region', () => {
    const keys = producedKeys(['us-east-1', 'eu-west-1'], readTopology([regionStack('us-east-1'), regionStack('eu-west-1')]));
    expect(keys.size).toBe(2 * PRODUCED_METRICS.length);
    expect(keys).toContain('eu-west-1|AWS/ApplicationELB|TargetResponseTime');
  });
});
