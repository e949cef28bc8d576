import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Aspects, CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildExampleApp } from '../../examples/app';

test('the example app is cdk-nag AwsSolutions clean and passes the guard, each suppression on one resource with a reason', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nag-'));
  const app = buildExampleApp(outdir);
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  const stacks = app.node.children.filter(Stack.isStack);
  expect(stacks).toHaveLength(4);
  const suppressions: string[] = [];
  for (const stack of stacks) {
    const annotations = Annotations.fromStack(stack);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-'))).toEqual([]);
    for (const resource of stack.node.findAll().filter((c): c is CfnResource => c instanceof CfnResource)) {
      for (const rule of resource.getMetadata('cdk_nag')?.rules_to_suppress ?? []) {
        expect(rule.reason.length).toBeGreaterThan(40);
        suppressions.push(`${resource.node.path.replace(stack.node.path, '')} ${rule.id}`);
      }
    }
  }
  // Per Region: the example's load balancer and its security group, the library's notification topic
  // (SNS2, see the README), its republisher policy (IAM5) and function (L1: the pinned runtime), and the
  // drill's experiment role policy, the prepared task definition (ECS2), its managed-instance role (IAM4)
  // and the two policies of the sidecar (IAM5): test/operations/drill/cdk-nag.test.ts shows each is needed.
  expect(suppressions.filter(s => !s.includes('Republisher')).sort()).toEqual(
    ['us-east-1', 'eu-central-1', 'ap-southeast-2'].flatMap(() => [
      '/Failover/Drill/ExperimentRole/DefaultPolicy/Resource AwsSolutions-IAM5',
      '/Failover/Notifications/Resource AwsSolutions-SNS2',
      '/LoadBalancer/Resource AwsSolutions-ELB2',
      '/LoadBalancer/SecurityGroup/Resource AwsSolutions-EC23',
      '/Service/TaskDef/DrillManagedInstanceRole/DefaultPolicy/Resource AwsSolutions-IAM5',
      '/Service/TaskDef/DrillManagedInstanceRole/Resource AwsSolutions-IAM4',
      '/Service/TaskDef/DrillTaskPolicy/Resource AwsSolutions-IAM5',
      '/Service/TaskDef/Resource AwsSolutions-ECS2',
    ]).sort(),
  );
  expect(suppressions.filter(s => s.includes('Republisher')).map(s => s.split(' ')[1]).sort())
    .toEqual(['us-east-1', 'eu-central-1', 'ap-southeast-2'].flatMap(() => ['AwsSolutions-IAM5', 'AwsSolutions-L1']).sort());
  fs.rmSync(outdir, { recursive: true, force: true });
});
