/**
 * Reading rendered CloudFormation (a synthesized template, or a resource
 * rendered by the CDK): plain values only.
 */

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
