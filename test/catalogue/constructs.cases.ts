/** The bad-input catalogue: construct props rejected when the construct is built or synthesized. */
import { App, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Case, latency, region } from './case';
import { FailoverSignal } from '../../src';
import { alarm, albMetric } from '../guard/fixtures';
import { ACCOUNT, alb, failover, regionStack } from '../helpers';


export const CASES: Case[] = [
  ['a Region Route 53 latency routing does not know', 'AAF-RECORD-LATENCY-REGION', () => { region({}, 'us-iso-east-1'); }],
  ['the same Region added twice', 'AAF-REGION-DUPLICATE', () => {
    const { app, f } = region();
    const again = regionStack(app, 'us-east-1', 'Again');
    f.addRegion(again, 'Failover', { loadBalancer: alb(again) });
  }],
  ['a load balancer of another Region', 'AAF-REGION-LOAD-BALANCER', () => {
    const app = new App();
    const f = failover(app);
    const east = regionStack(app, 'us-east-1');
    const west = regionStack(app, 'eu-west-1');
    f.addRegion(west, 'Failover', { loadBalancer: alb(east) });
  }],
  ['a record name outside the zone', 'AAF-RECORD-NAME', () => { failover(new App(), { recordName: 'api.example.org.' }); }],
  ['a Region\'s own name equal to the record name', 'AAF-RECORD-NAME', () => { region({ regionalRecordName: 'api' }); }],
  ['a SetIdentifier of 129 characters', 'AAF-RECORD-SET-IDENTIFIER', () => { region({ setIdentifier: 'x'.repeat(129) }); }],
  ['two Regions with one SetIdentifier', 'AAF-RECORD-SET-IDENTIFIER-DUPLICATE', () => {
    const { app, f } = region({ setIdentifier: 'api' });
    const west = regionStack(app, 'eu-west-1');
    f.addRegion(west, 'Failover', { loadBalancer: alb(west), setIdentifier: 'api' });
  }],
  ['two failovers for one record', 'AAF-FAILOVER-DUPLICATE', () => {
    const app = new App();
    failover(app);
    failover(app, {}, 'Again');
  }],
  ['minHealthySignals of 0', 'AAF-HEALTHCHECK-THRESHOLD', () => { region({ signals: [latency(), FailoverSignal.http5xxErrorRate({ threshold: 5 })], minHealthySignals: 0 }); }],
  ['minHealthySignals above the number of signals', 'AAF-HEALTHCHECK-THRESHOLD', () => {
    region({ signals: [latency(), FailoverSignal.http5xxErrorRate({ threshold: 5 })], minHealthySignals: 3 });
  }],
  ['256 signals in one Region', 'AAF-HEALTHCHECK-CALCULATED-CHILDREN', () => {
    region({ signals: Array.from({ length: 256 }, (_, i) => FailoverSignal.fromMetric({ signalName: `S${i}`, threshold: 1, metric: albMetric({ metricName: `M${i}` }) })) });
  }],
  ['two signals with one name', 'AAF-SIGNAL-NAME', () => { region({ signals: [latency(), latency()] }); }],
  ['a p99 alarm given to fromAlarm without mirror', 'AAF-ALARM-EXTENDED-STATISTIC', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [FailoverSignal.fromAlarm({ alarm: alarm(stack, 'P99', { metric: albMetric({ statistic: 'p99' }) }) })] });
    app.synth();
  }],
  ['an M-out-of-N alarm given to fromAlarm', 'AAF-ALARM-M-OF-N', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [FailoverSignal.fromAlarm({ alarm: alarm(stack, 'MOfN', { evaluationPeriods: 3, datapointsToAlarm: 2 }) })] });
    app.synth();
  }],
  ['a probe path without a slash', 'AAF-PROBE-PATH', () => { region({ probe: { path: 'health' } }); }],
  ['a probe port of 0', 'AAF-PROBE-PORT', () => { region({ probe: { port: 0 } }); }],
  ['a probe every 60 seconds', 'AAF-PROBE-REQUEST-INTERVAL', () => { region({ probe: { requestInterval: Duration.minutes(1) } }); }],
  ['a notification topic of another Region', 'AAF-NOTIFICATION-REGION', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'eu-west-1');
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), notificationTopic: sns.Topic.fromTopicArn(stack, 'T', `arn:aws:sns:us-east-1:${ACCOUNT}:ops`) });
  }],
  ['a notification topic with nothing to report', 'AAF-NOTIFICATION-NOTHING', () => {
    const app = new App();
    const f = failover(app, { evacuationSwitch: false });
    const stack = regionStack(app, 'eu-west-1');
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [], notificationTopic: new sns.Topic(stack, 'T') });
  }],
  ['grantEvacuate without a switch', 'AAF-SWITCH-OFF', () => {
    const { region: r, stack } = region({ evacuationSwitch: false });
    r.grantEvacuate(new iam.Role(stack, 'Ops', { assumedBy: new iam.AccountPrincipal(ACCOUNT) }));
  }],
  ['a republished signal with more datapoints to alarm than periods', 'AAF-SIGNAL-DATAPOINTS', () => {
    region({
      signals: [FailoverSignal.targetResponseTime({ threshold: Duration.seconds(1), statistic: 'p99', evaluationPeriods: 3, datapointsToAlarm: 4 })],
    });
  }],
  ['notifyOnEveryAlarm with no topic to tell', 'AAF-NOTIFICATION-EVERY-ALARM', () => {
    const app = new App();
    const stack = regionStack(app, 'us-east-1');
    failover(app, { notifyOnEveryAlarm: true }).addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [latency()] });
  }],
  ['a reserved concurrency of 0 for the republisher', 'AAF-REPUBLISHER-CONCURRENCY', () => { region({ republisher: { reservedConcurrentExecutions: 0 } }); }],
  ['republisher settings in a stack without a republisher', 'AAF-REPUBLISHER-UNUSED', () => {
    const app = new App();
    const stack = regionStack(app, 'us-east-1');
    failover(app, { evacuationSwitch: false }).addRegion(stack, 'Failover', {
      loadBalancer: alb(stack), signals: [FailoverSignal.elbHttp5xxCount({ threshold: 5 })], republisher: { reservedConcurrentExecutions: 2 },
    });
    return stack;
  }, 'warning'],
];

/** Hand-made health checks and records, caught by the guard. */
