import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { sdkReader } from '../../../src/simulator/aws/reader';
import { backoffDelay, isThrottling, RetriesExhausted, withRetry } from '../../../src/simulator/aws/retry';
import { AWS_SDK_PACKAGES, awsCallError, installCommand, loadAwsPackage, requireFromCliOrCwd } from '../../../src/simulator/aws/sdk';
import { InputError } from '../../../src/simulator/inputs';

/** A loader that fails as Node does when a package is not installed. */
const notInstalled = (name: string) => {
  throw Object.assign(new Error(`Cannot find module '${name}'\nRequire stack:\n- /x/lib/simulator/aws/sdk.js`), { code: 'MODULE_NOT_FOUND' });
};

describe('loading the AWS SDK on demand', () => {
  test('loads a client package by name (the one the tests mock)', () => {
    expect(loadAwsPackage<typeof import('@aws-sdk/client-cloudwatch')>(AWS_SDK_PACKAGES.cloudwatch, { command: 'history fetch' }).CloudWatchClient)
      .toBe(CloudWatchClient);
    expect(requireFromCliOrCwd(AWS_SDK_PACKAGES.cloudformation)).toMatchObject({ CloudFormationClient });
  });

  test('fails if the package is missing: the exact npm install command for every package the command needs', () => {
    const packages = [AWS_SDK_PACKAGES.cloudwatch, AWS_SDK_PACKAGES.cloudformation];
    const load = () => loadAwsPackage(AWS_SDK_PACKAGES.cloudwatch, { command: 'history fetch', packages, load: notInstalled });
    expect(load).toThrow(InputError);
    expect(load).toThrow('[AAF-SIM-AWS-SDK] history fetch calls AWS with the AWS SDK for JavaScript v3 package \'@aws-sdk/client-cloudwatch\', '
      + 'which is not installed. The SDK is not a dependency of cdk-active-active-failover (only the commands that call AWS use it). '
      + 'Fix: install it where you run the command: npm install --save-dev @aws-sdk/client-cloudwatch @aws-sdk/client-cloudformation');
  });

  test('fails if the package cannot be loaded (a broken install): says why', () => {
    const broken = () => {
      throw Object.assign(new SyntaxError('Unexpected token \'export\''), {});
    };
    expect(() => loadAwsPackage('@aws-sdk/client-cloudwatch', { command: 'history fetch', load: broken }))
      .toThrow(/which cannot be loaded \(SyntaxError: Unexpected token 'export'\)\. .*Fix: install it where you run the command: npm install --save-dev @aws-sdk\/client-cloudwatch$/);
  });

  test('fails if a dependency of the package is missing (not the package itself): says which', () => {
    const partial = () => {
      throw Object.assign(new Error('Cannot find module \'@smithy/core\''), { code: 'MODULE_NOT_FOUND' });
    };
    expect(() => loadAwsPackage('@aws-sdk/client-cloudwatch', { command: 'history fetch', load: partial }))
      .toThrow(/which cannot be loaded \(MODULE_NOT_FOUND: Cannot find module '@smithy\/core'\)/);
  });

  test('the SDK reader loads both clients up front: a missing one fails before any call', () => {
    const onlyCloudWatch = (name: string) => (name === AWS_SDK_PACKAGES.cloudwatch ? requireFromCliOrCwd(name) : notInstalled(name));
    expect(() => sdkReader({ load: onlyCloudWatch })).toThrow('package \'@aws-sdk/client-cloudformation\', which is not installed');
    expect(installCommand(['a', 'b'])).toBe('npm install --save-dev a b');
  });

  test('the SDK reader makes one client per Region, with the standard credential chain ({ region } only)', async () => {
    const cw = mockClient(CloudWatchClient);
    const cfn = mockClient(CloudFormationClient);
    try {
      const regions: string[] = [];
      cw.on(GetMetricDataCommand).callsFake(async (_input, getClient) => {
        const client = getClient() as unknown as CloudWatchClient;
        regions.push(await client.config.region());
        return { MetricDataResults: [] };
      });
      const reader = sdkReader();
      const request = { MetricDataQueries: [], StartTime: new Date(0), EndTime: new Date(60_000), ScanBy: 'TimestampAscending' as const };
      await reader.getMetricData('eu-central-1', request);
      await reader.getMetricData('ap-southeast-2', request);
      await reader.getMetricData('eu-central-1', request);
      expect(regions).toEqual(['eu-central-1', 'ap-southeast-2', 'eu-central-1']);
      expect(new Set(cw.calls().map(c => c.thisValue)).size).toBe(2);
    } finally {
      cw.restore();
      cfn.restore();
    }
  });
});

describe('throttling', () => {
  const error = (name: string, status?: number, message = 'x') => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

  test.each([
    ['ThrottlingException', undefined, 'x', true],
    ['Throttling', 400, 'Rate exceeded', true],
    ['TooManyRequestsException', undefined, 'x', true],
    ['RequestLimitExceeded', undefined, 'x', true],
    ['Unknown', 429, 'x', true],
    ['ServiceUnavailable', 503, 'Throttling: slow down', true],
    ['ServiceUnavailable', 503, 'Service Unavailable', false],
    ['InternalFailure', 500, 'x', false],
    ['AccessDenied', 403, 'x', false],
  ])('%s (HTTP %s, "%s") is throttling: %s', (name, status, message, expected) => {
    expect(isThrottling(error(name as string, status as number | undefined, message as string))).toBe(expected);
  });

  test('the backoff doubles up to the cap, scaled by the jitter', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(a => backoffDelay(a, () => 0.999))).toEqual([999, 1998, 3996, 7992, 15984, 29970, 29970]);
    expect(backoffDelay(3, () => 0)).toBe(0);
  });

  test('retries a throttled call, then returns its result; other errors pass through at once', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await withRetry(async () => {
      if (++calls < 3) {
        throw error('ThrottlingException');
      }
      return 'ok';
    }, { sleep: async ms => void sleeps.push(ms), random: () => 0.5 });
    expect({ result, calls, sleeps }).toEqual({ result: 'ok', calls: 3, sleeps: [500, 1000] });
    await expect(withRetry(async () => {
      throw error('AccessDenied');
    }, { sleep: async () => undefined })).rejects.toThrow(expect.objectContaining({ name: 'AccessDenied' }));
  });

  test('fails if throttling outlasts the retry limit: RetriesExhausted with the attempts', async () => {
    const attempt = withRetry(async () => {
      throw error('Throttling');
    }, { retries: 2, sleep: async () => undefined, random: () => 0 });
    await expect(attempt).rejects.toBeInstanceOf(RetriesExhausted);
    await expect(attempt).rejects.toMatchObject({ attempts: 3 });
  });

  test('an AWS error names the action, the Region and the fix', () => {
    expect(awsCallError('cloudformation:DescribeStackResources', 'us-east-1', error('AccessDenied', 403, 'not authorized')).message)
      .toBe('[AAF-SIM-AWS] cloudformation:DescribeStackResources in us-east-1 failed: AccessDenied: not authorized. Fix: allow '
        + 'cloudformation:DescribeStackResources to the credentials in use (the README\'s \'history fetch\' section gives the read-only policy).');
    expect(awsCallError('cloudwatch:GetMetricData', 'eu-central-1', error('CredentialsProviderError', undefined, 'Could not load credentials'), 1).message)
      .toMatch(/Could not load credentials\. Fix: give credentials through the standard chain/);
  });
});
