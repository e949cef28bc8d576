import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeSeries, readHistory, SeriesKey, writeHistory } from '../../../src/simulator/history/format';
import { DEFAULT_GENERATED_START, generatedMetricsText, GeneratedHistory, generateHistory } from '../../../src/simulator/history/generate';
import {
  DEFAULT_PLAN_DURATION_MINUTES, DEFAULT_PLAN_EDGE_MINUTES, defaultIncidentPlan, INCIDENT_KINDS, IncidentKind, PlannedIncident,
} from '../../../src/simulator/history/generate-plan';
import { HARMLESS_SEPARATION_MINUTES, MAX_HARMLESS_MINUTES, utcOffsetHours } from '../../../src/simulator/history/generate-region';
import { checkIncidents, incidentsDocument } from '../../../src/simulator/history/incidents';

const REGIONS = ['us-east-1', 'eu-central-1', 'ap-southeast-2'];
const DAY = 1440;
const ALB = 'AWS/ApplicationELB';

/** The series a test reads, in every Region. */
function sourcesOf(regions: readonly string[]): SeriesKey[] {
  const dimensions = [{ Name: 'LoadBalancer', Value: 'app/api/0123456789abcdef' }];
  const series: [string, string, string[]][] = [
    [ALB, 'RequestCount', ['Sum']],
    [ALB, 'HTTPCode_Target_5XX_Count', ['Sum']],
    [ALB, 'HTTPCode_Target_2XX_Count', ['Sum']],
    [ALB, 'HTTPCode_ELB_5XX_Count', ['Sum']],
    [ALB, 'HTTPCode_ELB_502_Count', ['Sum']],
    [ALB, 'HTTPCode_ELB_503_Count', ['Sum']],
    [ALB, 'TargetConnectionErrorCount', ['Sum']],
    [ALB, 'TargetResponseTime', ['p50', 'p90', 'p99', 'Average', 'Minimum', 'Maximum', 'SampleCount']],
    [ALB, 'HealthyHostCount', ['Average']],
    [ALB, 'UnHealthyHostCount', ['Maximum']],
    ['AWS/ECS', 'CPUUtilization', ['Average', 'Minimum', 'Maximum']],
  ];
  return regions.flatMap(region => series.flatMap(([namespace, metricName, statistics]) =>
    statistics.map(statistic => ({ region, namespace, metricName, dimensions, statistic }))));
}

let generated: GeneratedHistory;

beforeAll(() => {
  generated = generateHistory({ sources: sourcesOf(REGIONS), regions: REGIONS, minutes: 14 * DAY, seed: 1 });
});

/** A series' values: NaN where it has no datapoint. */
function values(region: string, metricName: string, statistic: string, g = generated): Float64Array {
  const s = g.history.series.find(x => x.region === region && x.metricName === metricName && x.statistic === statistic);
  if (!s) {
    throw new Error(`no series ${statistic} of ${metricName} in ${region}`);
  }
  return s.values;
}

const zero = (v: number) => (Number.isNaN(v) ? 0 : v);
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
/** The local hour (0 to 23) of a minute in a Region. */
const localHour = (region: string, minute: number) => {
  const offset = generated.profiles.find(p => p.region === region)!.utcOffsetHours;
  return Math.floor(((minute / 60 + offset) % 24 + 24) % 24);
};
/** Whether a minute of a Region lies in a planted incident, or within `margin` minutes of one. */
const nearIncident = (region: string, minute: number, margin = 0) =>
  generated.incidents.some(i => i.region === region && minute >= i.startMinute - margin && minute < i.endMinute + margin);
/** The runs of consecutive minutes where `test` holds: [start, end). */
function runs(minutes: number, test: (t: number) => boolean): [number, number][] {
  const found: [number, number][] = [];
  for (let t = 0; t < minutes; t++) {
    if (test(t)) {
      const start = t;
      while (t < minutes && test(t)) {
        t++;
      }
      found.push([start, t]);
    }
  }
  return found;
}

describe('a generated history of 14 days in 3 Regions', () => {
  test('holds every series asked for, one value a minute, from the default start', () => {
    const { header, series } = generated.history;
    expect(header).toMatchObject({ start: DEFAULT_GENERATED_START, minutes: 14 * DAY, periodSeconds: 60, regions: REGIONS, source: 'generated (seed 1, 8 incidents planted)' });
    expect(series.map(describeSeries)).toEqual(sourcesOf(REGIONS).map(describeSeries));
    expect(series.every(s => s.values.length === 14 * DAY)).toBe(true);
  });

  test('follows a daily cycle in each Region\'s local time: busiest in the afternoon, quietest at night, the Regions of different sizes', () => {
    const peaks: number[] = [];
    for (const region of REGIONS) {
      const requests = values(region, 'RequestCount', 'Sum');
      const byHour = new Array(24).fill(0);
      requests.forEach((v, t) => byHour[localHour(region, t)] += zero(v) / 14);
      const peakHour = byHour.indexOf(Math.max(...byHour));
      const troughHour = byHour.indexOf(Math.min(...byHour));
      expect(peakHour).toBeGreaterThanOrEqual(14);
      expect(peakHour).toBeLessThanOrEqual(18);
      expect(troughHour).toBeGreaterThanOrEqual(2);
      expect(troughHour).toBeLessThanOrEqual(6);
      expect(Math.max(...byHour) / Math.min(...byHour)).toBeGreaterThan(region === 'ap-southeast-2' ? 100 : 8);
      peaks.push(Math.max(...requests.filter(v => !Number.isNaN(v))));
    }
    // Thousands of requests a minute in the busiest Region, then fewer in each.
    expect(peaks[0]).toBeGreaterThan(4000);
    expect(peaks[0]).toBeGreaterThan(2 * peaks[1]);
    expect(peaks[1]).toBeGreaterThan(2 * peaks[2]);
  });

  test('the quiet Region drops to a few requests a minute at night, some minutes none (no RequestCount datapoint)', () => {
    const region = 'ap-southeast-2';
    const requests = values(region, 'RequestCount', 'Sum');
    const cpu = values(region, 'CPUUtilization', 'Average');
    // A minute with no request has no count but a CPU datapoint (it is not a gap).
    const idle = [...requests.keys()].filter(t => Number.isNaN(requests[t]) && !Number.isNaN(cpu[t]));
    expect(idle.length).toBeGreaterThan(14 * 10);
    expect(idle.every(t => localHour(region, t) < 9 || localHour(region, t) >= 22)).toBe(true);
    const night = [...requests.keys()].filter(t => localHour(region, t) === 4).map(t => zero(requests[t]));
    expect(median(night)).toBeLessThanOrEqual(5);
    // The busy Regions always have requests: their counts are missing only in the gaps.
    for (const busy of ['us-east-1', 'eu-central-1']) {
      const r = values(busy, 'RequestCount', 'Sum');
      const c = values(busy, 'CPUUtilization', 'Average');
      expect([...r.keys()].filter(t => Number.isNaN(r[t]) && !Number.isNaN(c[t]))).toEqual([]);
    }
  });

  test('low counts make rates noisy at night: single errors of a handful of requests exceed an incident\'s rate', () => {
    const region = 'ap-southeast-2';
    const requests = values(region, 'RequestCount', 'Sum');
    const errors = values(region, 'HTTPCode_Target_5XX_Count', 'Sum');
    const noisy = [...requests.keys()].filter(t => requests[t] < 30 && zero(errors[t]) / requests[t] >= 0.08
      && !generated.events.some(e => e.region === region && t >= e.startMinute && t < e.endMinute));
    expect(noisy.length).toBeGreaterThan(0);
    expect(noisy.every(t => zero(errors[t]) <= 3)).toBe(true);
  });

  test('response times have a long tail and every statistic comes from one distribution: Minimum <= p50 <= p90 <= p99 <= Maximum', () => {
    for (const region of REGIONS) {
      const [p50, p90, p99, average, minimum, maximum, sampleCount] = ['p50', 'p90', 'p99', 'Average', 'Minimum', 'Maximum', 'SampleCount']
        .map(s => values(region, 'TargetResponseTime', s));
      const requests = values(region, 'RequestCount', 'Sum');
      const elb5xx = values(region, 'HTTPCode_ELB_5XX_Count', 'Sum');
      let checked = 0;
      for (let t = 0; t < p50.length; t++) {
        if (Number.isNaN(p50[t])) {
          expect([p90[t], p99[t], average[t], minimum[t], maximum[t], sampleCount[t]].every(Number.isNaN)).toBe(true);
          continue;
        }
        checked++;
        const ordered = minimum[t] <= p50[t] && p50[t] <= p90[t] && p90[t] <= p99[t] && p99[t] <= maximum[t]
          && minimum[t] <= average[t] && average[t] <= maximum[t];
        const strict = sampleCount[t] <= 100 || (p50[t] < p90[t] && p90[t] < p99[t]);
        if (!ordered || !strict) {
          throw new Error(`minute ${t} in ${region}: min ${minimum[t]}, p50 ${p50[t]}, p90 ${p90[t]}, p99 ${p99[t]}, max ${maximum[t]}, avg ${average[t]}`);
        }
        // The requests a target answered: all but the load balancer's own 5xx.
        if (sampleCount[t] !== requests[t] - zero(elb5xx[t])) {
          throw new Error(`minute ${t} in ${region}: SampleCount ${sampleCount[t]}, requests ${requests[t]}, ELB 5XX ${elb5xx[t]}`);
        }
      }
      expect(checked).toBeGreaterThan(0.95 * p50.length);
      const busy = [...p99.keys()].filter(t => sampleCount[t] > 1000 && !nearIncident(region, t));
      if (busy.length > 0) {
        // In seconds: a p99 of 0.3 to 0.6 s, 4 to 10 times the median.
        expect(median(busy.map(t => p99[t]))).toBeGreaterThan(0.3);
        expect(median(busy.map(t => p99[t]))).toBeLessThan(0.6);
        expect(median(busy.map(t => p99[t] / p50[t]))).toBeGreaterThan(4);
        expect(median(busy.map(t => average[t]))).toBeLessThan(0.2);
      }
    }
  });

  test('the counts agree: ELB 502 = connection errors, ELB 5XX = 502 + 503, requests = 2XX + target 5XX + ELB 5XX; zero is no datapoint', () => {
    for (const region of REGIONS) {
      const [requests, t5xx, t2xx, e5xx, e502, e503, connection] = ['RequestCount', 'HTTPCode_Target_5XX_Count', 'HTTPCode_Target_2XX_Count',
        'HTTPCode_ELB_5XX_Count', 'HTTPCode_ELB_502_Count', 'HTTPCode_ELB_503_Count', 'TargetConnectionErrorCount'].map(m => values(region, m, 'Sum'));
      const disagree = [...requests.keys()].filter(t => !Object.is(e502[t], connection[t]) || zero(e5xx[t]) !== zero(e502[t]) + zero(e503[t])
        || zero(requests[t]) !== zero(t2xx[t]) + zero(t5xx[t]) + zero(e5xx[t]));
      expect(disagree).toEqual([]);
      expect([requests, t5xx, e5xx, connection].every(s => s.every(v => v !== 0))).toBe(true);
    }
  });

  test('every Region has gaps with no datapoint at all (every series), of 1 to 3 minutes, a few a day', () => {
    for (const region of REGIONS) {
      const all = generated.history.series.filter(s => s.region === region);
      const gaps = runs(14 * DAY, t => all.every(s => Number.isNaN(s.values[t])));
      expect(gaps.length).toBeGreaterThanOrEqual(14 * 0.5);
      expect(gaps.length).toBeLessThanOrEqual(14 * 4);
      expect(gaps.every(([a, b]) => b - a <= 3 * 2)).toBe(true); // two gaps may touch
      expect(gaps).toEqual(runs(14 * DAY, t => generated.events.some(e => e.region === region && e.kind === 'no-data' && t >= e.startMinute && t < e.endMinute)));
    }
  });

  /** Harmless minutes at an incident's magnitude: outside incidents, with enough requests that one error does not make the rate. */
  const HARMLESS_SIGNALS: [string, (region: string) => (t: number) => boolean][] = [
    ['5xx rate of 8 % or more', region => {
      const [requests, errors] = [values(region, 'RequestCount', 'Sum'), values(region, 'HTTPCode_Target_5XX_Count', 'Sum')];
      return t => requests[t] >= 100 && zero(errors[t]) / requests[t] >= 0.08;
    }],
    ['p99 of 2.5 s or more', region => {
      const [p99, n] = [values(region, 'TargetResponseTime', 'p99'), values(region, 'TargetResponseTime', 'SampleCount')];
      return t => n[t] >= 100 && p99[t] >= 2.5;
    }],
    ['connection errors of 5 % or more', region => {
      const [requests, errors] = [values(region, 'RequestCount', 'Sum'), values(region, 'TargetConnectionErrorCount', 'Sum')];
      return t => requests[t] >= 100 && zero(errors[t]) / requests[t] >= 0.05;
    }],
    ['CPU of 90 % or more', region => {
      const cpu = values(region, 'CPUUtilization', 'Average');
      return t => cpu[t] >= 90;
    }],
  ];

  test.each(HARMLESS_SIGNALS)('harmless minutes reach an incident\'s magnitude (%s), each in a harmless event of at most 4 minutes', (name, signal) => {
    let found = 0;
    for (const region of REGIONS) {
      const test = signal(region);
      for (const [a, b] of runs(14 * DAY, t => test(t) && !nearIncident(region, t))) {
        found++;
        expect(b - a).toBeLessThanOrEqual(MAX_HARMLESS_MINUTES);
        const event = generated.events.find(e => e.region === region && e.kind !== 'no-data' && e.startMinute <= a && b <= e.endMinute);
        expect({ region, minute: a, event: event?.kind }).toEqual({ region, minute: a, event: expect.any(String) });
      }
    }
    // Deploys on weekdays reach 90 % CPU about half the time; connection-error blips are rare.
    expect(found).toBeGreaterThanOrEqual(name.startsWith('connection') || name.startsWith('CPU') ? 3 : 14);
  });

  test('harmless events: 5xx bursts and latency spikes every day, deploys on weekdays, rare connection-error blips; none near an incident', () => {
    const count = (kind: string) => generated.events.filter(e => e.kind === kind).length;
    expect(count('http-5xx-burst') / 14 / 3).toBeGreaterThanOrEqual(1);
    expect(count('latency-spike') / 14 / 3).toBeGreaterThanOrEqual(1.5);
    expect(count('connection-error-blip')).toBeGreaterThan(0);
    expect(count('connection-error-blip')).toBeLessThan(count('http-5xx-burst') / 2);
    // 2026-11-01 is a Sunday: 10 weekdays in 14 days, a deploy on most.
    expect(count('deploy')).toBeGreaterThanOrEqual(3 * 10 * 0.5);
    expect(count('deploy')).toBeLessThanOrEqual(3 * 10);
    for (const e of generated.events.filter(x => x.kind !== 'no-data')) {
      expect(e.endMinute - e.startMinute).toBeLessThanOrEqual(MAX_HARMLESS_MINUTES);
      expect(nearIncident(e.region, e.startMinute, HARMLESS_SEPARATION_MINUTES + MAX_HARMLESS_MINUTES)).toBe(false);
    }
    const deploys = generated.events.filter(e => e.kind === 'deploy');
    expect(deploys.every(e => localHour(e.region, e.startMinute) >= 10 && localHour(e.region, e.startMinute) <= 17)).toBe(true);
    // A deploy: CPU up, one target unhealthy for its minutes.
    const d = deploys[0];
    expect(values(d.region, 'CPUUtilization', 'Average')[d.startMinute]).toBeGreaterThanOrEqual(78);
    expect(values(d.region, 'UnHealthyHostCount', 'Maximum')[d.startMinute]).toBe(1);
    expect(values(d.region, 'UnHealthyHostCount', 'Maximum')[d.endMinute + 5]).toBe(0);
  });

  test('plants the four gray failures in each half, 20 to 60 minutes each, in every Region, labelled with their magnitude', () => {
    const half = 7 * DAY;
    expect(generated.incidents).toHaveLength(8);
    for (const [from, to] of [[0, half], [half, 14 * DAY]]) {
      const inHalf = generated.planted.filter(p => p.startMinute >= from && p.startMinute + p.durationMinutes <= to);
      expect(inHalf.map(p => p.kind).sort()).toEqual(Object.keys(INCIDENT_KINDS).sort());
    }
    expect(new Set(generated.planted.map(p => p.region))).toEqual(new Set(REGIONS));
    for (const [i, p] of generated.planted.entries()) {
      expect(p.durationMinutes).toBeGreaterThanOrEqual(DEFAULT_PLAN_DURATION_MINUTES[0]);
      expect(p.durationMinutes).toBeLessThanOrEqual(DEFAULT_PLAN_DURATION_MINUTES[1]);
      expect(generated.incidents[i]).toEqual({
        region: p.region, startMinute: p.startMinute, endMinute: p.startMinute + p.durationMinutes, label: expect.any(String),
      });
    }
    expect(generated.incidents.map(i => i.label).sort()).toEqual([
      'gray-5xx 8 %', 'gray-5xx 8 %', 'gray-connection-errors 6 %', 'gray-connection-errors 6 %', 'gray-cpu 97 %', 'gray-cpu 97 %', 'gray-p99 2.5 s', 'gray-p99 2.5 s',
    ]);
  });

  test('places every incident in its Region\'s afternoon or evening (12:00 to 20:00 local), its busiest hours', () => {
    for (const p of generated.planted) {
      expect(localHour(p.region, p.startMinute)).toBeGreaterThanOrEqual(12);
      expect(localHour(p.region, p.startMinute + p.durationMinutes - 1)).toBeLessThan(20);
    }
  });

  /** A signal over an incident's minutes (median), and over the hour before it. */
  const SIGNAL: Record<IncidentKind, (region: string) => (t: number) => number> = {
    'gray-p99': region => t => values(region, 'TargetResponseTime', 'p99')[t],
    'gray-5xx': region => t => 100 * zero(values(region, 'HTTPCode_Target_5XX_Count', 'Sum')[t]) / values(region, 'RequestCount', 'Sum')[t],
    'gray-connection-errors': region => t => 100 * zero(values(region, 'TargetConnectionErrorCount', 'Sum')[t]) / values(region, 'RequestCount', 'Sum')[t],
    'gray-cpu': region => t => values(region, 'CPUUtilization', 'Average')[t],
  };

  test.each(Object.keys(INCIDENT_KINDS))('a planted %s shows at its magnitude for its minutes, and only in its own signal', kind => {
    for (const p of generated.planted.filter(x => x.kind === kind)) {
      const minutes = [...Array(p.durationMinutes).keys()].map(k => p.startMinute + k);
      const before = [...Array(60).keys()].map(k => p.startMinute - 70 + k);
      const during = (k: IncidentKind) => median(minutes.map(SIGNAL[k](p.region)).filter(v => !Number.isNaN(v)));
      expect(during(p.kind)).toBeGreaterThan(p.magnitude * 0.85);
      expect(during(p.kind)).toBeLessThan(p.magnitude * 1.15);
      expect(median(before.map(SIGNAL[p.kind](p.region)).filter(v => !Number.isNaN(v)))).toBeLessThan(p.magnitude * 0.7);
      for (const other of Object.keys(INCIDENT_KINDS) as IncidentKind[]) {
        if (other !== p.kind) {
          expect(during(other)).toBeLessThan(INCIDENT_KINDS[other].defaultMagnitude * 0.7);
        }
      }
    }
    if (kind === 'gray-p99') {
      // A gray p99: the average stays under 200 ms.
      const p = generated.planted.find(x => x.kind === kind)!;
      expect(values(p.region, 'TargetResponseTime', 'Average')[p.startMinute + 5]).toBeLessThan(0.2);
    }
  });

  test('round-trips through writeHistory and readHistory (six significant digits), and its incidents through an incidents file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-gen-'));
    try {
      const file = path.join(dir, 'history.jsonl.gz');
      writeHistory(file, generated.history);
      const read = readHistory(file);
      expect(read.header).toEqual(generated.history.header);
      expect(read.series.map(describeSeries)).toEqual(generated.history.series.map(describeSeries));
      for (const [i, s] of read.series.entries()) {
        const original = generated.history.series[i].values;
        for (let t = 0; t < s.values.length; t++) {
          const [a, b] = [s.values[t], original[t]];
          if (Number.isNaN(a) !== Number.isNaN(b) || Math.abs(a - b) > 1e-5 * Math.abs(b)) {
            throw new Error(`${describeSeries(s)}, minute ${t}: read ${a}, written ${b}`);
          }
        }
      }
      expect(checkIncidents(incidentsDocument(generated.incidents, read.header), read.header, 'test')).toEqual(generated.incidents);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the generator', () => {
  const two = (seed: number, incidents?: PlannedIncident[]) =>
    generateHistory({ sources: sourcesOf(REGIONS).filter(s => s.metricName !== 'TargetResponseTime' || s.statistic === 'p99'), regions: REGIONS, minutes: 2 * DAY, seed, incidents });
  const bytes = (v: Float64Array) => Buffer.from(v.buffer);
  const same = (a: GeneratedHistory, b: GeneratedHistory) =>
    a.history.series.every((s, i) => bytes(s.values).equals(bytes(b.history.series[i].values)));

  test('is deterministic for a seed, and another seed gives another history', () => {
    const [a, b, c] = [two(7), two(7), two(8)];
    expect(same(a, b)).toBe(true);
    expect(a.incidents).toEqual(b.incidents);
    expect(a.events).toEqual(b.events);
    expect(same(a, c)).toBe(false);
    expect(a.incidents).not.toEqual(c.incidents);
  });

  test('plants the incidents given, and leaves the minutes away from them as they are without', () => {
    const incident: PlannedIncident = { kind: 'gray-5xx', region: 'eu-central-1', startMinute: 900, durationMinutes: 30, magnitude: 15 };
    const [planted, none] = [two(3, [incident]), two(3, [])];
    expect(planted.incidents).toEqual([{ region: 'eu-central-1', startMinute: 900, endMinute: 930, label: 'gray-5xx 15 %' }]);
    expect(none.incidents).toEqual([]);
    expect(none.history.header.source).toBe('generated (seed 3, 0 incidents planted)');
    const requests = planted.history.series.find(s => s.region === 'eu-central-1' && s.metricName === 'RequestCount')!.values;
    const errors = planted.history.series.find(s => s.region === 'eu-central-1' && s.metricName === 'HTTPCode_Target_5XX_Count')!.values;
    expect(median([...Array(30).keys()].map(k => 100 * errors[900 + k] / requests[900 + k]))).toBeCloseTo(15, 0);
    // Harmless events near it are left out; the counts' draws change until the end of its last hour.
    const changed = (t: number) => t >= 900 - HARMLESS_SEPARATION_MINUTES - MAX_HARMLESS_MINUTES && t < 960;
    for (const [i, s] of planted.history.series.entries()) {
      const other = none.history.series[i].values;
      const differing = [...s.values.keys()].filter(t => !Object.is(s.values[t], other[t]));
      expect(differing.filter(t => s.region !== 'eu-central-1' || !changed(t))).toEqual([]);
    }
  });

  test('the default plan is empty for a history shorter than a day; any length from a minute works', () => {
    for (const minutes of [1, 60, DAY - 1]) {
      const g = generateHistory({ sources: sourcesOf(['us-east-1']), regions: ['us-east-1'], minutes, seed: 1 });
      expect(g.incidents).toEqual([]);
      expect(g.history.series.every(s => s.values.length === minutes)).toBe(true);
    }
    const day = generateHistory({ sources: [], regions: ['us-east-1'], minutes: DAY, seed: 1 });
    expect(day.incidents).toHaveLength(8);
    expect(day.history.series).toEqual([]);
  });

  test.each([[1], [2], [3]])('in a day of one Region (seed %d), the default plan still fits the four kinds in each half, never overlapping', seed => {
    const start = Date.parse(DEFAULT_GENERATED_START);
    const plan = defaultIncidentPlan(['us-east-1'], DAY, seed, start, utcOffsetHours);
    for (const [from, to] of [[0, DAY / 2], [DAY / 2, DAY]]) {
      const edge = DEFAULT_PLAN_EDGE_MINUTES;
      const inHalf = plan.filter(p => p.startMinute >= from + edge && p.startMinute + p.durationMinutes <= to - edge);
      expect(inHalf.map(p => p.kind).sort()).toEqual(Object.keys(INCIDENT_KINDS).sort());
    }
    const sorted = [...plan].sort((a, b) => a.startMinute - b.startMinute);
    expect(sorted.every((p, i) => i === 0 || sorted[i - 1].startMinute + sorted[i - 1].durationMinutes <= p.startMinute)).toBe(true);
  });

  test('starts where told, and a Region outside the table of locations keeps UTC', () => {
    const g = generateHistory({ sources: [], regions: ['us-east-1', 'xx-test-1'], minutes: 10, seed: 1, start: '2027-03-01T12:30Z' });
    expect(g.history.header.start).toBe('2027-03-01T12:30:00Z');
    expect(g.profiles.map(p => p.utcOffsetHours)).toEqual([-77.4 / 15, 0]);
  });
});

describe('fails if', () => {
  const base = { sources: sourcesOf(['us-east-1']), regions: ['us-east-1'], minutes: 60, seed: 1 };
  const incident: PlannedIncident = { kind: 'gray-cpu', region: 'us-east-1', startMinute: 10, durationMinutes: 20, magnitude: 97 };
  const custom = { region: 'us-east-1', namespace: 'Custom/App', metricName: 'Errors', dimensions: [{ Name: 'Service', Value: 'api' }], statistic: 'Sum' };

  test.each<[string, object, RegExp]>([
    ['a series is of a namespace it does not produce', { sources: [custom] },
      /^\[AAF-SIM-HISTORY-SERIES\] cannot generate Sum of Custom\/App Errors \{Service=api\} in us-east-1: the generator produces AWS\/ApplicationELB RequestCount \(Sum\); /],
    ['a statistic it does not produce', { sources: [{ ...custom, namespace: ALB, metricName: 'RequestCount', statistic: 'Average', dimensions: [] }] },
      /^\[AAF-SIM-HISTORY-SERIES\] cannot generate Average of AWS\/ApplicationELB RequestCount in us-east-1: the generator produces .*TargetResponseTime \(Average, Minimum, Maximum, SampleCount, pNN\)/],
    ['a statistic no history holds', { sources: [{ ...custom, namespace: ALB, metricName: 'TargetResponseTime', statistic: 'tm99', dimensions: [] }] },
      /^\[AAF-SIM-HISTORY-SERIES\] cannot generate tm99 of AWS\/ApplicationELB TargetResponseTime in us-east-1: /],
    ['a percentile of CPU', { sources: [{ ...custom, namespace: 'AWS/ECS', metricName: 'CPUUtilization', statistic: 'p99', dimensions: [] }] },
      /^\[AAF-SIM-HISTORY-SERIES\] cannot generate p99 of AWS\/ECS CPUUtilization in us-east-1: /],
    ['a series is of another Region', { sources: sourcesOf(['eu-west-1']) },
      /^\[AAF-SIM-HISTORY-SERIES\] cannot generate Sum of AWS\/ApplicationELB RequestCount \{LoadBalancer=app\/api\/0123456789abcdef\} in eu-west-1: its Region is not one of the history's \(us-east-1\)\.$/],
    ['minutes is 0', { minutes: 0 }, /^\[AAF-SIM-OPTION\] 'minutes' must be a whole number from 1 to 90720 \(63 days\), got: 0\.$/],
    ['minutes is not whole', { minutes: 1.5 }, /^\[AAF-SIM-OPTION\] 'minutes' must be a whole number from 1 to 90720 \(63 days\), got: 1\.5\.$/],
    ['minutes exceed 63 days', { minutes: 90721 }, /^\[AAF-SIM-OPTION\] 'minutes' must be a whole number from 1 to 90720 \(63 days\), got: 90721\.$/],
    ['the start is not on a whole minute', { start: '2026-11-01T00:00:30Z' },
      /^\[AAF-SIM-OPTION\] 'start' must be an ISO 8601 UTC instant on a whole minute such as "2026-11-01T00:00:00Z", got: "2026-11-01T00:00:30Z"\.$/],
    ['no Region', { regions: [] }, /^\[AAF-SIM-OPTION\] 'regions' must be a list of distinct Region codes such as \["us-east-1", "eu-central-1"\], got: \[\]\.$/],
    ['a Region twice', { regions: ['us-east-1', 'us-east-1'] }, /^\[AAF-SIM-OPTION\] 'regions' must be a list of distinct Region codes .*, got: \["us-east-1","us-east-1"\]\.$/],
    ['the sources are not a list', { sources: 'all' }, /^\[AAF-SIM-OPTION\] 'sources' must be a list of series \(region, namespace, metricName, dimensions, statistic\), got: "all"\.$/],
    ['the seed is negative', { seed: -1 }, /^\[AAF-SIM-ASSUMPTION\] seed must be a whole number from 0 to 2147483647, got: -1\.$/],
    ['an incident is of an unknown kind', { incidents: [{ ...incident, kind: 'gray-disk' }] },
      /^\[AAF-SIM-INCIDENTS\] incidents\[0\]\.kind must be one of gray-p99, gray-5xx, gray-connection-errors, gray-cpu, got: "gray-disk"\.$/],
    ['an incident is in another Region', { incidents: [{ ...incident, region: 'eu-west-1' }] },
      /^\[AAF-SIM-INCIDENTS\] incidents\[0\]\.region must be one of the history's Regions \(us-east-1\), got: "eu-west-1"\.$/],
    ['an incident starts after the history', { incidents: [incident, { ...incident, startMinute: 60 }] },
      /^\[AAF-SIM-INCIDENTS\] incidents\[1\]\.startMinute must be a whole number of minutes from 0 to 59 \(within the history\), got: 60\.$/],
    ['an incident ends after the history', { incidents: [{ ...incident, durationMinutes: 51 }] },
      /^\[AAF-SIM-INCIDENTS\] incidents\[0\]\.durationMinutes must be a whole number of minutes from 1 to 50 \(the incident ends within the history\), got: 51\.$/],
    ['an incident\'s magnitude is out of range', { incidents: [{ ...incident, magnitude: 101 }] },
      /^\[AAF-SIM-INCIDENTS\] incidents\[0\]\.magnitude must be a number from 1 to 100 \(the service's average CPU utilization, in percent\), got: 101\.$/],
    ['a gray p99 is given in milliseconds', { incidents: [{ ...incident, kind: 'gray-p99', magnitude: 2500 }] },
      /^\[AAF-SIM-INCIDENTS\] incidents\[0\]\.magnitude must be a number from 0\.1 to 60 \(p99 of TargetResponseTime, in seconds .*\), got: 2500\.$/],
    ['the incidents are not a list', { incidents: {} }, /^\[AAF-SIM-INCIDENTS\] the incidents to plant must be a list, got: \{\}\.$/],
  ])('%s', (_, options, message) => {
    expect(() => generateHistory({ ...base, ...options } as any)).toThrow(message);
  });

  test('the message lists every metric the generator produces', () => {
    expect(() => generateHistory({ ...base, sources: [custom] })).toThrow(`the generator produces ${generatedMetricsText()}. `);
    expect(generatedMetricsText()).toContain('AWS/EC2 CPUUtilization (Average, Minimum, Maximum)');
  });
});
