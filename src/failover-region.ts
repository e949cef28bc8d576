import { Annotations, Aspects, CfnOutput, CfnResource, IAspect, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import type { ActiveActiveFailover } from './active-active-failover';
import { ProbeOptions } from './operations/probe';
import { RegionView } from './private/dashboard';
import {
  createEvacuationSwitch, EVACUATION_NAMESPACE, evacuationCommand, switchAlarmName,
} from './private/evacuation';
import { checkProbeOptions, createProbeHealthCheck, listenerServesProbe, probeTarget, visibleListeners } from './private/probe';
import { estimatedRuleLength, healthAlarmName, MAX_ALARM_RULE_LENGTH, regionHealthRule } from './private/region-health';
import { inspectAlarm } from './rules/alarm-settings';
import { AlarmRuleId, AlarmSettings, checkRoute53Alarm, route53AlarmFingerprint } from './rules/route53-alarm-rules';
import {
  checkCalculatedHealthCheck, checkHealthCheckQuota, checkLatencyRegion, checkRecordInZone, checkSetIdentifier, qualifyRecordName,
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

  /**
   * This Region's own name: a record that always resolves to this Region's
   * load balancer and carries the Region's health. The failover's latency
   * records point to it; the probe and operators use it to reach this Region
   * directly. Relative to the zone or fully qualified, in the zone.
   *
   * @default - `<region>.<recordName>`, for example 'us-east-1.api.example.com'
   */
  readonly regionalRecordName?: string;

  /**
   * Whether this Region has an evacuation switch: a metric an operator sets
   * with one AWS CLI call to take the Region out of DNS, whatever its signals
   * say, and to bring it back.
   *
   * @default - the failover's `evacuationSwitch` (true unless set)
   */
  readonly evacuationSwitch?: boolean;

  /**
   * Probe traffic for this Region, replacing the failover's settings.
   *
   * @default - the failover's `probe` (on unless set)
   */
  readonly probe?: ProbeOptions;

  /**
   * An SNS topic in this Region that is told when the Region leaves DNS and
   * when it returns, with the alarm that caused it.
   *
   * @default - a new topic when the failover's `notifications` is true, none otherwise
   */
  readonly notificationTopic?: sns.ITopic;
}

/**
 * Properties of a `FailoverRegion`.
 */
export interface FailoverRegionProps extends FailoverRegionOptions {
  /** The failover this Region serves. */
  readonly failover: ActiveActiveFailover;
}

/**
 * One Region of an active-active failover: latency-routed alias records whose
 * health follows the Region's signals and its evacuation switch.
 *
 * Create it in the Region's stack, which must be in the load balancer's Region.
 * The health tree has two levels, so the switch always wins:
 *
 * - the Region's own name (`regionalRecordName`) is an alias to the load
 *   balancer carrying the signals' health check: per signal, a CloudWatch alarm
 *   Route 53 can read and a CLOUDWATCH_METRIC health check; with two or more
 *   signals, a CALCULATED health check over them;
 * - the failover's latency record is an alias to the Region's own name that
 *   evaluates its health, and carries the switch's health check.
 *
 * Probe traffic (a Route 53 endpoint check on the Region's own name) keeps the
 * Region's metrics flowing while it is drained.
 */
export class FailoverRegion extends Construct {
  /** The Region's code (or a token for environment-agnostic stacks). */
  public readonly region: string;

  /** The SetIdentifier of this Region's latency records. */
  public readonly setIdentifier: string;

  /** This Region's own name, fully qualified with a trailing dot. */
  public readonly regionalRecordName: string;

  /**
   * The signals' health check, attached to the Region's own records: the
   * signal's own with one signal, the calculated one with several, none
   * without signals.
   */
  public readonly healthCheck?: route53.IHealthCheck;

  /** One health check per signal, in the order of the signals. */
  public readonly signalHealthChecks: route53.IHealthCheck[];

  /** One alarm per signal, in the order of the signals. */
  public readonly alarms: cloudwatch.IAlarm[];

  /** The failover's latency alias records: A, and AAAA when IPv6 is on. */
  public readonly records: route53.IRecordSet[];

  /** The Region's own alias records to its load balancer: A, and AAAA when IPv6 is on. */
  public readonly regionalRecords: route53.IRecordSet[];

  /** The evacuation switch's health check, on the latency records (none when the switch is off). */
  public readonly switchHealthCheck?: route53.IHealthCheck;

  /** The evacuation switch's alarm (none when the switch is off). */
  public readonly switchAlarm?: cloudwatch.IAlarm;

  /** The probe's endpoint health check (none when the probe is off). */
  public readonly probeHealthCheck?: route53.IHealthCheck;

  /**
   * A composite alarm in ALARM while the Region's alarms take it out of DNS:
   * the switch, or too few healthy signals. None without switch and signals.
   */
  public readonly healthAlarm?: cloudwatch.IAlarm;

  /** The topic told when the Region leaves DNS and returns (none without notifications). */
  public readonly notificationTopic?: sns.ITopic;

  /** Whether an AAAA record was created. */
  public readonly ipv6: boolean;

  /** The number of Route 53 health checks this Region creates. */
  public readonly healthCheckCount: number;

  private readonly failover: ActiveActiveFailover;
  private readonly bound: BoundSignal[] = [];
  private readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  private readonly probeOptions?: ProbeOptions;
  private readonly switchCheck?: route53.HealthCheck;
  private readonly minHealthySignals: number;
  private readonly wantsNotifications: boolean;

  /**
   * Adds a Region to a failover (the same as `failover.addRegion(scope, id, options)`).
   *
   * @param scope a construct in the Region's stack (the stack of its load balancer)
   * @param id the construct id
   * @param props the failover, the Region's load balancer and signals
   */
  constructor(scope: Construct, id: string, props: FailoverRegionProps) {
    super(scope, id);
    this.failover = props.failover;
    this.loadBalancer = props.loadBalancer;
    const stack = Stack.of(this);
    this.region = stack.region;

    this.checkRegion(props.loadBalancer);
    this.setIdentifier = props.setIdentifier ?? `${this.failover.failoverName}-${this.region}`;
    if (!Token.isUnresolved(this.setIdentifier)) {
      this.throwIfAny(checkSetIdentifier('setIdentifier', this.setIdentifier));
    }
    this.regionalRecordName = this.qualifyRegionalName(props.regionalRecordName);

    const signals = props.signals ?? this.failover.defaultSignals;
    this.checkSignalNames(signals);
    const evaluateTargetHealth = props.evaluateTargetHealth ?? this.failover.evaluateTargetHealth;
    const probe = props.probe ?? this.failover.probe;
    this.throwIfAny(checkProbeOptions(probe));
    this.probeOptions = probe.enabled === false ? undefined : probe;

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
    this.minHealthySignals = props.minHealthySignals ?? this.signalHealthChecks.length;
    this.healthCheck = this.regionHealthCheck(props.minHealthySignals);

    if (props.evacuationSwitch ?? this.failover.evacuationSwitch) {
      const evacuation = createEvacuationSwitch(new Construct(this, 'EvacuationSwitch'), this.failover.failoverName, this.region);
      nameHealthCheck(evacuation.healthCheck, `${this.failover.failoverName}-${this.region}-switch`);
      this.switchAlarm = evacuation.alarm;
      this.switchCheck = evacuation.healthCheck;
      this.switchHealthCheck = evacuation.healthCheck;
    }
    if (this.probeOptions) {
      const cfn = createProbeHealthCheck(this, 'ProbeHealthCheck', {
        domainName: this.regionalRecordName.replace(/\.$/, ''),
        options: this.probeOptions,
        loadBalancer: props.loadBalancer,
        name: `${this.failover.failoverName}-${this.region}-probe`,
      });
      this.probeHealthCheck = route53.HealthCheck.fromHealthCheckId(this, 'Probe', cfn.attrHealthCheckId);
    }
    this.healthCheckCount = this.signalHealthChecks.length + (this.signalHealthChecks.length > 1 ? 1 : 0)
      + (this.switchHealthCheck ? 1 : 0) + (this.probeHealthCheck ? 1 : 0);

    if (!this.healthCheck && !evaluateTargetHealth) {
      Annotations.of(this).addWarningV2(`${WARNING_PREFIX}:noFailover`,
        `FailoverRegion '${this.node.path}' has no signals and 'evaluateTargetHealth' is false: Route 53 can never `
        + 'take this Region out of DNS by itself. Add signals or turn evaluateTargetHealth on.');
    }

    this.ipv6 = props.ipv6 ?? isDualStack(props.loadBalancer.ipAddressType);
    if (props.ipv6 === true && props.loadBalancer.ipAddressType === elbv2.IpAddressType.IPV4) {
      Annotations.of(this).addWarningV2(`${WARNING_PREFIX}:ipv6OnIpv4LoadBalancer`,
        `FailoverRegion '${this.node.path}': 'ipv6' is true but the load balancer's ipAddressType is ipv4: the AAAA `
        + 'record would resolve to nothing. Make the load balancer dual-stack, or leave ipv6 unset.');
    }
    this.regionalRecords = this.createRegionalRecords(props.loadBalancer, evaluateTargetHealth);
    this.records = this.createLatencyRecords();

    this.wantsNotifications = props.notificationTopic !== undefined || this.failover.notifications;
    this.healthAlarm = this.createHealthAlarm();
    this.notificationTopic = props.notificationTopic
      ?? (this.failover.notifications && this.healthAlarm ? this.createTopic(this.healthAlarm) : undefined);
    this.notify();

    this.failover._register(this);
    this.createOutputs();
    Aspects.of(this).add(new SynthTimeChecks(this));
  }

  /**
   * Grants permission to set the evacuation switches: PutMetricData, only in
   * the switches' namespace. CloudWatch allows no narrower resource or
   * condition, so the grantee can set the switch of every Region and failover
   * of the account; so can any principal allowed PutMetricData on every
   * namespace.
   *
   * @param grantee the principal that may evacuate and restore Regions
   */
  public grantEvacuate(grantee: iam.IGrantable): iam.Grant {
    if (!this.switchAlarm) {
      throw new Error(
        `[AAF-SWITCH-OFF] FailoverRegion '${this.node.path}': 'evacuationSwitch' must be on to grant access to it, got: false. `
        + 'Fix: leave evacuationSwitch unset (on by default), or do not call grantEvacuate.',
      );
    }
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['cloudwatch:PutMetricData'],
      resourceArns: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': EVACUATION_NAMESPACE } },
    });
  }

  /**
   * What a dashboard shows of this Region, in plain values only: the Region,
   * the account and the alarms' names (known at synth time), so the dashboard
   * needs no reference to this Region's stack.
   *
   * @internal
   */
  public _view(dashboard: IConstruct, fallbackAccount: string): RegionView {
    if (Token.isUnresolved(this.region)) {
      throw new Error(
        `[AAF-DASHBOARD-REGION] FailoverDashboard '${dashboard.node.path}': every Region must be known at synth time, got an `
        + `environment-agnostic stack for '${this.node.path}'. Fix: give the Region's stack an env with a region.`,
      );
    }
    const account = Stack.of(this).account;
    const failoverName = this.failover.failoverName;
    return {
      region: this.region,
      account: Token.isUnresolved(account) ? fallbackAccount : account,
      regionalRecordName: this.regionalRecordName,
      healthAlarmName: this.healthAlarm ? healthAlarmName(failoverName, this.region) : undefined,
      switchAlarmName: this.switchAlarm ? switchAlarmName(failoverName, this.region) : undefined,
      evacuateCommand: this.switchAlarm ? evacuationCommand(failoverName, this.region, 1) : undefined,
      signals: this.bound.map(b => ({ signalName: b.signalName, alarmName: literalAlarmName(b.config.alarm) })),
    };
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
    if (this.switchAlarm && this.switchCheck) {
      const settings = inspectAlarm(this.switchAlarm).settings;
      if (settings) {
        resyncWith(this.switchCheck, settings);
      }
    }
    this.checkProbe();
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
      resyncWith(b.healthCheck, inspection.settings);
    } else {
      Annotations.of(this).addWarningV2(`${WARNING_PREFIX}:alarmNotInspectable`,
        `${subject} is imported: its settings cannot be seen, so the library can neither check that Route 53 can `
        + 'read it nor re-sync the health check when it changes. Route 53 keeps its own copy of the alarm\'s settings: '
        + 'after changing the alarm, update the health check.');
    }
    if (trafficBased && !this.probeOptions) {
      if (insufficientDataHealthStatus === route53.InsufficientDataHealthStatusEnum.LAST_KNOWN_STATUS) {
        Annotations.of(this).addWarningV2(`${WARNING_PREFIX}:mayNeverRecover`,
          `${subject}: 'insufficientDataHealthStatus' is LastKnownStatus on a traffic-based signal without probe traffic. `
          + 'Its metric is published only while requests flow, so once the Region leaves DNS the health check keeps its last '
          + '(unhealthy) status and the Region may never come back. Turn the probe on (the default), or use HEALTHY.');
      } else if (insufficientDataHealthStatus === route53.InsufficientDataHealthStatusEnum.HEALTHY) {
        Annotations.of(this).addWarningV2(`${WARNING_PREFIX}:mayFlap`,
          `${subject}: 'insufficientDataHealthStatus' is Healthy on a traffic-based signal without probe traffic. `
          + 'Once the Region leaves DNS its metric stops, the health check turns healthy again and users are sent back to a '
          + 'Region that may still be broken, then drained again (flapping). Turn the probe on (the default).');
      }
    }
  }

  /** Warns when the probe's protocol and port match no listener of the load balancer. */
  private checkProbe(): void {
    if (!this.probeOptions) {
      return;
    }
    if (this.loadBalancer.ipAddressType === elbv2.IpAddressType.DUAL_STACK_WITHOUT_PUBLIC_IPV4) {
      Annotations.of(this).addWarningV2(`${WARNING_PREFIX}:probeNeedsIpv4`,
        `FailoverRegion '${this.node.path}': the load balancer has no public IPv4 address (dualstack-without-public-ipv4), `
        + 'but Route 53 endpoint checks on a domain name connect over IPv4: the probe cannot reach it and no metric keeps '
        + 'flowing while the Region is drained. Give the load balancer public IPv4 addresses, or turn the probe off.');
    }
    const listeners = visibleListeners(this.loadBalancer);
    const target = probeTarget(this.probeOptions, listeners);
    if (!listenerServesProbe(target, listeners)) {
      Annotations.of(this).addWarningV2(`${WARNING_PREFIX}:probeMissesListener`,
        `FailoverRegion '${this.node.path}': the probe sends ${target.protocol} to port ${target.port}, but the load balancer `
        + `has no such listener (it has ${listeners?.length ? listeners.map(l => `${l.protocol}:${l.port}`).join(', ') : 'none'}). The probe would keep no `
        + 'metric flowing. Set probe.protocol and probe.port to a listener that forwards to the targets.');
    }
  }

  private checkFailoverWide(): void {
    const regions = this.failover._regionsAtSynth(this);
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
    const threshold = this.minHealthySignals;
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

  /** The Region's own records: aliases to the load balancer, carrying the signals' health check. */
  private createRegionalRecords(loadBalancer: elbv2.IApplicationLoadBalancer, evaluateTargetHealth: boolean): route53.IRecordSet[] {
    const target = route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(loadBalancer, { evaluateTargetHealth }));
    return this.recordPair('Regional', {
      zone: this.zone(),
      recordName: this.regionalRecordName,
      region: this.region,
      setIdentifier: this.setIdentifier,
      healthCheck: this.healthCheck,
      comment: `Failover '${this.failover.failoverName}': ${this.region}, its own name and health`,
      target,
    });
  }

  /**
   * The failover's latency records: aliases to the Region's own name that
   * inherit its health (EvaluateTargetHealth) and carry the switch. Both must
   * pass, so an evacuated Region leaves DNS whatever its signals say.
   */
  private createLatencyRecords(): route53.IRecordSet[] {
    const records = this.recordPair('', {
      zone: this.zone(),
      recordName: this.failover.recordName,
      region: this.region,
      setIdentifier: this.setIdentifier,
      healthCheck: this.switchHealthCheck,
      comment: `Failover '${this.failover.failoverName}': ${this.region}`,
      target: route53.RecordTarget.fromAlias(new SameZoneAliasTarget(this.failover.hostedZoneId, this.regionalRecordName)),
    });
    // Route 53 accepts an alias only to a record that exists.
    records.forEach((record, i) => record.node.addDependency(this.regionalRecords[i]));
    return records;
  }

  /** An A record, and an AAAA record when IPv6 is on. */
  private recordPair(prefix: string, props: route53.ARecordProps): route53.IRecordSet[] {
    const records: route53.IRecordSet[] = [new route53.ARecord(this, `${prefix}A`, props)];
    if (this.ipv6) {
      records.push(new route53.AaaaRecord(this, `${prefix}AAAA`, props));
    }
    return records;
  }

  private zone(): route53.IHostedZone {
    const existing = this.node.tryFindChild('Zone') as route53.IHostedZone | undefined;
    return existing ?? route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: this.failover.hostedZoneId,
      zoneName: this.failover.zoneName,
    });
  }

  private qualifyRegionalName(given: string | undefined): string {
    if (given !== undefined && Token.isUnresolved(given)) {
      throw new Error(
        `[AAF-RECORD-NAME] FailoverRegion '${this.node.path}': 'regionalRecordName' must be a plain string, got a token (${given}). `
        + 'Fix: pass the literal name.',
      );
    }
    const name = qualifyRecordName(given ?? `${this.region}.${this.failover.recordName}`, this.failover.zoneName);
    this.throwIfAny(checkRecordInZone('regionalRecordName', name, this.failover.zoneName));
    if (name === this.failover.recordName) {
      throw new Error(
        `[AAF-RECORD-NAME] FailoverRegion '${this.node.path}': 'regionalRecordName' must differ from the failover's record name, `
        + `got: '${name}'. Fix: leave it unset (<region>.<recordName>) or give the Region a name of its own.`,
      );
    }
    return name;
  }

  /**
   * The Region's health alarm: a composite alarm in ALARM while the switch is,
   * or while fewer than minHealthySignals signal alarms are OK.
   */
  private createHealthAlarm(): cloudwatch.IAlarm | undefined {
    const stackRegion = Stack.of(this).region;
    // A composite alarm can only watch alarms of its own Region.
    const local = this.alarms.filter(a => Token.isUnresolved(a.env.region) || a.env.region === stackRegion);
    if (Token.isUnresolved(this.minHealthySignals)) {
      Annotations.of(this).addWarningV2(`${WARNING_PREFIX}:noHealthAlarm`,
        `FailoverRegion '${this.node.path}' has no health alarm (no notifications, no health on the dashboard): `
        + '\'minHealthySignals\' is a token, so which signals take the Region out is not known at synth time. Pass a number.');
      if (this.wantsNotifications) {
        throw new Error(`[AAF-HEALTH-ALARM-RULE] FailoverRegion '${this.node.path}': notifications need the Region's health alarm, `
          + `but 'minHealthySignals' is a token, got: ${this.minHealthySignals}. Fix: pass a number.`);
      }
      return undefined;
    }
    // Signal alarms of other Regions cannot be watched; count them as healthy.
    const minHealthy = this.minHealthySignals - (this.alarms.length - local.length);
    const rule = regionHealthRule(this.switchAlarm, local, minHealthy);
    if (!rule) {
      return undefined;
    }
    const length = estimatedRuleLength(rule);
    if (length > MAX_ALARM_RULE_LENGTH) {
      const problem = `'minHealthySignals' of ${this.minHealthySignals} out of ${local.length} signals needs a health alarm rule `
        + `of about ${length} characters, more than CloudWatch's ${MAX_ALARM_RULE_LENGTH}`;
      const fix = 'use fewer signals, or set minHealthySignals closer to the number of signals';
      if (this.wantsNotifications) {
        throw new Error(`[AAF-HEALTH-ALARM-RULE] FailoverRegion '${this.node.path}': notifications need the Region's health alarm, but ${problem}. Fix: ${fix}.`);
      }
      Annotations.of(this).addWarningV2(`${WARNING_PREFIX}:noHealthAlarm`,
        `FailoverRegion '${this.node.path}' has no health alarm (no notifications, no health on the dashboard): ${problem}. To have one, ${fix}.`);
      return undefined;
    }
    const alarm = new cloudwatch.CompositeAlarm(this, 'HealthAlarm', {
      compositeAlarmName: healthAlarmName(this.failover.failoverName, this.region),
      alarmDescription: `Region ${this.region} of failover '${this.failover.failoverName}' is taken out of DNS by its alarms: its `
        + 'evacuation switch is on, or too few of its signals are healthy (target health and fail-open are not seen here). '
        + 'The state reason names the alarms that caused it.',
      alarmRule: rule,
    });
    return alarm;
  }

  private createTopic(healthAlarm: cloudwatch.IAlarm): sns.ITopic {
    const topic = new sns.Topic(this, 'Notifications', {
      displayName: `Failover '${this.failover.failoverName}': ${this.region} leaves or returns to DNS`,
    });
    // A topic policy replaces the default one, which let the account's services
    // publish: allow the health alarm explicitly.
    topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowHealthAlarm',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: { ArnEquals: { 'aws:SourceArn': healthAlarm.alarmArn } },
    }));
    // Encryption in transit only. Written out: with aws-cdk-lib 2.173 (the oldest
    // supported), `enforceSSL` adds its statement only along with another one.
    topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowPublishThroughSSLOnly',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: { Bool: { 'aws:SecureTransport': 'false' } },
    }));
    // cdk-nag reads suppressions from this metadata; the library does not depend on it.
    (topic.node.defaultChild as CfnResource).addMetadata('cdk_nag', {
      rules_to_suppress: [{
        id: 'AwsSolutions-SNS2',
        reason: 'CloudWatch alarm actions cannot publish to a topic encrypted with the AWS managed key (alias/aws/sns), and '
          + 'the messages carry only alarm names and states. For encryption at rest, pass notificationTopic: a topic encrypted '
          + 'with a customer managed key whose key policy lets cloudwatch.amazonaws.com use it.',
      }],
    });
    return topic;
  }

  /** Tells the topic when the health alarm changes: ALARM (left DNS) and OK (returned). */
  private notify(): void {
    const topic = this.notificationTopic;
    if (!topic) {
      return;
    }
    const topicRegion = topic.env.region;
    if (!Token.isUnresolved(topicRegion) && !Token.isUnresolved(this.region) && topicRegion !== this.region) {
      throw new Error(
        `[AAF-NOTIFICATION-REGION] FailoverRegion '${this.node.path}': 'notificationTopic' must be in the Region's own Region `
        + `(${this.region}), got a topic in '${topicRegion}'. CloudWatch alarm actions can only publish to a topic of the `
        + `alarm's Region. Fix: pass a topic of ${this.region}, or set the failover's notifications to true to create one.`,
      );
    }
    if (!this.healthAlarm) {
      throw new Error(
        `[AAF-NOTIFICATION-NOTHING] FailoverRegion '${this.node.path}': 'notificationTopic' needs signals or the evacuation switch `
        + 'to report on, got neither. Fix: add signals, turn the switch on, or drop the topic.',
      );
    }
    const action = new cloudwatchActions.SnsAction(topic);
    (this.healthAlarm as cloudwatch.CompositeAlarm).addAlarmAction(action);
    (this.healthAlarm as cloudwatch.CompositeAlarm).addOkAction(action);
  }

  /** Stack outputs with what an operator's commands need. */
  private createOutputs(): void {
    const outputs = new Construct(this, 'Outputs');
    const failoverName = this.failover.failoverName;
    const output = (id: string, value: string, description: string) => new CfnOutput(outputs, id, { value, description });
    output('RegionalRecordName', this.regionalRecordName, `The name that always reaches ${this.region}`);
    if (this.healthAlarm) {
      output('HealthAlarmName', healthAlarmName(failoverName, this.region), 'In ALARM while the Region is out of DNS');
    }
    if (this.switchHealthCheck && !Token.isUnresolved(this.region)) {
      output('EvacuateCommand', evacuationCommand(failoverName, this.region, 1), 'Takes the Region out of DNS');
      output('RestoreCommand', evacuationCommand(failoverName, this.region, 0), 'Returns the Region to DNS (when its signals are healthy)');
      const alarmNames = [...(this.healthAlarm ? [healthAlarmName(failoverName, this.region)] : []), switchAlarmName(failoverName, this.region)];
      output('StatusCommand',
        `aws cloudwatch describe-alarms --region ${this.region} --alarm-types CompositeAlarm MetricAlarm --alarm-names `
        + `${alarmNames.join(' ')} --query "[CompositeAlarms,MetricAlarms][][AlarmName,StateValue,StateReason]" --output table`,
        'Shows the switch and the Region\'s health');
      output('SwitchHealthCheckId', this.switchHealthCheck.healthCheckId,
        'The switch\'s health check (break glass when this Region\'s CloudWatch is impaired: '
        + 'aws route53 update-health-check --health-check-id <id> --inverted, then --no-inverted)');
    }
  }

  private throwIfAny(violations: RuleViolation[], subject = `FailoverRegion '${this.node.path}'`): void {
    if (violations.length > 0) {
      throw new Error(violations.map(v => formatViolation(subject, v)).join('\n'));
    }
  }
}

/**
 * Gives a health check a logical ID that carries a digest of its alarm's
 * settings. Route 53 copies the alarm's settings when the health check is
 * created or updated, and never notices later changes; a new logical ID
 * replaces the health check whenever they change, in the same deployment that
 * changes the alarm.
 */
function resyncWith(healthCheck: route53.HealthCheck, settings: AlarmSettings): void {
  const cfn = healthCheck.node.defaultChild as route53.CfnHealthCheck;
  cfn.overrideLogicalId(`${Stack.of(cfn).getLogicalId(cfn)}${route53AlarmFingerprint(settings)}`);
}

/** An alarm's name when it is known at synth time. */
function literalAlarmName(alarm: cloudwatch.IAlarm): string | undefined {
  const cfn = alarm.node.defaultChild;
  const name = cfn instanceof cloudwatch.CfnAlarm ? cfn.alarmName : alarm.alarmName;
  return name === undefined || Token.isUnresolved(name) ? undefined : name;
}

/** An alias to another record of the same hosted zone, inheriting its health. */
class SameZoneAliasTarget implements route53.IAliasRecordTarget {
  constructor(private readonly hostedZoneId: string, private readonly dnsName: string) {}

  public bind(): route53.AliasRecordTargetConfig {
    return { hostedZoneId: this.hostedZoneId, dnsName: this.dnsName, evaluateTargetHealth: true };
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
