import { Annotations, CfnResource, IAspect, Stack, Stage, Token } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { IConstruct } from 'constructs';
import { lookUpAlarm } from './alarm-lookup';
import { alarmNameWithTargets, AppIndex, guardResource, indexApp } from './app-index';
import { GUARD_RULE_IDS, GUARD_RULES } from './rules/all';
import { GuardHealthCheck, GuardResource, GuardStackContext } from './rules/rule';
import { unguardedStages, unguardedStagesMessage } from './stages';
import { formatViolation } from '../model/violation';
import { addWarning } from '../private/warnings';

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
 * when that alarm is defined in the same app (by construct reference, also
 * across stacks, through `Fn::ImportValue` of an export of the app, or by
 * literal name) and reports every alarm Route 53 would reject (a percentile,
 * metric math, "M out of N", a high-resolution period, ...) with a stable rule
 * id, the offending value and the fix. Findings are error annotations on the
 * health check or record, so synthesis fails.
 *
 * Apply it to a Stack, a Stage or an App. Aspects added to an App do not reach
 * into its Stages: apply it to each Stage as well. A guard on an App (or
 * Stage) fails synthesis with AAF-GUARD-STAGE when a nested Stage holds Route
 * 53 health checks or records and no guard of its own, rather than check
 * nothing there. Latency records are compared across the whole app.
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
   * The app's alarms, records and exports, found once per Stage synthesized.
   * CDK Pipelines synthesizes each Stage as it is added, so one guard shared
   * by several Stages must look again for each: the resources of a later
   * Stage do not exist yet when an earlier one is synthesized.
   */
  private readonly indexByStage = new WeakMap<IConstruct, AppIndex>();

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
    if (Stage.isStage(node)) {
      // The root of this synthesis: its nested Stages were synthesized already, without this guard.
      const unguarded = unguardedStages(node, aspect => aspect instanceof Route53AlarmGuard);
      if (unguarded.length > 0) {
        throw new Error(`[AAF-GUARD-STAGE] ${unguardedStagesMessage(node, unguarded)}`);
      }
      return;
    }
    if (!Stack.isStack(node)) {
      return;
    }
    const context = this.contextOf(node);
    for (const rule of GUARD_RULES) {
      for (const finding of rule.check(context)) {
        this.report(finding.resource, formatViolation(
          `${isRecord(finding.resource) ? 'Record' : 'Health check'} '${finding.resource.path}'`, finding.violation,
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
    const index = this.indexOf(stack);
    const own = stack.node.findAll().filter((c): c is CfnResource => c instanceof CfnResource && Stack.of(c) === stack);
    const healthChecks: GuardHealthCheck[] = own
      .filter(c => c.cfnResourceType === route53.CfnHealthCheck.CFN_RESOURCE_TYPE_NAME)
      .map(c => {
        const base = guardResource(c);
        const rendered = base.properties.HealthCheckConfig;
        // A config that is not an object (a token, a wrong type) has no field Route 53 could read.
        const config: Record<string, any> = rendered && typeof rendered === 'object' && !Array.isArray(rendered) ? rendered : {};
        const lookup = lookUpAlarm({ stack, config, markedName: () => alarmNameWithTargets(c) }, index);
        return { ...base, config, lookup, alarm: lookup.kind === 'found' ? lookup.alarm : undefined };
      });
    const stackPath = stack.node.path;
    const records = index.records.filter(r => r.stack === stackPath);
    const types = new Map(own.map(c => [stack.resolve(c.logicalId) as string, c.cfnResourceType]));
    return {
      stack: stackPath,
      account: Token.isUnresolved(stack.account) ? undefined : stack.account,
      region: Token.isUnresolved(stack.region) ? undefined : stack.region,
      healthChecks,
      records,
      appRecords: index.records,
      healthCheck: logicalId => healthChecks.find(h => h.logicalId === logicalId),
      resourceType: logicalId => types.get(logicalId),
    };
  }

  private indexOf(stack: Stack): AppIndex {
    const stage = Stage.of(stack) ?? stack.node.root;
    let index = this.indexByStage.get(stage);
    if (!index) {
      index = indexApp(stack.node.root);
      this.indexByStage.set(stage, index);
    }
    return index;
  }
}

/** Whether a finding's resource is a record (otherwise a health check), by its type: a hand-made record may lack its Type property. */
function isRecord(resource: GuardResource): boolean {
  return resource.construct instanceof CfnResource && resource.construct.cfnResourceType === route53.CfnRecordSet.CFN_RESOURCE_TYPE_NAME;
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
