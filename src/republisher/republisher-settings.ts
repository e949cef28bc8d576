/**
 * The republisher's settings of a stack, as its Regions ask for them: checked
 * one by one, recorded per stack, and agreed between the Regions of one stack
 * (a stack has one republisher). Not part of the public API.
 */
import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { RepublisherOptions } from './republisher-options';
import { republisherLogGroupName } from '../model/names';
import { unless } from '../model/violation';
import { WarningId } from '../model/warnings';
import { describeValue, throwIfAny } from '../private/violations';
import { addWarning } from '../private/warnings';

/** The retention the republisher's log group has unless a Region sets one. */
export const DEFAULT_LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

/** Every retention CloudWatch Logs accepts (the values of logs.RetentionDays). */
export const RETENTIONS = Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number');

/** A setting and the Region that asked for it. */
interface Requested<T> {
  readonly value: T;
  readonly by: string;
}

/** The settings a stack's Regions asked for. */
interface StackSettings {
  logRetention?: Requested<logs.RetentionDays>;
  logEncryptionKey?: Requested<kms.IKey>;
  reservedConcurrentExecutions?: Requested<number>;
}

/** Per stack, so nothing leaks between apps or tests. */
const SETTINGS = new WeakMap<Stack, StackSettings>();

/** The settings of `scope`'s stack, as plain options (unset where no Region set them). */
export function republisherSettingsOf(scope: IConstruct): RepublisherOptions {
  const s = SETTINGS.get(Stack.of(scope)) ?? {};
  return {
    logRetention: s.logRetention?.value,
    logEncryptionKey: s.logEncryptionKey?.value,
    reservedConcurrentExecutions: s.reservedConcurrentExecutions?.value,
  };
}

/**
 * Checks the options `scope` (a Region) gives, and records them for its
 * stack's republisher; throws when another Region of the stack set a setting
 * to another value.
 */
export function requestRepublisherSettings(scope: Construct, options: RepublisherOptions | undefined): void {
  if (options === undefined) {
    return;
  }
  checkOptionsShape(scope, options);
  checkRepublisherOptions(scope, options);
  const stack = Stack.of(scope);
  const settings = SETTINGS.get(stack) ?? {};
  SETTINGS.set(stack, settings);
  const by = scope.node.path;
  const keys: (keyof StackSettings)[] = ['logRetention', 'logEncryptionKey', 'reservedConcurrentExecutions'];
  for (const key of keys) {
    const value = options[key];
    if (value === undefined) {
      continue;
    }
    const earlier = settings[key];
    if (earlier && !sameSetting(earlier.value, value)) {
      throw new Error(`[AAF-REPUBLISHER-CONFLICT] FailoverRegion '${by}': 'republisher.${key}' must agree with the other Regions `
        + `of stack ${stack.stackName}, which share one republisher, got: ${printable(value)}, while '${earlier.by}' set `
        + `${printable(earlier.value)}. Fix: give every Region of the stack the same value, or set it on one Region only.`);
    }
    (settings as Record<string, Requested<unknown>>)[key] = { value, by };
  }
}

/** The settings `scope` (a Region) itself asked for, by name. */
export function republisherSettingsRequestedBy(scope: IConstruct): string[] {
  const settings = SETTINGS.get(Stack.of(scope)) ?? {};
  return Object.entries(settings).filter(([, requested]) => requested?.by === scope.node.path).map(([key]) => key);
}

/** The names RepublisherOptions has. */
const OPTION_NAMES = ['logRetention', 'logEncryptionKey', 'reservedConcurrentExecutions'];

/**
 * `republisher` from any language: an object of known settings, and a key
 * that is a KMS key construct (a JavaScript caller can pass anything).
 */
function checkOptionsShape(scope: Construct, options: unknown): asserts options is RepublisherOptions {
  const isObject = typeof options === 'object' && options !== null && !Array.isArray(options);
  const unknown = isObject ? Object.keys(options).filter(k => !OPTION_NAMES.includes(k)) : [];
  const key = isObject ? (options as Record<string, unknown>).logEncryptionKey : undefined;
  throwIfAny(scope, [
    ...unless(isObject && unknown.length === 0, {
      ruleId: 'AAF-INPUT-ENUM',
      property: 'republisher',
      value: isObject ? `unknown settings ${unknown.map(k => `'${k}'`).join(', ')}` : describeValue(options),
      problem: `must be an object of the settings ${OPTION_NAMES.join(', ')}`,
      fix: 'pass only those settings, or leave republisher unset',
    }),
    ...unless(key === undefined || (Construct.isConstruct(key) && typeof (key as kms.IKey).keyArn === 'string'), {
      ruleId: 'AAF-INPUT-ENUM',
      property: 'republisher.logEncryptionKey',
      value: describeValue(key),
      problem: 'must be a KMS key construct (kms.IKey)',
      fix: 'pass new kms.Key(...) or kms.Key.fromKeyArn(scope, id, arn)',
    }),
  ]);
}

/** Two values of one setting are the same: equal, or keys with one ARN. */
function sameSetting(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  const arn = (v: unknown) => (Construct.isConstruct(v) ? (v as unknown as kms.IKey).keyArn : undefined);
  const [x, y] = [arn(a), arn(b)];
  return x !== undefined && !Token.isUnresolved(x) && x === y;
}

/** A setting, printable: a key by its path. */
function printable(value: unknown): string {
  return value instanceof Construct ? `the key '${value.node.path}'` : describeValue(value);
}

/** The number a token resolves to at synth time (a Lazy), or the token itself (a parameter, an import). */
function knownNumber(scope: Construct, value: number): number {
  const resolved = Stack.of(scope).resolve(value);
  return typeof resolved === 'number' ? resolved : value;
}

/** The rules of the republisher's options: a CloudWatch retention, a concurrency of at least 1, a key of the stack's Region. */
function checkRepublisherOptions(scope: Construct, options: RepublisherOptions): void {
  // A Lazy that produces a number is known now: check the number it gives.
  const known = (v: number | undefined) => (v !== undefined && Token.isUnresolved(v) ? knownNumber(scope, v) : v);
  const retention = known(options.logRetention);
  const concurrency = known(options.reservedConcurrentExecutions);
  const stackRegion = Stack.of(scope).region;
  const keyRegion = options.logEncryptionKey?.env.region;
  throwIfAny(scope, [
    ...unless(retention === undefined || Token.isUnresolved(retention) || RETENTIONS.includes(retention), {
      ruleId: 'AAF-REPUBLISHER-LOG-RETENTION',
      property: 'republisher.logRetention',
      value: describeValue(retention),
      problem: 'must be a retention CloudWatch Logs accepts (a number of days of logs.RetentionDays)',
      fix: 'pass a member of logs.RetentionDays (for example logs.RetentionDays.ONE_YEAR), or leave it unset (30 days)',
    }),
    ...unless(concurrency === undefined || Token.isUnresolved(concurrency) || (Number.isInteger(concurrency) && concurrency >= 1), {
      ruleId: 'AAF-REPUBLISHER-CONCURRENCY',
      property: 'republisher.reservedConcurrentExecutions',
      value: describeValue(concurrency),
      problem: 'must be a whole number of at least 1 (0 would stop the republisher: its signals would never change again)',
      fix: 'pass 1 or more (2 or more lets a late run overlap the next), or leave it unset (no reserved concurrency)',
    }),
    ...unless(keyRegion === undefined || Token.isUnresolved(keyRegion) || Token.isUnresolved(stackRegion) || keyRegion === stackRegion, {
      ruleId: 'AAF-REPUBLISHER-KEY-REGION',
      property: 'republisher.logEncryptionKey',
      value: `a key of ${keyRegion}`,
      problem: `must be a key of the stack's Region (${stackRegion}): CloudWatch Logs encrypts a log group only with a key of its own Region`,
      fix: `pass a key created in (or imported from) ${stackRegion}, or leave it unset`,
    }),
  ]);
}

/**
 * Lets CloudWatch Logs of the stack's Region use `key` for the republisher's
 * log group only, when the key's policy belongs to this app; warns otherwise.
 */
export function grantLogsUseOfKey(scope: Construct, key: kms.IKey): void {
  const stack = Stack.of(scope);
  const result = key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowActiveActiveFailoverRepublisherLogs',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'], // In a key policy, '*' is the key itself.
    conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': republisherLogGroupArn(stack) } },
  }));
  if (!result.statementAdded) {
    addWarning(scope, WarningId.REPUBLISHER_KEY_POLICY, `[${WarningId.REPUBLISHER_KEY_POLICY}] the republisher of stack ${stack.stackName}: `
      + '\'republisher.logEncryptionKey\' is an imported key, whose policy the library cannot change, got: an imported key. '
      + `Fix: make sure its key policy lets logs.${stack.region}.amazonaws.com use it (kms:Encrypt*, kms:Decrypt*, `
      + 'kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe*) for the log group '
      + `${republisherLogGroupName(stack.stackName)}, or CloudFormation fails to create the log group.`);
  }
}

/** The ARN of the republisher's log group, when it has its fixed name. */
function republisherLogGroupArn(stack: Stack): string {
  return stack.formatArn({
    service: 'logs', resource: 'log-group', resourceName: republisherLogGroupName(stack.stackName), arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}
