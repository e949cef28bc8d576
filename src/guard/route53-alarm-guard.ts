import { Annotations, CfnResource, IAspect, Stack, Stage, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { IConstruct } from 'constructs';
import { formatViolation } from '../model/violation';
import { renderedResource } from '../private/cfn';
import { addWarning } from '../private/warnings';
import { GUARD_RULE_IDS, GUARD_RULES } from './rules/all';
import { GuardAlarm, GuardHealthCheck, GuardResource, GuardStackContext, refTarget } from './rules/rule';

/** The metadata type of an acknowledged finding. */
const ACKNOWLEDGED = 'cdk-active-active-failover:guard-acknowledged';

/**
 * Properties of a `Route53AlarmGuard`.
 */
export interface Route53AlarmGuardProps {
  /**
   * Report findings as warnings instead of errors, so `cdk synth` and
   * `cdk deploy` go on (`--strict` still stops on them).
   *
   * @default false - findings are errors
   */
  readonly reportAsWarnings?: boolean;
}

/**
 * An aspect that checks every Route 53 health check and record in its scope
 * against the rules Route 53 enforces, including health checks and records
 * made without this library.
 *
 * For a CLOUDWATCH_METRIC health check, it finds the alarm the check names
 * when that alarm is defined in the same app (by construct reference or by
 * literal name) and reports every alarm Route 53 would reject (a percentile,
 * metric math, "M out of N", a high-resolution period, ...) with a stable rule
 * id, the offending value and the fix. Findings are error annotations on the
 * health check or record, so synthesis fails.
 *
 * Apply it to a Stack, a Stage or an App. Aspects added to an App do not reach
 * into its Stages: apply it to each Stage as well.
 */
export class Route53AlarmGuard implements IAspect {
  /**
   * Acknowledges one finding on one construct, with the reason: the guard then
   * reports it as information instead of an error or warning.
   *
   * @param scope the health check or record (or its L2 construct)
   * @param ruleId the finding's rule id, for example 'AAF-ALARM-M-OF-N'
   * @param reason why this finding is acceptable here
   */
  public static acknowledge(scope: IConstruct, ruleId: string, reason: string): void {
    if (!GUARD_RULE_IDS.includes(ruleId)) {
      throw new Error(
        `[AAF-GUARD-ACKNOWLEDGE] Route53AlarmGuard.acknowledge: 'ruleId' must be a rule id of the guard, got: '${ruleId}'. `
        + `Allowed: ${GUARD_RULE_IDS.join(', ')}.`,
      );
    }
    if (reason.trim() === '') {
      throw new Error(`[AAF-GUARD-ACKNOWLEDGE] Route53AlarmGuard.acknowledge: 'reason' must say why ${ruleId} is acceptable on '${scope.node.path}', got an empty string.`);
    }
    scope.node.addMetadata(ACKNOWLEDGED, { ruleId, reason });
  }

  private readonly reportAsWarnings: boolean;
  /**
   * The app's alarms, found once per Stage synthesized. CDK Pipelines
   * synthesizes each Stage as it is added, so one guard shared by several
   * Stages must look again for each: alarms of a later Stage do not exist yet
   * when an earlier one is synthesized.
   */
  private readonly alarmsByStage = new WeakMap<IConstruct, AppAlarm[]>();

  /**
   * Creates the guard.
   *
   * @param props how findings are reported
   */
  constructor(props: Route53AlarmGuardProps = {}) {
    this.reportAsWarnings = props.reportAsWarnings ?? false;
  }

  /**
   * Checks the Route 53 health checks and records of each stack in scope (the CDK calls it for every construct).
   *
   * @param node the construct to check
   */
  public visit(node: IConstruct): void {
    if (!Stack.isStack(node)) {
      return;
    }
    const context = this.contextOf(node);
    for (const rule of GUARD_RULES) {
      for (const finding of rule.check(context)) {
        this.report(finding.resource, formatViolation(
          `${finding.resource.properties.Type ? 'Record' : 'Health check'} '${finding.resource.path}'`, finding.violation,
        ), finding.violation.ruleId, rule.warningOnly === true);
      }
    }
  }

  private report(resource: GuardResource, message: string, ruleId: string, warningOnly: boolean): void {
    const ack = acknowledgement(resource.construct, ruleId);
    const annotations = Annotations.of(resource.construct);
    if (ack !== undefined) {
      annotations.addInfo(`${message} Acknowledged: ${ack}`);
    } else if (warningOnly || this.reportAsWarnings) {
      addWarning(resource.construct, ruleId, message);
    } else {
      annotations.addError(message);
    }
  }

  private contextOf(stack: Stack): GuardStackContext {
    const resolve = (resource: CfnResource): GuardResource => ({ construct: resource, path: resource.node.path, ...renderedResource(resource) });
    const own = stack.node.findAll().filter((c): c is CfnResource => c instanceof CfnResource && Stack.of(c) === stack);
    const healthChecks: GuardHealthCheck[] = own
      .filter(c => c.cfnResourceType === route53.CfnHealthCheck.CFN_RESOURCE_TYPE_NAME)
      .map(c => {
        const base = resolve(c);
        const config = base.properties.HealthCheckConfig ?? {};
        return { ...base, config, alarm: config.Type === 'CLOUDWATCH_METRIC' ? this.alarmOf(stack, config.AlarmIdentifier?.Name, config.AlarmIdentifier?.Region) : undefined };
      });
    const records = own
      .filter(c => c.cfnResourceType === route53.CfnRecordSet.CFN_RESOURCE_TYPE_NAME)
      .map(resolve);
    const account = Token.isUnresolved(stack.account) ? undefined : stack.account;
    return {
      account,
      healthChecks,
      records,
      healthCheck: logicalId => healthChecks.find(h => h.logicalId === logicalId),
    };
  }

  /**
   * The alarm a health check names: a Ref to an alarm of its stack, or a
   * literal name of an alarm of the app. Alarm names are unique per Region
   * only: a literal name means the alarm of that name in the check's
   * `AlarmIdentifier.Region`, or, if no alarm of that name is there, the only
   * alarm of that name in the app (so a check naming the wrong Region is
   * reported); with several elsewhere, none is judged.
   */
  private alarmOf(stack: Stack, name: unknown, region: unknown): GuardAlarm | undefined {
    const ref = refTarget(name);
    const alarms = this.alarmsOf(stack);
    if (ref !== undefined) {
      // The logical ID as rendered, so an overridden one (overrideLogicalId) matches too.
      return alarms.find(a => Stack.of(a.construct) === stack && stack.resolve(a.construct.logicalId) === ref)?.alarm;
    }
    if (typeof name !== 'string') {
      return undefined;
    }
    const named = alarms.filter(a => a.name === name).map(a => a.alarm);
    return named.find(a => a.region !== undefined && a.region === region) ?? (named.length === 1 ? named[0] : undefined);
  }

  private alarmsOf(stack: Stack): AppAlarm[] {
    const stage = Stage.of(stack) ?? stack.node.root;
    let alarms = this.alarmsByStage.get(stage);
    if (!alarms) {
      alarms = stack.node.root.node.findAll()
        .filter((c): c is CfnResource => c instanceof cloudwatch.CfnAlarm || c instanceof cloudwatch.CfnCompositeAlarm)
        .map(construct => {
          const alarmStack = Stack.of(construct);
          const { properties } = renderedResource(construct);
          const alarm: GuardAlarm = {
            path: construct.node.path,
            region: Token.isUnresolved(alarmStack.region) ? undefined : alarmStack.region,
            composite: construct instanceof cloudwatch.CfnCompositeAlarm,
            properties,
          };
          return { construct, alarm, name: typeof properties.AlarmName === 'string' ? properties.AlarmName : undefined };
        });
      this.alarmsByStage.set(stage, alarms);
    }
    return alarms;
  }
}

/** An alarm of the app, with its construct and its literal name (if it has one). */
interface AppAlarm {
  readonly construct: CfnResource;
  readonly alarm: GuardAlarm;
  readonly name?: string;
}

/** The reason a finding was acknowledged on the resource or one of its parents up to its L2 construct. */
function acknowledgement(resource: IConstruct, ruleId: string): string | undefined {
  for (const scope of [resource, resource.node.scope].filter((s): s is IConstruct => s !== undefined)) {
    const entry = scope.node.metadata.find(m => m.type === ACKNOWLEDGED && (m.data as any).ruleId === ruleId);
    if (entry) {
      return (entry.data as any).reason;
    }
  }
  return undefined;
}
