/**
 * The one builder of "an alarm Route 53 can read, its CLOUDWATCH_METRIC health
 * check, the check's Name tag and its re-sync digest", used by the signals
 * (mirrored ones included) and the evacuation switch. Not part of the public API.
 */
import { Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { AlarmInspection, inspectAlarm, placementOfAlarm } from './alarm-inspection';
import { addWarning } from './warnings';
import {
  AlarmSettings, checkKnownAtSynth, checkMissingDataAgreement, checkRoute53Alarm, route53AlarmFingerprint,
} from '../model/route53-alarm-rules';
import { formatViolation, RuleViolation } from '../model/violation';
import { WarningId } from '../model/warnings';

/** What an alarm Route 53 can read watches, and how. */
export interface Route53AlarmProps {
  readonly alarmName: string;
  readonly alarmDescription: string;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  /** Every one of these periods must breach: Route 53 reads no "M out of N". */
  readonly evaluationPeriods: number;
  readonly treatMissingData: cloudwatch.TreatMissingData;
}

/** Creates, as `scope/Alarm`, an alarm whose DatapointsToAlarm equals its EvaluationPeriods. */
export function createRoute53Alarm(scope: Construct, props: Route53AlarmProps): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, 'Alarm', { ...props, datapointsToAlarm: props.evaluationPeriods });
}

/** Properties of the health check that follows an alarm. */
export interface AlarmHealthCheckProps {
  /** What the health check reports while the alarm's metric has no data. */
  readonly insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum;
  /** The Name tag the Route 53 console shows. */
  readonly name: string;
}

/**
 * A CLOUDWATCH_METRIC health check (`scope/HealthCheck`) that follows an
 * alarm. `syncAtSynth` checks the alarm against Route 53's rules, once, and
 * gives the check a logical ID that carries a digest of the alarm's settings.
 */
export class AlarmHealthCheck {
  /** The health check. */
  public readonly healthCheck: route53.HealthCheck;

  private readonly insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum;

  constructor(scope: Construct, public readonly alarm: cloudwatch.IAlarm, props: AlarmHealthCheckProps) {
    this.insufficientDataHealthStatus = props.insufficientDataHealthStatus;
    this.healthCheck = new route53.HealthCheck(scope, 'HealthCheck', {
      type: route53.HealthCheckType.CLOUDWATCH_METRIC,
      // An alarm imported by ARN has the stack's Region in aws-cdk-lib: its ARN's Region is the alarm's.
      alarmIdentifier: { name: alarm.alarmName, region: placementOfAlarm(alarm).region ?? alarm.env.region },
      insufficientDataHealthStatus: props.insufficientDataHealthStatus,
    });
    nameHealthCheck(this.healthCheck, props.name);
  }

  /**
   * Run during synthesis, once every construct (and escape hatch) is
   * configured: throws when Route 53 cannot read the alarm (each violation
   * on a line of its own, then `hint` when a violation other than
   * `unhintedRule` is among them), and re-syncs the health check with the
   * alarm's settings when they can be seen.
   *
   * @returns what could be seen of the alarm
   */
  public syncAtSynth(subject: string, hint?: { readonly text: string; readonly unlessOnly: string }): AlarmInspection {
    const inspection = inspectAlarm(this.alarm);
    const stackAccount = Stack.of(this.healthCheck).account;
    const account = Token.isUnresolved(stackAccount) ? undefined : stackAccount;
    const violations: RuleViolation[] = checkRoute53Alarm(inspection.settings ?? { composite: false, accountId: inspection.account }, account);
    violations.push(...(inspection.settings ? checkKnownAtSynth(inspection.settings) : []));
    if (violations.length > 0) {
      const withHint = hint && violations.some(v => v.ruleId !== hint.unlessOnly) ? hint.text : '';
      throw new Error(violations.map(v => formatViolation(subject, v)).join('\n') + withHint);
    }
    if (inspection.settings) {
      resyncWith(this.healthCheck, inspection.settings);
      const status = this.insufficientDataHealthStatus;
      for (const v of checkMissingDataAgreement(WarningId.MISSING_DATA_MISMATCH, inspection.settings.treatMissingData, status)) {
        addWarning(this.healthCheck.node.scope!, WarningId.MISSING_DATA_MISMATCH, formatViolation(subject, v));
      }
    }
    return inspection;
  }
}

/** Gives a health check the Name tag the Route 53 console shows. */
export function nameHealthCheck(healthCheck: route53.HealthCheck, name: string): void {
  (healthCheck.node.defaultChild as route53.CfnHealthCheck).healthCheckTags = [{ key: 'Name', value: name }];
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
