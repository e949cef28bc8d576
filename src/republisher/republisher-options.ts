import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * Settings of the stack's republisher (the Lambda function behind republished
 * and mirrored signals and the evacuation switch) that managed accounts
 * usually prescribe: how long its log group keeps logs, the key that encrypts
 * them, and its reserved concurrency.
 *
 * A stack has one republisher: when several Regions of one stack set the same
 * setting, their values must agree.
 *
 * @see https://docs.aws.amazon.com/controltower/latest/controlreference/cloudwatch-rules.html
 */
export interface RepublisherOptions {
  /**
   * How long the republisher's log group keeps its logs (any value CloudWatch
   * Logs accepts). Control Tower's CT.CLOUDWATCH.PR.2 asks for at least a year.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * A KMS key, in the stack's Region, that encrypts the republisher's log
   * group (CT.CLOUDWATCH.PR.3). The log group then gets a fixed name,
   * `/active-active-failover/republisher/<stackName>`, and a key created in
   * this app gets a key policy statement that lets CloudWatch Logs of the
   * Region use it for that log group only (an encryption context condition).
   * Adding or removing the key later replaces the log group.
   *
   * @default - no key: CloudWatch Logs encrypts the log group with its own key
   */
  readonly logEncryptionKey?: kms.IKey;

  /**
   * Concurrent executions reserved for the republisher (and its maximum). It
   * runs once a minute, plus once per mirrored alarm's state change; 2 leaves
   * room for a run that overlaps the next.
   *
   * @default - none reserved: the function uses the account's unreserved concurrency
   */
  readonly reservedConcurrentExecutions?: number;
}
