/**
 * The AWS Fault Injection Service (FIS) actions the library's drills use:
 * the one table the experiment templates, the task-definition helper, the
 * drill planner and the docs all read (docs/fis-actions.md renders it). The
 * CloudFormation specification types an action's `ActionId` and its
 * `Parameters` as free strings, so nothing else checks them: a test checks
 * every synthesized experiment template against this table.
 *
 * Each fact was checked against the FIS User Guide on CHECKED_ON (the
 * source of each action is given); re-check before relying on a new one.
 */

/** When the table was last checked against AWS's documentation. */
export const CHECKED_ON = '2026-12-01';

/** The article's four gray failures, as a drill injects them. */
export type DrillFault = 'cpu' | 'latency' | 'connectionErrors' | 'http5xx';

/** Every drill fault, in the article's order. */
export const DRILL_FAULTS: readonly DrillFault[] = ['cpu', 'latency', 'connectionErrors', 'http5xx'];

/**
 * What an ECS task definition and its service need before an action can run
 * on its tasks (FIS User Guide, "ECS task actions"; ECS Developer Guide,
 * "fault injection").
 */
export type TaskPrerequisite =
  /** The SSM agent as a non-essential sidecar container, registering the task as a managed instance with a managed-instance role. */
  | 'ssmAgentSidecar'
  /** `pidMode: task`: the sidecar sees the application's processes and network namespace. */
  | 'pidModeTask'
  /** `enableFaultInjection: true` on the task definition (the ECS fault injection endpoints). */
  | 'enableFaultInjection'
  /** `awsvpc` (Fargate's only mode) or `host` networking; `bridge` is not supported. */
  | 'awsvpcOrHostNetworking'
  /** ECS Exec off on the service: the sidecar's SSM agent refuses to start next to ECS Exec's. */
  | 'execCommandOff';

/** One parameter of an action, as the experiment template's `Parameters` map holds it (every value a string). */
export interface FisParameter {
  readonly name: string;
  readonly required: boolean;
  /** FIS's default when the parameter is left out. */
  readonly default?: string;
  /** What values FIS accepts, in words. */
  readonly allowed: string;
  /** The same, as a test checks a template's value (`checkParameterValue`). */
  readonly check: FisValueCheck;
}

/**
 * How a parameter's value is checked: a whole number within bounds (no upper
 * bound where FIS documents none), one of a few words, an ISO 8601 duration
 * within bounds (minutes), or a comma-separated list of sources.
 */
export type FisValueCheck =
  | { readonly kind: 'integer'; readonly min: number; readonly max?: number }
  | { readonly kind: 'oneOf'; readonly values: readonly string[] }
  | { readonly kind: 'duration'; readonly minMinutes: number; readonly maxMinutes: number }
  | { readonly kind: 'sources' };

/** An FIS action on ECS tasks. */
export interface FisAction {
  readonly id: string;
  /** The key of the action's `Targets` map and the resource type of its target. */
  readonly target: { readonly key: 'Tasks'; readonly resourceType: 'aws:ecs:task' };
  readonly parameters: readonly FisParameter[];
  readonly prerequisites: readonly TaskPrerequisite[];
  /** A network action: FIS runs at most one at a time on a task (the endpoint answers 409 to a second). */
  readonly network: boolean;
  /** On Fargate, `useEcsFaultInjectionEndpoints` must be `true`. */
  readonly fargateNeedsEndpoints: boolean;
  /** The IAM actions the experiment role needs for it (FIS User Guide and the AWSFaultInjectionSimulatorECSAccess managed policy). */
  readonly experimentRoleActions: readonly string[];
  /** Where its parameters and prerequisites are documented. */
  readonly source: string;
}

const ECS_TASK_ACTIONS_PAGE = 'https://docs.aws.amazon.com/fis/latest/userguide/ecs-task-actions.html';
const DURATION: FisParameter = {
  name: 'duration', required: true, allowed: 'an ISO 8601 duration from PT1M to PT12H', check: { kind: 'duration', minMinutes: 1, maxMinutes: 720 },
};
const INSTALL: FisParameter = {
  name: 'installDependencies', required: false, default: 'True', allowed: 'True or False', check: { kind: 'oneOf', values: ['True', 'False'] },
};
const ENDPOINTS: FisParameter = {
  name: 'useEcsFaultInjectionEndpoints',
  required: false,
  default: 'false',
  allowed: 'true or false (true on Fargate)',
  check: { kind: 'oneOf', values: ['true', 'false'] },
};
/** The share of flows the latency and packet-loss actions affect. */
const FLOWS: FisParameter = {
  name: 'flowsPercent',
  required: false,
  default: '100',
  allowed: 'a whole number from 1 to 100: the share of network flows affected',
  check: { kind: 'integer', min: 1, max: 100 },
};
/** The traffic the latency and packet-loss actions affect. */
const SOURCES_PARAMETER: FisParameter = {
  name: 'sources',
  required: false,
  default: 'ALL',
  allowed: 'ALL, or comma-separated IPv4 addresses, CIDR blocks, domain names, Availability Zones, DYNAMODB or S3',
  check: { kind: 'sources' },
};
const TASK_ACTION_ROLE = ['ecs:DescribeTasks', 'ssm:SendCommand', 'ssm:ListCommands', 'ssm:CancelCommand'];
const NETWORK_ROLE = [...TASK_ACTION_ROLE, 'ecs:DescribeContainerInstances', 'ec2:DescribeInstances', 'ec2:DescribeSubnets'];
const NETWORK_PREREQUISITES: TaskPrerequisite[] = ['ssmAgentSidecar', 'pidModeTask', 'enableFaultInjection', 'awsvpcOrHostNetworking', 'execCommandOff'];
const TASKS = { key: 'Tasks', resourceType: 'aws:ecs:task' } as const;

/** The actions, by id. */
export const FIS_ACTIONS: Readonly<Record<string, FisAction>> = {
  'aws:ecs:task-cpu-stress': {
    id: 'aws:ecs:task-cpu-stress',
    target: TASKS,
    parameters: [
      DURATION,
      { name: 'percent', required: false, default: '100', allowed: 'a whole number from 0 to 100: the target load of each stressor', check: { kind: 'integer', min: 0, max: 100 } },
      { name: 'workers', required: false, default: '0', allowed: 'a whole number of stressors, 0 for one per vCPU', check: { kind: 'integer', min: 0 } },
      INSTALL,
    ],
    prerequisites: ['ssmAgentSidecar', 'execCommandOff'],
    network: false,
    fargateNeedsEndpoints: false,
    experimentRoleActions: TASK_ACTION_ROLE,
    source: ECS_TASK_ACTIONS_PAGE,
  },
  'aws:ecs:task-network-latency': {
    id: 'aws:ecs:task-network-latency',
    target: TASKS,
    parameters: [
      DURATION,
      { name: 'delayMilliseconds', required: false, default: '200', allowed: 'a whole number of milliseconds added to each outbound packet', check: { kind: 'integer', min: 0 } },
      { name: 'jitterMilliseconds', required: false, default: '10', allowed: 'a whole number of milliseconds', check: { kind: 'integer', min: 0 } },
      FLOWS,
      SOURCES_PARAMETER,
      INSTALL,
      ENDPOINTS,
    ],
    prerequisites: NETWORK_PREREQUISITES,
    network: true,
    fargateNeedsEndpoints: true,
    experimentRoleActions: NETWORK_ROLE,
    source: ECS_TASK_ACTIONS_PAGE,
  },
  'aws:ecs:task-network-blackhole-port': {
    id: 'aws:ecs:task-network-blackhole-port',
    target: TASKS,
    parameters: [
      DURATION,
      { name: 'port', required: true, allowed: 'a port number from 0 to 65535', check: { kind: 'integer', min: 0, max: 65535 } },
      { name: 'trafficType', required: true, allowed: 'ingress or egress', check: { kind: 'oneOf', values: ['ingress', 'egress'] } },
      { name: 'protocol', required: false, default: 'tcp', allowed: 'tcp or udp', check: { kind: 'oneOf', values: ['tcp', 'udp'] } },
      INSTALL,
      ENDPOINTS,
    ],
    prerequisites: NETWORK_PREREQUISITES,
    network: true,
    fargateNeedsEndpoints: true,
    experimentRoleActions: TASK_ACTION_ROLE,
    source: ECS_TASK_ACTIONS_PAGE,
  },
  'aws:ecs:task-network-packet-loss': {
    id: 'aws:ecs:task-network-packet-loss',
    target: TASKS,
    parameters: [
      DURATION,
      { name: 'lossPercent', required: false, default: '7', allowed: 'a whole number from 0 to 100: the share of outbound packets dropped', check: { kind: 'integer', min: 0, max: 100 } },
      FLOWS,
      SOURCES_PARAMETER,
      INSTALL,
      ENDPOINTS,
    ],
    prerequisites: NETWORK_PREREQUISITES,
    network: true,
    fargateNeedsEndpoints: true,
    experimentRoleActions: NETWORK_ROLE,
    source: ECS_TASK_ACTIONS_PAGE,
  },
};

/** Which action injects each fault, and why that one. */
export interface FaultAction {
  readonly actionId: string;
  readonly why: string;
}

/** The action of each drill fault. */
export const FAULT_ACTIONS: Readonly<Record<DrillFault, FaultAction>> = {
  cpu: {
    actionId: 'aws:ecs:task-cpu-stress',
    why: 'stress-ng in the chosen tasks raises the service\'s CPUUtilization (the average over its tasks) as a saturated service does.',
  },
  latency: {
    actionId: 'aws:ecs:task-network-latency',
    why: 'a delay on the packets the tasks send back to the load balancer (sources: its subnets) raises TargetResponseTime\'s tail; '
      + 'kept below the target group\'s health-check timeout, so the targets stay in service as in a gray failure.',
  },
  connectionErrors: {
    actionId: 'aws:ecs:task-network-blackhole-port',
    why: 'dropping inbound traffic to the application port makes the load balancer\'s connections to the chosen tasks fail '
      + '(TargetConnectionErrorCount, 504 after its 10 s connect timeout) until their health checks fail and ECS replaces them: '
      + 'a burst of connection errors, as when tasks stop accepting connections.',
  },
  http5xx: {
    actionId: 'aws:ecs:task-network-packet-loss',
    why: 'no FIS action makes an ECS application answer 5xx (only the application can, or a fault flag in it). Dropping every packet '
      + '(lossPercent 100) of a share of the flows back to the load balancer (flowsPercent, sources: its subnets) makes that share of '
      + 'requests end in 504 from the load balancer (HTTPCode_ELB_5XX_Count, which the 5xx error-rate signal counts), steadily for the '
      + 'whole drill, while most health checks, on fresh connections, still pass. Killing the process (aws:ecs:task-kill-process) gives '
      + 'a burst of 502 instead, and stopping tasks (aws:ecs:stop-task) almost none: ECS drains them first.',
  },
};

/** FIS's price, USD per action-minute, in every commercial Region (https://aws.amazon.com/fis/pricing/, checked CHECKED_ON). */
export const FIS_PRICE_PER_ACTION_MINUTE_USD = 0.1;

/** A source of the network actions: an IPv4 address or CIDR block, a domain name, an Availability Zone, DYNAMODB or S3. */
const SOURCE = /^(?:\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?|[a-z0-9-]+(?:\.[a-z0-9-]+)+|[a-z]{2}-[a-z]+-\d[a-z]|[a-z]{3}\d-az\d|DYNAMODB|S3)$/;

/** Minutes of an ISO 8601 duration of hours, minutes and seconds (`PT1H30M`, `PT90S`: 1.5), or undefined when it is not one. */
export function isoMinutes(value: string): number | undefined {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(value);
  return m && value !== 'PT' ? Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) + Number(m[3] ?? 0) / 60 : undefined;
}

/** Why `value` is not a value FIS accepts for `parameter`, or undefined when it is. */
export function checkParameterValue(parameter: FisParameter, value: string): string | undefined {
  const c = parameter.check;
  const ok = c.kind === 'integer' ? /^\d+$/.test(value) && Number(value) >= c.min && (c.max === undefined || Number(value) <= c.max)
    : c.kind === 'oneOf' ? c.values.includes(value)
      : c.kind === 'duration' ? (isoMinutes(value) ?? -1) >= c.minMinutes && (isoMinutes(value) ?? Infinity) <= c.maxMinutes
        : value === 'ALL' || value.split(',').every(s => SOURCE.test(s));
  return ok ? undefined : `'${parameter.name}' must be ${parameter.allowed}, got: '${value}'`;
}

/** The action of a fault. */
export function faultAction(fault: DrillFault): FisAction {
  return FIS_ACTIONS[FAULT_ACTIONS[fault].actionId];
}

/**
 * The experiment role's actions for an `aws:ecs:task` target selected by its
 * `cluster` and `service` parameters: FIS lists the service's tasks. Not on the
 * ECS task actions page: an inference from the parameters, granted by the
 * AWSFaultInjectionSimulatorECSAccess managed policy.
 */
export const TASK_TARGET_ROLE_ACTIONS: readonly string[] = ['ecs:ListTasks'];

/**
 * The experiment role's actions for experiment logging to CloudWatch Logs
 * (FIS User Guide, "Experiment logging", which points to the CloudWatch Logs
 * User Guide's vended-logs permissions for a log group destination).
 */
export const LOG_DELIVERY_ROLE_ACTIONS: readonly string[] = [
  'logs:CreateLogDelivery', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups',
];

/** The experiment log's schema version (FIS User Guide, "Experiment logging": the current one). */
export const LOG_SCHEMA_VERSION = 2;

/** The most stop conditions an experiment template holds (Service Quotas, "Stop conditions per experiment template"; verify in your account). */
export const MAX_STOP_CONDITIONS = 5;

/** The service principal an experiment role trusts. */
export const FIS_SERVICE_PRINCIPAL = 'fis.amazonaws.com';

/**
 * The SSM agent sidecar that registers a task as a managed instance, as the
 * FIS User Guide ("ECS task actions") describes it: its container, the
 * managed-instance role it registers with, and what the task role needs.
 */
export const SSM_AGENT_SIDECAR = {
  containerName: 'amazon-ssm-agent',
  image: 'public.ecr.aws/amazon-ssm-agent/amazon-ssm-agent:latest',
  /** The environment variable that holds the managed-instance role's name (not its ARN). */
  roleNameVariable: 'MANAGED_INSTANCE_ROLE_NAME',
  /** The managed-instance role: trusted by Systems Manager, with this managed policy and these actions (to clean up on exit). */
  managedInstanceRole: {
    principal: 'ssm.amazonaws.com',
    managedPolicy: 'AmazonSSMManagedInstanceCore',
    actions: ['ssm:DeleteActivation', 'ssm:DeregisterManagedInstance'],
  },
  /** The task role's actions (and iam:PassRole on the managed-instance role). */
  taskRoleActions: ['ssm:CreateActivation', 'ssm:AddTagsToResource'],
  /** The tag FIS finds a task's managed instance by (its value: the task's ARN). */
  taskArnTag: 'ECS_TASK_ARN',
} as const;
