import { clientKeepAliveOf, DEFAULT_CLIENT_KEEP_ALIVE_SECONDS } from '../../src/model/load-balancer';

describe('clientKeepAliveOf', () => {
  const attributes = (...pairs: [string, unknown][]) => ({ LoadBalancerAttributes: pairs.map(([Key, Value]) => ({ Key, Value })) });

  test.each([
    ['no attributes: the default', {}, { seconds: DEFAULT_CLIENT_KEEP_ALIVE_SECONDS, set: false }],
    ['other attributes only: the default', attributes(['idle_timeout.timeout_seconds', '60']), { seconds: 3600, set: false }],
    ['a string value', attributes(['client_keep_alive.seconds', '120']), { seconds: 120, set: true }],
    ['a number value', attributes(['client_keep_alive.seconds', 300]), { seconds: 300, set: true }],
    ['an explicit 3,600 is set', attributes(['client_keep_alive.seconds', '3600']), { seconds: 3600, set: true }],
  ])('%s', (_name, properties, expected) => {
    expect(clientKeepAliveOf(properties)).toEqual(expected);
  });

  test.each([
    ['an intrinsic for the whole list', { LoadBalancerAttributes: { 'Fn::If': ['C', [], []] } }],
    ['a reference as the value', attributes(['client_keep_alive.seconds', { Ref: 'P' }])],
    ['an empty value', attributes(['client_keep_alive.seconds', ''])],
    ['text', attributes(['client_keep_alive.seconds', 'abc'])],
  ])('cannot be read: %s', (_name, properties) => {
    expect(clientKeepAliveOf(properties)).toBeUndefined();
  });
});
