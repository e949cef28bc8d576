/** The bad-input catalogue: names, DNS names, zones, tokens in names and the size of the health alarm's rule. */
import { App, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Case, region } from './case';
import { FailoverSignal } from '../../src';
import { albMetric } from '../guard/fixtures';
import { ACCOUNT, alb, failover, ZONE } from '../helpers';

/** `n` signals on distinct metrics of the load balancer. */
const signals = (n: number) => Array.from({ length: n }, (_, i) =>
  FailoverSignal.fromMetric({ signalName: `S${i}`, threshold: 1, metric: albMetric({ metricName: `M${i}` }) }));

export const CASES: Case[] = [
  ['20 signals with minHealthySignals 10 and notifications (a rule of millions of characters)', 'AAF-HEALTH-ALARM-RULE', () => {
    const app = new App();
    const f = failover(app, { notifications: true });
    const stack = new Stack(app, 'S', { env: { account: ACCOUNT, region: 'us-east-1' } });
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: signals(20), minHealthySignals: 10 });
  }],
  ['22 signals with minHealthySignals 11, no notifications', 'AAF-REGION-NO-HEALTH-ALARM', () =>
    region({ signals: signals(22), minHealthySignals: 11 }).stack, 'warning'],
  ['an environment-agnostic Region stack (env.region from an unset CDK_DEFAULT_REGION)', 'AAF-REGION-TOKEN', () => {
    const app = new App();
    const f = failover(app);
    const stack = new Stack(app, 'X', { env: { region: undefined } });
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack) });
  }],
  ['a setIdentifier that is a token', 'AAF-RECORD-SET-IDENTIFIER', () => {
    region({ setIdentifier: Lazy.string({ produce: () => 'api' }) });
  }],
  ['a wildcard record name without regionalRecordName', 'AAF-RECORD-DNS-NAME', () => {
    const app = new App();
    const f = failover(app, { recordName: '*.api.example.com' });
    const stack = new Stack(app, 'S', { env: { account: ACCOUNT, region: 'us-east-1' } });
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack) });
  }],
  ['a wildcard in the middle of the record name', 'AAF-RECORD-DNS-NAME', () => { failover(new App(), { recordName: 'api.*' }); }],
  ['a wildcard regionalRecordName', 'AAF-RECORD-DNS-NAME', () => { region({ regionalRecordName: '*.east.api' }); }],
  ['a non-ASCII record name', 'AAF-RECORD-DNS-NAME', () => { failover(new App(), { recordName: 'bücher' }); }],
  ['a record name with a space', 'AAF-RECORD-DNS-NAME', () => { failover(new App(), { recordName: 'my api' }); }],
  ['a record name of 254 characters', 'AAF-RECORD-DNS-NAME', () => {
    failover(new App(), { recordName: `${'a'.repeat(60)}.`.repeat(4).slice(0, 242) + '.example.com' });
  }],
  ['a record name with a label of 64 characters', 'AAF-RECORD-DNS-NAME', () => { failover(new App(), { recordName: 'a'.repeat(64) }); }],
  ['a record name so long that <region>.<recordName> exceeds 253 characters', 'AAF-RECORD-DNS-NAME', () => {
    const app = new App();
    const f = failover(app, { recordName: `${'a'.repeat(60)}.`.repeat(4).slice(0, 235) + '.example.com' });
    const stack = new Stack(app, 'S', { env: { account: ACCOUNT, region: 'ap-southeast-2' } });
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack) });
  }],
  ['an empty label in regionalRecordName', 'AAF-RECORD-DNS-NAME', () => { region({ regionalRecordName: 'east..api' }); }],
  ['hostedZoneId and zoneName swapped', 'AAF-RECORD-ZONE', () => {
    failover(new App(), { hostedZoneId: ZONE.zoneName, zoneName: ZONE.hostedZoneId });
  }],
  ['a zone id as zoneName', 'AAF-RECORD-ZONE', () => { failover(new App(), { zoneName: 'Z123ABC' }); }],
  ['a zone name with a space', 'AAF-RECORD-DNS-NAME', () => { failover(new App(), { zoneName: 'exa mple.com', recordName: undefined }); }],
  ['a record name that is not a string (from JavaScript)', 'AAF-FAILOVER-TOKEN', () => {
    failover(new App(), { recordName: { name: 'api' } as unknown as string });
  }],
  ['a failover name that is a number token', 'AAF-FAILOVER-TOKEN', () => {
    failover(new App(), { failoverName: Token.asString(Lazy.number({ produce: () => 1 })) });
  }],
];
