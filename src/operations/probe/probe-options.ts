import { Duration } from 'aws-cdk-lib';

/**
 * The protocol of a Region's probe traffic.
 */
export enum ProbeProtocol {
  /** Plain HTTP. */
  HTTP = 'HTTP',
  /** HTTPS with SNI (the probe does not validate the certificate). */
  HTTPS = 'HTTPS',
}

/**
 * Probe traffic: a Route 53 HTTP(S) endpoint health check that requests a
 * path of the service through each Region's own name
 * (`<region>.<recordName>`), so the Region's load balancer keeps receiving a
 * small, steady flow of requests even after Route 53 has drained it.
 *
 * The probe exists to keep a drained Region's traffic-based metrics (latency
 * percentiles, error rates) flowing, so the Region returns only when its
 * signals are healthy again. Its own pass/fail result is not part of the
 * Region's health.
 */
export interface ProbeOptions {
  /**
   * Whether to create the probe.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * The protocol of the probe's requests.
   *
   * @default - HTTPS when the load balancer has an HTTPS listener, HTTP when it
   * has only HTTP listeners, HTTPS when its listeners cannot be seen (imported)
   */
  readonly protocol?: ProbeProtocol;

  /**
   * The port of the probe's requests (1 to 65535).
   *
   * @default - the port of the load balancer's listener of that protocol, or 443 for HTTPS and 80 for HTTP
   */
  readonly port?: number;

  /**
   * The path the probe requests. It must be served by the Region's targets
   * (not answered by the load balancer itself with a redirect or a fixed
   * response), so that each probe request produces target metrics. Use a path
   * that exercises the service the way users do.
   *
   * @default '/'
   */
  readonly path?: string;

  /**
   * How often each Route 53 health checker sends a request: 30 seconds or
   * 10 seconds (three times the traffic, at extra cost).
   *
   * @default Duration.seconds(30)
   */
  readonly requestInterval?: Duration;
}
