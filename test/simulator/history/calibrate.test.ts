import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleApp } from '../../../examples/app';
import { readAssembly } from '../../../src/simulator/assembly';
import { StackTemplate } from '../../../src/simulator/dns';
import { calibrate, CalibrationOptions, CalibrationResult, SignalCalibration } from '../../../src/simulator/history/calibrate';
import { cdkCode } from '../../../src/simulator/history/calibrate-report';
import { History } from '../../../src/simulator/history/format';
import { generateHistory } from '../../../src/simulator/history/generate';
import { adviceOf, HeldOutRun } from '../../../src/simulator/history/held-out';
import { DEFAULT_MAGNITUDES, Overlay, overlayHistory, planOverlays } from '../../../src/simulator/history/overlay';
import { sourceMetrics } from '../../../src/simulator/history/sources';
import { sweepTopology, tunableSignals, watchedFailure, withSettings } from '../../../src/simulator/history/tunable-signals';
import { readTopology, Topology } from '../../../src/simulator/topology';

const REGIONS = ['us-east-1', 'eu-central-1', 'ap-southeast-2'];
const DAY = 1440;
/** A small sweep: enough to test the choice, fast enough for a unit test. */
const SMALL: CalibrationOptions = { overlaysPerFailure: 3, thresholds: 5, persistence: [2, 5] };

let dir: string;
let stacks: StackTemplate[];
let topology: Topology;
let history: History;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-calibrate-'));
  buildExampleApp(path.join(dir, 'cdk.out')).synth();
  stacks = readAssembly(path.join(dir, 'cdk.out'));
  topology = readTopology(stacks);
  history = generateHistory({ sources: sourceMetrics(topology, stacks, REGIONS), regions: REGIONS, minutes: 2 * DAY, seed: 4 }).history;
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A series' values (NaN: no datapoint). */
function values(h: History, region: string, metricName: string, statistic: string): Float64Array {
  return h.series.find(s => s.region === region && s.metricName === metricName && s.statistic === statistic)!.values;
}

/** The history with every value of the series `match` picks replaced by `value(v, minute)`. */
function changed(h: History, match: (s: History['series'][number]) => boolean, value: (v: number, minute: number) => number): History {
  return { header: h.header, series: h.series.map(s => (match(s) ? { ...s, values: s.values.map(value) } : s)) };
}

describe('tunable signals', () => {
  test('the example app\'s four signals: three republished rules and a direct CPU alarm, each watching its gray failure', () => {
    const { signals, untunable } = tunableSignals(topology, REGIONS);
    expect(signals.map(s => [s.name, s.shape, watchedFailure(s), s.instances.map(i => i.region)])).toEqual([
      ['TargetResponseTime', 'republished', 'latency', REGIONS],
      ['Http5xxErrorRate', 'republished', 'http5xx', REGIONS],
      ['TargetConnectionErrorRate', 'republished', 'connectionErrors', REGIONS],
      ['EcsServiceCpu', 'direct', 'cpu', REGIONS],
    ]);
    expect(signals.find(s => s.name === 'TargetResponseTime')!.current).toEqual({ threshold: 1, persistence: 3 });
    expect(untunable).toEqual([]);
  });

  test('withSettings changes the rule of a republished signal and the alarm of a direct one in every Region, and nothing else', () => {
    const { signals } = tunableSignals(topology, REGIONS);
    const changedTopology = withSettings(topology, signals, new Map([
      ['Http5xxErrorRate', { threshold: 7, persistence: 4 }],
      ['EcsServiceCpu', { threshold: 80, persistence: 5 }],
    ]));
    for (const r of changedTopology.republishers) {
      const originals = topology.republishers.find(o => o.region === r.region)!.config.signals;
      const rate = r.config.signals.find(s => s.metric.MetricName.includes('Http5xxErrorRate'))!;
      const original = originals.find(s => s.metric.MetricName === rate.metric.MetricName)!;
      expect(rate.rule).toMatchObject({ threshold: 7, evaluationPeriods: 4, datapointsToAlarm: 4 });
      // The recovery threshold keeps its proportion to the threshold.
      expect(rate.rule.recoveryThreshold / 7).toBeCloseTo(original.rule.recoveryThreshold / original.rule.threshold, 10);
      const latency = r.config.signals.find(s => s.metric.MetricName.includes('TargetResponseTime'))!;
      expect(latency).toEqual(originals.find(s => s.metric.MetricName === latency.metric.MetricName));
    }
    const cpu = changedTopology.alarms.filter(a => a.name.endsWith('-EcsServiceCpu'));
    expect(cpu).toHaveLength(3);
    for (const a of cpu) {
      expect(a.properties).toMatchObject({ Threshold: 80, EvaluationPeriods: 5, DatapointsToAlarm: 5 });
      // The health check follows the changed alarm.
      expect([...changedTopology.leafChecks.values()].find(c => c.alarm?.id === a.id)!.alarm).toBe(a);
    }
    expect(topology.alarms.filter(a => a.name.endsWith('-EcsServiceCpu')).map(a => a.properties.Threshold)).toEqual([90, 90, 90]);
  });

  test('sweepTopology: a copy of every Region\'s check per candidate, the originals left out so no Region can leave DNS', () => {
    const { signals } = tunableSignals(topology, REGIONS);
    const cpu = signals.find(s => s.name === 'EcsServiceCpu')!;
    const rate = signals.find(s => s.name === 'Http5xxErrorRate')!;
    const { topology: swept, checks } = sweepTopology(topology, new Map([
      [cpu, [{ threshold: 50, persistence: 2 }, { threshold: 60, persistence: 3 }]],
      [rate, [{ threshold: 3, persistence: 2 }]],
    ]));
    expect(swept.leafChecks.size).toBe(3 * 3);
    expect(checks.get(cpu)!.map(byRegion => [...byRegion.keys()])).toEqual([REGIONS, REGIONS]);
    const second = swept.leafChecks.get(checks.get(cpu)![1].get('eu-central-1')!)!;
    expect(second.alarm!.properties).toMatchObject({ Threshold: 60, EvaluationPeriods: 3, DatapointsToAlarm: 3 });
    const copy = swept.leafChecks.get(checks.get(rate)![0].get('us-east-1')!)!;
    const rule = swept.republishers.find(r => r.region === 'us-east-1')!.config.signals.find(s => s.metric.MetricName === copy.alarm!.properties.MetricName)!;
    expect(rule.rule).toMatchObject({ threshold: 3, evaluationPeriods: 2 });
    for (const original of topology.leafChecks.keys()) {
      expect(swept.leafChecks.has(original)).toBe(false);
    }
  });
});

describe('overlays', () => {
  const plan = {
    seed: 9,
    regions: REGIONS,
    failures: ['latency', 'http5xx'] as const,
    count: 4,
    durationMinutes: 30,
    fromMinute: 0,
    toMinute: 2 * DAY,
    magnitudes: DEFAULT_MAGNITUDES,
  };

  test('planOverlays: seeded, inside the window, 2 hours apart in a Region and from every known incident', () => {
    const known = [{ region: 'us-east-1', startMinute: 600, endMinute: 700, label: 'known' }];
    const overlays = planOverlays({ ...plan, failures: [...plan.failures], avoid: known });
    expect(overlays).toEqual(planOverlays({ ...plan, failures: [...plan.failures], avoid: known }));
    expect(overlays).not.toEqual(planOverlays({ ...plan, seed: 10, failures: [...plan.failures], avoid: known }));
    expect(overlays.filter(o => o.failure === 'latency')).toHaveLength(4);
    expect(overlays.filter(o => o.failure === 'http5xx')).toHaveLength(4);
    for (const o of overlays) {
      expect(o.startMinute).toBeGreaterThanOrEqual(0);
      expect(o.endMinute).toBe(o.startMinute + 30);
      expect(o.endMinute).toBeLessThanOrEqual(2 * DAY);
      for (const other of [...overlays.filter(x => x !== o), ...known].filter(x => x.region === o.region)) {
        expect(o.startMinute >= other.endMinute + 120 || other.startMinute >= o.endMinute + 120).toBe(true);
      }
    }
  });

  test('overlayHistory raises what each failure degrades, in its Region and minutes only, and leaves the history it was given as it was', () => {
    const overlays: Overlay[] = [
      { region: 'eu-central-1', startMinute: 600, endMinute: 630, failure: 'latency', label: 'p99' },
      { region: 'us-east-1', startMinute: 900, endMinute: 930, failure: 'http5xx', label: '5xx' },
      { region: 'us-east-1', startMinute: 1200, endMinute: 1230, failure: 'connectionErrors', label: 'conn' },
      { region: 'ap-southeast-2', startMinute: 300, endMinute: 330, failure: 'cpu', label: 'cpu' },
    ];
    const before = JSON.stringify(history.series.map(s => [...s.values]));
    const overlaid = overlayHistory(history, overlays, DEFAULT_MAGNITUDES);
    expect(JSON.stringify(history.series.map(s => [...s.values]))).toBe(before);
    const p99 = values(overlaid, 'eu-central-1', 'TargetResponseTime', 'p99');
    for (let t = 600; t < 630; t++) {
      expect(p99[t]).toBeGreaterThanOrEqual(2.5);
    }
    expect(p99[599]).toBe(values(history, 'eu-central-1', 'TargetResponseTime', 'p99')[599]);
    expect(p99[630]).toBe(values(history, 'eu-central-1', 'TargetResponseTime', 'p99')[630]);
    const requests = values(history, 'us-east-1', 'RequestCount', 'Sum');
    const errors = values(overlaid, 'us-east-1', 'HTTPCode_Target_5XX_Count', 'Sum');
    for (let t = 900; t < 930; t++) {
      expect(errors[t]).toBeGreaterThanOrEqual(Math.round(requests[t] * 0.08));
    }
    const failed = values(overlaid, 'us-east-1', 'TargetConnectionErrorCount', 'Sum');
    const elb5xx = values(overlaid, 'us-east-1', 'HTTPCode_ELB_5XX_Count', 'Sum');
    const elbBefore = values(history, 'us-east-1', 'HTTPCode_ELB_5XX_Count', 'Sum');
    const failedBefore = values(history, 'us-east-1', 'TargetConnectionErrorCount', 'Sum');
    for (let t = 1200; t < 1230; t++) {
      expect(failed[t]).toBeGreaterThanOrEqual(Math.round(requests[t] * 0.1));
      // Failed target connections are answered 502 by the load balancer.
      expect((elb5xx[t] || 0) - (elbBefore[t] || 0)).toBe(failed[t] - (failedBefore[t] || 0));
    }
    const cpu = values(overlaid, 'ap-southeast-2', 'CPUUtilization', 'Average');
    for (let t = 300; t < 330; t++) {
      expect(cpu[t]).toBeGreaterThanOrEqual(97);
    }
    // Series no overlay touches are shared, not copied.
    expect(overlaid.series.find(s => s.region === 'ap-southeast-2' && s.metricName === 'RequestCount')).toBe(
      history.series.find(s => s.region === 'ap-southeast-2' && s.metricName === 'RequestCount'));
  });
});

describe('calibrate', () => {
  let result: CalibrationResult;
  beforeAll(() => {
    result = calibrate(stacks, history, { ...SMALL, seed: 5 });
  });

  /** The candidate of a signal at a threshold's index in its grid and a persistence. */
  const at = (c: SignalCalibration, index: number, persistence: number) =>
    c.candidates.find(x => x.settings.threshold === c.thresholds[index] && x.settings.persistence === persistence);

  test('each recommendation is the fastest quiet candidate that catches every observable overlay, with a quiet step below it', () => {
    const recommended = result.signals.filter(c => c.recommended);
    expect(recommended.length).toBeGreaterThan(0);
    for (const c of recommended) {
      const r = c.recommended!;
      expect(r.falseFailovers).toBe(0);
      expect(r.worstDetection).toBeDefined();
      const index = c.thresholds.indexOf(r.settings.threshold);
      expect(index).toBeGreaterThan(0);
      expect(at(c, index - 1, r.settings.persistence)!.falseFailovers).toBe(0);
      expect(c.margin!.quietBelow).toBeGreaterThanOrEqual(1);
      for (let i = 1; i <= c.margin!.quietBelow; i++) {
        expect(at(c, index - i, r.settings.persistence)!.falseFailovers).toBe(0);
      }
      for (let i = 1; i <= c.margin!.catchingAbove; i++) {
        expect(at(c, index + i, r.settings.persistence)!.worstDetection).toBeDefined();
      }
      // No eligible candidate is faster.
      for (const x of c.candidates) {
        const j = c.thresholds.indexOf(x.settings.threshold);
        if (j > 0 && x.falseFailovers === 0 && x.worstDetection !== undefined && at(c, j - 1, x.settings.persistence)!.falseFailovers === 0) {
          expect(x.worstDetection).toBeGreaterThanOrEqual(r.worstDetection!);
        }
      }
    }
  });

  test('the held-out half replays the recommended settings, the settings as synthesized and the article\'s over the same minutes and overlays', () => {
    expect(result.split).toBe(DAY);
    const [recommended, synthesized, article] = result.heldOut;
    expect([recommended, synthesized, article].map(r => r.configuration)).toEqual(['recommended', 'as synthesized', 'article']);
    for (const run of result.heldOut) {
      expect([run.unmodified.fromMinute, run.unmodified.toMinute]).toEqual([DAY, 2 * DAY]);
      expect(run.overlays).toBe(recommended.overlays);
    }
    for (const o of recommended.overlays) {
      expect(o.startMinute).toBeGreaterThanOrEqual(DAY);
    }
    expect(synthesized.settings.size).toBe(0);
    expect(article.settings.get('Http5xxErrorRate')).toEqual({ threshold: 5, persistence: 2 });
    expect(article.settings.get('TargetResponseTime')).toEqual({ threshold: 1, persistence: 2 });
    // The article's two evaluation periods on a noisy service: more false failovers than the settings as synthesized.
    expect(article.unmodified.falseFailovers).toBeGreaterThan(synthesized.unmodified.falseFailovers);
    expect(result.advice).toMatch(/^(On the held-out half the recommendation raises no more false failovers|Do not paste the recommendation as is)/);
  });

  test('the CDK code pastes each recommendation into its signal\'s factory', () => {
    const code = cdkCode(result);
    for (const c of result.signals.filter(s => s.recommended)) {
      const { threshold, persistence } = c.recommended!.settings;
      const shown = c.name === 'TargetResponseTime' ? `Duration.millis(${Math.round(threshold * 1000)})` : String(threshold);
      expect(code.some(l => l.includes(`threshold: ${shown}, evaluationPeriods: ${persistence} })`))).toBe(true);
    }
    expect(code).toHaveLength(result.signals.filter(s => s.recommended).length);
  });

  test('deterministic for a seed', () => {
    const again = calibrate(stacks, history, { ...SMALL, seed: 5 });
    expect(JSON.stringify(again.signals)).toBe(JSON.stringify(result.signals));
    expect(again.calibrationOverlays).toEqual(result.calibrationOverlays);
    expect(again.heldOut.map(r => r.unmodified.departures)).toEqual(result.heldOut.map(r => r.unmodified.departures));
  });

  test('changes no signal whose calibration half holds none of its noise', () => {
    // No target 5xx at all: not even the lowest threshold at 2 minutes raises a false failover.
    const quiet = changed(history, s => s.metricName === 'HTTPCode_Target_5XX_Count' || s.metricName === 'HTTPCode_ELB_5XX_Count',
      v => (Number.isNaN(v) ? v : 0));
    const rate = calibrate(stacks, quiet, { ...SMALL, seed: 5 }).signals.find(s => s.name === 'Http5xxErrorRate')!;
    expect(rate.candidates.every(c => c.falseFailovers === 0)).toBe(true);
    expect(rate.recommended).toBeUndefined();
    expect(rate.note).toMatch(/^the calibration half holds none of its noise .*kept as it is\.$/);
  });

  test('an overlay no setting sees (a Region with 1 request a minute) is reported with its traffic, not required', () => {
    // One request a minute and no recorded error: an overlaid 8 % of 5xx or 10 % of failed connections rounds to no error at all.
    const errors = ['HTTPCode_Target_5XX_Count', 'HTTPCode_ELB_5XX_Count', 'TargetConnectionErrorCount'];
    const sleepy = changed(changed(history, s => s.region === 'ap-southeast-2' && s.metricName === 'RequestCount', v => (Number.isNaN(v) ? v : 1)),
      s => s.region === 'ap-southeast-2' && errors.includes(s.metricName), v => (Number.isNaN(v) ? v : 0));
    const calibration = calibrate(stacks, sleepy, { ...SMALL, seed: 5 });
    const unseen = calibration.signals.flatMap(s => s.unobserved.map(u => [s.name, u.overlay.region, u.requestsPerMinute]));
    const rates = calibration.calibrationOverlays.filter(o => o.region === 'ap-southeast-2' && (o.failure === 'http5xx' || o.failure === 'connectionErrors'));
    expect(rates.length).toBeGreaterThan(0);
    expect(unseen.filter(([, region]) => region === 'ap-southeast-2')).toEqual(expect.arrayContaining(
      rates.map(o => [o.failure === 'http5xx' ? 'Http5xxErrorRate' : 'TargetConnectionErrorRate', 'ap-southeast-2', 1])));
    expect(unseen.every(([, region]) => region === 'ap-southeast-2')).toBe(true);
  });
});

describe('advice', () => {
  /** A held-out run with these false failovers and caught incidents (of 4). */
  const run = (configuration: HeldOutRun['configuration'], falseFailovers: number, caught: number): HeldOutRun => ({
    configuration,
    settings: new Map(),
    overlays: [],
    unmodified: { falseFailovers } as any,
    overlaid: { incidents: [0, 1, 2, 3].map(i => ({ incident: {}, detectionMinutes: i < caught ? 5 : undefined })) } as any,
  });

  test.each([
    [1, 4, 3, 4, /^On the held-out half the recommendation raises no more false failovers and catches as many incidents as the settings as synthesized: 1 false failover, 4 of 4 incidents caught, the slowest after 5 min; against 3, 4 and 5 min/],
    [0, 4, 0, 4, /^On the held-out half the recommendation raises no more false failovers/],
    [2, 4, 1, 4, /^Do not paste the recommendation as is: on the held-out half it does worse than the settings as synthesized \(2 false failovers, 4 of 4 incidents caught, the slowest after 5 min; against 1, 4 and 5 min/],
    [0, 3, 0, 4, /^Do not paste the recommendation as is: .*0 false failovers, 3 of 4 incidents caught, the slowest after 5 min; against 0, 4 and 5 min/],
  ])('recommended %i false and %i caught, as synthesized %i and %i', (rf, rc, sf, sc, advice) => {
    expect(adviceOf(true, [run('recommended', rf, rc), run('as synthesized', sf, sc), run('article', 9, 4)])).toMatch(advice);
  });

  test('nothing recommended: nothing to change', () => {
    expect(adviceOf(false, [])).toBe('Nothing to change: no signal has a recommendation (see each signal\'s note).');
  });
});
