import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { FailoverSignal, RepublisherOptions } from '../../src';
import { alb, failover, regionStack } from '../helpers';

/** A Region in us-east-1 (its evacuation switch needs the republisher) with `republisher` options. */
function region(republisher?: (stack: Stack) => RepublisherOptions): Stack {
  const app = new App();
  const stack = regionStack(app, 'us-east-1');
  failover(app).addRegion(stack, 'Failover', { loadBalancer: alb(stack), republisher: republisher?.(stack) });
  return stack;
}

describe('the republisher\'s settings', () => {
  test('by default: 30 days of logs, no key, no name, no reserved concurrency', () => {
    const template = Template.fromStack(region());
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30, KmsKeyId: Match.absent(), LogGroupName: Match.absent() });
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: Match.absent() });
  });

  test.each([
    [logs.RetentionDays.ONE_YEAR, 365],
    [logs.RetentionDays.TEN_YEARS, 3653],
    [logs.RetentionDays.ONE_DAY, 1],
  ])('logRetention %s days', (retention, days) => {
    Template.fromStack(region(() => ({ logRetention: retention })))
      .hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: days });
  });

  test('logRetention INFINITE keeps the logs forever (no RetentionInDays)', () => {
    Template.fromStack(region(() => ({ logRetention: logs.RetentionDays.INFINITE })))
      .hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.absent() });
  });

  test('reservedConcurrentExecutions', () => {
    Template.fromStack(region(() => ({ reservedConcurrentExecutions: 2 })))
      .hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 2 });
  });

  test('logEncryptionKey: a named log group, encrypted, and a key policy for CloudWatch Logs of the Region on that log group only', () => {
    const template = Template.fromStack(region(stack => ({ logEncryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }) })));
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/active-active-failover/republisher/Service-us-east-1',
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Sid: 'AllowActiveActiveFailoverRepublisherLogs',
          Effect: 'Allow',
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Resource: '*',
          Condition: {
            ArnEquals: {
              'kms:EncryptionContext:aws:logs:arn': {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:111111111111:log-group:/active-active-failover/republisher/Service-us-east-1']],
              },
            },
          },
        }]),
      },
    });
  });

  test('an imported key: the log group is encrypted, with a warning about its key policy', () => {
    const stack = region(s => ({
      logEncryptionKey: kms.Key.fromKeyArn(s, 'Key', 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    }));
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('^\\[AAF-REPUBLISHER-KEY-POLICY\\] .*logs\\.us-east-1\\.amazonaws\\.com'));
  });

  test('warns if the stack has no republisher for the settings to apply to', () => {
    const app = new App();
    const stack = regionStack(app, 'us-east-1');
    // A direct (CPU-style) signal and no evacuation switch: nothing needs the republisher.
    failover(app, { evacuationSwitch: false }).addRegion(stack, 'Failover', {
      loadBalancer: alb(stack),
      signals: [FailoverSignal.elbHttp5xxCount({ threshold: 5 })],
      republisher: { reservedConcurrentExecutions: 2 },
    });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp(
      "^\\[AAF-REPUBLISHER-UNUSED\\] FailoverRegion '.*': 'republisher' sets 'reservedConcurrentExecutions', but stack .* has no "
      + 'republisher .*got: settings that apply to nothing\\. Fix: remove .republisher.'));
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('no unused-settings warning when the stack has a republisher', () => {
    Annotations.fromStack(region(() => ({ reservedConcurrentExecutions: 2 }))).hasNoWarning('*', Match.stringLikeRegexp('AAF-REPUBLISHER-UNUSED'));
  });

  test.each<[string, unknown, RegExp]>([
    ['null', null, /^\[AAF-INPUT-ENUM\] .*'republisher' must be an object of the settings logRetention, logEncryptionKey, reservedConcurrentExecutions, got: null\. Fix: /],
    ['an unknown setting', { logRetentionDays: 365 }, /^\[AAF-INPUT-ENUM\] .*'republisher' must be an object .*got: unknown settings 'logRetentionDays'\. Fix: /],
    ['a key ARN string', { logEncryptionKey: 'arn:aws:kms:us-east-1:111111111111:key/abc' },
      /^\[AAF-INPUT-ENUM\] .*'republisher.logEncryptionKey' must be a KMS key construct \(kms.IKey\), got: 'arn:aws:kms:us-east-1:111111111111:key\/abc'\. Fix: /],
  ])('fails if republisher is %s (from a language without types)', (_name, options, message) => {
    expect(() => region(() => options as RepublisherOptions)).toThrow(message);
  });

  test('fails if a Lazy concurrency gives 0 (the number it produces is checked)', () => {
    expect(() => region(() => ({ reservedConcurrentExecutions: Lazy.number({ produce: () => 0 }) })))
      .toThrow(/^\[AAF-REPUBLISHER-CONCURRENCY\] .*got: number 0\. Fix: pass 1 or more/);
  });

  test('fails if the concurrency is NaN, showing NaN', () => {
    expect(() => region(() => ({ reservedConcurrentExecutions: NaN }))).toThrow(/got: number NaN\. Fix: /);
  });

  test('two imports of one key ARN by two Regions of a stack are one setting, not a conflict', () => {
    const app = new App();
    const stack = regionStack(app, 'us-east-1');
    const arn = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const f = failover(app);
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), republisher: { logEncryptionKey: kms.Key.fromKeyArn(stack, 'K1', arn) } });
    const other = new Stack(app, 'Other', { env: { account: '111111111111', region: 'eu-west-1' } });
    expect(() => f.addRegion(other, 'Failover', { loadBalancer: alb(other) })).not.toThrow();
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: arn });
  });

  test('settings given by a later Region of the stack apply to the republisher an earlier one created', () => {
    const app = new App();
    const stack = regionStack(app, 'us-east-1');
    const loadBalancer = alb(stack);
    failover(app).addRegion(stack, 'A', { loadBalancer });
    failover(app, { recordName: 'web' }, 'Web').addRegion(stack, 'B', { loadBalancer, republisher: { logRetention: logs.RetentionDays.ONE_YEAR } });
    Template.fromStack(stack).resourceCountIs('AWS::Logs::LogGroup', 1);
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test('fails if two Regions of one stack disagree', () => {
    const app = new App();
    const stack = regionStack(app, 'us-east-1');
    const loadBalancer = alb(stack);
    failover(app).addRegion(stack, 'A', { loadBalancer, republisher: { reservedConcurrentExecutions: 2 } });
    expect(() => failover(app, { recordName: 'web' }, 'Web').addRegion(stack, 'B', { loadBalancer, republisher: { reservedConcurrentExecutions: 3 } }))
      .toThrow("[AAF-REPUBLISHER-CONFLICT] FailoverRegion 'Service-us-east-1/B': 'republisher.reservedConcurrentExecutions' must agree "
        + 'with the other Regions of stack Service-us-east-1, which share one republisher, got: number 3, while '
        + "'Service-us-east-1/A' set number 2. Fix: give every Region of the stack the same value, or set it on one Region only.");
  });

  test('fails if logRetention is not a CloudWatch retention', () => {
    expect(() => region(() => ({ logRetention: 42 as logs.RetentionDays })))
      .toThrow("[AAF-REPUBLISHER-LOG-RETENTION] FailoverRegion 'Service-us-east-1/Failover': 'republisher.logRetention' must be a "
        + 'retention CloudWatch Logs accepts (a number of days of logs.RetentionDays), got: number 42. Fix: pass a member of '
        + 'logs.RetentionDays (for example logs.RetentionDays.ONE_YEAR), or leave it unset (30 days).');
  });

  test.each([0, 1.5, -1])('fails if reservedConcurrentExecutions is %s', (n) => {
    expect(() => region(() => ({ reservedConcurrentExecutions: n })))
      .toThrow('[AAF-REPUBLISHER-CONCURRENCY] FailoverRegion \'Service-us-east-1/Failover\': \'republisher.reservedConcurrentExecutions\' '
        + `must be a whole number of at least 1 (0 would stop the republisher: its signals would never change again), got: number ${n}. `
        + 'Fix: pass 1 or more (2 or more lets a late run overlap the next), or leave it unset (no reserved concurrency).');
  });

  test('fails if the key is of another Region', () => {
    expect(() => region(s => ({
      logEncryptionKey: kms.Key.fromKeyArn(s, 'Key', 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    }))).toThrow("[AAF-REPUBLISHER-KEY-REGION] FailoverRegion 'Service-us-east-1/Failover': 'republisher.logEncryptionKey' must be "
      + "a key of the stack's Region (us-east-1): CloudWatch Logs encrypts a log group only with a key of its own Region, got: a key "
      + 'of eu-west-1. Fix: pass a key created in (or imported from) us-east-1, or leave it unset.');
  });
});
