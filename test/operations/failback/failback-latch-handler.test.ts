import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { LATCH_CONFIG_VERSION, LatchConfig, LatchEvent } from '../../../src/model/failback';
import { handler } from '../../../src/operations/failback/failback-latch.lambda';

const cw = mockClient(CloudWatchClient);
const ssm = mockClient(SSMClient);
const PARAMETER = '/cdk-active-active-failover/Api/eu-central-1/evacuated';
const DIMS = [{ Name: 'Failover', Value: 'Api' }, { Name: 'Region', Value: 'eu-central-1' }];
const config = (c: Partial<LatchConfig> = {}): LatchConfig => ({
  failoverName: 'Api',
  region: 'eu-central-1',
  policy: 'operatorConfirmed',
  parameterName: PARAMETER,
  namespace: 'ActiveActiveFailover/Evacuation',
  metric: { MetricName: 'Evacuated', Dimensions: DIMS },
  signalsAlarmName: 'Api-eu-central-1-signals',
  ...c,
});
const event = (state = 'ALARM', c: Partial<LatchConfig> = {}, time = '2026-12-01T10:14:05Z'): LatchEvent =>
  ({ kind: 'latch', version: LATCH_CONFIG_VERSION, time, alarmName: 'Api-eu-central-1-signals', state, config: config(c) });
const written = () => ssm.commandCalls(PutParameterCommand).map(c => c.args[0].input);
const published = () => cw.commandCalls(PutMetricDataCommand).map(c => c.args[0].input);
const parameterHolds = (value: string | undefined) => {
  if (value === undefined) {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
  } else {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: PARAMETER, Value: value } });
  }
};
let logSpy: jest.SpyInstance;

beforeEach(() => {
  cw.reset();
  ssm.reset();
  cw.on(PutMetricDataCommand).resolves({});
  ssm.on(PutParameterCommand).resolves({});
  logSpy = jest.spyOn(console, 'log').mockImplementation(() => {});
});
afterEach(() => logSpy.mockRestore());

describe('failback latch handler', () => {
  test('operatorConfirmed: on ALARM it writes "latched" and publishes the switch metric 1, and logs it', async () => {
    parameterHolds('0');
    const result = await handler(event());
    expect(written()).toEqual([{ Name: PARAMETER, Value: 'latched', Type: 'String', Overwrite: true }]);
    expect(published()).toEqual([{
      Namespace: 'ActiveActiveFailover/Evacuation',
      MetricData: [{ MetricName: 'Evacuated', Dimensions: DIMS, Timestamp: expect.any(Date), Value: 1, StorageResolution: 60 }],
    }]);
    expect(result).toMatchObject({ before: '0', written: 'latched', published: true });
    expect(JSON.parse(logSpy.mock.calls[0][0])).toEqual({
      logType: 'failbackLatch',
      alarmName: 'Api-eu-central-1-signals',
      state: 'ALARM',
      parameterName: PARAMETER,
      before: '0',
      written: 'latched',
      published: true,
      reason: 'latched: held out, waiting for an operator (the restore command brings it back)',
    });
  });

  test('a switch never set (no parameter) is latched too', async () => {
    parameterHolds(undefined);
    expect(await handler(event())).toMatchObject({ before: undefined, written: 'latched', published: true });
  });

  test('is idempotent: the same event again writes nothing more and publishes 1 again', async () => {
    parameterHolds('latched');
    expect(await handler(event())).toMatchObject({ written: undefined, published: true, reason: 'already latched: held out, waiting for an operator' });
    expect(written()).toEqual([]);
    expect(published()).toHaveLength(1);
  });

  test('leaves an operator\'s evacuation (\'1\') as it is: writes and publishes nothing', async () => {
    parameterHolds('1');
    const result = await handler(event('ALARM', { policy: 'automatic', holdDownMinutes: 30 }));
    expect(written()).toEqual([]);
    expect(published()).toEqual([]);
    expect(result.reason).toMatch(/evacuated by an operator/);
  });

  test.each(['OK', 'INSUFFICIENT_DATA'])('ignores a %s transition: reads, writes and publishes nothing', async state => {
    parameterHolds('0');
    expect(await handler(event(state))).toMatchObject({ written: undefined, published: false, reason: `alarm Api-eu-central-1-signals is ${state}: only ALARM latches` });
    expect(ssm.calls()).toHaveLength(0);
    expect(published()).toEqual([]);
  });

  test('automatic with a hold-down: holds until the event\'s time plus the hold-down, the same for a repeated event', async () => {
    parameterHolds('0');
    const e = event('ALARM', { policy: 'automatic', holdDownMinutes: 30 });
    expect(await handler(e)).toMatchObject({ written: 'latched until 2026-12-01T10:44:05.000Z', published: true });
    ssm.reset();
    ssm.on(PutParameterCommand).resolves({});
    parameterHolds('latched until 2026-12-01T10:44:05.000Z');
    expect(await handler(e)).toMatchObject({ written: undefined, published: true, reason: 'already held until 2026-12-01T10:44:05.000Z' });
    expect(written()).toEqual([]);
  });

  test('automatic with a hold-down: a later ALARM extends the hold, never shortens it', async () => {
    parameterHolds('latched until 2026-12-01T10:44:05.000Z');
    const later = event('ALARM', { policy: 'automatic', holdDownMinutes: 30 }, '2026-12-01T10:20:00Z');
    expect(await handler(later)).toMatchObject({ written: 'latched until 2026-12-01T10:50:00.000Z' });
  });

  test('fails, logging the error, if the event is not the latch rule\'s input (and touches nothing)', async () => {
    await expect(handler({ 'detail-type': 'CloudWatch Alarm State Change' })).rejects.toThrow(
      '[AAF-FAILBACK-EVENT] the failback latch\'s event: \'kind\' must be "latch", got: {"detail-type":"CloudWatch Alarm State Change"}.');
    expect(JSON.parse(logSpy.mock.calls[0][0])).toMatchObject({ logType: 'failbackLatch', reason: 'failed', error: expect.stringContaining('AAF-FAILBACK-EVENT') });
    expect(ssm.calls()).toHaveLength(0);
    expect(cw.calls()).toHaveLength(0);
  });

  test('fails if SSM refuses the read (the error is thrown, so Lambda retries the idempotent call)', async () => {
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(handler(event())).rejects.toThrow('denied');
    expect(published()).toEqual([]);
  });
});
