/**
 * A Region's health tree: each signal bound to the Region, with its alarm's
 * health check, and the calculated health check over them. Not part of the
 * public API.
 */
import { Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { checkSignalList } from '../model/input-rules';
import { regionName, signalAlarmName } from '../model/names';
import { checkCalculatedHealthCheck } from '../model/route53-record-rules';
import { WarningId } from '../model/warnings';
import { AlarmHealthCheck, nameHealthCheck } from '../private/route53-alarm';
import { throwIfAny } from '../private/violations';
import { addWarning } from '../private/warnings';
import { FailoverSignal } from '../signals/failover-signal';
import { SignalBindContext, SignalConfig } from '../signals/signal-types';

/** A signal bound to a Region, with the health check that follows its alarm. */
export interface BoundSignal {
  readonly signalName: string;
  readonly config: SignalConfig;
  readonly check: AlarmHealthCheck;
}

/** What a Region's health tree is built from (signals with unique names: `checkSignalNames`). */
export interface HealthTreeProps {
  readonly signals: FailoverSignal[];
  readonly context: SignalBindContext;
  /** As the user gave it (undefined: every signal). */
  readonly minHealthySignals?: number;
}

/** The signals' health checks and the check that combines them. */
export class HealthTree {
  /** The signals, bound, in their order. */
  public readonly bound: BoundSignal[] = [];
  /** How many signals must be healthy. */
  public readonly minHealthySignals: number;
  /** The signals' health check: the one signal's, the calculated one, or none. */
  public readonly healthCheck?: route53.IHealthCheck;

  /**
   * Binds each signal in `scope/Signals/<signalName>` and creates its health
   * check there; with two or more signals, the calculated check `scope/HealthCheck`.
   */
  constructor(private readonly scope: Construct, props: HealthTreeProps) {
    const signalsScope = new Construct(scope, 'Signals');
    for (const signal of props.signals) {
      const signalScope = new Construct(signalsScope, signal.signalName);
      const config = signal.bind(signalScope, props.context);
      const check = new AlarmHealthCheck(signalScope, config.alarm, {
        insufficientDataHealthStatus: config.insufficientDataHealthStatus,
        name: signalAlarmName(props.context.failoverName, props.context.region, signal.signalName),
      });
      this.bound.push({ signalName: signal.signalName, config, check });
    }
    // With fewer than two signals there is no calculated check and minHealthySignals is ignored (with a
    // warning): every signal must be healthy, and the health alarm must say the same.
    this.minHealthySignals = this.bound.length < 2 ? this.bound.length : props.minHealthySignals ?? this.bound.length;
    this.healthCheck = this.combine(props.context, props.minHealthySignals);
  }

  /** One alarm per signal, in the order of the signals. */
  public get alarms(): cloudwatch.IAlarm[] {
    return this.bound.map(b => b.config.alarm);
  }

  /** One health check per signal, in the order of the signals. */
  public get signalHealthChecks(): route53.IHealthCheck[] {
    return this.bound.map(b => b.check.healthCheck);
  }

  /** The number of health checks: one per signal, plus the calculated one. */
  public get healthCheckCount(): number {
    return this.bound.length + (this.bound.length > 1 ? 1 : 0);
  }

  private combine(context: SignalBindContext, given: number | undefined): route53.IHealthCheck | undefined {
    const children = this.signalHealthChecks;
    if (given !== undefined && children.length < 2) {
      addWarning(this.scope, WarningId.MIN_HEALTHY_IGNORED,
        `FailoverRegion '${this.scope.node.path}': 'minHealthySignals' is ignored with fewer than two signals (got ${children.length}).`);
    }
    if (children.length <= 1) {
      return children[0];
    }
    const threshold = this.minHealthySignals;
    throwIfAny(this.scope, checkCalculatedHealthCheck('signals', children.length, 'minHealthySignals',
      Token.isUnresolved(threshold) ? 1 : threshold, 1));
    const healthCheck = new route53.HealthCheck(this.scope, 'HealthCheck', {
      type: route53.HealthCheckType.CALCULATED,
      childHealthChecks: children,
      healthThreshold: threshold,
    });
    nameHealthCheck(healthCheck, regionName(context.failoverName, context.region));
    return healthCheck;
  }
}

/** Checks that the signals' names are unique within the Region. */
export function checkSignalNames(scope: Construct, signals: FailoverSignal[]): void {
  // From JavaScript or another jsii language, an entry may be anything (undefined, a props object).
  throwIfAny(scope, checkSignalList('signals', signals));
  const seen = new Set<string>();
  for (const signal of signals) {
    if (seen.has(signal.signalName)) {
      throw new Error(
        `[AAF-SIGNAL-NAME] FailoverRegion '${scope.node.path}': 'signals' must have unique names, got '${signal.signalName}' twice. `
        + 'Fix: give one of them another signalName.',
      );
    }
    seen.add(signal.signalName);
  }
}
