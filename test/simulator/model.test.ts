import { alarmState, AlarmModel, MetricStore, route53Reading, valueStats } from '../../src/simulator/cloudwatch';
import { MetricExpression, UnsupportedExpressionError } from '../../src/simulator/metric-math';
import { HEALTHY_CONDITION } from '../../src/simulator/scenario';
import { renderString } from '../../src/simulator/topology';
import { latencyDistribution } from '../../src/simulator/traffic';
import { defaultUserGroups } from '../../src/simulator/world';

describe('metric math', () => {
  // The error-rate expression the library generates for http5xxErrorRate (minRequests 20).
  const rate = MetricExpression.parse(
    '100 * (FILL(t5,0) + FILL(e5,0)) / IF(IF(FILL(r,0) > FILL(t5,0) + FILL(e5,0), FILL(r,0), FILL(t5,0) + FILL(e5,0)) < 20, 20, '
    + 'IF(FILL(r,0) > FILL(t5,0) + FILL(e5,0), FILL(r,0), FILL(t5,0) + FILL(e5,0)))');
  const values = (v: Record<string, number>) => (id: string) => v[id];

  test('computes the error rate the signals publish', () => {
    expect(rate.evaluate(values({ r: 1000, t5: 80 }))).toBe(8);
    // Few requests: divided by minRequests.
    expect(rate.evaluate(values({ r: 3, t5: 1 }))).toBe(5);
    // Only the load balancer's 503s: 100 %.
    expect(rate.evaluate(values({ e5: 600 }))).toBe(100);
    expect(rate.ids.sort()).toEqual(['e5', 'r', 't5']);
  });

  test('missing values stay missing unless FILL() replaces them', () => {
    const e = MetricExpression.parse('a / b');
    expect(e.evaluate(values({ a: 1 }))).toBeUndefined();
    expect(MetricExpression.parse('FILL(a, 7) - -b').evaluate(values({ b: 2 }))).toBe(9);
    expect(MetricExpression.parse('IF(a >= 2, 1, 0)').evaluate(values({}))).toBeUndefined();
    expect(MetricExpression.parse('MAX(a, b) + MIN(a, b) + ABS(0 - a)').evaluate(values({ a: 1, b: 4 }))).toBe(6);
    expect(MetricExpression.parse('(a <= b) + (a == b) + (a != b) + (a < b)').evaluate(values({ a: 1, b: 4 }))).toBe(3);
  });

  test.each([
    ['SEARCH(\'{AWS/EC2} CPUUtilization\', \'Average\', 60)', /function SEARCH\(\) is not modelled/],
    ['FILL(a)', /FILL\(\) takes 2 arguments here, got 1/],
    ['a +', /unexpected end/],
    ['a b', /unexpected 'b'/],
    ['(a', /expected '\)'/],
    ['a $ b', /cannot read metric math/],
  ])('fails if the expression is %s', (text, message) => {
    expect(() => MetricExpression.parse(text)).toThrow(UnsupportedExpressionError);
    expect(() => MetricExpression.parse(text)).toThrow(message);
  });
});

describe('alarm evaluation', () => {
  const store = new MetricStore();
  // Minutes 0 to 4: 50, 95, 95, 95, (none); readable 2 minutes after the minute starts.
  [50, 95, 95, 95].forEach((v, m) => store.put('k', m, valueStats(v), m + 2));
  const alarm = (overrides: Partial<AlarmModel> = {}): AlarmModel => ({
    name: 'a',
    region: 'us-east-1',
    periodMinutes: 1,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    threshold: 90,
    comparisonOperator: 'GreaterThanThreshold',
    treatMissingData: 'missing',
    value: (start, at) => store.statistic('k', start, 1, 'Maximum', at),
    ...overrides,
  });
  const range = { extraRangePeriods: 3 };

  test('Route 53 reads the most recent EvaluationPeriods datapoints readable at the time', () => {
    expect(route53Reading(alarm(), 4, range)).toBe('healthy'); // 50, 95, 95
    expect(route53Reading(alarm(), 5, range)).toBe('unhealthy'); // 95, 95, 95
    expect(route53Reading(alarm(), 1, range)).toBe('insufficient');
    // The range is 6 periods: at 8 it starts at minute 2, leaving two datapoints.
    expect(route53Reading(alarm(), 7, range)).toBe('unhealthy');
    expect(route53Reading(alarm(), 8, range)).toBe('insufficient');
    // One period, a 4-period range: minute 3 is in it at 7, not at 8.
    expect(route53Reading(alarm({ evaluationPeriods: 1 }), 7, range)).toBe('unhealthy');
    expect(route53Reading(alarm({ evaluationPeriods: 1 }), 8, range)).toBe('insufficient');
  });

  test('CloudWatch fills missing periods as TreatMissingData says', () => {
    const few = { evaluationPeriods: 3, datapointsToAlarm: 1 };
    expect(alarmState(alarm(), 5, 'OK', range)).toBe('ALARM');
    expect(alarmState(alarm({ ...few, treatMissingData: 'breaching' }), 12, 'OK', range)).toBe('ALARM');
    expect(alarmState(alarm({ ...few, treatMissingData: 'notBreaching' }), 12, 'ALARM', range)).toBe('OK');
    expect(alarmState(alarm({ ...few, treatMissingData: 'ignore' }), 12, 'ALARM', range)).toBe('ALARM');
    expect(alarmState(alarm({ ...few, treatMissingData: 'missing' }), 12, 'ALARM', range)).toBe('INSUFFICIENT_DATA');
    // Two real datapoints out of three: judged on those.
    expect(alarmState(alarm({ ...few, treatMissingData: 'missing' }), 9, 'OK', range)).toBe('ALARM');
    expect(alarmState(alarm({ ...few, treatMissingData: 'ignore' }), 9, 'OK', range)).toBe('ALARM');
  });

  test('statistics over periods and several datapoints of a minute', () => {
    const s = new MetricStore();
    s.put('x', 0, valueStats(2), 0);
    s.put('x', 0, valueStats(6), 0);
    s.put('x', 1, { sum: 10, sampleCount: 5, minimum: 1, maximum: 3, percentile: p => p / 10 }, 5);
    expect(s.statistic('x', 0, 1, 'Maximum', 0)).toBe(6);
    expect(s.statistic('x', 0, 1, 'Minimum', 0)).toBe(2);
    expect(s.statistic('x', 0, 2, 'Sum', 5)).toBe(18);
    expect(s.statistic('x', 0, 2, 'SampleCount', 5)).toBe(7);
    expect(s.statistic('x', 0, 2, 'Average', 5)).toBeCloseTo(18 / 7);
    expect(s.statistic('x', 0, 2, 'Sum', 4)).toBe(8); // minute 1 not readable yet
    expect(s.statistic('x', 1, 1, 'p99', 5)).toBeCloseTo(9.9);
    expect(s.statistic('x', 0, 1, 'p99', 5)).toBeUndefined();
    expect(s.statistic('y', 0, 1, 'Sum', 5)).toBeUndefined();
    expect(() => s.statistic('x', 0, 1, 'tm99', 5)).toThrow("statistic 'tm99' is not modelled");
  });

  test('fails if the comparison is one Route 53 cannot read', () => {
    expect(() => route53Reading(alarm({ comparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold' }), 5, range))
      .toThrow("comparison operator 'LessThanLowerOrGreaterThanUpperThreshold' is not modelled");
  });
});

describe('the world and the latency model', () => {
  test('percentiles and the share of slow requests follow the given points', () => {
    const d = latencyDistribution({ ...HEALTHY_CONDITION, p99LatencyMs: 2500, maxLatencyMs: 4000 });
    expect(d.percentile(50)).toBe(100);
    expect(d.percentile(99)).toBe(2500);
    expect(d.percentile(99.5)).toBeCloseTo(3250);
    expect(d.fractionAbove(2000)).toBeCloseTo(0.1 - 0.09 * 1800 / 2300);
    expect(d.fractionAbove(5000)).toBe(0);
  });

  test('each user group is nearest to the Region nearest to it', () => {
    const groups = defaultUserGroups(['us-east-1', 'eu-central-1', 'ap-southeast-2']);
    const nearest = (name: string) => {
      const g = groups.find(x => x.name === name)!;
      return Object.entries(g.latencyMs).sort((a, b) => a[1] - b[1])[0][0];
    };
    expect(groups.reduce((a, g) => a + g.users, 0)).toBe(1000);
    expect(nearest('North America West')).toBe('us-east-1');
    expect(nearest('Central Europe')).toBe('eu-central-1');
    expect(nearest('Oceania')).toBe('ap-southeast-2');
    expect(() => defaultUserGroups(['xx-nowhere-1'])).toThrow("the default world has no location for Region 'xx-nowhere-1'");
  });

  test('renders tokens in strings', () => {
    expect(renderString({ 'Fn::Join': ['-', ['a', { Ref: 'B' }, { 'Fn::GetAtt': ['C', 'Arn'] }, 4]] })).toBe('a-B-C.Arn-4');
    expect(renderString({ 'Fn::Sub': 'x' })).toBe('{"Fn::Sub":"x"}');
  });
});
