/**
 * The Stages a guard cannot reach. The CDK synthesizes each nested Stage (a
 * nested cloud assembly) before it runs the aspects of its parent, and never
 * runs a parent's aspects inside it: a guard added to an App checks nothing in
 * its Stages, and by the time it runs, their assemblies are written. Not part
 * of the public API.
 */
import { Aspects, CfnResource, IAspect, Stage } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { IConstruct } from 'constructs';

const ROUTE53_TYPES = [route53.CfnHealthCheck.CFN_RESOURCE_TYPE_NAME, route53.CfnRecordSet.CFN_RESOURCE_TYPE_NAME];

/** A nested Stage with Route 53 resources and no guard of its own. */
export interface UnguardedStage {
  readonly path: string;
  /** Its Route 53 health checks and records. */
  readonly count: number;
}

/**
 * The Stages nested in `root` (at any depth) that hold Route 53 health checks
 * or records and have no aspect for which `isGuard` holds on the Stage itself
 * (a parent Stage's aspects do not reach a nested one either).
 */
export function unguardedStages(root: Stage, isGuard: (aspect: IAspect) => boolean): UnguardedStage[] {
  const counts = new Map<Stage, number>();
  for (const construct of root.node.findAll()) {
    if (construct instanceof CfnResource && ROUTE53_TYPES.includes(construct.cfnResourceType)) {
      const stage = Stage.of(construct);
      if (stage && stage !== root) {
        counts.set(stage, (counts.get(stage) ?? 0) + 1);
      }
    }
  }
  return [...counts.entries()]
    .filter(([stage]) => !Aspects.of(stage).all.some(isGuard))
    .map(([stage, count]) => ({ path: stage.node.path, count }));
}

/** The error for a guard on `root` whose nested Stages are unguarded, after its id (AAF-GUARD-STAGE). */
export function unguardedStagesMessage(root: IConstruct, stages: UnguardedStage[]): string {
  const where = root.node.path === '' ? 'the App' : `Stage '${root.node.path}'`;
  const list = stages.map(s => `'${s.path}' (${s.count} health check(s) and record(s))`).join(', ');
  return `Route53AlarmGuard on ${where}: 'Aspects.of(${root.node.path === '' ? 'app' : 'stage'})' does not reach into nested Stages, `
    + `which the CDK synthesizes on their own, so none of their health checks and records would be checked, got: ${list} without a `
    + 'Route53AlarmGuard of their own. Fix: add a guard to each Stage: Aspects.of(stage).add(new Route53AlarmGuard()).';
}
