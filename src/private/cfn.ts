/**
 * Reading CloudFormation as it will be synthesized (the CDK side of
 * `model/cfn.ts`). Not part of the public API.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';

/** A resource's logical ID and CloudFormation properties as they will be synthesized, resolved in its stack. */
export function renderedResource(resource: CfnResource): { logicalId: string; properties: Record<string, any> } {
  const rendered = Stack.of(resource).resolve(resource._toCloudFormation()) as {
    Resources: Record<string, { Properties?: Record<string, any> }>;
  };
  const [[logicalId, body]] = Object.entries(rendered.Resources);
  return { logicalId, properties: body.Properties ?? {} };
}
