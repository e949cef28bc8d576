/**
 * A Region's records: its own name (aliases to the load balancer carrying the
 * signals' health) and the failover's latency records (aliases to its own
 * name carrying the switch). Not part of the public API.
 */
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';

/** What a Region's records are built from. */
export interface RegionRecordsProps {
  readonly failoverName: string;
  readonly region: string;
  readonly hostedZoneId: string;
  readonly zoneName: string;
  /** The failover's record name, fully qualified. */
  readonly recordName: string;
  /** The Region's own name, fully qualified. */
  readonly regionalRecordName: string;
  readonly setIdentifier: string;
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  readonly evaluateTargetHealth: boolean;
  /** Whether to create AAAA records besides the A records. */
  readonly ipv6: boolean;
  /** The signals' health check, on the Region's own records. */
  readonly healthCheck?: route53.IHealthCheck;
  /** The switch's health check, on the latency records. */
  readonly switchHealthCheck?: route53.IHealthCheck;
}

/** A Region's records, A and (with IPv6) AAAA of each. */
export interface RegionRecords {
  readonly regionalRecords: route53.IRecordSet[];
  readonly records: route53.IRecordSet[];
}

/**
 * Creates the Region's own records (`scope/RegionalA`, `scope/RegionalAAAA`)
 * and the latency records (`scope/A`, `scope/AAAA`). The latency records
 * inherit the own name's health (EvaluateTargetHealth) and carry the switch:
 * both must pass, so an evacuated Region leaves DNS whatever its signals say.
 */
export function createRegionRecords(scope: Construct, props: RegionRecordsProps): RegionRecords {
  const zone = route53.HostedZone.fromHostedZoneAttributes(scope, 'Zone', {
    hostedZoneId: props.hostedZoneId,
    zoneName: props.zoneName,
  });
  const pair = (prefix: string, recordProps: route53.ARecordProps): route53.IRecordSet[] => [
    new route53.ARecord(scope, `${prefix}A`, recordProps),
    ...(props.ipv6 ? [new route53.AaaaRecord(scope, `${prefix}AAAA`, recordProps)] : []),
  ];
  const regionalRecords = pair('Regional', {
    zone,
    recordName: props.regionalRecordName,
    region: props.region,
    setIdentifier: props.setIdentifier,
    healthCheck: props.healthCheck,
    comment: `Failover '${props.failoverName}': ${props.region}, its own name and health`,
    target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(props.loadBalancer, {
      evaluateTargetHealth: props.evaluateTargetHealth,
    })),
  });
  const records = pair('', {
    zone,
    recordName: props.recordName,
    region: props.region,
    setIdentifier: props.setIdentifier,
    healthCheck: props.switchHealthCheck,
    comment: `Failover '${props.failoverName}': ${props.region}`,
    target: route53.RecordTarget.fromAlias(new SameZoneAliasTarget(props.hostedZoneId, props.regionalRecordName)),
  });
  // Route 53 accepts an alias only to a record that exists.
  records.forEach((record, i) => record.node.addDependency(regionalRecords[i]));
  return { regionalRecords, records };
}

/** An alias to another record of the same hosted zone, inheriting its health. */
class SameZoneAliasTarget implements route53.IAliasRecordTarget {
  constructor(private readonly hostedZoneId: string, private readonly dnsName: string) {}

  public bind(): route53.AliasRecordTargetConfig {
    return { hostedZoneId: this.hostedZoneId, dnsName: this.dnsName, evaluateTargetHealth: true };
  }
}
