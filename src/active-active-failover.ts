import { Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { FailoverRegion } from './failover-region';
import { FailoverRegionOptions } from './failover-region-options';
import { checkBoolean, checkSignalList } from './model/input-rules';
import { isUsableName, USABLE_NAME_DESCRIPTION } from './model/names';
import { checkSamePartition } from './model/regions';
import {
  checkDnsName, checkHostedZone, checkRecordInZone, DEFAULT_HEALTH_CHECK_QUOTA, normalizeHostedZoneId, qualifyRecordName,
} from './model/route53-record-rules';
import { FailbackPolicy } from './operations/failback/failback-policy';
import { ProbeOptions } from './operations/probe/probe-options';
import { describeValue, throwIfAny } from './private/violations';
import { FailoverSignal } from './signals/failover-signal';

/**
 * Properties of an `ActiveActiveFailover`.
 */
export interface ActiveActiveFailoverProps {
  /**
   * The ID of the public hosted zone that holds the record, as a plain value
   * (for example 'Z0123456789ABCDEFGHIJ').
   *
   * It must not be a token: each Region's stack receives it as a literal, so no
   * cross-stack, cross-Region or cross-Stage reference is ever created.
   */
  readonly hostedZoneId: string;

  /**
   * The hosted zone's domain name, as a plain value (for example 'example.com').
   */
  readonly zoneName: string;

  /**
   * The name users resolve: relative to the zone ('api'), or fully qualified
   * ('api.example.com' or 'api.example.com.'), in the zone.
   *
   * @default - the zone apex
   */
  readonly recordName?: string;

  /**
   * A name for this failover, used in set identifiers
   * (`<failoverName>-<region>`), alarm names and health-check names. Keep it
   * stable: changing it replaces the alarms.
   *
   * @default - the construct id
   */
  readonly failoverName?: string;

  /**
   * Whether each Region's alias records also evaluate the load balancer's
   * target health (every target group with targets has a healthy target).
   * Both the health check and target health must pass. A Region can override it.
   *
   * @default true
   */
  readonly evaluateTargetHealth?: boolean;

  /**
   * Signals used by every Region that does not set its own `signals`. Signals
   * that bind to the Region's load balancer (latency, 5xx, connection errors)
   * work here; signals on a specific resource (a service, a target group) belong
   * to their Region.
   *
   * @default - no default signals
   */
  readonly defaultSignals?: FailoverSignal[];

  /**
   * The account's quota of active Route 53 health checks. A warning is raised
   * when this failover alone needs more.
   *
   * @default 200 - Route 53's default quota
   */
  readonly healthCheckQuota?: number;

  /**
   * Whether each Region gets an evacuation switch: a metric an operator sets
   * with one AWS CLI call to take the Region out of DNS and bring it back,
   * with no deployment. A Region can override it.
   *
   * @default true
   */
  readonly evacuationSwitch?: boolean;

  /**
   * Probe traffic for every Region: a Route 53 endpoint health check on each
   * Region's own name, so a drained Region keeps producing the metrics its
   * signals need and returns only when they are healthy. A Region can override it.
   *
   * @default - on: HTTPS (or the load balancer's HTTP listener) on path '/', every 30 seconds
   */
  readonly probe?: ProbeOptions;

  /**
   * Whether each Region without a `notificationTopic` gets an SNS topic that
   * is told when the Region leaves DNS and when it returns.
   *
   * @default false
   */
  readonly notifications?: boolean;

  /**
   * Whether every alarm the library creates in a Region (each signal's alarm,
   * mirrored signals' source alarms and the evacuation switch's alarm, besides
   * the health alarm and the republisher's) tells the Region's notification
   * topic when it goes to ALARM and back to OK, as Control Tower's
   * CT.CLOUDWATCH.PR.1 requires. Needs a topic in each Region: `notifications`,
   * or the Region's `notificationTopic`. A Region can override it.
   *
   * @default false
   */
  readonly notifyOnEveryAlarm?: boolean;

  /**
   * How a Region that its signals took out of DNS comes back: as soon as its
   * signals are healthy (`FailbackPolicy.automatic()`), after a least time out
   * (`automatic({ holdDown })`), or only when an operator restores it
   * (`FailbackPolicy.operatorConfirmed()`). The last two add a failback latch
   * to each Region (a composite alarm on its signals, an EventBridge rule and
   * a small Lambda function) and need the evacuation switch.
   *
   * @default FailbackPolicy.automatic()
   */
  readonly failbackPolicy?: FailbackPolicy;
}

/**
 * The global definition of one active-active failover domain: one hosted zone,
 * one record name, and the Regions that serve it.
 *
 * Create it once (for example directly in the App) and add one `FailoverRegion`
 * per Region, each in that Region's stack. The failover itself creates no
 * resources: it holds plain values that every Region copies, so the Regions
 * deploy independently, including as separate Stages of a CDK Pipelines app.
 */
export class ActiveActiveFailover extends Construct {
  /** The hosted zone's ID. */
  public readonly hostedZoneId: string;

  /** The hosted zone's name, without a trailing dot. */
  public readonly zoneName: string;

  /** The fully qualified record name, with a trailing dot. */
  public readonly recordName: string;

  /** The failover's name. */
  public readonly failoverName: string;

  /** Whether Regions evaluate target health unless they say otherwise. */
  public readonly evaluateTargetHealth: boolean;

  /** Signals for Regions that set none. */
  public readonly defaultSignals: FailoverSignal[];

  /** The account's quota of active health checks. */
  public readonly healthCheckQuota: number;

  /** Whether Regions get an evacuation switch unless they say otherwise. */
  public readonly evacuationSwitch: boolean;

  /** Probe traffic for Regions that set none. */
  public readonly probe: ProbeOptions;

  /** Whether Regions without a topic get one. */
  public readonly notifications: boolean;

  /** Whether every alarm of a Region tells its topic, unless the Region says otherwise. */
  public readonly notifyOnEveryAlarm: boolean;

  /** How a Region that its signals took out of DNS comes back. */
  public readonly failbackPolicy: FailbackPolicy;

  private readonly _regions: FailoverRegion[] = [];

  /** The path of the first construct whose synthesis read the Regions. */
  private _readAtSynthBy?: string;

  /**
   * Defines the failover: the record, its hosted zone and the defaults its Regions share.
   *
   * @param scope the parent, usually the App (it creates no resource, so it need not be in a stack)
   * @param id the construct id
   * @param props the record, its zone and the defaults of every Region
   */
  constructor(scope: Construct, id: string, props: ActiveActiveFailoverProps) {
    super(scope, id);
    // Records take the bare id: '/hostedzone/Z0123...' (as the API returns it) is normalized once, here.
    const hostedZoneId = plainValue('hostedZoneId', props.hostedZoneId);
    this.hostedZoneId = normalizeHostedZoneId(hostedZoneId);
    this.zoneName = plainValue('zoneName', props.zoneName).replace(/\.$/, '');
    this.failoverName = plainValue('failoverName', props.failoverName ?? id);
    if (props.recordName !== undefined) {
      plainValue('recordName', props.recordName);
    }
    const subject = `ActiveActiveFailover '${this.node.path}'`;
    throwIfAny(this, checkHostedZone(hostedZoneId, this.zoneName), subject);
    throwIfAny(this, [
      ...checkBoolean('evaluateTargetHealth', props.evaluateTargetHealth),
      ...checkBoolean('evacuationSwitch', props.evacuationSwitch),
      ...checkBoolean('notifications', props.notifications),
      ...checkBoolean('notifyOnEveryAlarm', props.notifyOnEveryAlarm),
      ...checkSignalList('defaultSignals', props.defaultSignals),
    ], subject);
    this.recordName = qualifyRecordName(props.recordName, this.zoneName);
    // A wildcard record is fine; its Regions then need names of their own (regionalRecordName).
    throwIfAny(this, checkDnsName('recordName', this.recordName, { wildcard: true }), subject);
    throwIfAny(this, checkRecordInZone('recordName', this.recordName, this.zoneName), subject);
    if (!isUsableName(this.failoverName)) {
      throw new Error(
        `[AAF-FAILOVER-NAME] ActiveActiveFailover '${this.node.path}': 'failoverName' ${USABLE_NAME_DESCRIPTION}, got: '${this.failoverName}'. `
        + `It names alarms and set identifiers${props.failoverName === undefined ? ' and defaults to the construct id' : ''}.`,
      );
    }
    claimInApp(this.node.root, `record:${this.hostedZoneId}:${this.recordName}`, this,
      'recordName', `'${this.recordName}' in zone ${this.hostedZoneId}`);
    claimInApp(this.node.root, `name:${this.failoverName}`, this, 'failoverName', `'${this.failoverName}'`);
    this.evaluateTargetHealth = props.evaluateTargetHealth ?? true;
    this.defaultSignals = [...(props.defaultSignals ?? [])];
    this.healthCheckQuota = props.healthCheckQuota ?? DEFAULT_HEALTH_CHECK_QUOTA;
    this.evacuationSwitch = props.evacuationSwitch ?? true;
    this.probe = props.probe ?? {};
    this.notifications = props.notifications ?? false;
    this.notifyOnEveryAlarm = props.notifyOnEveryAlarm ?? false;
    if (props.failbackPolicy !== undefined && !(props.failbackPolicy instanceof FailbackPolicy)) {
      throw new Error(`[AAF-FAILBACK-POLICY] ActiveActiveFailover '${this.node.path}': 'failbackPolicy' must be a FailbackPolicy `
        + `(FailbackPolicy.automatic() or FailbackPolicy.operatorConfirmed()), got: ${JSON.stringify(props.failbackPolicy)}. `
        + 'Fix: use one of the two factories; a plain value would be ignored and the Region would fail back automatically.');
    }
    this.failbackPolicy = props.failbackPolicy ?? FailbackPolicy.automatic();
    // A token (a deploy-time value) is accepted, and the synth-time quota warning skipped: it cannot be compared.
    if (!Token.isUnresolved(this.healthCheckQuota) && (!Number.isInteger(this.healthCheckQuota) || this.healthCheckQuota < 1)) {
      throw new Error(`[AAF-FAILOVER-HEALTHCHECK-QUOTA] ${subject}: 'healthCheckQuota' must be a whole number of at least 1, `
        + `got: ${this.healthCheckQuota}. Fix: pass your account's quota of active Route 53 health checks (Service Quotas), `
        + `or leave it unset (${DEFAULT_HEALTH_CHECK_QUOTA}).`);
    }
  }

  /**
   * The Regions of this failover, in the order they were added.
   */
  public get regions(): FailoverRegion[] {
    return [...this._regions];
  }

  /**
   * The number of Route 53 health checks all Regions of this failover create.
   */
  public get healthCheckCount(): number {
    return this._regions.reduce((sum, r) => sum + r.healthCheckCount, 0);
  }

  /**
   * Adds a Region: creates a `FailoverRegion` in `scope`, which must be in
   * the Region's stack (the stack of its load balancer).
   *
   * @param scope a construct in the Region's stack
   * @param id the construct id, unique within `scope`
   * @param options the Region's load balancer, signals and overrides of the failover's defaults
   */
  public addRegion(scope: Construct, id: string, options: FailoverRegionOptions): FailoverRegion {
    return new FailoverRegion(scope, id, { ...options, failover: this });
  }

  /**
   * The Regions, read during synthesis by `reader` (a Region's checks across
   * Regions, a dashboard's widgets). From then on no Region may be added: the
   * reader would not see it.
   *
   * @internal
   */
  public _regionsAtSynth(reader: IConstruct): FailoverRegion[] {
    this._readAtSynthBy ??= reader.node.path;
    return this.regions;
  }

  /**
   * Registers a Region. Called by `FailoverRegion`; rejects a Region that is
   * already part of this failover, or that comes after the Regions were read
   * at synth time.
   *
   * @internal
   */
  public _register(region: FailoverRegion): void {
    if (this._readAtSynthBy !== undefined) {
      throw new Error(
        `[AAF-REGION-AFTER-SYNTH] FailoverRegion '${region.node.path}': every Region must be added to failover `
        + `'${this.failoverName}' before any part of it is synthesized, got this Region after '${this._readAtSynthBy}' was `
        + `synthesized with the ${this._regions.length} Region(s) added before (its checks across Regions, or its dashboard `
        + 'widgets, would leave this one out). Fix: CDK Pipelines synthesizes a Stage as soon as it is added '
        + '(pipeline.addStage, wave.addStage): create every Region\'s Stage, and the dashboard\'s, before adding any of them to the pipeline. '
        + 'In tests, add every Region before the first Template.fromStack or Annotations.fromStack, which synthesize.',
      );
    }
    const clash = this._regions.find(r => !Token.isUnresolved(r.region) && r.region === region.region);
    if (clash) {
      throw new Error(
        `[AAF-REGION-DUPLICATE] FailoverRegion '${region.node.path}': 'region' must be unique within failover `
        + `'${this.failoverName}', got: '${region.region}', already served by '${clash.node.path}'. `
        + 'Fix: add one FailoverRegion per Region; put several load balancers of one Region behind one of them.',
      );
    }
    this.checkPartition(region);
    const sameId = this._regions.find(r => !Token.isUnresolved(r.setIdentifier) && r.setIdentifier === region.setIdentifier);
    if (sameId) {
      throw new Error(
        `[AAF-RECORD-SET-IDENTIFIER-DUPLICATE] FailoverRegion '${region.node.path}': 'setIdentifier' must be unique within `
        + `failover '${this.failoverName}', got: '${region.setIdentifier}', already used by '${sameId.node.path}'. `
        + 'Fix: leave setIdentifier unset (it defaults to <failoverName>-<region>) or choose another one.',
      );
    }
    const sameName = this._regions.find(r => r.regionalRecordName === region.regionalRecordName);
    if (sameName) {
      throw new Error(
        `[AAF-RECORD-NAME] FailoverRegion '${region.node.path}': 'regionalRecordName' must be unique within failover `
        + `'${this.failoverName}', got: '${region.regionalRecordName}', already used by '${sameName.node.path}'. `
        + 'Fix: leave regionalRecordName unset (it defaults to <region>.<recordName>) or choose another one.',
      );
    }
    claimInApp(this.node.root, `record:${this.hostedZoneId}:${region.regionalRecordName}`, region,
      'regionalRecordName', `'${region.regionalRecordName}' in zone ${this.hostedZoneId}`);
    this._regions.push(region);
  }

  /** Rejects a Region of another partition than the Regions already added: one hosted zone lives in one partition. */
  private checkPartition(region: FailoverRegion): void {
    if (Token.isUnresolved(region.region)) {
      return;
    }
    const others = this._regions.map(r => r.region).filter(r => !Token.isUnresolved(r));
    throwIfAny(region, checkSamePartition('region', region.region, others, `failover '${this.failoverName}' (hosted zone ${this.hostedZoneId})`));
  }
}

/**
 * What each app's failovers and Regions have claimed: record names and failover
 * names. Keyed by the app's root construct, so nothing leaks between apps (or tests).
 */
const CLAIMS_BY_APP = new WeakMap<IConstruct, Map<string, IConstruct>>();

/**
 * Claims `key` in the app of `root` for `owner`, or throws when another
 * construct holds it: two failovers must not share a record or a name, and no
 * Region's own name may be another failover's record.
 */
function claimInApp(root: IConstruct, key: string, owner: IConstruct, property: string, value: string): void {
  const claimed = CLAIMS_BY_APP.get(root) ?? new Map<string, IConstruct>();
  CLAIMS_BY_APP.set(root, claimed);
  const other = claimed.get(key);
  if (other && other !== owner) {
    throw new Error(
      `[AAF-FAILOVER-DUPLICATE] ${owner instanceof ActiveActiveFailover ? 'ActiveActiveFailover' : 'FailoverRegion'} `
      + `'${owner.node.path}': '${property}' must be unique in the app, got: ${value}, already used by '${other.node.path}'. `
      + 'Fix: serve each record from one failover (add Regions to it), and give each failover and Region names of their own.',
    );
  }
  claimed.set(key, owner);
}

/** Returns the value, or throws when it is a token or not a string (from JavaScript or another jsii language). */
function plainValue(property: string, value: string): string {
  if (typeof value !== 'string' || Token.isUnresolved(value)) {
    throw new Error(
      `[AAF-FAILOVER-TOKEN] ActiveActiveFailover: '${property}' must be a plain string, got ${describeValue(value)}. `
      + 'Every Region copies this value into its own stack; a token would create a cross-stack or cross-Region '
      + 'reference. Fix: pass the literal value (for example from configuration or context).',
    );
  }
  if (value.trim() === '') {
    throw new Error(`[AAF-FAILOVER-EMPTY] ActiveActiveFailover: '${property}' must not be empty, got: '${value}'. `
      + `Fix: pass the value${property === 'recordName' ? ', or leave recordName unset for the zone apex' : ''}.`);
  }
  return value;
}
