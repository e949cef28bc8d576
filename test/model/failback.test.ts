import { HOLD_DOWN_MINUTES, LATCH_CONFIG_VERSION, latchedUntil, parseLatchEvent, switchPosition } from '../../src/model/failback';

const T = Date.parse('2026-12-01T10:30:00Z');
const config = {
  failoverName: 'Api',
  region: 'eu-central-1',
  policy: 'automatic',
  holdDownMinutes: 30,
  parameterName: '/p',
  namespace: 'N',
  metric: { MetricName: 'Evacuated', Dimensions: [] },
  signalsAlarmName: 'Api-eu-central-1-signals',
};
const event = (patch: Record<string, unknown> = {}, c: Record<string, unknown> = {}) =>
  ({ kind: 'latch', version: LATCH_CONFIG_VERSION, time: '2026-12-01T10:00:00Z', alarmName: 'a', state: 'ALARM', config: { ...config, ...c }, ...patch });

describe('switch positions', () => {
  test.each<[string | undefined, number, object]>([
    ['1', T, { value: 1, setBy: 'operator' }],
    ['0', T, { value: 0, setBy: 'operator' }],
    ['latched', T, { value: 1, setBy: 'latch' }],
    ['latched until 2026-12-01T10:30:00.000Z', T - 1, { value: 1, setBy: 'latch', until: T }],
    ['latched until 2026-12-01T10:30:00.000Z', T, { value: 0, setBy: 'latch', until: T }],
    ['latched until tomorrow', T, { setBy: 'unknown' }],
    ['yes', T, { setBy: 'unknown' }],
    [undefined, T, { setBy: 'unknown' }],
  ])('%s at %s reads as %j', (value, now, expected) => {
    expect(switchPosition(value, now)).toEqual(expected);
  });

  test('latchedUntil reads only the latch\'s own format', () => {
    expect(latchedUntil('latched until 2026-12-01T10:30:00Z')).toBe(T);
    expect(latchedUntil('latched until 2026-12-01')).toBeUndefined();
    expect(latchedUntil('latched')).toBeUndefined();
  });

  test('the hold-down is bounded: 5 minutes to 24 hours', () => {
    expect(HOLD_DOWN_MINUTES).toEqual({ min: 5, max: 1440 });
  });
});

describe('latch events', () => {
  test('accepts the rule\'s input', () => {
    expect(parseLatchEvent(event())).toEqual(event());
  });

  const FIX = ' Fix: deploy the stack again, so that the function and its rule\'s input come from the same version of cdk-active-active-failover; '
    + 'invoke the function only through that rule.';
  test.each<[string, unknown, string]>([
    ['the kind is not latch', { kind: 'tick' }, '\'kind\' must be "latch", got: "tick".'],
    ['the version differs', event({ version: 9 }), '\'version\' must be 1, got: 9.'],
    ['the state is missing', event({ state: undefined }), '\'state\' must be a string, got: undefined.'],
    ['the time is not an instant', event({ time: 'soon' }), '\'time\' must be an ISO 8601 instant, got: "soon".'],
    ['the configuration lacks the parameter', event({}, { parameterName: 3 }), '\'config\' must have a string \'parameterName\' and \'namespace\' and a \'metric\' '
      + 'with a MetricName and Dimensions, got: '],
    ['the policy is unknown', event({}, { policy: 'manual' }), '\'config.policy\' must be "operatorConfirmed" or "automatic", got: "manual".'],
    ['the hold-down is out of bounds', event({}, { holdDownMinutes: 2 }), '\'config.holdDownMinutes\' must be a whole number from 5 to 1440, got: 2.'],
  ])('fails if %s', (_, input, message) => {
    expect(() => parseLatchEvent(input)).toThrow(`[AAF-FAILBACK-EVENT] the failback latch's event: ${message}`);
    expect(() => parseLatchEvent(input)).toThrow(message.endsWith('got: ') ? 'Fix:' : `${message}${FIX}`);
  });
});
