/**
 * The bad-input catalogue's shared types and helpers. Each `*.cases.ts` file
 * of this folder holds the cases of one input class; `catalogue.test.ts`
 * runs them all.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { FailoverRegionOptions, FailoverSignal } from '../../src';
import { alb, failover, regionStack } from '../helpers';

/**
 * A case: what the user wrote, the rule that must fire, and the program. The
 * program throws (construct errors), or returns a stack whose annotations hold
 * the finding (guard errors; warnings when `kind` is 'warning'). Kind 'input'
 * is a refusal at run time (the simulator's command line, the republisher's
 * handler): thrown, naming the input, without a CDK "Fix:" sentence.
 */
export type Case = [description: string, ruleId: string, make: () => Stack | void, kind?: 'error' | 'warning' | 'input'];

export const latency = () => FailoverSignal.targetResponseTime({ threshold: Duration.millis(500) });

/** A one-Region failover in `regionName`, with `options` for the Region. */
export function region(options: Partial<FailoverRegionOptions> = {}, regionName = 'us-east-1') {
  const app = new App();
  const f = failover(app);
  const stack = regionStack(app, regionName);
  const r = f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [latency()], ...options });
  return { app, f, stack, region: r };
}
