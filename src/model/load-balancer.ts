/**
 * Application Load Balancer facts read from rendered CloudFormation: the
 * constructs' keep-alive warning and the simulator's pooled connections read
 * the same attribute the same way.
 */

/** The attribute for the longest life of a client connection, in seconds (ELB guide). */
export const CLIENT_KEEP_ALIVE_ATTRIBUTE = 'client_keep_alive.seconds';

/** The ALB's default `client_keep_alive.seconds`: an hour. */
export const DEFAULT_CLIENT_KEEP_ALIVE_SECONDS = 3600;

/** A load balancer's client keep-alive: its seconds, and whether the template sets it. */
export interface ClientKeepAlive {
  readonly seconds: number;
  readonly set: boolean;
}

/**
 * The client keep-alive of an `AWS::ElasticLoadBalancingV2::LoadBalancer` from
 * its properties: the default when the attribute is absent, undefined when it
 * cannot be read (an intrinsic function, a value that is not a number).
 */
export function clientKeepAliveOf(properties: Record<string, unknown>): ClientKeepAlive | undefined {
  const attributes = properties.LoadBalancerAttributes;
  if (attributes !== undefined && !Array.isArray(attributes)) {
    return undefined;
  }
  const value = (attributes ?? []).find(a => (a as Record<string, unknown> | null)?.Key === CLIENT_KEEP_ALIVE_ATTRIBUTE)?.Value;
  if (value === undefined) {
    return { seconds: DEFAULT_CLIENT_KEEP_ALIVE_SECONDS, set: false };
  }
  const seconds = typeof value === 'number' || typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(seconds) && String(value).trim() !== '' ? { seconds, set: true } : undefined;
}
