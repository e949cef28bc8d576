import { Annotations, Aspects, IAspect, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct, IConstruct } from 'constructs';
import type { ActiveActiveFailover } from './active-active-failover';
import { inspectAlarm } from './rules/alarm-settings';
import { AlarmRuleId, checkRoute53Alarm, route53AlarmFingerprint } from './rules/route53-alarm-rules';
import {
  checkCalculatedHealthCheck, checkHealthCheckQuota, checkLatencyRegion, checkSetIdentifier,
} from './rules/route53-record-rules';
import { formatViolation, RuleViolation } from './rules/violation';
import { FailoverSignal, SignalBindContext, SignalConfig } from './signals/failover-signal';

/** The prefix of every warning id this library raises. */
const WARNING_PREFIX = 'cdk-active-active-failover';

/**
 * Options of one Region of an active-active failover.
 */
export interface FailoverRegionOptions {
  /**
   * The Region's Application Load Balancer, in the same Region as the stack.
   */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;

  /**
   * The signals of this Region's health. Each becomes an alarm and a Route 53
   * health check; with several, a calculated health check combines them.
   *
   * @default - the failover's `defaultSignals`
   */
  readonly signals?: FailoverSignal[];

  /**
   * How many signals must be healthy for the Region to stay in DNS (the
   * calculated health check's HealthThreshold). Used only with two or more signals.
   *
   * @default - every signal: the Region leaves DNS as soon as one signal is unhealthy
   */
  readonly minHealthySignals?: number;

  /**
   * Whether the alias records also evaluate the load balancer's target health.
   *
   * @default - the failover's `evaluateTargetHealth` (true unless set)
   */
  readonly evaluateTargetHealth?: boolean;

  /**
   * Whether to create an AAAA alias record besides the A record.
   *
   * @default - true when the load balancer's `ipAddressType` is dual-stack
   */
  readonly ipv6?: boolean;

  /**
   * The SetIdentifier of this Region's latency records (1 to 128 characters).
   * Changing it replaces the records.
   *
   * @default - `<failoverName>-<region>`
   */
  readonly setIdentifier?: string;
}

/**
 * Properties of a `FailoverRegion`.
 */
export interface FailoverRegionProps extends FailoverRegionOptions {
  /** The failover this Region serves. */
  readonly failover: ActiveActiveFailover;
}

/**
 * One Region of an active-active failover: latency-routed alias records to the
 * Region's load balancer, whose health follows the Region's signals.
 *
 * Create it in the Region's stack, which must be in the load balancer's Region.
 * Per signal it creates one CloudWatch alarm Route 53 can read and one
 * CLOUDWATCH_METRIC health check; with two or more signals, a CALCULATED health
 * check over them is attached to the records.
 */
export class FailoverRegion extends Construct {
  /** The Region's code (or a token for environment-agnostic stacks). */
  public readonly region: string;

  /** The SetIdentifier of this Region's latency records. */
  public readonly setIdentifier: string;

  /**
   * The health check attached to the records: the signal's own with one
   * signal, the calculated one with several, none without signals.
   */
  public readonly healthCheck?: route53.IHealthCheck;

  /** One health check per signal, in the order of the signals. */
  public readonly signalHealthChecks: route53.IHealthCheck[];

  /** One alarm per signal, in the order of the signals. */
  public readonly alarms: cloudwatch.IAlarm[];

  /** The latency alias records: A, and AAAA when IPv6 is on. */
  public readonly records: route53.IRecordSet[];

  /** Whether an AAAA record was created. */
  public readonly ipv6: boolean;

  /** The number of Route 53 health checks this Region creates. */
  public readonly healthCheckCount: number;

  private readonly failover: ActiveActiveFailover;
  private readonly bound: BoundSignal[] = [];

  constructor(scope: Construct, id: string, props: FailoverRegionProps) {
    super(scope, id);
    this.failover = props.failover;
    const stack = Stack.of(this);
    this.region = stack.region;

    this.checkRegion(props.loadBalancer);
    this.setIdentifier = props.setIdentifier ?? `${this.failover.failoverName}-${this.region}`;
    if (!Token.isUnresolved(this.setIdentifier)) {
      this.throwIfAny(checkSetIdentifier('setIdentifier', this.setIdentifier));
    }

    const signals = props.signals ?? this.failover.defaultSignals;
    this.checkSignalNames(signals);
    const evaluateTargetHealth = props.evaluateTargetHealth ?? this.failover.evaluateTargetHealth;

    const context: SignalBindContext = {
      failoverName: this.failover.failoverName,
      region: this.region,
      loadBalancer: props.loadBalancer,
    };
    const signalsScope = new Construct(this, 'Signals');
    this.alarms = [];
    this.signalHealthChecks = [];
    for (const signal of signals) {
      const signalScope = new Construct(signalsScope, signal.signalName);
      const config = signal.bind(signalScope, context);
      const healthCheck = this.signalHealthCheck(signalScope, signal.signalName, config.alarm, config.insufficientDataHealthStatus);
      this.alarms.push(config.alarm);
      this.signalHealthChecks.push(healthCheck);
      this.bound.push({ signalName: signal.signalName, config, healthCheck });
    }
    this.healthCheck = this.regionHealthCheck(props.minHealthySignals);
    this.healthCheckCount = this.signalHealthChecks.length + (this.signalHealthChecks.length > 1 ? 1 : 0);

    if (!this.healthCheck && !evaluateTargetHealth) {
      Annotations.of(this).addWarningV2(`${WARNING_PREFIX}:noFailover`,
        `FailoverRegion '${this.node.path}' has no signals and 'evaluateTargetHealth' is false: Route 53 can never `
        + 'take this Region out of DNS. Add signals or turn evaluateTargetHealth on.');
    }

    this.ipv6 = props.ipv6 ?? isDualStack(props.loadBalancer.ipAddressType);
    if (props.ipv6 === true && props.loadBalancer.ipAddressType === elbv2.IpAddressType.IPV4) {
      Annotations.of(this).addWarningV2(`${WARNING_PREFIX}:ipv6OnIpv4LoadBalancer`,
        `FailoverRegion '${this.node.path}': 'ipv6' is true but the load balancer's ipAddressType is ipv4: the AAAA `
        + 'record would resolve to nothing. Make the load balancer dual-stack, or leave ipv6 unset.');
    }
    this.records = this.createRecords(props.loadBalancer, evaluateTargetHealth);

    this.failover._register(this);
    Aspects.of(this).add(new SynthTimeChecks(this));
  }

  /**
   * Checks that need the finished construct tree: run once, during synthesis,
   * after every construct (and escape hatch) has been configured and every
   * Region has been added.
   *
   * @internal
   */
  public _checkAtSynth(): void {
    for (const b of this.bound) {
      this.checkSignalAlarm(b);
    }
    this.checkFailoverWide();
  }

  /**
   * Checks a signal's alarm against Route 53's rules and gives its health
   * check a logical ID that carries a digest of the alarm's settings.
   */
  private checkSignalAlarm(b: BoundSignal): void {
    const { alarm, insufficientDataHealthStatus, trafficBased } = b.config;
    const inspection = inspectAlarm(alarm);
    const subject = `FailoverRegion '${this.node.path}', signal '${b.signalName}', alarm '${alarm.node.path}'`;
    const stackAccount = Stack.of(this).account;
    const account = Token.isUnresolved(stackAccount) ? undefined : stackAccount;
    const violations = checkRoute53Alarm(inspection.settings ?? { composite: false, accountId: inspection.account }, account);
    if (violations.length > 0) {
      const hint = violations.some(v => v.ruleId !== AlarmRuleId.CROSS_ACCOUNT)
        ? ' Or keep the alarm and follow it through a mirrored metric: FailoverSignal.fromAlarm({ alarm, mirror: true }).'
        : '';
      throw new Error(violations.map(v => formatViolation(subject, v)).join('\n') + hint);
    }
    if (inspection.settings) {
      // Route 53 copies the alarm's settings when the health check is created or
      // updated, and never notices later changes. A logical ID that carries a
      // digest of those settings replaces the health check whenever they change,
      // in the same deployment that changes the alarm.
      const cfn = b.healthCheck.node.defaultChild as route53.CfnHealthCheck;
      cfn.overrideLogicalId(`${Stack.of(cfn).getLogicalId(cfn)}${route53AlarmFingerprint(inspection.settings)}`);
    } else {
      Annotations.of(this).addWarningV2(`${WARNING_PREFIX}:alarmNotInspectable`,
        `${subject} is imported: its settings cannot be seen, so the library can neither check that Route 53 can `
        + 'read it nor re-sync the health check when it changes. Route 53 keeps its own copy of the alarm\'s settings: '
        + 'after changing the alarm, update the health check.');
    }
    if (trafficBased && insufficientDataHealthStatus === route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS) {
      Annotations.of(this).addWarningV2(`${WARNING_PREFIX}:mayNeverRecover`,
        `${subject}: 'insufficientDataHealthStatus' is LastKnownStatus on a traffic-based signal. Its metric is `
        + 'published only while requests flow, so once the Region leaves DNS the health check keeps its last '
        + '(unhealthy) status and the Region may never come back. Use HEALTHY (the default for traffic-based signals).');
    }
  }

  private checkFailoverWide(): void {
    const regions = this.failover.regions;
    if (regions.length === 1) {
      Annotations.of(this).addWarningV2(`${WARNING_PREFIX}:singleRegion`,
        `Failover '${this.failover.failoverName}' has only one Region (${this.region}): this is not active-active, `
        + 'and Route 53 has nowhere to send users when it fails. Add a FailoverRegion in another Region.');
    }
    if (regions[0] === this) {
      for (const v of checkHealthCheckQuota('healthCheckQuota', this.failover.healthCheckCount, this.failover.healthCheckQuota)) {
        Annotations.of(this).addWarningV2(`${WARNING_PREFIX}:healthCheckQuota`,
          formatViolation(`Failover '${this.failover.failoverName}' (${regions.length} Regions)`, v));
      }
    }
    const withIpv6 = regions.filter(r => r.ipv6).map(r => r.region);
    if (!this.ipv6 && withIpv6.length > 0) {
      Annotations.of(this).addWarningV2(`${WARNING_PREFIX}:ipv6Mismatch`,
        `FailoverRegion '${this.node.path}' has no AAAA record while ${withIpv6.join(', ')} ha${withIpv6.length === 1 ? 's' : 've'} one: `
        + 'IPv6 clients are never routed to this Region, even when it is the closest. Make every load balancer dual-stack, '
        + 'or set ipv6 the same in every Region.');
    }
  }

  private checkRegion(loadBalancer: elbv2.IApplicationLoadBalancer): void {
    if (Token.isUnresolved(this.region)) {
      return;
    }
    this.throwIfAny(checkLatencyRegion('region', this.region));
    const lbRegion = loadBalancer.env.region;
    if (!Token.isUnresolved(lbRegion) && lbRegion !== this.region) {
      throw new Error(
        `[AAF-REGION-LOAD-BALANCER] FailoverRegion '${this.node.path}': 'loadBalancer' must be in the Region of its `
        + `stack (${this.region}), got a load balancer in '${lbRegion}'. Fix: create the FailoverRegion in the stack `
        + `of Region ${lbRegion}, or pass that Region's own load balancer.`,
      );
    }
  }

  private checkSignalNames(signals: FailoverSignal[]): void {
    const seen = new Set<string>();
    for (const signal of signals) {
      if (seen.has(signal.signalName)) {
        throw new Error(
          `[AAF-SIGNAL-NAME] FailoverRegion '${this.node.path}': 'signals' must have unique names, got '${signal.signalName}' twice. `
          + 'Fix: give one of them another signalName.',
        );
      }
      seen.add(signal.signalName);
    }
  }

  private signalHealthCheck(
    scope: Construct, signalName: string, alarm: cloudwatch.IAlarm,
    insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum,
  ): route53.HealthCheck {
    const healthCheck = new route53.HealthCheck(scope, 'HealthCheck', {
      type: route53.HealthCheckType.CLOUDWATCH_METRIC,
      alarmIdentifier: { name: alarm.alarmName, region: alarm.env.region },
      insufficientDataHealthStatus,
    });
    nameHealthCheck(healthCheck, `${this.failover.failoverName}-${this.region}-${signalName}`);
    return healthCheck;
  }

  private regionHealthCheck(minHealthySignals: number | undefined): route53.IHealthCheck | undefined {
    const children = this.signalHealthChecks;
    if (minHealthySignals !== undefined && children.length < 2) {
      Annotations.of(this).addWarningV2(`${WARNING_PREFIX}:minHealthySignalsIgnored`,
        `FailoverRegion '${this.node.path}': 'minHealthySignals' is ignored with fewer than two signals (got ${children.length}).`);
    }
    if (children.length <= 1) {
      return children[0];
    }
    const threshold = minHealthySignals ?? children.length;
    this.throwIfAny(checkCalculatedHealthCheck('signals', children.length, 'minHealthySignals',
      Token.isUnresolved(threshold) ? 1 : threshold, 1));
    const healthCheck = new route53.HealthCheck(this, 'HealthCheck', {
      type: route53.HealthCheckType.CALCULATED,
      childHealthChecks: children,
      healthThreshold: threshold,
    });
    nameHealthCheck(healthCheck, `${this.failover.failoverName}-${this.region}`);
    return healthCheck;
  }

  private createRecords(loadBalancer: elbv2.IApplicationLoadBalancer, evaluateTargetHealth: boolean): route53.IRecordSet[] {
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: this.failover.hostedZoneId,
      zoneName: this.failover.zoneName,
    });
    const common: route53.RecordSetOptions = {
      zone,
      recordName: this.failover.recordName,
      region: this.region,
      setIdentifier: this.setIdentifier,
      healthCheck: this.healthCheck,
      comment: `Failover '${this.failover.failoverName}': ${this.region}`,
    };
    const target = route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(loadBalancer, { evaluateTargetHealth }));
    const records: route53.IRecordSet[] = [new route53.ARecord(this, 'A', { ...common, target })];
    if (this.ipv6) {
      records.push(new route53.AaaaRecord(this, 'AAAA', { ...common, target }));
    }
    return records;
  }

  private throwIfAny(violations: RuleViolation[], subject = `FailoverRegion '${this.node.path}'`): void {
    if (violations.length > 0) {
      throw new Error(violations.map(v => formatViolation(subject, v)).join('\n'));
    }
  }
}

/** Gives a health check the Name tag the Route 53 console shows. */
function nameHealthCheck(healthCheck: route53.HealthCheck, name: string): void {
  (healthCheck.node.defaultChild as route53.CfnHealthCheck).healthCheckTags = [{ key: 'Name', value: name }];
}

/** Whether a load balancer's address type includes IPv6. */
function isDualStack(ipAddressType: elbv2.IpAddressType | undefined): boolean {
  return ipAddressType === elbv2.IpAddressType.DUAL_STACK
    || ipAddressType === elbv2.IpAddressType.DUAL_STACK_WITHOUT_PUBLIC_IPV4;
}

/** A signal bound to this Region, with its health check. */
interface BoundSignal {
  readonly signalName: string;
  readonly config: SignalConfig;
  readonly healthCheck: route53.HealthCheck;
}

/** Runs a Region's synth-time checks once. */
class SynthTimeChecks implements IAspect {
  constructor(private readonly region: FailoverRegion) {}

  public visit(node: IConstruct): void {
    if (node === this.region) {
      this.region._checkAtSynth();
    }
  }
}
