/**
 * Preparing an ECS task definition for drills: every prerequisite the FIS
 * User Guide ("ECS task actions") documents for the chosen faults. Not part
 * of the public API (`FailoverDrill.prepareTaskDefinition` calls it).
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { PreparedTaskDefinition, PrepareTaskDefinitionOptions } from './drill-options';
import { checkedFaults } from './drill-settings';
import { checkPrerequisites } from '../../model/drill/drill-rules';
import { faultAction, SSM_AGENT_SIDECAR } from '../../model/drill/fis-actions';
import { SIDECAR_SCRIPT } from '../../model/drill/sidecar-script';
import { throwIfAny } from '../../private/violations';

/** The id of the managed-instance role under the task definition (its presence marks a prepared task definition). */
const ROLE_ID = 'DrillManagedInstanceRole';

/** Adds the sidecar, its roles and the task definition's settings for `options.faults`. */
export function prepareTaskDefinition(td: ecs.TaskDefinition, options: PrepareTaskDefinitionOptions): PreparedTaskDefinition {
  const subject = `FailoverDrill.prepareTaskDefinition '${td.node.path}'`;
  const faults = checkedFaults(subject, options.faults);
  if (td.node.tryFindChild(ROLE_ID)) {
    throw new Error(`[AAF-DRILL-PREPARED] ${subject}: 'taskDefinition' must be prepared once, got: a task definition `
      + 'prepared before. Fix: call prepareTaskDefinition once per task definition, with every fault its drills use.');
  }
  const cfn = td.node.defaultChild as ecs.CfnTaskDefinition;
  if (faults.some(f => faultAction(f).network)) {
    throwIfAny(td, checkPrerequisites(faults, {
      taskDefinition: { networkMode: td.networkMode, pidMode: cfn.pidMode ?? 'task', enableFaultInjection: true, hasSidecar: true },
    }), subject);
    cfn.pidMode = 'task';
    // aws-cdk-lib 2.173 has no EnableFaultInjection property (the L1 gained it in 2.174, the L2 in 2.175).
    cfn.addPropertyOverride('EnableFaultInjection', true);
  }
  const role = managedInstanceRole(td);
  grantTaskRole(td, role);
  const sidecar = td.addContainer('DrillSsmAgent', {
    containerName: SSM_AGENT_SIDECAR.containerName,
    image: ecs.ContainerImage.fromRegistry(SSM_AGENT_SIDECAR.image),
    essential: false,
    cpu: 0,
    memoryReservationMiB: 64,
    environment: { [SSM_AGENT_SIDECAR.roleNameVariable]: role.roleName },
    entryPoint: ['/bin/bash', '-c'],
    command: [SIDECAR_SCRIPT],
    logging: options.sidecarLogging ?? ecs.LogDrivers.awsLogs({
      streamPrefix: 'drill-ssm-agent',
      logGroup: new logs.LogGroup(td, 'DrillSidecarLogs', { retention: logs.RetentionDays.ONE_MONTH }),
    }),
  });
  (td.node.defaultChild as CfnResource).addMetadata('cdk_nag', {
    rules_to_suppress: [{
      id: 'AwsSolutions-ECS2',
      reason: `The drill sidecar's ${SSM_AGENT_SIDECAR.roleNameVariable} holds the name of its managed-instance role, not a secret; `
        + 'the FIS User Guide documents it as an environment variable.',
    }],
  });
  return { sidecar, managedInstanceRole: role };
}

/** The role each task's managed instance registers with (the Systems Manager hybrid service role). */
function managedInstanceRole(td: ecs.TaskDefinition): iam.Role {
  const stack = Stack.of(td);
  const facts = SSM_AGENT_SIDECAR.managedInstanceRole;
  const role = new iam.Role(td, ROLE_ID, {
    description: 'The role drilled tasks register with as SSM managed instances (FIS ECS task actions)',
    assumedBy: new iam.ServicePrincipal(facts.principal, {
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:ssm:${stack.region}:${stack.account}:*` },
      },
    }),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(facts.managedPolicy)],
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ssm:DeleteActivation'], resources: ['*'] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['ssm:DeregisterManagedInstance'],
    resources: [`arn:${stack.partition}:ssm:${stack.region}:${stack.account}:managed-instance/*`],
  }));
  (role.node.defaultChild as CfnResource).addMetadata('cdk_nag', {
    rules_to_suppress: [{
      id: 'AwsSolutions-IAM4',
      reason: `${facts.managedPolicy} is what the FIS User Guide and Systems Manager document for a hybrid managed-instance role; `
        + 'its actions change with the SSM agent, so a copy would drift.',
    }],
  });
  (role.node.tryFindChild('DefaultPolicy')?.node.defaultChild as CfnResource).addMetadata('cdk_nag', {
    rules_to_suppress: [{
      id: 'AwsSolutions-IAM5',
      reason: 'ssm:DeleteActivation has no resource type, so its Resource must be "*"; ssm:DeregisterManagedInstance is limited '
        + "to the Region's managed instances (the task's id is known only once it registers).",
    }],
  });
  return role;
}

/** The task role's part: create a tagged activation, and pass the managed-instance role to Systems Manager. */
function grantTaskRole(td: ecs.TaskDefinition, role: iam.Role): void {
  const policy = new iam.Policy(td, 'DrillTaskPolicy', {
    statements: [
      new iam.PolicyStatement({ actions: [...SSM_AGENT_SIDECAR.taskRoleActions], resources: ['*'] }),
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': SSM_AGENT_SIDECAR.managedInstanceRole.principal } },
      }),
    ],
  });
  td.taskRole.attachInlinePolicy(policy);
  (policy.node.defaultChild as CfnResource).addMetadata('cdk_nag', {
    rules_to_suppress: [{
      id: 'AwsSolutions-IAM5',
      reason: 'ssm:CreateActivation has no resource type, and ssm:AddTagsToResource tags the activation as it is created '
        + '(it has no ARN before), so their Resource must be "*"; iam:PassRole is limited to the managed-instance role.',
    }],
  });
}
