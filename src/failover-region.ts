import { Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ActiveActiveFailover } from './active-active-failover';
import { FailoverRegionProps } from './failover-region-options';
import { FailoverRegionView } from './failover-region-view';
import { evacuationCommand } from './model/commands';
import { healthAlarmName, probeHealthCheckName, signalsAlarmName, switchAlarmName } from './model/names';
import { FailoverDrillOptions } from './operations/drill/drill-options';
import { FailoverDrill } from './operations/drill/failover-drill';
import { createEvacuationSwitch, grantSetSwitch } from './operations/evacuation/evacuation-switch';
import { createFailbackLatch, FailbackLatch } from './operations/failback/failback-latch';
import { createRegionNotifications } from './operations/notifications/notifications';
import { checkProbeOptions, createProbe } from './operations/probe/probe';
import { ProbeOptions } from './operations/probe/probe-options';
import { literalAlarmName } from './private/alarm-inspection';
import { AlarmHealthCheck } from './private/route53-alarm';
import { checkAtSynth } from './private/synth-aspect';
import { throwIfAny } from './private/violations';
import { checkSignalNames, HealthTree } from './region/health-tree';
import { createRegionOutputs } from './region/outputs';
import { createRegionRecords } from './region/records';
import { checkRegion, checkRegionFlags, ipv6Of, regionalRecordNameOf, setIdentifierOf, warnIfNoFailover } from './region/region-checks';
import { checkRegionAtSynth } from './region/synth-checks';
import { Republisher } from './republisher/republisher';

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
  /** The Region's code (the Region of the stack, which must be known at synth time). */
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

  /**
   * The stack's republisher alarm (verdicts, mirrors, switch): in ALARM after 2 of 3 minutes without a
   * completed run; told to the notification topic. None without switch, republished or mirrored signal.
   */
  public readonly republisherAlarm?: cloudwatch.IAlarm;

  /**
   * The Region's signals alarm: a composite alarm in ALARM while too few of
   * its signals are healthy (the switch left out). Its entering ALARM latches
   * the Region out of DNS. Only with a failback policy that latches
   * (`operatorConfirmed()`, or `automatic()` with a hold-down).
   */
  public readonly signalsAlarm?: cloudwatch.IAlarm;

  /** Whether an AAAA record was created. */
  public readonly ipv6: boolean;

  /** The number of Route 53 health checks this Region creates. */
  public readonly healthCheckCount: number;

  /** The failover this Region serves. */
  public readonly failover: ActiveActiveFailover;

  /** The Region's Application Load Balancer. */
  public readonly loadBalancer: elbv2.IApplicationLoadBalancer;

  private readonly healthTree: HealthTree;
  private readonly probeOptions?: ProbeOptions;
  private readonly switchCheck?: AlarmHealthCheck;
  private readonly failbackLatch?: FailbackLatch;

  /**
   * Adds a Region to a failover (the same as `failover.addRegion(scope, id, options)`).
   *
   * @param scope a construct in the Region's stack (the stack of its load balancer)
   * @param id the construct id
   * @param props the failover, the Region's load balancer and signals
   */
  constructor(scope: Construct, id: string, props: FailoverRegionProps) {
    super(scope, id);
    const failover = this.failover = props.failover;
    const failoverName = failover.failoverName;
    this.loadBalancer = props.loadBalancer;
    this.region = Stack.of(this).region;
    checkRegion(this, this.region, props.loadBalancer);
    checkRegionFlags(this, props);
    this.setIdentifier = setIdentifierOf(this, props.setIdentifier, failoverName, this.region);
    this.regionalRecordName = regionalRecordNameOf(this, props.regionalRecordName, {
      region: this.region, recordName: failover.recordName, zoneName: failover.zoneName,
    });
    const signals = props.signals ?? failover.defaultSignals;
    checkSignalNames(this, signals);
    const probe = props.probe ?? failover.probe;
    throwIfAny(this, checkProbeOptions(probe));
    this.probeOptions = probe.enabled === false ? undefined : probe;

    // Before the signals bind: the first strategy that needs the republisher creates it with these settings.
    Republisher.configure(this, props.republisher);
    this.healthTree = new HealthTree(this, {
      signals,
      context: { failoverName, region: this.region, loadBalancer: props.loadBalancer },
      minHealthySignals: props.minHealthySignals,
    });
    this.alarms = this.healthTree.alarms;
    this.signalHealthChecks = this.healthTree.signalHealthChecks;
    this.healthCheck = this.healthTree.healthCheck;
    if (props.evacuationSwitch ?? failover.evacuationSwitch) {
      this.switchCheck = createEvacuationSwitch(new Construct(this, 'EvacuationSwitch'), failoverName, this.region);
      this.switchAlarm = this.switchCheck.alarm;
      this.switchHealthCheck = this.switchCheck.healthCheck;
    }
    const probeName = probeHealthCheckName(failoverName, this.region);
    this.probeHealthCheck = this.probeOptions && createProbe(this, this.probeOptions, props.loadBalancer, probeName);
    this.healthCheckCount = this.healthTree.healthCheckCount + (this.switchHealthCheck ? 1 : 0) + (this.probeHealthCheck ? 1 : 0);

    const evaluateTargetHealth = props.evaluateTargetHealth ?? failover.evaluateTargetHealth;
    warnIfNoFailover(this, this.healthCheck !== undefined, evaluateTargetHealth);
    this.ipv6 = ipv6Of(this, props.ipv6, props.loadBalancer);
    const records = this.createRecords(props, evaluateTargetHealth);
    this.regionalRecords = records.regionalRecords;
    this.records = records.records;

    this.failbackLatch = createFailbackLatch(this, {
      failoverName,
      region: this.region,
      policy: failover.failbackPolicy,
      signalAlarms: this.alarms,
      minHealthySignals: this.healthTree.minHealthySignals,
      hasSwitch: this.switchAlarm !== undefined,
    });
    this.signalsAlarm = this.failbackLatch?.signalsAlarm;

    const notifications = createRegionNotifications(this, {
      failoverName,
      region: this.region,
      signalAlarms: this.alarms,
      switchAlarm: this.switchAlarm,
      minHealthySignals: this.healthTree.minHealthySignals,
      topic: props.notificationTopic,
      createTopic: failover.notifications,
      notifyOnEveryAlarm: props.notifyOnEveryAlarm ?? failover.notifyOnEveryAlarm,
      republisher: Republisher.tryOf(this),
      note: this.failbackLatch?.note,
    });
    this.healthAlarm = notifications.healthAlarm;
    this.notificationTopic = notifications.topic;
    this.republisherAlarm = notifications.republisherAlarm;

    failover._register(this);
    createRegionOutputs(this, {
      failoverName,
      region: this.region,
      regionalRecordName: this.regionalRecordName,
      hasHealthAlarm: this.healthAlarm !== undefined,
      switchHealthCheck: this.switchHealthCheck,
    });
    checkAtSynth(this, () => this._checkAtSynth());
  }

  /**
   * Grants permission to set this Region's switch: PutParameter on its
   * parameter, and PutMetricData in the switches' namespace (CloudWatch allows
   * nothing narrower, so that part reaches every switch of the account).
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
    return grantSetSwitch(this, grantee, this.failover.failoverName, this.region);
  }

  /**
   * Adds fault-injection drills to this Region: an AWS Fault Injection
   * Service experiment template per gray failure, on the Region's ECS
   * service (the same as `new FailoverDrill(scope, id, { region, ... })`
   * with this Region). A Region has at most one drill.
   *
   * @param id the construct id, unique within this Region
   * @param options the service, the faults and their settings
   */
  public addDrill(id: string, options: FailoverDrillOptions): FailoverDrill {
    return new FailoverDrill(this, id, { ...options, region: this });
  }

  /**
   * This Region in plain values: its Region, account, the names of its alarms
   * (those known at synth time) and the command that evacuates it. A dashboard
   * in any stack reads it instead of referencing this Region's stack.
   */
  public regionView(): FailoverRegionView {
    const account = Stack.of(this).account;
    const failoverName = this.failover.failoverName;
    return {
      region: this.region,
      account: Token.isUnresolved(account) ? undefined : account,
      regionalRecordName: this.regionalRecordName,
      healthAlarmName: this.healthAlarm ? healthAlarmName(failoverName, this.region) : undefined,
      switchAlarmName: this.switchAlarm ? switchAlarmName(failoverName, this.region) : undefined,
      evacuateCommand: this.switchAlarm ? evacuationCommand(failoverName, this.region, 1) : undefined,
      ...(this.failbackLatch ? {
        signalsAlarmName: signalsAlarmName(failoverName, this.region),
        failback: this.failbackLatch.summary,
        restoreCommand: evacuationCommand(failoverName, this.region, 0),
      } : {}),
      signals: this.healthTree.bound.map(b => ({ signalName: b.signalName, alarmName: literalAlarmName(b.config.alarm) })),
    };
  }

  /** The Region's own records and the failover's latency records. */
  private createRecords(props: FailoverRegionProps, evaluateTargetHealth: boolean) {
    const failover = this.failover;
    return createRegionRecords(this, {
      failoverName: failover.failoverName,
      region: this.region,
      hostedZoneId: failover.hostedZoneId,
      zoneName: failover.zoneName,
      recordName: failover.recordName,
      regionalRecordName: this.regionalRecordName,
      setIdentifier: this.setIdentifier,
      loadBalancer: props.loadBalancer,
      evaluateTargetHealth,
      ipv6: this.ipv6,
      healthCheck: this.healthCheck,
      switchHealthCheck: this.switchHealthCheck,
    });
  }

  /**
   * Checks that need the finished construct tree: run once, during synthesis,
   * after every construct (and escape hatch) has been configured and every
   * Region has been added.
   *
   * @internal
   */
  public _checkAtSynth(): void {
    checkRegionAtSynth(this, {
      failover: this.failover,
      bound: this.healthTree.bound,
      switchCheck: this.switchCheck,
      probe: this.probeOptions,
      loadBalancer: this.loadBalancer,
    });
  }
}

