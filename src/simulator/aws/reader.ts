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

/** A client package of the SDK, as loaded: its client classes and commands by name. */
export interface ClientPackage {
  readonly [name: string]: any;
}

/** What a command's SDK calls share: its packages loaded, one client per class and Region, retries and errors naming the action. */
export interface SdkCalls {
  /** The package, loaded when the calls were made (see `sdkCalls`). */
  readonly pkg: (name: string) => ClientPackage;
  /** The `send` of the package's client class in the Region (one client each). */
  readonly client: (pkg: ClientPackage, className: string, region: string) => Send;
  /** `send()`'s result, retried on throttling; any failure an AwsCallError naming the action and the Region. */
  readonly call: <T>(action: string, region: string, send: () => Promise<T>) => Promise<T>;
}

/**
 * The SDK calls of `command` (`history fetch`, `drill report`): every one of
 * `packages` is loaded now, so a missing one fails before anything is called.
 */
export function sdkCalls(command: string, packages: readonly string[], options: SdkReaderOptions = {}): SdkCalls {
  const loaded = new Map(packages.map(name => [name, loadAwsPackage<ClientPackage>(name, { command, packages, load: options.load })]));
  const clients = new Map<string, Send>();
  return {
    pkg: name => loaded.get(name)!,
    client: (pkg, className, region) => {
      const key = `${className}|${region}`;
      if (!clients.has(key)) {
        const c = new pkg[className]({ region });
        clients.set(key, command_ => c.send(command_));
      }
      return clients.get(key)!;
    },
    call: async (action, region, send) => {
      try {
        return await withRetry(send, options);
      } catch (e) {
        throw e instanceof RetriesExhausted ? awsCallError(action, region, e.last, e.attempts, command) : awsCallError(action, region, e, 1, command);
      }
    },
  };
}

/**
 * The calls made with the AWS SDK v3. Both client packages are loaded now,
 * so a missing one fails before anything is fetched.
 */
export function sdkReader(options: SdkReaderOptions = {}, command = 'history fetch', more: readonly string[] = []): AwsReader {
  const sdk = sdkCalls(command, [AWS_SDK_PACKAGES.cloudwatch, AWS_SDK_PACKAGES.cloudformation, ...more], options);
  return awsReaderOf(sdk);
}

/** The read calls of `AwsReader` through `sdk` (its packages include the CloudWatch and CloudFormation clients). */
export function awsReaderOf(sdk: SdkCalls): AwsReader {
  const cloudwatch = sdk.pkg(AWS_SDK_PACKAGES.cloudwatch);
  const cloudformation = sdk.pkg(AWS_SDK_PACKAGES.cloudformation);
  const { client, call } = sdk;
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
