/**
 * What the guard knows of the whole app: its alarms, its Route 53 records and
 * its exports, rendered as they will be synthesized, in every Stage that
 * exists when a Stage is synthesized. Not part of the public API.
 */
import {
  CfnOutput, CfnResource, DefaultTokenResolver, IPostProcessor, IResolvable, IResolveContext, Reference, Stack, StringConcat, Token, Tokenization,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { IConstruct } from 'constructs';
import { GuardAlarm, GuardResource } from './rules/rule';
import { renderedResource } from '../private/cfn';

/** An alarm of the app, with its construct, its stack, its rendered logical ID and its literal name (if it has one). */
export interface AppAlarm {
  readonly construct: CfnResource;
  readonly stack: Stack;
  readonly logicalId: string;
  readonly alarm: GuardAlarm;
  readonly name?: string;
}

/** An export of the app (a CfnOutput with an export name) and its rendered value. */
export interface AppExport {
  readonly stack: Stack;
  readonly name: string;
  readonly value: unknown;
}

/** The app's alarms, records and exports. */
export interface AppIndex {
  readonly alarms: AppAlarm[];
  readonly records: GuardResource[];
  readonly exports: AppExport[];
}

/** A resource of the app, rendered in its stack. */
export function guardResource(resource: CfnResource): GuardResource {
  return { construct: resource, path: resource.node.path, stack: Stack.of(resource).node.path, ...renderedResource(resource) };
}

/** Indexes every alarm, record and export under `root`, nested Stages included, in construct-tree order. */
export function indexApp(root: IConstruct): AppIndex {
  const alarms: AppAlarm[] = [];
  const records: GuardResource[] = [];
  const exports: AppExport[] = [];
  for (const construct of root.node.findAll()) {
    if (construct instanceof cloudwatch.CfnAlarm || construct instanceof cloudwatch.CfnCompositeAlarm) {
      alarms.push(appAlarm(construct));
    } else if (construct instanceof CfnResource && construct.cfnResourceType === route53.CfnRecordSet.CFN_RESOURCE_TYPE_NAME) {
      records.push(guardResource(construct));
    } else if (construct instanceof CfnOutput && construct.exportName !== undefined) {
      const stack = Stack.of(construct);
      const outputs = Object.values((stack.resolve(construct._toCloudFormation()) as any).Outputs ?? {}) as Array<Record<string, any>>;
      const name = outputs[0]?.Export?.Name;
      if (typeof name === 'string') {
        exports.push({ stack, name, value: outputs[0].Value });
      }
    }
  }
  return { alarms, records, exports };
}

function appAlarm(construct: CfnResource): AppAlarm {
  const stack = Stack.of(construct);
  const { logicalId, properties } = renderedResource(construct);
  const alarm: GuardAlarm = {
    path: construct.node.path,
    region: Token.isUnresolved(stack.region) ? undefined : stack.region,
    composite: construct instanceof cloudwatch.CfnCompositeAlarm,
    properties,
  };
  return { construct, stack, logicalId, alarm, name: typeof properties.AlarmName === 'string' ? properties.AlarmName : undefined };
}

/** The prefix of the marker that stands for a reference to a construct of another stack: `<prefix><attribute> <path>`. */
export const CROSS_STACK_TARGET = 'aaf:crossStackTarget:';

/**
 * Resolves like the stack does, except that a reference to a construct of
 * another stack becomes a marker string naming that construct (a string, so
 * that the L1's property validation accepts it). Before the CDK prepares the
 * app (after aspects run), such a reference resolves to a bare `{ Ref }` to a
 * logical ID of the other stack, which the same construct path in each
 * Region's stack shares: only the reference itself says which one. String
 * concatenation is plain, so use it only to read a reference.
 */
class CrossStackMarker extends DefaultTokenResolver {
  constructor(private readonly consumer: Stack) {
    super(new StringConcat());
  }

  public resolveToken(t: IResolvable, context: IResolveContext, postProcessor: IPostProcessor): any {
    if (Reference.isReference(t) && Stack.of(t.target) !== this.consumer) {
      return `${CROSS_STACK_TARGET}${t.displayName} ${t.target.node.path}`;
    }
    return super.resolveToken(t, context, postProcessor);
  }
}

/** A reference to another stack's construct, read from a marker: the attribute ('Ref', 'Arn', ...) and the construct path. */
export function crossStackTarget(marked: unknown): { attribute: string; path: string } | undefined {
  if (typeof marked !== 'string' || !marked.startsWith(CROSS_STACK_TARGET)) {
    return undefined;
  }
  const rest = marked.slice(CROSS_STACK_TARGET.length);
  const space = rest.indexOf(' ');
  return space < 0 ? undefined : { attribute: rest.slice(0, space), path: rest.slice(space + 1) };
}

/** The `AlarmIdentifier.Name` of a health check, with references to other stacks as markers. */
export function alarmNameWithTargets(resource: CfnResource): unknown {
  const stack = Stack.of(resource);
  try {
    const rendered = Tokenization.resolve(resource._toCloudFormation(), { scope: stack, resolver: new CrossStackMarker(stack), preparing: false });
    const [body] = Object.values((rendered?.Resources ?? {}) as Record<string, any>);
    return body?.Properties?.HealthCheckConfig?.AlarmIdentifier?.Name;
  } catch {
    // This second rendering only refines what the first one (which succeeded) showed; if it fails, the reference stays unresolved.
    return undefined;
  }
}
