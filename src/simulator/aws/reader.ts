/**
 * The read-only AWS calls of `history fetch`, one Region at a time:
 * `cloudwatch:GetMetricData`, `cloudwatch:DescribeAlarms` and
 * `cloudformation:DescribeStackResources`. The shapes below are the subset of
 * the SDK's that the simulator reads, so its types never name the SDK.
 * Every call is retried on throttling (retry.ts); any other failure, or a
 * throttling that outlasts the retries, is an AwsCallError naming the action,
 * the Region and the fix.
 */
import { RetriesExhausted, RetryOptions, withRetry } from './retry';
import { AWS_SDK_PACKAGES, awsCallError, loadAwsPackage, ModuleLoader } from './sdk';

/** A metric dimension. */
export interface AwsDimension {
  readonly Name?: string;
  readonly Value?: string;
}

/** One query of a GetMetricData call (a metric and a statistic; no metric math). */
export interface MetricStatQuery {
  readonly Id: string;
  readonly MetricStat: {
    readonly Metric: { readonly Namespace: string; readonly MetricName: string; readonly Dimensions: AwsDimension[] };
    readonly Period: number;
    readonly Stat: string;
  };
  readonly ReturnData: boolean;
}

/** A GetMetricData request. */
export interface GetMetricDataRequest {
  readonly MetricDataQueries: MetricStatQuery[];
  readonly StartTime: Date;
  readonly EndTime: Date;
  readonly ScanBy: 'TimestampAscending' | 'TimestampDescending';
  readonly NextToken?: string;
}

/** One query's datapoints in a GetMetricData response. */
export interface MetricDataResult {
  readonly Id?: string;
  readonly Timestamps?: Array<Date | string>;
  readonly Values?: number[];
  /** Complete, PartialData (more with NextToken), Forbidden or InternalError. */
  readonly StatusCode?: string;
  readonly Messages?: { Code?: string; Value?: string }[];
}

/** A GetMetricData response. */
export interface GetMetricDataResponse {
  readonly MetricDataResults?: MetricDataResult[];
  readonly NextToken?: string;
  readonly Messages?: { Code?: string; Value?: string }[];
}

/** A deployed metric alarm, as DescribeAlarms returns it (what token resolution reads). */
export interface DeployedAlarm {
  readonly AlarmName?: string;
  readonly Dimensions?: AwsDimension[];
  readonly Metrics?: { Id?: string; MetricStat?: { Metric?: { Dimensions?: AwsDimension[] } } }[];
}

/** A deployed resource of a stack. */
export interface DeployedResource {
  readonly LogicalResourceId?: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceType?: string;
}

/** The read calls, by Region. */
export interface AwsReader {
  getMetricData(region: string, request: GetMetricDataRequest): Promise<GetMetricDataResponse>;
  /** The metric alarms of these names (at most 100), every page read. */
  describeAlarms(region: string, alarmNames: string[]): Promise<DeployedAlarm[]>;
  /** The resource of this logical id in the stack (one call: DescribeStackResources lists 100 resources at most). */
  describeStackResource(region: string, stackName: string, logicalId: string): Promise<DeployedResource | undefined>;
}

/** How the SDK reader loads the SDK and retries. */
export interface SdkReaderOptions extends RetryOptions {
  /** @default requireFromCliOrCwd */
  readonly load?: ModuleLoader;
}

type Send = (command: unknown) => Promise<any>;
interface ClientPackage {
  readonly [name: string]: any;
}

/**
 * The calls made with the AWS SDK v3. Both client packages are loaded now,
 * so a missing one fails before anything is fetched.
 */
export function sdkReader(options: SdkReaderOptions = {}): AwsReader {
  const packages = Object.values(AWS_SDK_PACKAGES);
  const load = (name: string) => loadAwsPackage<ClientPackage>(name, { command: 'history fetch', packages, load: options.load });
  const cloudwatch = load(AWS_SDK_PACKAGES.cloudwatch);
  const cloudformation = load(AWS_SDK_PACKAGES.cloudformation);
  const clients = new Map<string, Send>();
  const client = (pkg: ClientPackage, className: string, region: string): Send => {
    const key = `${className}|${region}`;
    if (!clients.has(key)) {
      const c = new pkg[className]({ region });
      clients.set(key, command => c.send(command));
    }
    return clients.get(key)!;
  };
  const call = async <T>(action: string, region: string, send: () => Promise<T>): Promise<T> => {
    try {
      return await withRetry(send, options);
    } catch (e) {
      throw e instanceof RetriesExhausted ? awsCallError(action, region, e.last, e.attempts) : awsCallError(action, region, e);
    }
  };
  return {
    getMetricData: (region, request) => call('cloudwatch:GetMetricData', region,
      () => client(cloudwatch, 'CloudWatchClient', region)(new cloudwatch.GetMetricDataCommand(request))),
    describeAlarms: async (region, alarmNames) => {
      const alarms: DeployedAlarm[] = [];
      let token: string | undefined;
      do {
        const input = { AlarmNames: alarmNames, AlarmTypes: ['MetricAlarm'], NextToken: token };
        const page = await call('cloudwatch:DescribeAlarms', region,
          () => client(cloudwatch, 'CloudWatchClient', region)(new cloudwatch.DescribeAlarmsCommand(input)));
        alarms.push(...page.MetricAlarms ?? []);
        token = page.NextToken;
      } while (token);
      return alarms;
    },
    describeStackResource: async (region, stackName, logicalId) => {
      const input = { StackName: stackName, LogicalResourceId: logicalId };
      const out = await call('cloudformation:DescribeStackResources', region,
        () => client(cloudformation, 'CloudFormationClient', region)(new cloudformation.DescribeStackResourcesCommand(input)));
      return (out.StackResources ?? []).find((r: DeployedResource) => r.LogicalResourceId === logicalId);
    },
  };
}
