import { App, Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { republisherConfig } from './template-config';
import { FailoverSignal, MetricStrategy } from '../../src';
import { CONFIG_VERSION, RepublisherConfig } from '../../src/model/republisher/config';
import { EVENT_ERROR_ID, MAX_EVENT_CHARACTERS, parseEvent } from '../../src/model/republisher/event';
import { alb, failover, regionStack } from '../helpers';

const DIMS = [{ Name: 'Failover', Value: 'Api' }, { Name: 'Region', Value: 'us-east-1' }];
const config: RepublisherConfig = {
  namespace: 'ActiveActiveFailover',
  windowMinutes: 16,
  signals: [{
    metric: { MetricName: 'LatencyP99', Dimensions: DIMS },
    rule: { threshold: 1, comparison: 'GreaterThanThreshold', datapointsToAlarm: 3, evaluationPeriods: 3, recoveryThreshold: 1, recoveryPeriods: 1, recoverySettleMinutes: 0 },
    valueId: 's0',
    presenceIds: ['s0'],
    queries: [{ Id: 's0', ReturnData: true, MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'TargetResponseTime', Dimensions: [] }, Period: 60, Stat: 'p99' } }],
  }],
  mirrors: [{ alarmName: 'slow', metric: { MetricName: 'Slow', Dimensions: DIMS }, insufficientDataValue: 0 }],
  switches: [{ parameterName: '/aaf/Api/us-east-1/evacuated', namespace: 'ActiveActiveFailover/Evacuation', metric: { MetricName: 'Evacuated', Dimensions: DIMS } }],
  heartbeat: { MetricName: 'RepublisherHeartbeat', Dimensions: [{ Name: 'FunctionName', Value: 'fn' }] },
};
const tick = { kind: 'tick', version: CONFIG_VERSION, config };
const alarmState = { kind: 'alarmState', version: CONFIG_VERSION, time: '2026-11-24T10:03:17Z', alarmName: 'slow', state: 'ALARM', config };
const scheduledEvent = {
  'version': '0',
  'id': '53dc4d37',
  'detail-type': 'Scheduled Event',
  'source': 'aws.events',
  'account': '123456789012',
  'time': '2026-11-24T10:10:00Z',
  'region': 'us-east-1',
  'resources': ['arn:aws:events:us-east-1:123456789012:rule/r'],
  'detail': {},
};
/** `tick` with `config` changed by `change`. */
const withConfig = (change: (c: Record<string, any>) => void, base: Record<string, any> = tick) => {
  const copy = JSON.parse(JSON.stringify(base));
  change(copy.config);
  return copy;
};

test('a tick and an alarm state change of the current format are returned as they are', () => {
  expect(parseEvent(tick)).toBe(tick);
  expect(parseEvent(alarmState)).toBe(alarmState);
  expect(parseEvent(withConfig(c => { c.signals = []; c.mirrors = []; c.switches = []; }))).toBeDefined();
});

test.each<[string, unknown, string]>([
  ['nothing', undefined, '\'the event\' must be an object with a \'kind\' (\'tick\' or \'alarmState\'), got: nothing (the field is missing).'],
  ['null', null, '\'the event\' must be an object with a \'kind\' (\'tick\' or \'alarmState\'), got: null.'],
  ['a string', 'tick', 'got: "tick".'],
  ['an array', [tick], 'must be an object'],
  ['{}', {}, '\'kind\' must be "tick" or "alarmState", got: nothing (the field is missing) (an event with keys []).'],
  ['a raw Scheduled Event', scheduledEvent, 'got a raw EventBridge event (detail-type "Scheduled Event", source "aws.events"), expected the input '
    + `the construct sets on its rules' targets: {"kind":"tick","version":${CONFIG_VERSION},"config":{...}}`],
  ['a raw alarm state change', { 'detail-type': 'CloudWatch Alarm State Change', 'source': 'aws.cloudwatch' }, '(detail-type "CloudWatch Alarm State Change"'],
  ['an unknown kind', { ...tick, kind: 'tock' }, '\'kind\' must be "tick" or "alarmState", got: "tock" (an event with keys ["kind","version","config"]).'],
  ['an old version', { kind: 'tick', version: 1, config: { namespace: 'n', settleSeconds: 120, backfillMinutes: 3, signals: [], mirrors: [] } },
    `'version' must be ${CONFIG_VERSION} (the configuration format this function reads), got: 1 in a "tick" event.`],
  ['a future version', { ...tick, version: CONFIG_VERSION + 1 }, `got: ${CONFIG_VERSION + 1} in a "tick" event.`],
  ['a version as a string', { ...tick, version: String(CONFIG_VERSION) }, `got: "${CONFIG_VERSION}" in a "tick" event.`],
  ['no version', { kind: 'alarmState' }, '\'version\' must be 2 (the configuration format this function reads), got: nothing (the field is missing)'],
  ['no config', { kind: 'tick', version: CONFIG_VERSION }, '\'config\' must be the republisher\'s configuration (an object), got: nothing'],
  ['no namespace', withConfig(c => delete c.namespace), '\'config.namespace\' must be a non-empty string, got: nothing'],
  ['no windowMinutes', withConfig(c => delete c.windowMinutes), '\'config.windowMinutes\' must be a whole number of at least 1, got: nothing'],
  ['a windowMinutes of 0', withConfig(c => c.windowMinutes = 0), '\'config.windowMinutes\' must be a whole number of at least 1, got: 0.'],
  ['no signals', withConfig(c => delete c.signals), '\'config.signals\' must be an array, got: nothing'],
  ['no switches (a version 1 config)', withConfig(c => delete c.switches), '\'config.switches\' must be an array, got: nothing'],
  ['no heartbeat', withConfig(c => delete c.heartbeat), '\'config.heartbeat\' must be a metric ({"MetricName": ..., "Dimensions": [...]}), got: nothing'],
  ['a signal without a rule', withConfig(c => delete c.signals[0].rule), '\'config.signals[0].rule\' must be a verdict rule (an object), got: nothing'],
  ['an unknown comparison', withConfig(c => c.signals[0].rule.comparison = '>'),
    '\'config.signals[0].rule.comparison\' must be one of GreaterThanThreshold, GreaterThanOrEqualToThreshold, LessThanThreshold, '
    + 'LessThanOrEqualToThreshold, got: ">".'],
  ['a threshold that is not a number', withConfig(c => c.signals[0].rule.threshold = '1'), '\'config.signals[0].rule.threshold\' must be a finite number, got: "1".'],
  ['a fractional evaluationPeriods', withConfig(c => c.signals[0].rule.evaluationPeriods = 2.5), '\'config.signals[0].rule.evaluationPeriods\' must be a whole number'],
  ['no queries', withConfig(c => c.signals[0].queries = []), '\'config.signals[0].queries\' must be at least one GetMetricData query, got: [].'],
  ['a query without an id', withConfig(c => delete c.signals[0].queries[0].Id), '\'config.signals[0].queries[0].Id\' must be a GetMetricData id (a lower-case letter, then letters, digits and \'_\'), got: nothing'],
  ['no valueId', withConfig(c => delete c.signals[0].valueId), '\'config.signals[0].valueId\' must be a non-empty string'],
  ['a bad presence id', withConfig(c => c.signals[0].presenceIds = [3]), '\'config.signals[0].presenceIds[0]\' must be one of the signal\'s query ids (s0), got: 3.'],
  ['a dimension without a value', withConfig(c => delete c.signals[0].metric.Dimensions[1].Value), '\'config.signals[0].metric.Dimensions[1].Value\' must be a non-empty string'],
  ['a mirror with insufficientDataValue 2', withConfig(c => c.mirrors[0].insufficientDataValue = 2), '\'config.mirrors[0].insufficientDataValue\' must be 0 or 1, got: 2.'],
  ['a switch without its parameter', withConfig(c => delete c.switches[0].parameterName), '\'config.switches[0].parameterName\' must be a non-empty string'],
  ['an alarm state change without mirrors', withConfig(c => c.mirrors = [], alarmState),
    '\'config.mirrors\' must be at least one mirrored alarm in an "alarmState" event, got: [].'],
  ['an alarm state change with no mirror list', withConfig(c => delete c.mirrors, alarmState), '\'config.mirrors\' must be an array, got: nothing'],
  ['an alarm state change with a bad time', { ...alarmState, time: 'soon' }, '\'time\' must be an ISO 8601 timestamp (the state change\'s time), got: "soon".'],
  ['an alarm state change with no time', { ...alarmState, time: undefined }, '\'time\' must be an ISO 8601 timestamp (the state change\'s time), got: nothing'],
  ['an alarm state change with no alarm name', { ...alarmState, alarmName: '' }, '\'alarmName\' must be a non-empty string, got: "".'],
  ['an alarm state change with no state', { ...alarmState, state: 7 }, '\'state\' must be a non-empty string, got: 7.'],
])('fails for %s, saying what it got and what it expects', (_name, event, message) => {
  expect(() => parseEvent(event)).toThrow(message);
  try {
    parseEvent(event);
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).message.startsWith(`${EVENT_ERROR_ID} `)).toBe(true);
    expect((error as Error).message).toMatch(/Fix: deploy the stack again/);
  }
});

test('an alarm state change needs only the mirrors of its configuration', () => {
  const mirrorsOnly = { ...alarmState, config: { namespace: 'ActiveActiveFailover', mirrors: config.mirrors } };
  expect(parseEvent(mirrorsOnly)).toBe(mirrorsOnly);
});

test('a long value is shortened in the message', () => {
  expect(() => parseEvent({ ...tick, kind: 'x'.repeat(500) })).toThrow(`got: "${'x'.repeat(199)}...`);
});

describe('bounds the construct guarantees, checked again at run time', () => {
  test('fails if windowMinutes is over a day', () => {
    const event = JSON.parse(JSON.stringify(tick));
    event.config.windowMinutes = 1e9;
    expect(() => parseEvent(event)).toThrow(/^\[AAF-REPUBLISHER-EVENT\] 'config.windowMinutes' must be at most 1440 \(a day of minutes\), got: 1000000000\./);
  });

  test('fails if a rule asks for more datapoints than periods', () => {
    const event = JSON.parse(JSON.stringify(tick));
    event.config.signals[0].rule.datapointsToAlarm = event.config.signals[0].rule.evaluationPeriods + 1;
    expect(() => parseEvent(event)).toThrow(/^\[AAF-REPUBLISHER-EVENT\] 'config.signals\[0\].rule.datapointsToAlarm' must be at most evaluationPeriods/);
  });
});

describe('garbage, size and nesting', () => {
  /** The message `event` fails with; fails the test if it is a bare JS error. */
  const failure = (event: unknown): string => {
    try {
      parseEvent(event);
    } catch (error) {
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toBe('Error');
      return (error as Error).message;
    }
    throw new Error('parsed');
  };

  test('fails if the event is 300 KB, naming its size and the limit', () => {
    const event = JSON.parse(JSON.stringify(tick));
    event.config.padding = 'x'.repeat(300_000);
    expect(failure(event)).toMatch(new RegExp(`^\\[AAF-REPUBLISHER-EVENT\\] the event must be at most ${MAX_EVENT_CHARACTERS} characters of JSON `
      + '\\(EventBridge passes at most 8,192 to a target, an asynchronous invocation at most 256 KB\\), got: 30\\d{4} characters \\(keys \\["kind","version","config"\\]\\)\\. Fix: '));
  });

  test('fails if the event has 40,000 keys, with a message of bounded length', () => {
    const message = failure(Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`k${i}`, i])));
    expect(message).toMatch(/^\[AAF-REPUBLISHER-EVENT\] the event must be at most 262144 characters of JSON .*got: \d+ characters \(keys \["k0","k1",/);
    expect(message.length).toBeLessThan(800);
  });

  test.each([['an array', (inner: unknown) => [inner]], ['an object', (inner: unknown) => ({ a: inner })]])(
    'fails if the event holds %s nested 20,000 deep, without a RangeError', (_name, wrap) => {
      let deep: unknown = 1;
      for (let i = 0; i < 20_000; i++) {
        deep = wrap(deep);
      }
      expect(failure({ ...tick, config: deep })).toMatch(/^\[AAF-REPUBLISHER-EVENT\] got an event too deeply nested \(or circular\) to be read as JSON/);
      expect(failure({ kind: deep })).toMatch(/^\[AAF-REPUBLISHER-EVENT\] got an event too deeply nested/);
    });

  test('fails if a "__proto__" key (as JSON.parse makes it) stands in for the fields', () => {
    const event = JSON.parse(`{"__proto__":${JSON.stringify(tick)}}`);
    expect(failure(event)).toMatch(/^\[AAF-REPUBLISHER-EVENT\] 'kind' must be "tick" or "alarmState", got: nothing \(the field is missing\) \(an event with keys \["__proto__"\]\)/);
    const nested = JSON.parse(`{"kind":"tick","version":${CONFIG_VERSION},"config":{"__proto__":${JSON.stringify(config)}}}`);
    expect(failure(nested)).toMatch(/'config.namespace' must be a non-empty string, got: nothing/);
  });
});

describe('a configuration that does not hold together', () => {
  const sig = (id: string) => ({ ...config.signals[0], valueId: id, presenceIds: [id], queries: [{ ...config.signals[0].queries[0], Id: id }] });
  test.each<[string, Record<string, any>, string]>([
    ['a threshold is NaN', withConfig(c => c.signals[0].rule.threshold = NaN), '\'config.signals[0].rule.threshold\' must be a finite number, got: NaN.'],
    ['a recoveryThreshold is Infinity', withConfig(c => c.signals[0].rule.recoveryThreshold = Infinity), '\'config.signals[0].rule.recoveryThreshold\' must be a finite number, got: Infinity.'],
    ['evaluationPeriods is negative', withConfig(c => c.signals[0].rule.evaluationPeriods = -3), '\'config.signals[0].rule.evaluationPeriods\' must be a whole number of at least 1, got: -3.'],
    ['recoverySettleMinutes is negative', withConfig(c => c.signals[0].rule.recoverySettleMinutes = -1), '\'config.signals[0].rule.recoverySettleMinutes\' must be a whole number of at least 0, got: -1.'],
    ['the comparison is "constructor"', withConfig(c => c.signals[0].rule.comparison = 'constructor'), '\'config.signals[0].rule.comparison\' must be one of GreaterThanThreshold'],
    ['evaluationPeriods is longer than the window', withConfig(c => Object.assign(c.signals[0].rule, { evaluationPeriods: 1e9, datapointsToAlarm: 1 })),
      '\'config.signals[0].rule.evaluationPeriods\' must be at most config.windowMinutes (16, the minutes a run reads), got: 1000000000.'],
    ['recoveryPeriods is longer than the window', withConfig(c => c.signals[0].rule.recoveryPeriods = 17),
      '\'config.signals[0].rule.recoveryPeriods\' must be at most config.windowMinutes (16, the minutes a run reads), got: 17.'],
    ['windowMinutes is Infinity', withConfig(c => c.windowMinutes = Infinity), '\'config.windowMinutes\' must be a whole number of at least 1, got: Infinity.'],
    ['windowMinutes is negative', withConfig(c => c.windowMinutes = -5), '\'config.windowMinutes\' must be a whole number of at least 1, got: -5.'],
    ['two signals share a query id', withConfig(c => c.signals.push(sig('s0'))),
      '\'config.signals[1].queries[0].Id\' must be unique in the configuration (its signals share one GetMetricData call; \'config.signals[0].queries[0].Id\' has it too), got: "s0".'],
    ['the valueId is not one of the signal\'s queries', withConfig(c => c.signals[0].valueId = 's9'), '\'config.signals[0].valueId\' must be one of the signal\'s query ids (s0), got: "s9".'],
    ['the valueId is another signal\'s query', withConfig(c => { c.signals.push(sig('s1')); c.signals[1].valueId = 's0'; }),
      '\'config.signals[1].valueId\' must be one of the signal\'s query ids (s1), got: "s0".'],
    ['the sampleId is not one of the signal\'s queries', withConfig(c => c.signals[0].sampleId = 'x'), '\'config.signals[0].sampleId\' must be one of the signal\'s query ids (s0), got: "x".'],
    ['a query id starts with a capital', withConfig(c => { c.signals[0].queries[0].Id = 'S0'; c.signals[0].valueId = 'S0'; }),
      '\'config.signals[0].queries[0].Id\' must be a GetMetricData id (a lower-case letter, then letters, digits and \'_\'), got: "S0".'],
    ['a query has both an Expression and a MetricStat', withConfig(c => c.signals[0].queries[0].Expression = 'm1'),
      '\'config.signals[0].queries[0]\' must be a query with either an \'Expression\' or a \'MetricStat\', got: {"Id":"s0"'],
    ['a query has neither', withConfig(c => delete c.signals[0].queries[0].MetricStat), '\'config.signals[0].queries[0]\' must be a query with either an \'Expression\' or a \'MetricStat\''],
    ['a query has no ReturnData', withConfig(c => delete c.signals[0].queries[0].ReturnData), '\'config.signals[0].queries[0].ReturnData\' must be true or false, got: nothing'],
    ['a MetricStat has a period of 0', withConfig(c => c.signals[0].queries[0].MetricStat.Period = 0), '\'config.signals[0].queries[0].MetricStat.Period\' must be a whole number of at least 1, got: 0.'],
    ['a MetricStat has no statistic', withConfig(c => delete c.signals[0].queries[0].MetricStat.Stat), '\'config.signals[0].queries[0].MetricStat.Stat\' must be a non-empty string, got: nothing'],
    ['a MetricStat\'s dimensions are not a list', withConfig(c => c.signals[0].queries[0].MetricStat.Metric.Dimensions = { Name: 'a' }),
      '\'config.signals[0].queries[0].MetricStat.Metric.Dimensions\' must be an array, got: {"Name":"a"}.'],
    ['an expression is empty', withConfig(c => c.signals[0].queries[0] = { Id: 's0', Expression: '', ReturnData: true }), '\'config.signals[0].queries[0].Expression\' must be a non-empty string, got: "".'],
  ])('fails if %s, naming the field', (_name, event, message) => {
    expect(() => parseEvent(event)).toThrow(`${EVENT_ERROR_ID} ${message}`);
  });

  test.each<[string, Record<string, any>, string]>([
    ['the published namespace is AWS\'s own', withConfig(c => c.namespace = 'AWS/ApplicationELB'),
      '\'config.namespace\' must be a namespace of your own (PutMetricData refuses those starting with \'AWS/\', AWS\'s own), got: "AWS/ApplicationELB".'],
    ['a switch publishes to an AWS namespace', withConfig(c => c.switches[0].namespace = 'AWS/Evacuation'),
      '\'config.switches[0].namespace\' must be a namespace of your own (PutMetricData refuses those starting with \'AWS/\', AWS\'s own), got: "AWS/Evacuation".'],
    ['the published namespace is 256 characters', withConfig(c => c.namespace = 'n'.repeat(256)),
      `'config.namespace' must be at most 255 characters (CloudWatch's limit), got: 256 characters ("${'n'.repeat(199)}...).`],
    ['a published metric has 31 dimensions', withConfig(c => {
      c.signals[0].metric.Dimensions = Array.from({ length: 31 }, (_, i) => ({ Name: `d${i}`, Value: 'v' }));
    }), '\'config.signals[0].metric.Dimensions\' must have at most 30 dimensions (CloudWatch\'s limit per metric), got: 31 dimensions.'],
    ['a queried metric has 31 dimensions', withConfig(c => {
      c.signals[0].queries[0].MetricStat.Metric.Dimensions = Array.from({ length: 31 }, (_, i) => ({ Name: `d${i}`, Value: 'v' }));
    }), '\'config.signals[0].queries[0].MetricStat.Metric.Dimensions\' must have at most 30 dimensions (CloudWatch\'s limit per metric), got: 31 dimensions.'],
    ['a dimension name is 256 characters', withConfig(c => c.heartbeat.Dimensions[0].Name = 'N'.repeat(256)),
      '\'config.heartbeat.Dimensions[0].Name\' must be at most 255 characters (CloudWatch\'s limit), got: 256 characters ("NNN'],
    ['a dimension value is 1025 characters', withConfig(c => c.mirrors[0].metric.Dimensions[0].Value = 'v'.repeat(1025)),
      '\'config.mirrors[0].metric.Dimensions[0].Value\' must be at most 1024 characters (CloudWatch\'s limit), got: 1025 characters ("vvv'],
    ['a metric name is 256 characters', withConfig(c => c.signals[0].metric.MetricName = 'M'.repeat(256)),
      '\'config.signals[0].metric.MetricName\' must be at most 255 characters (CloudWatch\'s limit), got: 256 characters'],
    ['a MetricStat has a period of 90 seconds', withConfig(c => c.signals[0].queries[0].MetricStat.Period = 90),
      '\'config.signals[0].queries[0].MetricStat.Period\' must be 60 seconds or a multiple of 60 (or, for high-resolution metrics, 1, 5, 10, 30), got: 90.'],
    ['a MetricStat has a period of 20 seconds', withConfig(c => c.signals[0].queries[0].MetricStat.Period = 20),
      '\'config.signals[0].queries[0].MetricStat.Period\' must be 60 seconds or a multiple of 60 (or, for high-resolution metrics, 1, 5, 10, 30), got: 20.'],
    ['an expression has a period of 61 seconds', withConfig(c => c.signals[0].queries[0] = { Id: 's0', Expression: 'SEARCH(\'x\', \'Average\')', Period: 61, ReturnData: true }),
      '\'config.signals[0].queries[0].Period\' must be 60 seconds or a multiple of 60 (or, for high-resolution metrics, 1, 5, 10, 30), got: 61.'],
    ['a MetricStat has the statistic p101', withConfig(c => c.signals[0].queries[0].MetricStat.Stat = 'p101'),
      '\'config.signals[0].queries[0].MetricStat.Stat\' must be a CloudWatch statistic (Average, Minimum, Maximum, Sum, SampleCount, pNN, tmNN, wmNN, tcNN, '
      + 'tsNN, IQM, or TM/WM/TC/TS/PR(a:b)), got: "p101".'],
    ['a MetricStat has the statistic Median', withConfig(c => c.signals[0].queries[0].MetricStat.Stat = 'Median'),
      '\'config.signals[0].queries[0].MetricStat.Stat\' must be a CloudWatch statistic (Average, Minimum, Maximum, Sum, SampleCount, pNN'],
    ['the signals have 501 queries in all', withConfig(c => {
      c.signals = Array.from({ length: 3 }, (_, i) => {
        const queries = Array.from({ length: 167 }, (__, j) => ({ ...config.signals[0].queries[0], Id: `s${i}_${j}` }));
        return { ...config.signals[0], queries, valueId: `s${i}_0`, presenceIds: [`s${i}_0`] };
      });
    }), '\'config.signals\' must have at most 500 GetMetricData queries in all (the handler reads every signal in one GetMetricData call, which '
      + 'takes at most 500), got: 501 queries in 3 signals.'],
  ])('fails if %s, which every CloudWatch call would refuse, naming the field, the value and what is allowed', (_name, event, message) => {
    expect(() => parseEvent(event)).toThrow(`${EVENT_ERROR_ID} ${message}`);
  });

  test.each([
    ['a period of 1, 5, 10 or 30 seconds (high resolution) or a multiple of 60', (c: Record<string, any>, i: number) => {
      c.signals[0].queries[0].MetricStat.Period = [1, 5, 10, 30, 60, 300, 3600][i % 7];
    }],
    ['30 dimensions, names of 255 and values of 1024 characters', (c: Record<string, any>) => {
      c.signals[0].metric.Dimensions = Array.from({ length: 30 }, (_, i) => ({ Name: `${i}`.padEnd(255, 'n'), Value: 'v'.repeat(1024) }));
    }],
    ['every statistic form: simple, alias, percentile, trimmed, ranged, IQM', (c: Record<string, any>, i: number) => {
      c.signals[0].queries[0].MetricStat.Stat = ['Average', 'SampleCount', 'p99.9', 'tm90', 'TM(10%:90%)', 'PR(:0.5)', 'IQM'][i % 7];
    }],
    ['a published namespace that merely contains AWS', (c: Record<string, any>) => { c.namespace = 'MyAWS/Failover'; }],
    ['500 queries in all', (c: Record<string, any>) => {
      c.signals = [{ ...c.signals[0], queries: Array.from({ length: 500 }, (_, j) => ({ ...c.signals[0].queries[0], Id: `s${j}` })) }];
    }],
  ])('accepts %s (at the limits)', (_name, change) => {
    for (let i = 0; i < 7; i++) {
      const event = withConfig(c => change(c, i));
      expect(parseEvent(event)).toBe(event);
    }
  });

  test('accepts the configuration the construct writes (percentile, error rate, mirror, switch)', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    f.addRegion(stack, 'Failover', {
      loadBalancer: alb(stack),
      evacuationSwitch: true,
      signals: [
        FailoverSignal.targetResponseTime({ threshold: Duration.millis(800), statistic: 'p99', signalName: 'LatencyP99' }),
        FailoverSignal.http5xxErrorRate({ threshold: 5 }),
        FailoverSignal.targetResponseTime({ threshold: Duration.millis(800), statistic: 'p90', signalName: 'LatencyP90', strategy: MetricStrategy.mirror() }),
      ],
    });
    const written = republisherConfig(Template.fromStack(stack));
    expect(written.signals.map(s => s.sampleId !== undefined)).toEqual([false, true]);
    expect(written.mirrors).toHaveLength(1);
    expect(written.switches).toHaveLength(1);
    const event = { kind: 'tick', version: CONFIG_VERSION, config: written };
    expect(parseEvent(event)).toBe(event);
  });
});
