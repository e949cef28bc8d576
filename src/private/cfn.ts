/**
 * Reading CloudFormation as it will be synthesized. Not part of the public API.
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

/** The logical ID a `{ Ref }` or `{ Fn::GetAtt }` points to. */
export function refTarget(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') {
    return undefined;
  }
  const v = value as Record<string, unknown>;
  if (typeof v.Ref === 'string') {
    return v.Ref;
  }
  const getAtt = v['Fn::GetAtt'];
  return Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
}
