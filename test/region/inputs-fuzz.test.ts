/**
 * Seeded fuzz of the inputs that name things: failoverName, recordName,
 * regionalRecordName, setIdentifier, the zone, the Region's stack, and the
 * number of signals with minHealthySignals. Every case ends in an AAF rule id
 * (thrown or annotated) or in a synthesized template whose names fit their AWS
 * limits and that Route53AlarmGuard accepts: never a TypeError, a RangeError,
 * an aws-cdk-lib error or a hang.
 */
import { App, Aspects, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { ActiveActiveFailover, ActiveActiveFailoverProps, FailoverRegionOptions, FailoverSignal, Route53AlarmGuard } from '../../src';
import { NAME_LIMITS } from '../../src/model/names';
import { mulberry32 } from '../fuzz';
import { albMetric } from '../guard/fixtures';
import { ACCOUNT, importedAlb, ZONE } from '../helpers';

/* eslint-enable no-bitwise */

const random = mulberry32(0x5eed1e5);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const chance = (p: number) => random() < p;

/** Lengths at and around each limit: names (64), labels (63), SetIdentifier (128), display name, domain names (253). */
const LENGTHS = [0, 1, 2, 5, 48, 49, 50, 63, 64, 65, 100, 127, 128, 129, 200, 240, 253, 254, 300];
const SAFE = 'abcxyz0189';
const ODD = ['-', '_', '.', ' ', '*', 'ü', '/', '\'', '\n', 'A', 'Z'];

function text(length: number, oddness: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    s += chance(oddness) ? pick(ODD) : pick([...SAFE]);
  }
  return s;
}

/** A string, a token, or (rarely) not a string at all. */
function fuzzString(oddness: number): string {
  const roll = random();
  if (roll < 0.06) {
    return Lazy.string({ produce: () => 'api' });
  }
  if (roll < 0.08) {
    return Token.asString(Lazy.number({ produce: () => 1 }));
  }
  if (roll < 0.1) {
    return pick([5, { a: 1 }, null, true]) as unknown as string;
  }
  return text(pick(LENGTHS), oddness);
}

/** A domain name: labels of lengths around 63, sometimes odd characters, a wildcard, the zone, a trailing dot. */
function fuzzDnsName(): string {
  if (chance(0.1)) {
    return fuzzString(0.1);
  }
  const labels = Array.from({ length: 1 + Math.floor(random() * 5) }, () => text(pick([0, 1, 3, 10, 62, 63, 64]), chance(0.3) ? 0.1 : 0));
  if (chance(0.15)) {
    labels[chance(0.7) ? 0 : labels.length - 1] = '*';
  }
  const name = labels.join('.');
  return chance(0.3) ? `${name}.${ZONE.zoneName}${chance(0.5) ? '.' : ''}` : name;
}

function fuzzMinHealthy(signals: number): number | undefined {
  return pick([undefined, -1, 0, 0.5, 1, Math.floor(signals / 2), signals - 1, signals, signals + 1, NaN, Infinity,
    Token.asNumber(Lazy.number({ produce: () => 1 }))]);
}

interface Inputs {
  readonly failover: Partial<ActiveActiveFailoverProps>;
  readonly region: Partial<FailoverRegionOptions>;
  readonly signals: number;
  readonly stackRegion: string | undefined;
}

/** The input classes; each case fuzzes one of them (or all), so every rule behind the first one is reached too. */
const FOCUS = ['failoverName', 'recordName', 'regionalRecordName', 'setIdentifier', 'signals', 'zone', 'region', 'all'] as const;

function fuzzInputs(): Inputs {
  const focus = pick(FOCUS);
  const on = (f: typeof FOCUS[number]) => focus === f || (focus === 'all' && chance(0.5));
  const failover: Record<string, unknown> = { notifications: chance(0.5) };
  const region: Record<string, unknown> = {};
  if (on('failoverName')) {
    failover.failoverName = fuzzString(chance(0.6) ? 0 : 0.1);
  }
  if (on('recordName')) {
    failover.recordName = fuzzDnsName();
  }
  if (on('zone')) {
    Object.assign(failover, pick([{ hostedZoneId: ZONE.zoneName, zoneName: ZONE.hostedZoneId }, { zoneName: 'Z123ABC' },
      { zoneName: fuzzDnsName() }, { hostedZoneId: fuzzString(0.2) }]));
  }
  if (on('regionalRecordName')) {
    region.regionalRecordName = fuzzDnsName();
  }
  if (on('setIdentifier')) {
    region.setIdentifier = fuzzString(0.2);
  }
  const signals = on('signals') ? pick([2, 3, 10, 15, 20, 22, 30]) : pick([0, 1, 2, 3]);
  if (on('signals')) {
    region.minHealthySignals = fuzzMinHealthy(signals);
  }
  const stackRegion = on('region') && chance(0.5) ? undefined : pick(['us-east-1', 'ap-southeast-2', 'eusc-de-east-1']);
  return { failover, region, signals, stackRegion };
}

/** Builds and synthesizes the case; returns the stack whose findings count. */
function build(inputs: Inputs): Stack {
  const app = new App();
  Aspects.of(app).add(new Route53AlarmGuard());
  const f = new ActiveActiveFailover(app, 'Api', { ...ZONE, recordName: 'api', probe: { path: '/' }, ...inputs.failover });
  const stack = new Stack(app, 'Service', { env: { account: ACCOUNT, region: inputs.stackRegion } });
  const signals = Array.from({ length: inputs.signals }, (_, i) =>
    FailoverSignal.fromMetric({ signalName: `S${i}`, threshold: 1, metric: albMetric({ metricName: `M${i}` }) }));
  f.addRegion(stack, 'Failover', { loadBalancer: importedAlb(stack), signals, ...inputs.region });
  app.synth();
  return stack;
}

/** The names of a synthesized stack that have an AWS limit, each with it. */
function limitedNames(stack: Stack): Array<[string, unknown, number]> {
  const resources = Object.values<any>(Template.fromStack(stack).toJSON().Resources ?? {});
  const names: Array<[string, unknown, number]> = [];
  for (const r of resources) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::CloudWatch::Alarm' || r.Type === 'AWS::CloudWatch::CompositeAlarm') {
      names.push(['AlarmName', p.AlarmName, NAME_LIMITS.alarmName]);
    }
    if (r.Type === 'AWS::Route53::RecordSet') {
      names.push(['Name', p.Name, 254], ['SetIdentifier', p.SetIdentifier, NAME_LIMITS.setIdentifier]);
    }
    if (r.Type === 'AWS::Route53::HealthCheck') {
      names.push(...(p.HealthCheckTags ?? []).map((t: any): [string, unknown, number] => ['HealthCheckTags', t.Value, NAME_LIMITS.tagValue]));
    }
    if (r.Type === 'AWS::SNS::Topic') {
      names.push(['DisplayName', p.DisplayName, NAME_LIMITS.topicDisplayName]);
    }
  }
  return names;
}

describe('fuzzed names, lengths and tokens', () => {
  const CASES = 150;
  const cases = Array.from({ length: CASES }, fuzzInputs);

  test(`${CASES} seeded cases each end in an AAF rule id or a template within AWS limits that the guard accepts`, () => {
    const outcomes = new Map<string, number>();
    for (const [i, inputs] of cases.entries()) {
      let stack: Stack | undefined;
      try {
        stack = build(inputs);
      } catch (e) {
        const message = (e as Error).message;
        // A specific rule: the error's own class (no TypeError, RangeError or aws-cdk-lib ValidationError) and an AAF id first.
        expect({ i, inputs, name: (e as Error).constructor.name, message }).toEqual({ i, inputs, name: 'Error', message: expect.stringMatching(/^\[AAF-[A-Z0-9-]+\] /) });
        const id = /^\[(AAF-[A-Z0-9-]+)\]/.exec(message)![1];
        outcomes.set(id, (outcomes.get(id) ?? 0) + 1);
        continue;
      }
      // Every finding is text: a token in a message would have turned it into an intrinsic.
      const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map(m => m.entry.data);
      expect({ i, notText: warnings.filter(w => typeof w !== 'string') }).toEqual({ i, notText: [] });
      const errors = Annotations.fromStack(stack).findError('*', Match.anyValue()).map(m => String(m.entry.data));
      expect({ i, errors: errors.filter(e => !/^\[AAF-[A-Z0-9-]+\] /.test(e)) }).toEqual({ i, errors: [] });
      if (errors.length > 0) {
        outcomes.set('annotated', (outcomes.get('annotated') ?? 0) + 1);
        continue;
      }
      for (const [property, value, limit] of limitedNames(stack)) {
        if (value !== undefined) {
          // Names are values, not tokens, and fit.
          expect({ i, property, value, plain: typeof value === 'string' && !Token.isUnresolved(value) }).toEqual({ i, property, value, plain: true });
          expect({ i, property, length: (value as string).length <= limit }).toEqual({ i, property, length: true });
        }
      }
      outcomes.set('synthesized', (outcomes.get('synthesized') ?? 0) + 1);
      if (Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('\\[AAF-REGION-NO-HEALTH-ALARM\\]')).length > 0) {
        outcomes.set('AAF-REGION-NO-HEALTH-ALARM', (outcomes.get('AAF-REGION-NO-HEALTH-ALARM') ?? 0) + 1);
      }
    }
    // The seed reaches both ends and the rules this file is about.
    expect(outcomes.get('synthesized')).toBeGreaterThan(5);
    for (const id of ['AAF-RECORD-DNS-NAME', 'AAF-RECORD-ZONE', 'AAF-FAILOVER-NAME', 'AAF-FAILOVER-TOKEN', 'AAF-RECORD-SET-IDENTIFIER',
      'AAF-HEALTHCHECK-THRESHOLD', 'AAF-HEALTH-ALARM-RULE', 'AAF-REGION-NO-HEALTH-ALARM', 'AAF-REGION-TOKEN']) {
      expect({ id, reached: (outcomes.get(id) ?? 0) > 0 }).toEqual({ id, reached: true });
    }
  });
});
