/**
 * The republisher: once a minute, publishes each republished signal's settled
 * percentile or metric-math value as a plain metric, and each mirrored alarm's
 * state as a 0/1 metric, so that Route 53 health checks can follow them. Also
 * called on alarm state changes, for a faster mirror datapoint.
 *
 * A thin shell over ./logic: every decision is made there.
 */
import {
  CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand, MetricDataResult, PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { AlarmStateEvent, MirroredAlarmConfig, RepublisherEvent, TickEvent } from '../model/republisher/config';
import {
  batches, buildQueries, Datum, floorToMinute, mergeSeries, mirrorDatapoints, publishWindow, signalDatapoints,
} from '../model/republisher/logic';

/** PutMetricData takes at most 1,000 datums a call; stay well under the 1 MB payload. */
const PUT_BATCH = 500;
/** DescribeAlarms takes at most 100 alarm names a call. */
const DESCRIBE_BATCH = 100;

// Few SDK attempts: the next run is a minute away, and runs must not pile up.
const cloudwatch = new CloudWatchClient({ maxAttempts: 3 });

/** What one invocation did. */
export interface RepublishResult {
  readonly published: number;
}

export async function handler(event: RepublisherEvent): Promise<RepublishResult> {
  if (event.kind === 'alarmState') {
    return alarmState(event);
  }
  return tick(event);
}

async function tick(event: TickEvent): Promise<RepublishResult> {
  const config = event.config;
  const now = Date.now();
  const datums: Datum[] = [];
  if (config.signals.length > 0) {
    const window = publishWindow(now, config.settleSeconds, config.backfillMinutes);
    const pages: MetricDataResult[][] = [];
    let nextToken: string | undefined;
    do {
      const response = await cloudwatch.send(new GetMetricDataCommand({
        MetricDataQueries: buildQueries(config.signals),
        StartTime: window.start,
        EndTime: window.end,
        ScanBy: 'TimestampAscending',
        NextToken: nextToken,
      }));
      pages.push(response.MetricDataResults ?? []);
      nextToken = response.NextToken;
    } while (nextToken);
    datums.push(...signalDatapoints(config.signals, mergeSeries(pages), window));
  }
  if (config.mirrors.length > 0) {
    const states = await describeStates(config.mirrors);
    datums.push(...mirrorDatapoints(config.mirrors, states, floorToMinute(now)));
  }
  await put(config.namespace, datums);
  return { published: datums.length };
}

async function alarmState(event: AlarmStateEvent): Promise<RepublishResult> {
  if (Number.isNaN(Date.parse(event.time))) {
    throw new Error(`[AAF-REPUBLISHER-EVENT] event time must be an ISO 8601 timestamp, got: ${JSON.stringify(event.time)}`);
  }
  const mirrors = event.config.mirrors.filter(m => m.alarmName === event.alarmName);
  const datums = mirrorDatapoints(mirrors, new Map([[event.alarmName, event.state]]), floorToMinute(Date.parse(event.time)));
  await put(event.config.namespace, datums);
  return { published: datums.length };
}

async function describeStates(mirrors: MirroredAlarmConfig[]): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  for (const names of batches(mirrors.map(m => m.alarmName), DESCRIBE_BATCH)) {
    const response = await cloudwatch.send(new DescribeAlarmsCommand({
      AlarmNames: names, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: DESCRIBE_BATCH,
    }));
    for (const alarm of [...response.MetricAlarms ?? [], ...response.CompositeAlarms ?? []]) {
      if (alarm.AlarmName && alarm.StateValue) {
        states.set(alarm.AlarmName, alarm.StateValue);
      }
    }
  }
  return states;
}

async function put(namespace: string, datums: Datum[]): Promise<void> {
  for (const batch of batches(datums, PUT_BATCH)) {
    await cloudwatch.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: batch }));
  }
}
