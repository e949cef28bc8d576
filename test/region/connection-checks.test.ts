import { App, CfnResource, Duration } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { FailoverSignal } from '../../src';
import { alb, failover, importedAlb, regionStack } from '../helpers';

const p99 = () => FailoverSignal.targetResponseTime({ threshold: Duration.seconds(1), statistic: 'p99' });

function warnings(options: { keepAlive?: Duration | null; imported?: boolean; probePath?: string; signals?: FailoverSignal[] }) {
  const app = new App();
  const f = failover(app, { probe: options.probePath === undefined ? {} : { path: options.probePath } });
  const stack = regionStack(app, 'us-east-1');
  const loadBalancer = options.imported ? importedAlb(stack) : alb(stack, { httpListener: true, clientKeepAlive: options.keepAlive });
  f.addRegion(stack, 'Failover', { loadBalancer, signals: options.signals ?? [p99()] });
  return Annotations.fromStack(stack);
}

describe('pooled connections (client keep-alive)', () => {
  test('warns if the load balancer keeps the default hour of keep-alive, with the fix', () => {
    warnings({ keepAlive: null, probePath: '/' }).hasWarning('/Service-us-east-1/Failover', Match.stringLikeRegexp(
      "^FailoverRegion 'Service-us-east-1/Failover': the load balancer keeps client connections up to 3600 seconds "
      + '\\(client_keep_alive.seconds, the default\\), longer than the 240 seconds the failover allows: .* '
      + 'Fix: set clientKeepAlive: Duration.seconds\\(120\\) on the load balancer.*\\[ack: AAF-REGION-KEEP-ALIVE\\]',
    ));
  });

  test('warns if the keep-alive is over 240 seconds', () => {
    warnings({ keepAlive: Duration.seconds(300), probePath: '/' }).hasWarning('/Service-us-east-1/Failover',
      Match.stringLikeRegexp('up to 300 seconds \\(client_keep_alive.seconds\\), longer than the 240 seconds'));
  });

  test.each([60, 120, 240])('does not warn with a keep-alive of %s seconds', seconds => {
    warnings({ keepAlive: Duration.seconds(seconds), probePath: '/' }).hasNoWarning('*', Match.stringLikeRegexp('keep'));
  });

  test('warns if the load balancer is imported: its keep-alive cannot be seen', () => {
    warnings({ imported: true, probePath: '/' }).hasWarning('/Service-us-east-1/Failover',
      Match.stringLikeRegexp('client keep-alive \\(client_keep_alive.seconds\\) cannot be seen .*\\[ack: AAF-REGION-KEEP-ALIVE-UNKNOWN\\]'));
  });
});

describe('probe path', () => {
  test('warns if traffic-based signals depend on a probe on the default path', () => {
    warnings({}).hasWarning('/Service-us-east-1/Failover', Match.stringLikeRegexp(
      "the probe requests the default path '/', and the traffic-based signals TargetResponseTime see only the probe's requests "
      + '.* Fix: set probe.path to a path that exercises what users exercise .*\\[ack: AAF-PROBE-PATH-DEFAULT\\]',
    ));
  });

  test('does not warn when the path is named, even as \'/\'', () => {
    warnings({ probePath: '/' }).hasNoWarning('*', Match.stringLikeRegexp('default path'));
    warnings({ probePath: '/orders/health' }).hasNoWarning('*', Match.stringLikeRegexp('default path'));
  });

  test('does not warn without traffic-based signals', () => {
    const app = new App();
    const stack = regionStack(app, 'us-east-1');
    const f = failover(app);
    f.addRegion(stack, 'Failover', {
      loadBalancer: alb(stack, { httpListener: true }),
      signals: [FailoverSignal.fromMetric({ signalName: 'Queue', threshold: 1, trafficBased: false, metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Queue' }) })],
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('default path'));
  });
});

describe('pooled connections: what cannot be read', () => {
  test('warns (does not crash) when an escape hatch sets the attributes with an intrinsic', () => {
    const app = new App();
    const f = failover(app);
    const stack = regionStack(app, 'us-east-1');
    const loadBalancer = alb(stack, { httpListener: true });
    (loadBalancer.node.defaultChild as CfnResource).addPropertyOverride('LoadBalancerAttributes', { 'Fn::If': ['C', [], []] });
    f.addRegion(stack, 'Failover', { loadBalancer, signals: [p99()] });
    Annotations.fromStack(stack).hasWarning('/Service-us-east-1/Failover',
      Match.stringLikeRegexp('cannot be seen \\(a token or an escape hatch sets it\\)'));
  });

  test('an explicit 3,600 s is not called the default', () => {
    const annotations = warnings({ keepAlive: Duration.seconds(3600), probePath: '/' });
    annotations.hasWarning('/Service-us-east-1/Failover', Match.stringLikeRegexp('up to 3600 seconds \\(client_keep_alive.seconds\\), longer'));
  });
});
