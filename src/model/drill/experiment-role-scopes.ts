/**
 * The resources each IAM action of a drill's experiment role is limited to,
 * with the reason when nothing narrower than `*` exists. The construct builds
 * the role's policy from this table; docs/fis-actions.md renders it.
 *
 * Sources: the Service Authorization Reference (which actions have a resource
 * type), the AWSFaultInjectionSimulatorECSAccess managed policy, the FIS User
 * Guide's ECS task actions and experiment logging pages.
 */
import { DrillFault, faultAction, LOG_DELIVERY_ROLE_ACTIONS, TASK_TARGET_ROLE_ACTIONS } from './fis-actions';

/** Where the role's resources live: plain values or tokens, substituted into the patterns. */
export interface RoleScopeContext {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly clusterName: string;
  readonly clusterArn: string;
}

/** How one IAM action is scoped. */
export interface ActionScope {
  /** The resources: ARNs built from the context, or `*`. */
  readonly resources: (c: RoleScopeContext) => string[];
  /** A condition narrowing a `*` resource. */
  readonly condition?: (c: RoleScopeContext) => Record<string, Record<string, string>>;
  /** Why the resource is `*` or a pattern (for the cdk-nag suppression and the docs). */
  readonly reason: string;
}

const ANY = (): string[] => ['*'];
const NO_RESOURCE_TYPE = 'the action has no resource type (Service Authorization Reference), so its Resource must be "*"';

/** The scope of every action a drill's experiment role may hold. */
export const ACTION_SCOPES: Readonly<Record<string, ActionScope>> = {
  'ecs:DescribeTasks': {
    resources: c => [`arn:${c.partition}:ecs:${c.region}:${c.account}:task/${c.clusterName}/*`],
    reason: "the tasks of the drilled service's cluster: their ids are not known before the experiment",
  },
  'ecs:ListTasks': {
    resources: ANY,
    condition: c => ({ ArnEquals: { 'ecs:cluster': c.clusterArn } }),
    reason: 'ListTasks authorizes on container instances, which Fargate tasks have none of: "*", limited to the cluster by the ecs:cluster condition',
  },
  'ecs:DescribeContainerInstances': {
    resources: c => [`arn:${c.partition}:ecs:${c.region}:${c.account}:container-instance/${c.clusterName}/*`],
    reason: "the container instances of the drilled service's cluster",
  },
  'ssm:SendCommand': {
    resources: c => [
      `arn:${c.partition}:ssm:${c.region}::document/AWSFIS-Run-*`,
      `arn:${c.partition}:ssm:${c.region}:${c.account}:managed-instance/*`,
    ],
    reason: "FIS's own documents (AWSFIS-Run-*), run on the tasks' managed instances, whose ids the sidecar gets at each task's start",
  },
  'ssm:ListCommands': { resources: ANY, reason: NO_RESOURCE_TYPE },
  'ssm:CancelCommand': { resources: ANY, reason: NO_RESOURCE_TYPE },
  'ec2:DescribeInstances': { resources: ANY, reason: NO_RESOURCE_TYPE },
  'ec2:DescribeSubnets': { resources: ANY, reason: NO_RESOURCE_TYPE },
  'logs:CreateLogDelivery': { resources: ANY, reason: NO_RESOURCE_TYPE },
  'logs:PutResourcePolicy': { resources: ANY, reason: NO_RESOURCE_TYPE },
  'logs:DescribeResourcePolicies': { resources: ANY, reason: NO_RESOURCE_TYPE },
  'logs:DescribeLogGroups': {
    resources: c => [`arn:${c.partition}:logs:${c.region}:${c.account}:log-group:*`],
    reason: 'FIS looks the log group up among the account\'s log groups of the Region',
  },
};

/** Every IAM action the experiment role of a drill with `faults` needs, sorted. */
export function experimentRoleActions(faults: readonly DrillFault[]): string[] {
  return [...new Set([
    ...faults.flatMap(f => faultAction(f).experimentRoleActions),
    ...TASK_TARGET_ROLE_ACTIONS,
    ...LOG_DELIVERY_ROLE_ACTIONS,
  ])].sort();
}

/** One statement of the role's policy: actions sharing their resources and condition. */
export interface RoleStatement {
  readonly actions: string[];
  readonly resources: string[];
  readonly condition?: Record<string, Record<string, string>>;
}

/**
 * The role's statements: the actions grouped by resources and condition.
 * Throws for an action without a scope (a new action in the table must be scoped here first).
 */
export function experimentRoleStatements(faults: readonly DrillFault[], c: RoleScopeContext): RoleStatement[] {
  const groups = new Map<string, { actions: string[]; resources: string[]; condition?: Record<string, Record<string, string>> }>();
  for (const action of experimentRoleActions(faults)) {
    const scope = ACTION_SCOPES[action];
    if (!scope) {
      throw new Error(`[AAF-DRILL-ROLE-SCOPE] experiment role: 'action' must have a scope in ACTION_SCOPES, got: '${action}'. `
        + 'Fix: add its resources (and the reason) to src/model/drill/experiment-role-scopes.ts.');
    }
    const resources = scope.resources(c);
    const condition = scope.condition?.(c);
    const key = JSON.stringify({ resources, condition });
    const group = groups.get(key) ?? { actions: [], resources, condition };
    group.actions.push(action);
    groups.set(key, group);
  }
  return [...groups.values()];
}
