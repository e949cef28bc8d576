import { GuardRule } from './rule';

/** Load balancer metrics published only while requests flow. */
const TRAFFIC_NAMESPACES = ['AWS/ApplicationELB', 'AWS/ELB', 'AWS/NetworkELB', 'AWS/ApiGateway', 'AWS/CloudFront'];
const CONTINUOUS_METRICS = ['HealthyHostCount', 'UnHealthyHostCount', 'ActiveConnectionCount', 'ConsumedLCUs'];

/** LastKnownStatus on a check whose alarm watches a traffic-based metric: a drained Region may never come back. */
export const LAST_KNOWN_STATUS_TRAFFIC: GuardRule = {
  ids: ['AAF-GUARD-LAST-KNOWN-STATUS-TRAFFIC'],
  warningOnly: true,
  description: 'LastKnownStatus on a health check whose alarm watches a metric published only while requests flow (warning)',
  check: stack => stack.healthChecks
    .filter(check => check.config.InsufficientDataHealthStatus === 'LastKnownStatus' && check.alarm && !check.alarm.composite)
    .filter(check => TRAFFIC_NAMESPACES.includes(check.alarm!.properties.Namespace)
      && !CONTINUOUS_METRICS.includes(check.alarm!.properties.MetricName))
    .map(check => ({
      resource: check,
      violation: {
        ruleId: 'AAF-GUARD-LAST-KNOWN-STATUS-TRAFFIC',
        property: 'InsufficientDataHealthStatus',
        value: "'LastKnownStatus'",
        problem: `keeps the last status while alarm '${check.alarm!.path}' has no data, and its metric `
          + `(${check.alarm!.properties.Namespace} ${check.alarm!.properties.MetricName}) is published only while requests flow: `
          + 'once drained, the Region may never come back',
        fix: 'use Healthy, and keep probe traffic flowing to the Region (an endpoint health check on its own name)',
      },
    })),
};
