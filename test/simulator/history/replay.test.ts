/**
 * Backtest and calibrate on histories that hold too little to judge by: the
 * same metric twice, series with no datapoint, a history too short for the
 * overlaid incidents.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleApp } from '../../../examples/app';
import { readAssembly, readTopology } from '../../../src/simulator';
import { StackTemplate } from '../../../src/simulator/dns';
import { backtest } from '../../../src/simulator/history/backtest';
import { calibrate } from '../../../src/simulator/history/calibrate';
import { History, HistorySeries } from '../../../src/simulator/history/format';
import { generateHistory } from '../../../src/simulator/history/generate';
import { sourceMetrics } from '../../../src/simulator/history/sources';

const REGIONS = ['us-east-1', 'eu-central-1', 'ap-southeast-2'];
let stacks: StackTemplate[];
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-replay-'));
  buildExampleApp(path.join(dir, 'cdk.out')).synth();
  stacks = readAssembly(path.join(dir, 'cdk.out'));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A generated history of the example app, `minutes` long, with the series `change` returns. */
function history(minutes: number, change: (s: HistorySeries) => HistorySeries[] = s => [s]): History {
  const generated = generateHistory({ sources: sourceMetrics(readTopology(stacks), stacks, REGIONS), regions: REGIONS, minutes, seed: 1 }).history;
  return { header: generated.header, series: generated.series.flatMap(change) };
}
const isRequests = (s: HistorySeries) => s.metricName === 'RequestCount';
const withoutData = (s: HistorySeries) => ({ ...s, values: new Float64Array(s.values.length).fill(NaN) });

describe('backtest', () => {
  test('fails if the history has two series of one AWS metric in a Region (another load balancer\'s): it cannot tell which is the app\'s', () => {
    const other = (s: HistorySeries) => (isRequests(s) && s.region === 'eu-central-1'
      ? [s, { ...s, dimensions: [{ Name: 'LoadBalancer', Value: 'app/other/1' }], values: new Float64Array(s.values.length) }] : [s]);
    expect(() => backtest(stacks, history(60, other))).toThrow(/^\[AAF-SIM-HISTORY-SERIES\] the history has 2 series of eu-central-1\/AWS\/ApplicationELB\/RequestCount\/Sum \(read by .*\): Sum of AWS\/ApplicationELB RequestCount \{LoadBalancer=LoadBalancerBE9EEC3A\.LoadBalancerFullName\} in eu-central-1; Sum of AWS\/ApplicationELB RequestCount \{LoadBalancer=app\/other\/1\} in eu-central-1\. The simulator models one load balancer and one service per Region .*: keep only the series of this app's resources/);
  });

  test('warns of each series with no datapoint in the minutes replayed (a count of errors may have none: zero is no datapoint)', () => {
    const empty = (s: HistorySeries) => [s.metricName === 'TargetResponseTime' || s.metricName === 'HTTPCode_Target_5XX_Count' ? withoutData(s) : s];
    const result = backtest(stacks, history(60, empty));
    expect(result.warnings.filter(w => w.includes('no datapoint'))).toEqual(REGIONS.map(r => 'the history has no datapoint of p99 of AWS/ApplicationELB '
      + `TargetResponseTime {LoadBalancer=LoadBalancerBE9EEC3A.LoadBalancerFullName} in ${r} in the minutes replayed: what reads it (alarms, `
      + 'republished signals, target health) saw no data throughout and could not fail over on it.'));
  });
});

describe('calibrate', () => {
  test('on 8 hours, a signal whose failure no overlaid incident fits says so, instead of suggesting a larger magnitude', () => {
    const result = calibrate(stacks, history(480));
    const byName = new Map(result.signals.map(s => [s.name, s]));
    // 6 latency overlays fill the 4-hour calibration half (30 minutes each, 2 hours apart in a Region): none of the others fits.
    expect(result.calibrationOverlays.map(o => o.failure)).toEqual(Array(6).fill('latency'));
    expect(byName.get('TargetResponseTime')?.recommended).toBeDefined();
    for (const name of ['Http5xxErrorRate', 'TargetConnectionErrorRate', 'EcsServiceCpu']) {
      expect(byName.get(name)).toMatchObject({
        candidates: [],
        note: 'no overlaid incident of its failure fits in the calibration half (240 minutes; each lasts 30 minutes, 120 minutes from any other of its '
          + 'Region): nothing to judge detection on, kept as it is. Give a longer history.',
      });
      expect(byName.get(name)?.recommended).toBeUndefined();
    }
  });

  test('recommends nothing for a signal whose metric has no datapoint in the calibration half: nothing tells a safe threshold', () => {
    // One overlay of each failure: all four fit in 4 hours.
    const result = calibrate(stacks, history(480, s => [s.metricName === 'CPUUtilization' ? withoutData(s) : s]), { overlaysPerFailure: 1 });
    expect(result.calibrationOverlays.map(o => o.failure)).toContain('cpu');
    expect(result.signals.find(s => s.name === 'EcsServiceCpu')).toMatchObject({
      candidates: [],
      note: 'the history has no datapoint of CPUUtilization in the calibration half (us-east-1, eu-central-1, ap-southeast-2): no setting could raise '
        + 'a false failover on it, so nothing tells a safe threshold; kept as it is.',
    });
    expect(result.signals.find(s => s.name === 'EcsServiceCpu')?.recommended).toBeUndefined();
  });

  test('an overlay unseen for want of requests reports no request rate when the history has none then (not NaN)', () => {
    // One datapoint of RequestCount, at minute 0: the latency signal's minimum-requests guard sees no traffic during any overlay.
    const requests = (s: HistorySeries) => [isRequests(s) ? { ...s, values: withoutData(s).values.fill(s.values[0], 0, 1) } : s];
    const latency = calibrate(stacks, history(480, requests)).signals.find(s => s.name === 'TargetResponseTime')!;
    expect(latency.unobserved.length).toBeGreaterThan(0);
    expect(latency.unobserved.map(u => u.requestsPerMinute)).toEqual(latency.unobserved.map(() => undefined));
  });
});
