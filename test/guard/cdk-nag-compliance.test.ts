import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NIST80053R5Checks } from 'cdk-nag';
import { FailoverSignal } from '../../src';
import { failover, importedAlb, regionStack } from '../helpers';

/** The NIST 800-53 R5 findings of the rules each compliance setting answers, on the library's resources. */
function findings(compliant: boolean): string[] {
  const app = new App();
  const stack = regionStack(app, 'us-east-1');
  const signal = FailoverSignal.fromMetric({ signalName: 'Latency', threshold: 1, metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Latency' }) });
  failover(app, { notifications: true, notifyOnEveryAlarm: compliant }).addRegion(stack, 'Failover', {
    loadBalancer: importedAlb(stack),
    signals: [signal],
    republisher: compliant ? {
      logRetention: logs.RetentionDays.ONE_YEAR,
      logEncryptionKey: new kms.Key(stack, 'LogsKey', { enableKeyRotation: true }),
      reservedConcurrentExecutions: 2,
    } : undefined,
  });
  Aspects.of(app).add(new NIST80053R5Checks());
  const rules = /NIST\.800\.53\.R5-(CloudWatchAlarmAction|CloudWatchLogGroupEncrypted|CloudWatchLogGroupRetentionPeriod|LambdaConcurrency)/;
  return Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp(rules.source))
    .map(m => `${m.id} ${rules.exec(String(m.entry.data))![1]}`).sort();
}

test('cdk-nag: the compliance settings answer CloudWatchAlarmAction, CloudWatchLogGroupEncrypted and LambdaConcurrency', () => {
  expect(findings(false)).toEqual([
    '/Service-us-east-1/ActiveActiveFailoverRepublisher/Function/Resource LambdaConcurrency',
    '/Service-us-east-1/ActiveActiveFailoverRepublisher/Logs/Resource CloudWatchLogGroupEncrypted',
    '/Service-us-east-1/Failover/EvacuationSwitch/Alarm/Resource CloudWatchAlarmAction',
    '/Service-us-east-1/Failover/Signals/Latency/Alarm/Resource CloudWatchAlarmAction',
  ]);
  expect(findings(true)).toEqual([]);
});
