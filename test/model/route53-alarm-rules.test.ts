import {
  AlarmRuleId, AlarmSettings, checkRoute53Alarm, route53AlarmFingerprint, simpleStatistic,
} from '../../src/model/route53-alarm-rules';

/** A valid Route 53 alarm: 1-minute Average, 3 of 3. */
const VALID: AlarmSettings = {
  composite: false,
  namespace: 'AWS/ApplicationELB',
  metricName: 'TargetResponseTime',
  dimensions: [{ name: 'LoadBalancer', value: 'app/x/123' }],
  statistic: 'Average',
  period: 60,
  evaluationPeriods: 3,
  datapointsToAlarm: 3,
  threshold: 0.5,
  comparisonOperator: 'GreaterThanThreshold',
};

const ruleIds = (s: Partial<AlarmSettings>, account?: string) =>
  checkRoute53Alarm({ ...VALID, ...s }, account).map(v => v.ruleId);

describe('checkRoute53Alarm', () => {
  test('accepts a 1-minute alarm with a simple statistic', () => {
    expect(checkRoute53Alarm(VALID)).toEqual([]);
  });

  test.each(['Average', 'Minimum', 'Maximum', 'Sum', 'SampleCount'])('accepts statistic %s', statistic => {
    expect(ruleIds({ statistic })).toEqual([]);
  });

  test.each([60, 120, 300, 3600])('accepts a period of %i seconds', period => {
    expect(ruleIds({ period })).toEqual([]);
  });

  test.each([10, 20, 30, 90])('fails if the period is %i seconds (not standard resolution)', period => {
    const [v] = checkRoute53Alarm({ ...VALID, period });
    expect(v.ruleId).toBe(AlarmRuleId.PERIOD);
    expect(v.property).toBe('Period');
    expect(v.value).toBe(`${period} seconds`);
    expect(v.fix).toMatch(/1 minute/);
  });

  test('fails if the alarm uses an extended statistic', () => {
    const [v] = checkRoute53Alarm({ ...VALID, statistic: undefined, extendedStatistic: 'p99' });
    expect(v).toMatchObject({ ruleId: AlarmRuleId.EXTENDED_STATISTIC, property: 'ExtendedStatistic', value: 'p99' });
    expect(v.fix).toMatch(/Average, Minimum, Maximum, Sum, SampleCount/);
  });

  test('fails if the statistic is not one Route 53 accepts', () => {
    expect(ruleIds({ statistic: 'IQM' })).toEqual([AlarmRuleId.STATISTIC]);
  });

  test('fails if the alarm uses metric math', () => {
    const [v] = checkRoute53Alarm({
      composite: false,
      evaluationPeriods: 2,
      threshold: 5,
      metrics: [{ expression: 'errors / requests * 100' }, {}, {}],
    });
    expect(v.ruleId).toBe(AlarmRuleId.METRIC_MATH);
    expect(v.value).toBe('expression "errors / requests * 100"');
  });

  test('fails if the alarm is defined with a Metrics array, even without an expression', () => {
    const [v] = checkRoute53Alarm({ composite: false, metrics: [{}] });
    expect(v).toMatchObject({ ruleId: AlarmRuleId.METRIC_MATH, value: '1 metric query' });
  });

  test('fails if the alarm watches a metric of another account', () => {
    const [v] = checkRoute53Alarm({ composite: false, metrics: [{ accountId: '222222222222' }] }, '111111111111');
    expect(v).toMatchObject({ ruleId: AlarmRuleId.CROSS_ACCOUNT, value: '222222222222' });
  });

  test('fails if the alarm is in another account', () => {
    expect(ruleIds({ accountId: '222222222222' }, '111111111111')).toEqual([AlarmRuleId.CROSS_ACCOUNT]);
  });

  test('accepts an alarm in the same account, or when an account is unknown', () => {
    expect(ruleIds({ accountId: '111111111111' }, '111111111111')).toEqual([]);
    expect(ruleIds({ accountId: '222222222222' })).toEqual([]);
  });

  test('fails if the alarm is an anomaly detection alarm', () => {
    expect(checkRoute53Alarm({ composite: false, thresholdMetricId: 'ad1', metrics: [{}, { expression: 'ANOMALY_DETECTION_BAND(m1)' }] })
      .map(v => v.ruleId)).toEqual([AlarmRuleId.ANOMALY_DETECTION]);
  });

  test('fails if the alarm is a composite alarm', () => {
    const [v] = checkRoute53Alarm({ composite: true });
    expect(v).toMatchObject({ ruleId: AlarmRuleId.COMPOSITE, property: 'AlarmRule' });
  });

  test('fails if DatapointsToAlarm differs from EvaluationPeriods (M out of N)', () => {
    const [v] = checkRoute53Alarm({ ...VALID, datapointsToAlarm: 2, evaluationPeriods: 3 });
    expect(v).toMatchObject({ ruleId: AlarmRuleId.M_OF_N, property: 'DatapointsToAlarm', value: '2 out of 3 evaluation periods' });
  });

  test('accepts an alarm without DatapointsToAlarm', () => {
    expect(ruleIds({ datapointsToAlarm: undefined })).toEqual([]);
  });

  test('fails if Period x EvaluationPeriods exceeds one day for periods under an hour', () => {
    const [v] = checkRoute53Alarm({ ...VALID, period: 60, evaluationPeriods: 1441, datapointsToAlarm: 1441 });
    expect(v).toMatchObject({ ruleId: AlarmRuleId.EVALUATION_WINDOW, value: '1441 x 60 seconds = 86460 seconds' });
    expect(v.fix).toBe('use at most 1440 evaluation periods of 60 seconds');
  });

  test('accepts up to seven days for periods of an hour or more', () => {
    expect(ruleIds({ period: 3600, evaluationPeriods: 168, datapointsToAlarm: 168 })).toEqual([]);
    expect(ruleIds({ period: 3600, evaluationPeriods: 169, datapointsToAlarm: 169 })).toEqual([AlarmRuleId.EVALUATION_WINDOW]);
  });

  test('reports every rule an alarm breaks', () => {
    expect(ruleIds({ period: 10, statistic: undefined, extendedStatistic: 'p99', datapointsToAlarm: 1 }))
      .toEqual([AlarmRuleId.EXTENDED_STATISTIC, AlarmRuleId.PERIOD, AlarmRuleId.M_OF_N]);
  });

  test('does not validate unresolved values', () => {
    expect(ruleIds({ period: { Ref: 'Period' }, statistic: '${Token[TOKEN.1]}', evaluationPeriods: { Ref: 'N' } })).toEqual([]);
  });
});

describe('simpleStatistic', () => {
  test.each([
    ['avg', 'Average'], ['Average', 'Average'], ['max', 'Maximum'], ['MINIMUM', 'Minimum'],
    ['sum', 'Sum'], ['n', 'SampleCount'], ['SampleCount', 'SampleCount'],
  ])('maps %s to %s', (input, expected) => {
    expect(simpleStatistic(input)).toBe(expected);
  });

  test.each(['p99', 'tm90', 'IQM', 'wm50'])('returns undefined for %s', input => {
    expect(simpleStatistic(input)).toBeUndefined();
  });
});

describe('route53AlarmFingerprint', () => {
  const fp = (s: Partial<AlarmSettings>) => route53AlarmFingerprint({ ...VALID, ...s });

  test('is stable for the same settings', () => {
    expect(fp({})).toBe(route53AlarmFingerprint({ ...VALID }));
    expect(fp({})).toMatch(/^[0-9A-F]{8}$/);
  });

  test.each<[string, Partial<AlarmSettings>]>([
    ['threshold', { threshold: 0.8 }],
    ['period', { period: 120 }],
    ['statistic', { statistic: 'Maximum' }],
    ['evaluation periods', { evaluationPeriods: 4 }],
    ['comparison operator', { comparisonOperator: 'GreaterThanOrEqualToThreshold' }],
    ['metric name', { metricName: 'HTTPCode_ELB_5XX_Count' }],
    ['namespace', { namespace: 'Custom' }],
    ['dimensions', { dimensions: [{ name: 'LoadBalancer', value: 'app/y/456' }] }],
  ])('changes when the %s changes', (_name, change) => {
    expect(fp(change)).not.toBe(fp({}));
  });

  test('ignores what Route 53 does not copy, and the order of dimensions', () => {
    const two = [{ name: 'A', value: '1' }, { name: 'B', value: '2' }];
    expect(fp({ dimensions: two })).toBe(fp({ dimensions: [...two].reverse() }));
    expect(fp({ datapointsToAlarm: undefined })).toBe(fp({}));
  });
});
