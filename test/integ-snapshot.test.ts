import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnElement, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { testOnMinimumCdk } from './cdk-version';
import { buildIntegApp, INTEG_FAILOVER_NAME, INTEG_REGIONS, PLACEHOLDER_ZONE } from './integ.failover';

// The integration test app (test/integ.failover.ts), synthesized offline: its
// templates must match the reviewed snapshot. Deploying it is integ-runner's
// job (docs/integration-test.md); this keeps what it would deploy reviewed.

type Json = any;

// A hosted zone from the environment would change the templates: use the placeholders.
delete process.env.INTEG_HOSTED_ZONE_ID;
delete process.env.INTEG_ZONE_NAME;

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-'));
const built = buildIntegApp(outdir);
const assembly = built.app.synth();
const stacks = [...assembly.stacksRecursively].sort((a, b) => a.hierarchicalId.localeCompare(b.hierarchicalId));

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

/**
 * The logical IDs of the example service's resources in a Region's service
 * stack (VPC, load balancer, cluster, ECS service): the snapshot keeps only
 * their types. Everything else (the failover, its republisher, the
 * assertions, the dashboard) keeps its properties.
 */
const serviceResourceIds = new Set(built.regionStages.flatMap(stage => ['Vpc', 'LoadBalancer', 'Cluster', 'Service']
  .flatMap(id => stage.serviceStack.node.findChild(id).node.findAll())
  .filter((c): c is CfnResource => c instanceof CfnResource)
  .map(c => `${stage.serviceStack.artifactId}/${stage.serviceStack.resolve(c.logicalId)}`)));

/**
 * A template with what varies between runs and machines replaced (asset
 * hashes; the assertions' salts, the time of synthesis) and what only repeats
 * left out: the CDK's version metadata and bootstrap rule, Lambda code
 * locations, the custom resources' service tokens, the example service's
 * properties, and the assertion outputs' values.
 * The assertions' properties are written one per line.
 */
function normalized(stack: cxapi.CloudFormationStackArtifact): Json {
  const text = JSON.stringify(stack.template)
    .replace(/[0-9a-f]{64}/g, '<asset-hash>')
    .replace(/"salt":"\d+"/g, '"salt":"<time>"');
  const template = JSON.parse(text);
  delete template.Rules;
  delete template.Conditions?.CDKMetadataAvailable;
  if (template.Conditions && Object.keys(template.Conditions).length === 0) {
    delete template.Conditions;
  }
  for (const [id, resource] of Object.entries<Json>(template.Resources ?? {})) {
    if (resource.Type === 'AWS::CDK::Metadata') {
      delete template.Resources[id];
    } else if (serviceResourceIds.has(`${stack.id}/${id}`)) {
      template.Resources[id] = { Type: resource.Type };
    } else if (resource.Type === 'AWS::Lambda::Function') {
      resource.Properties.Code = '<asset>';
    } else if (resource.Type.startsWith('Custom::DeployAssert@')) {
      const { ServiceToken: _token, salt: _salt, ...properties } = resource.Properties;
      template.Resources[id] = { Type: resource.Type, Properties: oneLinePerProperty(properties) };
    } else if (resource.Type === 'AWS::IAM::Role' && stack.id.includes('Assertions')) {
      resource.Properties = oneLinePerProperty(resource.Properties);
    }
  }
  // An assertion's output is named after a digest of its token's text, which
  // depends on how many tokens the process made before: name it after the
  // resource whose result it reports.
  for (const [name, output] of Object.entries<Json>(template.Outputs ?? {}).filter(([o]) => o.startsWith('AssertionResults'))) {
    delete template.Outputs[name];
    template.Outputs[`AssertionResults of ${output.Value['Fn::GetAtt'][0]}`] = '<assertion result>';
  }
  return template;
}

/** Each property's value on one line: the assertions' calls, expectations and roles stay readable and short. */
function oneLinePerProperty(properties: Record<string, Json>): Record<string, Json> {
  return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, typeof value === 'object' ? JSON.stringify(value) : value]));
}

function resourcesOf(stack: cxapi.CloudFormationStackArtifact, type: string): Json[] {
  return Object.values<Json>(stack.template.Resources).filter(r => r.Type === type);
}

function stackAt(hierarchicalId: string): cxapi.CloudFormationStackArtifact {
  const stack = stacks.find(s => s.hierarchicalId === hierarchicalId);
  if (!stack) {
    throw new Error(`no stack ${hierarchicalId} in ${stacks.map(s => s.hierarchicalId).join(', ')}`);
  }
  return stack;
}

/** The Stack construct of an artifact, by hierarchical id. */
function stackConstruct(hierarchicalId: string): Stack {
  const found = built.app.node.findAll().find((c): c is Stack => Stack.isStack(c) && c.node.path === hierarchicalId);
  if (!found) {
    throw new Error(`no stack construct at ${hierarchicalId}`);
  }
  return found;
}

/**
 * A Region's stack as text that is the same for every Region: normalized,
 * each logical ID replaced by its construct path (a health check's ID carries
 * a digest of its alarm, whose dimensions name the Region), then the Region's
 * code and the unique IDs derived from the Stage's name replaced.
 */
function regionIndependent(artifact: cxapi.CloudFormationStackArtifact): string {
  const stack = stackConstruct(artifact.hierarchicalId);
  const ids = stack.node.findAll()
    .filter((c): c is CfnElement => CfnElement.isCfnElement(c) && Stack.of(c) === stack)
    .map(c => [stack.resolve(c.logicalId) as string, c.node.path.slice(stack.node.path.length + 1)] as const)
    .sort((a, b) => b[0].length - a[0].length);
  let text = JSON.stringify(normalized(artifact));
  for (const [id, constructPath] of ids) {
    text = text.replace(new RegExp(`(?<![A-Za-z0-9])${id}(?![A-Za-z0-9])`, 'g'), `<${constructPath}>`);
  }
  // Security group rules are named after their peer's unique ID, which holds the Stage's name.
  const region = artifact.environment.region;
  return text
    .replace(new RegExp(`${INTEG_FAILOVER_NAME}${region.replace(/-/g, '')}\\w*?[0-9A-F]{8}`, 'g'), '<unique id>')
    .split(region).join('<region>');
}

const [firstRegion, ...otherRegions] = INTEG_REGIONS;
const regionStackIds = (region: string) => ['Service', 'Assertions'].map(id => `${INTEG_FAILOVER_NAME}-${region}/${id}`);

// Whole templates (aws-cdk-lib's own resources included): reviewed against the
// minimum aws-cdk-lib only (test/cdk-version.ts).
testOnMinimumCdk('the templates of every stack, Stages included, match the reviewed snapshot', () => {
  // The first Region's stacks in full; the others are checked against them below.
  const later = new Set(otherRegions.flatMap(regionStackIds));
  const snapshot = Object.fromEntries(stacks.map(stack => [stack.hierarchicalId, later.has(stack.hierarchicalId)
    ? { region: stack.environment.region, template: `the same as ${stack.hierarchicalId.replace(stack.environment.region, firstRegion)}, in its Region` }
    : {
      stackName: stack.stackName,
      region: stack.environment.region,
      dependencies: stack.dependencies.filter(d => d instanceof cxapi.CloudFormationStackArtifact).map(d => d.hierarchicalId),
      template: normalized(stack),
    }]));
  expect(snapshot).toMatchSnapshot();
});

test.each(otherRegions)('the stacks of %s are those of the first Region, in their own Region', region => {
  const [service, assertions] = regionStackIds(region).map(stackAt);
  const [firstService, firstAssertions] = regionStackIds(firstRegion).map(stackAt);
  expect(service.environment.region).toBe(region);
  expect(regionIndependent(service)).toEqual(regionIndependent(firstService));
  expect(regionIndependent(assertions)).toEqual(regionIndependent(firstAssertions));
  expect(regionIndependent(service)).not.toContain(firstRegion);
});

test('integ-runner is told to deploy the Regions\' stacks (inside Stages) and the dashboard, then assert from us-east-1', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'integ.json'), 'utf-8'));
  expect(manifest.testCases).toEqual({
    'ActiveActiveFailoverInteg/DefaultTest': {
      stacks: [
        ...INTEG_REGIONS.map(r => `${INTEG_FAILOVER_NAME}-${r}/Service`),
        ...INTEG_REGIONS.map(r => `${INTEG_FAILOVER_NAME}-${r}/Assertions`),
        `${INTEG_FAILOVER_NAME}-global/Dashboard`,
      ],
      assertionStack: 'AafIntegAssertions',
      assertionStackName: 'AafIntegAssertions',
      stackUpdateWorkflow: false,
    },
  });
  // integ-runner selects stacks by these paths: each must be a stack's hierarchical id.
  for (const id of manifest.testCases['ActiveActiveFailoverInteg/DefaultTest'].stacks) {
    expect(stackAt(id).hierarchicalId).toBe(id);
  }
});

describe.each(INTEG_REGIONS)('Region %s', region => {
  const service = stackAt(`${INTEG_FAILOVER_NAME}-${region}/Service`);
  const latencyName = `aaf-integ.${PLACEHOLDER_ZONE.zoneName}.`;

  test('deploys its service stack in its Region, with the latency and own-name records A and AAAA', () => {
    expect(service.environment.region).toBe(region);
    const records = resourcesOf(service, 'AWS::Route53::RecordSet').map(r => r.Properties);
    expect(records.map(r => [r.Name, r.Type, r.Region, r.SetIdentifier, r.HostedZoneId]).sort()).toEqual([
      [latencyName, 'A', region, `AafInteg-${region}`, PLACEHOLDER_ZONE.hostedZoneId],
      [latencyName, 'AAAA', region, `AafInteg-${region}`, PLACEHOLDER_ZONE.hostedZoneId],
      [`${region}.${latencyName}`, 'A', region, `AafInteg-${region}`, PLACEHOLDER_ZONE.hostedZoneId],
      [`${region}.${latencyName}`, 'AAAA', region, `AafInteg-${region}`, PLACEHOLDER_ZONE.hostedZoneId],
    ]);
    expect(records.every(r => r.HealthCheckId !== undefined)).toBe(true);
  });

  test('has the 7 health checks: four signals, calculated, switch, probe', () => {
    const checks = resourcesOf(service, 'AWS::Route53::HealthCheck').map(r => r.Properties);
    expect(checks.map(c => c.HealthCheckTags[0].Value).sort()).toEqual([
      `AafInteg-${region}`,
      `AafInteg-${region}-EcsServiceCpu`,
      `AafInteg-${region}-Http5xxErrorRate`,
      `AafInteg-${region}-TargetConnectionErrorRate`,
      `AafInteg-${region}-TargetResponseTime`,
      `AafInteg-${region}-probe`,
      `AafInteg-${region}-switch`,
    ]);
  });

  test('checks the Region\'s alarms from an assertion stack in the same Region, by literal names, failing its deployment', () => {
    const assertions = stackAt(`${INTEG_FAILOVER_NAME}-${region}/Assertions`);
    expect(assertions.environment.region).toBe(region);
    expect(assertions.dependencies.map(d => d.hierarchicalId)).toContain(service.hierarchicalId);
    const calls = Object.values<Json>(assertions.template.Resources).filter(r => /^Custom::DeployAssert@SdkCall/.test(r.Type));
    expect(calls.map(c => c.Properties.parameters.AlarmNames).sort()).toEqual(
      ['EcsServiceCpu', 'Http5xxErrorRate', 'TargetConnectionErrorRate', 'TargetResponseTime', 'evacuated', 'health']
        .map(name => `["AafInteg-${region}-${name}"]`).sort());
    const equals = Object.values<Json>(assertions.template.Resources).filter(r => r.Type === 'Custom::DeployAssert@AssertEquals');
    expect(equals.length).toBeGreaterThan(0);
    expect(equals.every(e => e.Properties.failDeployment === true)).toBe(true);
  });

  test('has no error and no warning (the guard of the Region\'s Stage finds nothing)', () => {
    expect(service.messages.filter(m => m.level !== 'info')).toEqual([]);
  });
});

test('the assertion stack checks records, DNS answers and health checks of every Region, and the dashboard', () => {
  const assertions = stackAt('AafIntegAssertions');
  expect(assertions.environment.region).toBe('us-east-1');
  const calls = Object.values<Json>(assertions.template.Resources)
    .filter(r => /^Custom::DeployAssert@SdkCall/.test(r.Type))
    .map(r => `${r.Properties.service}.${r.Properties.api}`);
  const count = (call: string) => calls.filter(c => c === call).length;
  // Per Region: the latency and own-name records, and 2 to find the health checks.
  expect(count('Route53.listResourceRecordSets')).toBe(4 * INTEG_REGIONS.length);
  // Per Region: the own name A and AAAA; and the latency name once.
  expect(count('Route53.testDNSAnswer')).toBe(2 * INTEG_REGIONS.length + 1);
  // Per Region: switch, calculated, its children's IDs, and the four children.
  expect(count('Route53.getHealthCheck')).toBe(7 * INTEG_REGIONS.length);
  expect(count('CloudWatch.getDashboard')).toBe(1);
  // Every check but the lookups reports a result to integ-runner.
  const outputs = Object.keys(assertions.template.Outputs ?? {}).filter(o => o.startsWith('AssertionResults'));
  expect(outputs).toHaveLength(calls.length - 3 * INTEG_REGIONS.length);
  expect(calls).toHaveLength(13 * INTEG_REGIONS.length + 2);
});

test('the assertion functions may call the CloudWatch APIs they use (cloudwatch:, not monitoring:)', () => {
  const allowed = (stack: cxapi.CloudFormationStackArtifact) => Object.values<Json>(stack.template.Resources)
    .filter(r => r.Type === 'AWS::IAM::Role')
    .flatMap(r => (r.Properties.Policies ?? []).flatMap((p: Json) => p.PolicyDocument.Statement.flatMap((st: Json) => st.Action)));
  for (const region of INTEG_REGIONS) {
    expect(allowed(stackAt(`${INTEG_FAILOVER_NAME}-${region}/Assertions`))).toContain('cloudwatch:DescribeAlarms');
  }
  expect(allowed(stackAt('AafIntegAssertions'))).toContain('cloudwatch:GetDashboard');
  expect(allowed(stackAt('AafIntegAssertions'))).toContain('route53:GetHealthCheck');
});

test('no stack references another: no import, no cross-Region export, parameters only the bootstrap version', () => {
  for (const stack of stacks) {
    const text = JSON.stringify(stack.template);
    expect(text).not.toContain('Fn::ImportValue');
    expect(text).not.toContain('/cdk/exports/');
    expect(Object.keys(stack.template.Parameters ?? {}).filter(p => p !== 'BootstrapVersion')).toEqual([]);
  }
});

test('the guard finds nothing in any Stage', () => {
  for (const stack of stacks) {
    expect(stack.messages.filter(m => m.level === 'error')).toEqual([]);
  }
  for (const stage of built.regionStages) {
    Template.fromStack(stage.serviceStack).resourceCountIs('AWS::Route53::HealthCheck', 7);
  }
});

test('takes the hosted zone from context, then from the environment', () => {
  const latencyRecords = (app: ReturnType<typeof buildIntegApp>) => Template.fromStack(app.regionStages[0].serviceStack)
    .findResources('AWS::Route53::RecordSet', { Properties: { Type: 'A' } });
  process.env.INTEG_HOSTED_ZONE_ID = 'Z0FROMENV';
  process.env.INTEG_ZONE_NAME = 'Env.Example.ORG.';
  try {
    const fromEnv = buildIntegApp(fs.mkdtempSync(path.join(outdir, 'env-')));
    const fromContext = buildIntegApp(fs.mkdtempSync(path.join(outdir, 'ctx-')),
      { 'integ:hostedZoneId': 'Z0FROMCONTEXT', 'integ:zoneName': 'context.example.net' });
    const names = (app: ReturnType<typeof buildIntegApp>) => Object.values<Json>(latencyRecords(app))
      .map(r => [r.Properties.HostedZoneId, r.Properties.Name]).sort();
    expect(names(fromEnv)).toEqual([['Z0FROMENV', 'aaf-integ.env.example.org.'], ['Z0FROMENV', 'us-east-1.aaf-integ.env.example.org.']]);
    expect(names(fromContext)).toEqual([
      ['Z0FROMCONTEXT', 'aaf-integ.context.example.net.'], ['Z0FROMCONTEXT', 'us-east-1.aaf-integ.context.example.net.'],
    ]);
  } finally {
    delete process.env.INTEG_HOSTED_ZONE_ID;
    delete process.env.INTEG_ZONE_NAME;
  }
});
