/**
 * The read-only AWS calls of `drill report`: `fis:GetExperiment`,
 * `fis:GetExperimentTemplate`, `cloudwatch:DescribeAlarmHistory`, and those it
 * shares with `history fetch` (`cloudwatch:GetMetricData`,
 * `cloudformation:DescribeStackResources`), through the shared on-demand SDK
 * loader (aws/sdk.ts, aws/reader.ts). The shapes are the subset of the SDK's
 * the report reads, so its types never name the SDK.
 */
import { AwsReader, awsReaderOf, sdkCalls, SdkReaderOptions } from '../aws/reader';
import { AWS_SDK_PACKAGES, awsErrorName } from '../aws/sdk';

/** The command's name, in messages. */
export const DRILL_REPORT = 'drill report';

/** An FIS experiment, as GetExperiment returns it (what the report reads). */
export interface FisExperiment {
  readonly id?: string;
  readonly experimentTemplateId?: string;
  readonly state?: { readonly status?: string; readonly reason?: string };
  readonly startTime?: Date | string;
  readonly endTime?: Date | string;
}

/** An FIS experiment template, as GetExperimentTemplate returns it. */
export interface FisExperimentTemplate {
  readonly id?: string;
  readonly tags?: Record<string, string>;
  readonly actions?: Record<string, { readonly actionId?: string; readonly parameters?: Record<string, string> }>;
}

/** An alarm history item, as DescribeAlarmHistory returns it. */
export interface AlarmHistoryItem {
  readonly AlarmName?: string;
  readonly Timestamp?: Date | string;
  readonly HistoryItemType?: string;
  readonly HistorySummary?: string;
  /** JSON: `{"oldState": {"stateValue": ...}, "newState": {"stateValue": ...}}`. */
  readonly HistoryData?: string;
}

/** The calls of `drill report`, by Region. */
export interface DrillAwsReader extends AwsReader {
  /** The experiment; undefined when the Region has none of that id (ResourceNotFoundException). */
  getExperiment(region: string, id: string): Promise<FisExperiment | undefined>;
  getExperimentTemplate(region: string, id: string): Promise<FisExperimentTemplate | undefined>;
  /** The alarm's state changes from `start` to `end`, every page read. */
  describeAlarmHistory(region: string, alarmName: string, start: Date, end: Date): Promise<AlarmHistoryItem[]>;
}

/** The calls made with the AWS SDK v3: the CloudWatch, CloudFormation and FIS clients, all loaded now. */
export function sdkDrillReader(options: SdkReaderOptions = {}): DrillAwsReader {
  const sdk = sdkCalls(DRILL_REPORT, [AWS_SDK_PACKAGES.cloudwatch, AWS_SDK_PACKAGES.cloudformation, AWS_SDK_PACKAGES.fis], options);
  const fis = sdk.pkg(AWS_SDK_PACKAGES.fis);
  const cloudwatch = sdk.pkg(AWS_SDK_PACKAGES.cloudwatch);
  const { client, call } = sdk;
  const notFound = async <T>(get: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await get();
    } catch (e) {
      // The AwsCallError's message starts with the action; the SDK's error name is in it.
      if (/ResourceNotFoundException/.test((e as Error).message) || awsErrorName(e) === 'ResourceNotFoundException') {
        return undefined;
      }
      throw e;
    }
  };
  return {
    ...awsReaderOf(sdk),
    getExperiment: (region, id) => notFound(async () => (await call('fis:GetExperiment', region,
      () => client(fis, 'FisClient', region)(new fis.GetExperimentCommand({ id })))).experiment),
    getExperimentTemplate: (region, id) => notFound(async () => (await call('fis:GetExperimentTemplate', region,
      () => client(fis, 'FisClient', region)(new fis.GetExperimentTemplateCommand({ id })))).experimentTemplate),
    describeAlarmHistory: async (region, alarmName, start, end) => {
      const items: AlarmHistoryItem[] = [];
      let token: string | undefined;
      do {
        const input = { AlarmName: alarmName, HistoryItemType: 'StateUpdate', StartDate: start, EndDate: end, NextToken: token };
        const page = await call('cloudwatch:DescribeAlarmHistory', region,
          () => client(cloudwatch, 'CloudWatchClient', region)(new cloudwatch.DescribeAlarmHistoryCommand(input)));
        items.push(...page.AlarmHistoryItems ?? []);
        token = page.NextToken;
      } while (token);
      return items;
    },
  };
}
