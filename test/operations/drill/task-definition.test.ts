import { execFileSync } from 'child_process';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { DrillFault, FailoverDrill } from '../../../src';
import { SIDECAR_SCRIPT } from '../../../src/model/drill/sidecar-script';
import { ACCOUNT } from '../../helpers';

function taskDefinition(kind: 'fargate' | 'bridge' | 'host' = 'fargate') {
  const stack = new Stack(new App(), 'S', { env: { account: ACCOUNT, region: 'eu-central-1' } });
  const td = kind === 'fargate'
    ? new ecs.FargateTaskDefinition(stack, 'Task')
    : new ecs.Ec2TaskDefinition(stack, 'Task', { networkMode: kind === 'bridge' ? ecs.NetworkMode.BRIDGE : ecs.NetworkMode.HOST });
  td.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx'), memoryLimitMiB: 256 });
  return { stack, td };
}

describe('FailoverDrill.prepareTaskDefinition', () => {
  const { stack, td } = taskDefinition();
  const prepared = FailoverDrill.prepareTaskDefinition(td);
  const template = Template.fromStack(stack);

  test('the SSM agent sidecar: non-essential, the role\'s name in MANAGED_INSTANCE_ROLE_NAME, this project\'s script', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: Match.arrayWith([Match.objectLike({
        Name: 'amazon-ssm-agent',
        Image: 'public.ecr.aws/amazon-ssm-agent/amazon-ssm-agent:latest',
        Essential: false,
        Cpu: 0,
        EntryPoint: ['/bin/bash', '-c'],
        Command: [SIDECAR_SCRIPT],
        Environment: [{ Name: 'MANAGED_INSTANCE_ROLE_NAME', Value: { Ref: Match.stringLikeRegexp('DrillManagedInstanceRole') } }],
        LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
      })]),
    });
    expect(prepared.sidecar.containerName).toBe('amazon-ssm-agent');
  });

  test('pidMode task and EnableFaultInjection (a property override: aws-cdk-lib 2.173 lacks it) for the network faults', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { PidMode: 'task', EnableFaultInjection: true, NetworkMode: 'awsvpc' });
  });

  test('the managed-instance role: trusted by Systems Manager of this account, AmazonSSMManagedInstanceCore, clean-up actions', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Principal: { Service: 'ssm.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': Match.anyValue() } },
        })],
      },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore']] }],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Action: 'ssm:DeleteActivation', Effect: 'Allow', Resource: '*' },
          Match.objectLike({ Action: 'ssm:DeregisterManagedInstance', Resource: Match.anyValue() }),
        ],
      },
      Roles: [{ Ref: Match.stringLikeRegexp('DrillManagedInstanceRole') }],
    });
  });

  test('the task role: ssm:CreateActivation, ssm:AddTagsToResource, and iam:PassRole on the managed-instance role to Systems Manager only', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Action: ['ssm:CreateActivation', 'ssm:AddTagsToResource'], Effect: 'Allow', Resource: '*' },
          {
            Action: 'iam:PassRole',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('DrillManagedInstanceRole'), 'Arn'] },
            Condition: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
          },
        ],
      },
      Roles: [{ Ref: Match.stringLikeRegexp('TaskTaskRole') }],
    });
  });

  test('the cpu fault alone needs no pidMode and no fault injection endpoints', () => {
    const only = taskDefinition('bridge');
    FailoverDrill.prepareTaskDefinition(only.td, { faults: [DrillFault.CPU] });
    const rendered = Template.fromStack(only.stack).findResources('AWS::ECS::TaskDefinition');
    const props = (Object.values(rendered)[0] as any).Properties;
    expect(props.PidMode).toBeUndefined();
    expect(props.EnableFaultInjection).toBeUndefined();
    expect(props.ContainerDefinitions.map((c: any) => c.Name)).toEqual(['app', 'amazon-ssm-agent']);
  });

  test('host networking is accepted for the network faults', () => {
    const host = taskDefinition('host');
    expect(() => FailoverDrill.prepareTaskDefinition(host.td)).not.toThrow();
  });

  test('fails if the task definition uses bridge networking and a network fault is asked for', () => {
    expect(() => FailoverDrill.prepareTaskDefinition(taskDefinition('bridge').td, { faults: [DrillFault.CPU, DrillFault.LATENCY] })).toThrow(
      /\[AAF-DRILL-NETWORK-MODE\] FailoverDrill.prepareTaskDefinition 'S\/Task': 'taskDefinition.networkMode' must be 'awsvpc' or 'host' .*needed by 'latency', got: 'bridge'/);
  });

  test('fails if pidMode is already host', () => {
    const other = new Stack(new App(), 'S', { env: { account: ACCOUNT, region: 'eu-central-1' } });
    const hostPid = new ecs.Ec2TaskDefinition(other, 'Task', { networkMode: ecs.NetworkMode.AWS_VPC, pidMode: ecs.PidMode.HOST });
    expect(() => FailoverDrill.prepareTaskDefinition(hostPid)).toThrow(/\[AAF-DRILL-PID-MODE\] .*'taskDefinition.pidMode' must be 'task' .*got: 'host'/);
  });

  test('fails if the task definition is prepared twice', () => {
    expect(() => FailoverDrill.prepareTaskDefinition(td)).toThrow(
      /\[AAF-DRILL-PREPARED\] .*'taskDefinition' must be prepared once, got: a task definition prepared before/);
  });

  test('fails if a fault is unknown', () => {
    expect(() => FailoverDrill.prepareTaskDefinition(taskDefinition().td, { faults: ['disk' as DrillFault] })).toThrow(/\[AAF-DRILL-FAULTS\]/);
  });
});

describe('the sidecar script (written by this project from the documented steps)', () => {
  test('is valid bash', () => {
    expect(() => execFileSync('bash', ['-n', '-c', SIDECAR_SCRIPT])).not.toThrow();
  });

  test('holds no ${...}: CloudFormation\'s template checks (validateAgainstDefaultRules of a new cdk init app) take it for a Fn::Sub variable', () => {
    expect(SIDECAR_SCRIPT).not.toContain('${');
  });

  test.each([
    ['refuses to run next to ECS Exec\'s agent', /pgrep -f "amazon-ssm-agent\|ssm-agent-worker"/],
    ['reads the task metadata (v4)', /"\$ECS_CONTAINER_METADATA_URI_V4\/task"/],
    ['creates a one-use activation with the managed-instance role', /create-activation .*--iam-role "\$MANAGED_INSTANCE_ROLE_NAME" --registration-limit 1/],
    ['tags it with the task\'s ARN, Availability Zone and the sidecar marker', /Key=ECS_TASK_ARN,Value=\$task_arn.*Key=ECS_TASK_AVAILABILITY_ZONE.*Key=FAULT_INJECTION_SIDECAR,Value=true/],
    ['registers and runs the agent', /amazon-ssm-agent -register -y .*\namazon-ssm-agent &/],
    ['deregisters and deletes the activation on SIGTERM or SIGINT', /deregister-managed-instance[\s\S]*delete-activation[\s\S]*trap cleanup TERM INT/],
  ])('%s', (_, pattern) => {
    expect(SIDECAR_SCRIPT).toMatch(pattern);
  });
});
