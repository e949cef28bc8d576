/**
 * The rules of Route 53 endpoint (HTTP/HTTPS) health checks that the probe
 * traffic uses: resource path, port and request interval.
 *
 * Source: Route 53 API reference, HealthCheckConfig (ResourcePath up to 255
 * characters, Port 1..65535, RequestInterval 10 or 30).
 */
import { RuleViolation, unless } from './violation';

/** Stable ids of the endpoint health-check rules. */
export enum ProbeRuleId {
  PATH = 'AAF-PROBE-PATH',
  PORT = 'AAF-PROBE-PORT',
  REQUEST_INTERVAL = 'AAF-PROBE-REQUEST-INTERVAL',
}

/** The longest ResourcePath Route 53 accepts. */
export const MAX_RESOURCE_PATH_LENGTH = 255;

/** The request intervals (seconds) Route 53 accepts for endpoint checks. */
export const REQUEST_INTERVALS: readonly number[] = [10, 30];

/** Checks an endpoint health check's resource path. */
export function checkProbePath(property: string, path: string): RuleViolation[] {
  return unless(path.startsWith('/') && path.length <= MAX_RESOURCE_PATH_LENGTH, {
    ruleId: ProbeRuleId.PATH,
    property,
    value: `'${path}'`,
    problem: `must start with '/' and have at most ${MAX_RESOURCE_PATH_LENGTH} characters`,
    fix: "give the path of a page the service's targets serve, such as '/health'",
  });
}

/** Checks an endpoint health check's port. */
export function checkProbePort(property: string, port: number): RuleViolation[] {
  return unless(Number.isInteger(port) && port >= 1 && port <= 65535, {
    ruleId: ProbeRuleId.PORT,
    property,
    value: `${port}`,
    problem: 'must be a whole number from 1 to 65535',
    fix: "use the port of the load balancer's listener (443 for HTTPS, 80 for HTTP)",
  });
}

/** Checks an endpoint health check's request interval. */
export function checkRequestInterval(property: string, seconds: number): RuleViolation[] {
  return unless(REQUEST_INTERVALS.includes(seconds), {
    ruleId: ProbeRuleId.REQUEST_INTERVAL,
    property,
    value: `${seconds} seconds`,
    problem: `must be one of ${REQUEST_INTERVALS.join(' or ')} seconds`,
    fix: 'use Duration.seconds(30) (the default) or Duration.seconds(10) (fast, billed extra)',
  });
}
