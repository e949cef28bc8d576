import { Arn, ArnFormat, CfnOutput, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DrillFault, FailoverDrillProps, PreparedTaskDefinition, PrepareTaskDefinitionOptions } from './drill-options';
import { PropSettings, propSettings } from './drill-settings';
import { createExperimentRole } from './experiment-role';
import { DrilledService, loadBalancerSubnetCidrs, readService } from './service-facts';
import { prepareTaskDefinition } from './task-definition';
import type { FailoverRegion } from '../../failover-region';
import { DRILL_ACTION_KEY, DRILL_TARGET_KEY } from '../../model/drill/contract';
import {
  checkAlarmRegion, checkLatency, checkPort, checkPrerequisites, checkSources, checkStopConditionCount,
} from '../../model/drill/drill-rules';
import { actionParameters, drillDescription, DrillSettings, drillTags } from '../../model/drill/drill-template';
import { faultAction, LOG_SCHEMA_VERSION } from '../../model/drill/fis-actions';
import { checkBoolean } from '../../model/input-rules';
import { drillSafetyAlarmName, drillTemplateName } from '../../model/names';
import { RuleViolation } from '../../model/violation';
import { checkAtSynth } from '../../private/synth-aspect';
import { RETENTIONS } from '../../republisher/republisher-settings';
import { DEFAULT_MIN_REQUESTS, errorRateExpression, throwViolations } from '../../signals/signal-helpers';

/** An alarm's Region: from its ARN when it is a plain value (an imported alarm), else its stack's. */
function regionOfAlarm(alarm: cloudwatch.IAlarm): string {
  return Token.isUnresolved(alarm.alarmArn) ? Stack.of(alarm).region : Arn.split(alarm.alarmArn, ArnFormat.COLON_RESOURCE_NAME).region ?? '';
}

/** The drill of each Region, per app (a Region has at most one). */
const DRILLS = new WeakMap<FailoverRegion, FailoverDrill>();

/**
 * Fault-injection drills of one Region: an AWS Fault Injection Service (FIS)
 * experiment template per gray failure, injected into the Region's ECS
 * service for a bounded time, with the stop conditions, role and logs they
 * need. Creating it runs nothing: an operator starts an experiment
 * (`aws fis start-experiment`), and FIS bills per action-minute while it runs.
 *
 * Each template holds one action (FIS runs the network actions of a task one
 * at a time), on `PERCENT(taskPercent)` of the service's tasks, and stops on
 * the drill's safety alarm (the Region's failing requests beyond what the
 * drill intends), on your alarms, and optionally on the other Regions'
 * health alarms. The service's task definition must be prepared first
 * (`FailoverDrill.prepareTaskDefinition`).
 */
export class FailoverDrill extends Construct {
  /**
   * Prepares an ECS task definition for drills: the SSM agent sidecar (a
   * non-essential container running this library's registration script),
   * the managed-instance role it registers with, the task role's
   * ssm:CreateActivation, ssm:AddTagsToResource and iam:PassRole and, for the
   * network faults, `pidMode: task` and `EnableFaultInjection` (awsvpc or
   * host networking required). Call it once per task definition.
   *
   * @param taskDefinition the drilled service's task definition
   * @param options the faults it must support
   */
  public static prepareTaskDefinition(taskDefinition: ecs.TaskDefinition, options: PrepareTaskDefinitionOptions = {}): PreparedTaskDefinition {
    return prepareTaskDefinition(taskDefinition, options);
  }

  /** The drilled faults, one experiment template each. */
  public readonly faults: DrillFault[];

  /** The role FIS runs the experiments with. */
  public readonly role: iam.IRole;

  /** The safety alarm, a stop condition of every template: the Region's failing requests beyond the drills' intent. */
  public readonly safetyAlarm: cloudwatch.IAlarm;

  /** The log group of the experiments' logs. */
  public readonly logGroup: logs.ILogGroup;

  private readonly region: FailoverRegion;
  private readonly service: ecs.IBaseService;
  private readonly settings: PropSettings;
  private readonly extraAlarms: cloudwatch.IAlarm[];
  private readonly crossRegion: boolean;
  private readonly templates = new Map<string, fis.CfnExperimentTemplate>();
  private resolvedSettings?: DrillSettings;

  /**
   * Creates a Region's drills (the same as `region.addDrill(id, options)`).
   *
   * @param scope a construct in the Region's stack
   * @param id the construct id
   * @param props the Region, its service and the drills' settings
   */
  constructor(scope: Construct, id: string, props: FailoverDrillProps) {
    super(scope, id);
    const region = this.region = props.region;
    const subject = `FailoverDrill '${this.node.path}'`;
    const other = DRILLS.get(region);
    if (other) {
      throw new Error(`[AAF-DRILL-DUPLICATE] ${subject}: 'region' must have one drill, got: Region ${region.region} `
        + `already drilled by '${other.node.path}'. Fix: drill every fault of a Region with one FailoverDrill ('faults').`);
    }
    DRILLS.set(region, this);
    this.settings = propSettings(subject, props);
    this.faults = this.settings.faults as DrillFault[];
    this.service = props.service;
    this.extraAlarms = [...new Set(props.stopConditionAlarms ?? [])];
    if (this.extraAlarms.some(a => a === null || a === undefined || typeof (a as cloudwatch.IAlarm).alarmArn !== 'string')) {
      throw new Error(`[AAF-DRILL-STOP-CONDITIONS] ${subject}: 'stopConditionAlarms' must list alarms (cloudwatch.IAlarm), got: `
        + `[${this.extraAlarms.map(a => (a === null || a === undefined ? String(a) : (a as any).alarmArn ?? typeof a)).join(', ')}]. `
        + 'Fix: pass alarms of the drilled Region, each once.');
    }
    if ((props.service as { cluster?: unknown }).cluster === undefined) {
      throw new Error(`[AAF-DRILL-SERVICE] ${subject}: 'service' must be a service whose cluster is known, got: ${props.service.serviceArn} `
        + '(imported by its ARN alone). Fix: import it with FargateService.fromFargateServiceAttributes / Ec2Service.fromEc2ServiceAttributes '
        + 'giving its cluster, or pass the service construct itself.');
    }
    this.crossRegion = props.crossRegionStopConditions ?? false;
    throwViolations(subject, [
      ...checkBoolean('crossRegionStopConditions', props.crossRegionStopConditions),
      ...this.extraAlarms.flatMap((a, i) => {
        const alarmRegion = regionOfAlarm(a);
        return Token.isUnresolved(alarmRegion) ? [] : checkAlarmRegion(`stopConditionAlarms[${i}]`, alarmRegion, region.region);
      }),
      ...checkStopConditionCount('stopConditionAlarms', { safety: 1, crossRegion: 0, extra: this.extraAlarms.length }),
    ]);

    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    if (!Token.isUnresolved(retention) && !RETENTIONS.includes(retention)) {
      throw new Error(`[AAF-DRILL-LOG-RETENTION] ${subject}: 'logRetention' must be a retention CloudWatch Logs accepts (a number of days of `
        + `logs.RetentionDays), got: ${retention}. Fix: pass a member of logs.RetentionDays, or leave it unset (one month).`);
    }
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention });
    this.role = createExperimentRole(this, this.settings.faults, props.service.cluster);
    this.safetyAlarm = this.createSafetyAlarm();
    for (const fault of this.settings.faults) {
      this.templates.set(fault, this.createTemplate(fault as DrillFault));
    }
    checkAtSynth(this, () => this.resolved());
  }

  /**
   * The experiment template of a drilled fault.
   *
   * @param fault one of this drill's faults
   */
  public experimentTemplate(fault: DrillFault): fis.CfnExperimentTemplate {
    const template = this.templates.get(fault);
    if (!template) {
      throw new Error(`[AAF-DRILL-FAULTS] FailoverDrill '${this.node.path}': 'fault' must be one of this drill's faults `
        + `(${this.faults.join(', ')}), got: '${fault}'. Fix: add it to 'faults'.`);
    }
    return template;
  }

  private createSafetyAlarm(): cloudwatch.IAlarm {
    const failoverName = this.region.failover.failoverName;
    const alarm = new cloudwatch.Alarm(this, 'SafetyAlarm', {
      alarmName: drillSafetyAlarmName(failoverName, this.region.region),
      alarmDescription: `Stops every drill of Region ${this.region.region} of failover '${failoverName}': over `
        + `${this.settings.safetyThreshold} % of the Region's requests failed (load balancer and target 5xx) for 3 minutes, `
        + 'more than the drills are meant to fail.',
      metric: errorRateExpression(this.region.loadBalancer, Duration.minutes(1),
        { t5: 'HTTPCode_Target_5XX_Count', e5: 'HTTPCode_ELB_5XX_Count' }, DEFAULT_MIN_REQUESTS),
      threshold: this.settings.safetyThreshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    // Newer aws-cdk-lib versions write the expression's ReturnData; written here, every version synthesizes the same alarm.
    (alarm.node.defaultChild as cloudwatch.CfnAlarm).addPropertyOverride('Metrics.0.ReturnData', true);
    if (this.region.notificationTopic) {
      alarm.addAlarmAction(new cloudwatchActions.SnsAction(this.region.notificationTopic));
    }
    return alarm;
  }

  private createTemplate(fault: DrillFault): fis.CfnExperimentTemplate {
    const failoverName = this.region.failover.failoverName;
    const regionCode = this.region.region;
    const action = faultAction(fault);
    const template = new fis.CfnExperimentTemplate(this, fault, {
      description: drillDescription(fault, { ...this.settings, failoverName, region: regionCode, port: '', sources: '' }),
      roleArn: this.role.roleArn,
      targets: {
        [DRILL_TARGET_KEY]: {
          resourceType: action.target.resourceType,
          selectionMode: `PERCENT(${this.settings.taskPercent})`,
          parameters: { cluster: this.service.cluster.clusterName, service: this.service.serviceName },
        },
      },
      actions: {
        [DRILL_ACTION_KEY]: {
          actionId: action.id,
          description: `Drill '${fault}'`,
          parameters: Lazy.any({ produce: () => actionParameters(fault, this.resolved()) }) as unknown as Record<string, string>,
          targets: { [action.target.key]: DRILL_TARGET_KEY },
        },
      },
      stopConditions: Lazy.any({ produce: () => this.stopConditionArns().map(value => ({ source: 'aws:cloudwatch:alarm', value })) }) as any,
      logConfiguration: { logSchemaVersion: LOG_SCHEMA_VERSION },
      tags: { ...drillTags(failoverName, regionCode, fault), Name: drillTemplateName(failoverName, regionCode, fault) },
    });
    // aws-cdk-lib 2.173 types CloudWatchLogsConfiguration as any (passed through as written), later versions as a struct:
    // an override writes the same template under both.
    template.addPropertyOverride('LogConfiguration.CloudWatchLogsConfiguration.LogGroupArn', this.logGroup.logGroupArn);
    new CfnOutput(this, `${fault}StartCommand`, {
      description: `Starts the '${fault}' drill of ${regionCode} (FIS bills per action-minute while it runs)`,
      value: `aws fis start-experiment --region ${regionCode} --experiment-template-id ${template.attrId}`,
    });
    return template;
  }

  /** The stop conditions' alarm ARNs: the safety alarm, the other Regions' health alarms (if on), the user's. */
  private stopConditionArns(): string[] {
    return [this.safetyAlarm.alarmArn, ...this.crossRegionAlarmArns(), ...this.extraAlarms.map(a => a.alarmArn)];
  }

  /** The other Regions' health alarms, by ARN (built from plain values: no reference to their stacks). */
  private crossRegionAlarmArns(): string[] {
    if (!this.crossRegion) {
      return [];
    }
    const stack = Stack.of(this);
    return this.region.failover._regionsAtSynth(this).filter(r => r !== this.region).flatMap(r => {
      const view = r.regionView();
      return view.healthAlarmName === undefined ? []
        : [`arn:${stack.partition}:cloudwatch:${view.region}:${view.account ?? stack.account}:alarm:${view.healthAlarmName}`];
    });
  }

  /**
   * The drill's settings with what is read from the app (port, sources,
   * health-check timeout, prerequisites), checked: once, at synth time.
   */
  private resolved(): DrillSettings {
    if (this.resolvedSettings) {
      return this.resolvedSettings;
    }
    const subject = `FailoverDrill '${this.node.path}'`;
    const s = this.settings;
    const service: DrilledService = readService(this.service);
    const needsSources = s.faults.includes('latency') || s.faults.includes('http5xx');
    const sources = s.sources ?? (needsSources ? loadBalancerSubnetCidrs(this.region.loadBalancer) : []);
    const port = s.port ?? service.containerPort;
    const violations: RuleViolation[] = [
      ...checkPrerequisites(s.faults, service),
      ...(s.faults.includes('latency') ? checkLatency('latencyDelay', s.latencyMilliseconds, service.healthCheckTimeoutSeconds) : []),
      ...(s.faults.includes('connectionErrors') && port === undefined
        ? checkPort('connectionErrorsPort', NaN).map(v => ({ ...v, value: 'unknown (the service registers no container port with a target group in the app)' }))
        : []),
      ...(needsSources && s.sources === undefined
        ? checkSources('loadBalancerSources', sources, 'not readable from the load balancer: it or its subnets are not defined in the app') : []),
      ...checkStopConditionCount('crossRegionStopConditions', {
        safety: 1, crossRegion: this.crossRegionAlarmArns().length, extra: this.extraAlarms.length,
      }),
    ];
    throwViolations(subject, violations);
    this.resolvedSettings = {
      ...s,
      failoverName: this.region.failover.failoverName,
      region: this.region.region,
      port: String(port ?? ''),
      sources: (sources ?? []).join(','),
    };
    return this.resolvedSettings;
  }
}
