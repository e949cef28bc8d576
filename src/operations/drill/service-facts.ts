/**
 * What a drill reads from the app at synth time, once every construct (and
 * escape hatch) is configured: the drilled service's task definition and
 * settings, the port and health-check timeout of its target group, and the
 * CIDR blocks of the load balancer's subnets. Everything is read from the
 * resources as they will be synthesized; what is not defined in the app
 * (imported resources) is unknown. Not part of the public API.
 */
import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';
import { refTarget } from '../../model/cfn';
import { ServiceFacts } from '../../model/drill/drill-rules';
import { SSM_AGENT_SIDECAR } from '../../model/drill/fis-actions';
import { renderedResource } from '../../private/cfn';

/** A target group's health-check timeout when it sets none (HTTP and HTTPS target groups; ELBv2 API reference). */
export const DEFAULT_HEALTH_CHECK_TIMEOUT_SECONDS = 5;

/** The drilled service as the drill needs it. */
export interface DrilledService extends ServiceFacts {
  /** The container port it registers with its (first) target group. */
  readonly containerPort?: number;
  /** The shortest health-check timeout of its target groups. */
  readonly healthCheckTimeoutSeconds?: number;
}

/** The CloudFormation resource of `stack` with this logical ID (resolved), if the app defines it. */
function resourceById(stack: Stack, logicalId: string | undefined): CfnResource | undefined {
  if (logicalId === undefined) {
    return undefined;
  }
  return stack.node.findAll().find((c): c is CfnResource => CfnResource.isCfnResource(c) && stack.resolve(c.logicalId) === logicalId);
}

/** Reads the service; an imported service gives nothing. */
export function readService(service: ecs.IBaseService): DrilledService {
  if (!(service instanceof ecs.BaseService)) {
    return {};
  }
  const stack = Stack.of(service);
  const svc = renderedResource(service.node.defaultChild as CfnResource).properties;
  const td = renderedResource(service.taskDefinition.node.defaultChild as CfnResource).properties;
  const containers: Array<{ Environment?: Array<{ Name?: unknown }> }> = Array.isArray(td.ContainerDefinitions) ? td.ContainerDefinitions : [];
  const loadBalancers: Array<{ ContainerPort?: unknown; TargetGroupArn?: unknown }> = Array.isArray(svc.LoadBalancers) ? svc.LoadBalancers : [];
  const timeouts = loadBalancers.map(lb => {
    const group = resourceById(stack, refTarget(lb.TargetGroupArn));
    if (!group) {
      return undefined;
    }
    const timeout = renderedResource(group).properties.HealthCheckTimeoutSeconds;
    return timeout === undefined ? DEFAULT_HEALTH_CHECK_TIMEOUT_SECONDS : typeof timeout === 'number' ? timeout : undefined;
  }).filter((t): t is number => t !== undefined);
  const port = loadBalancers[0]?.ContainerPort;
  return {
    taskDefinition: {
      networkMode: typeof td.NetworkMode === 'string' ? td.NetworkMode : 'bridge',
      pidMode: typeof td.PidMode === 'string' ? td.PidMode : undefined,
      enableFaultInjection: td.EnableFaultInjection === true || td.EnableFaultInjection === 'true',
      hasSidecar: containers.some(c => (c.Environment ?? []).some(e => e.Name === SSM_AGENT_SIDECAR.roleNameVariable)),
    },
    enableExecuteCommand: svc.EnableExecuteCommand === true || svc.EnableExecuteCommand === 'true',
    containerPort: typeof port === 'number' ? port : undefined,
    healthCheckTimeoutSeconds: timeouts.length > 0 ? Math.min(...timeouts) : undefined,
  };
}

/**
 * The CIDR blocks of the load balancer's subnets, when the app defines the
 * load balancer and its subnets with literal CIDR blocks; undefined otherwise.
 */
export function loadBalancerSubnetCidrs(loadBalancer: elbv2.IApplicationLoadBalancer): string[] | undefined {
  const cfn: IConstruct | undefined = loadBalancer.node.defaultChild;
  if (!CfnResource.isCfnResource(cfn)) {
    return undefined;
  }
  const stack = Stack.of(cfn);
  const props = renderedResource(cfn).properties;
  const subnetRefs: unknown[] = [
    ...(Array.isArray(props.Subnets) ? props.Subnets : []),
    ...(Array.isArray(props.SubnetMappings) ? props.SubnetMappings.map((m: { SubnetId?: unknown }) => m.SubnetId) : []),
  ];
  const cidrs = subnetRefs.map(ref => {
    const subnet = resourceById(stack, refTarget(ref));
    const cidr = subnet instanceof ec2.CfnSubnet ? subnet.cidrBlock : undefined;
    return cidr !== undefined && !Token.isUnresolved(cidr) ? cidr : undefined;
  });
  return cidrs.length > 0 && cidrs.every(c => c !== undefined) ? cidrs as string[] : undefined;
}
