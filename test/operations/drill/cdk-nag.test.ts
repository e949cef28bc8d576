import { Aspects, CfnResource } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addDrill, drillFixture } from './fixture';

/** The AwsSolutions findings of a Region with a drill, with or without the drill's own suppressions. */
function findings(keepSuppressions: boolean): string[] {
  const f = drillFixture();
  addDrill(f);
  if (!keepSuppressions) {
    for (const c of f.stack.node.findAll()) {
      if (c instanceof CfnResource && /Drill|TaskDef\/Resource$/.test(c.node.path) && c.cfnOptions.metadata) {
        delete c.cfnOptions.metadata.cdk_nag;
      }
    }
  }
  Aspects.of(f.app).add(new AwsSolutionsChecks());
  return Annotations.fromStack(f.stack).findError('*', Match.stringLikeRegexp('AwsSolutions-'))
    .map(m => `${m.id.replace(`/${f.stack.stackName}`, '')} ${/AwsSolutions-[A-Z0-9]+(\[[^\]]*\])?/.exec(String(m.entry.data))![0]}`).sort();
}

test('cdk-nag AwsSolutions: a Region with drills is clean', () => {
  expect(findings(true)).toEqual([]);
});

test('cdk-nag AwsSolutions: each of the drill\'s suppressions answers a real finding, on its one resource', () => {
  expect(findings(false)).toEqual([
    '/Failover/Drill/ExperimentRole/DefaultPolicy/Resource AwsSolutions-IAM5[Resource::*]',
    '/Failover/Drill/ExperimentRole/DefaultPolicy/Resource AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:us-east-1:111111111111:container-instance/<ClusterEB0386A7>/*]',
    '/Failover/Drill/ExperimentRole/DefaultPolicy/Resource AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:us-east-1:111111111111:task/<ClusterEB0386A7>/*]',
    '/Failover/Drill/ExperimentRole/DefaultPolicy/Resource AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:us-east-1:111111111111:log-group:*]',
    '/Failover/Drill/ExperimentRole/DefaultPolicy/Resource AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:us-east-1:111111111111:managed-instance/*]',
    '/Failover/Drill/ExperimentRole/DefaultPolicy/Resource AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:us-east-1::document/AWSFIS-Run-*]',
    '/Service/TaskDef/DrillManagedInstanceRole/DefaultPolicy/Resource AwsSolutions-IAM5[Resource::*]',
    '/Service/TaskDef/DrillManagedInstanceRole/DefaultPolicy/Resource AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:us-east-1:111111111111:managed-instance/*]',
    '/Service/TaskDef/DrillManagedInstanceRole/Resource AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
    '/Service/TaskDef/DrillTaskPolicy/Resource AwsSolutions-IAM5[Resource::*]',
    '/Service/TaskDef/Resource AwsSolutions-ECS2',
  ].sort());
});
