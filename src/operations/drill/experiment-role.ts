/**
 * A drill's experiment role: trusted by FIS for this account's experiments in
 * this Region only, with the actions of the drilled faults, each limited as
 * far as IAM allows (`model/drill/experiment-role-scopes.ts`). Not part of
 * the public API.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ACTION_SCOPES, experimentRoleStatements } from '../../model/drill/experiment-role-scopes';
import { DrillFault, FIS_SERVICE_PRINCIPAL } from '../../model/drill/fis-actions';

/** Creates the role in `scope` for `faults` on the service's cluster. */
export function createExperimentRole(scope: Construct, faults: readonly DrillFault[], cluster: ecs.ICluster): iam.Role {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, 'ExperimentRole', {
    description: 'The role FIS runs this Region\'s drills with (cdk-active-active-failover)',
    assumedBy: new iam.ServicePrincipal(FIS_SERVICE_PRINCIPAL, {
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:fis:${stack.region}:${stack.account}:experiment/*` },
      },
    }),
  });
  const statements = experimentRoleStatements(faults, {
    partition: stack.partition,
    region: stack.region,
    account: stack.account,
    clusterName: cluster.clusterName,
    clusterArn: cluster.clusterArn,
  });
  for (const s of statements) {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: s.actions, resources: s.resources, conditions: s.condition }));
  }
  const reasons = statements.filter(s => s.resources.some(r => r.includes('*')))
    .map(s => `${s.actions.join(', ')}: ${[...new Set(s.actions.map(a => ACTION_SCOPES[a].reason))].join('; ')}`);
  (role.node.tryFindChild('DefaultPolicy')?.node.defaultChild as CfnResource).addMetadata('cdk_nag', {
    rules_to_suppress: [{ id: 'AwsSolutions-IAM5', reason: `Each wildcard is the narrowest IAM allows. ${reasons.join('. ')}.` }],
  });
  return role;
}
