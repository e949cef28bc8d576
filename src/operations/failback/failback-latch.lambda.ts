/**
 * The failback latch: called when a Region's signals alarm changes state
 * (EventBridge, in the Region). On ALARM it holds the Region out of DNS with
 * its evacuation switch: it writes the switch's parameter (`latched`, or
 * `latched until <instant>` with a hold-down) and publishes the switch metric
 * 1 itself, so the switch moves even while the republisher is down (the
 * switch's health check then keeps its last status). Every decision is made by
 * ../../model/failback.ts `latchDecision`; this is a thin shell. Logs one JSON
 * line per event.
 */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { latchDecision, parseLatchEvent } from '../../model/failback';

const cloudwatch = new CloudWatchClient({ maxAttempts: 5 });
const ssm = new SSMClient({ maxAttempts: 5 });

/** What one invocation did (also its log line). */
export interface LatchResult {
  readonly logType: 'failbackLatch';
  readonly alarmName?: string;
  readonly state?: string;
  readonly parameterName?: string;
  /** The parameter's value before (undefined: absent). */
  readonly before?: string;
  /** The value written, if any. */
  readonly written?: string;
  /** Whether the switch metric 1 was published. */
  readonly published: boolean;
  readonly reason: string;
}

export async function handler(event: unknown): Promise<LatchResult> {
  let result: LatchResult;
  try {
    const e = parseLatchEvent(event);
    const c = e.config;
    // Only ALARM latches: another state needs no read.
    const before = e.state === 'ALARM' ? await readParameter(c.parameterName) : undefined;
    const decision = latchDecision(e, before);
    if (decision.write !== undefined) {
      await ssm.send(new PutParameterCommand({ Name: c.parameterName, Value: decision.write, Type: 'String', Overwrite: true }));
    }
    if (decision.publish) {
      await cloudwatch.send(new PutMetricDataCommand({
        Namespace: c.namespace,
        MetricData: [{
          MetricName: c.metric.MetricName,
          Dimensions: c.metric.Dimensions.map(d => ({ Name: d.Name, Value: d.Value })),
          Timestamp: new Date(),
          Value: 1,
          StorageResolution: 60,
        }],
      }));
    }
    result = {
      logType: 'failbackLatch',
      alarmName: e.alarmName,
      state: e.state,
      parameterName: c.parameterName,
      before,
      written: decision.write,
      published: decision.publish,
      reason: decision.reason,
    };
  } catch (error) {
    console.log(JSON.stringify({ logType: 'failbackLatch', published: false, reason: 'failed', error: String((error as Error)?.message ?? error) }));
    throw error;
  }
  console.log(JSON.stringify(result));
  return result;
}

/** The parameter's value; undefined when it does not exist yet (the switch was never set). */
async function readParameter(name: string): Promise<string | undefined> {
  try {
    return (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
  } catch (error) {
    if (error instanceof ParameterNotFound || (error as Error)?.name === 'ParameterNotFound') {
      return undefined;
    }
    throw error;
  }
}
