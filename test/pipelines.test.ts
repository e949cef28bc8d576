import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, Duration, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { EXAMPLE_ACCOUNT, EXAMPLE_REGIONS } from '../examples/app';
import { buildPipelineApp, PIPELINE_REGION, PipelineStack, RegionStage } from '../examples/pipelines';
import { ActiveActiveFailover, Route53AlarmGuard } from '../src';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelines-'));
const assembly = buildPipelineApp(outdir).synth();

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

/** The cloud assembly of one Stage, as the pipeline synthesized it. */
// CDK Pipelines names the artifact bucket stack of another Region
// `cross-region-stack-<account>:<region>`; newer aws-cdk-lib versions write `_`
// instead of `:` (the id only: its stack name is `ApiPipeline-support-<region>`).
const CROSS_REGION_SEPARATOR = /(?<=^cross-region-stack-\d{12})_/;

function crossRegionStack(region: string): cxapi.CloudFormationStackArtifact {
  const found = assembly.stacks.filter(s => s.id.replace(CROSS_REGION_SEPARATOR, ':') === `cross-region-stack-${EXAMPLE_ACCOUNT}:${region}`);
  expect(found).toHaveLength(1);
  return found[0];
}

function stageAssembly(stageName: string): cxapi.CloudAssembly {
  const artifact = assembly.tryGetArtifact(`assembly-${stageName}`);
  if (!(artifact instanceof cxapi.NestedCloudAssemblyArtifact)) {
    throw new Error(`no nested assembly for Stage ${stageName}`);
  }
  return artifact.nestedAssembly;
}

/** The first stack of a Stage. */
function firstStack(stageName: string): cxapi.CloudFormationStackArtifact {
  return stageAssembly(stageName).stacks[0];
}

/** Every stack of the app: the pipeline's, its support stacks, and every Stage's. */
const allStacks = assembly.stacksRecursively;

type Json = any;

/**
 * The logical IDs a template's intrinsic functions name: Ref, Fn::GetAtt,
 * the variables of Fn::Sub, and DependsOn.
 */
function namedIds(node: Json, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    node.forEach(n => namedIds(n, out));
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries<Json>(node)) {
      if (key === 'Ref' && typeof value === 'string') {
        out.add(value);
      } else if (key === 'Fn::GetAtt') {
        out.add(Array.isArray(value) ? value[0] : String(value).split('.')[0]);
      } else if (key === 'Fn::Sub') {
        const [text, variables] = Array.isArray(value) ? value : [value, {}];
        for (const match of String(text).matchAll(/\$\{([^!}][^}]*)\}/g)) {
          const name = match[1].split('.')[0];
          if (!(name in variables)) {
            out.add(name);
          }
        }
        namedIds(variables, out);
      } else if (key === 'DependsOn') {
        [value].flat().forEach(id => out.add(id));
      } else {
        namedIds(value, out);
      }
    }
  }
  return out;
}

/** The properties of the pipeline's AWS::CodePipeline::Pipeline. */
function pipelineProperties(): Json {
  const pipelines = Template.fromJSON(assembly.getStackByName('ApiPipeline').template).findResources('AWS::CodePipeline::Pipeline');
  expect(Object.keys(pipelines)).toHaveLength(1);
  return Object.values<Json>(pipelines)[0].Properties;
}

describe.each(EXAMPLE_REGIONS)('Region Stage %s', region => {
  const stack = firstStack(`Api-${region}`);
  const template = Template.fromJSON(stack.template);

  test('holds exactly the Region\'s service stack, in the Stage\'s Region and account', () => {
    expect(stageAssembly(`Api-${region}`).stacks.map(s => s.stackName)).toEqual([`Api-${region}-Service`]);
    expect(stack.environment).toMatchObject({ account: EXAMPLE_ACCOUNT, region });
    // The failover's records are in this stack, for this Region.
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'api.example.com.', Type: 'A', Region: region, SetIdentifier: `Api-${region}`,
    });
  });

  test('has the 7 health checks of the article\'s four signals, the calculated check, the switch and the probe', () => {
    template.resourceCountIs('AWS::Route53::HealthCheck', 7);
    const byName = Object.fromEntries(Object.values<Json>(template.findResources('AWS::Route53::HealthCheck'))
      .map(r => [r.Properties.HealthCheckTags[0].Value, r.Properties.HealthCheckConfig]));
    const signals = ['TargetResponseTime', 'Http5xxErrorRate', 'TargetConnectionErrorRate', 'EcsServiceCpu'];
    expect(Object.keys(byName).sort()).toEqual([
      `Api-${region}`, ...signals.map(s => `Api-${region}-${s}`), `Api-${region}-probe`, `Api-${region}-switch`,
    ].sort());
    for (const signal of [...signals, 'switch']) {
      expect(byName[`Api-${region}-${signal}`]).toMatchObject({ Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Region: region } });
    }
    expect(byName[`Api-${region}`]).toMatchObject({ Type: 'CALCULATED', HealthThreshold: 4 });
    expect(byName[`Api-${region}-probe`]).toMatchObject({ Type: 'HTTP', FullyQualifiedDomainName: `${region}.api.example.com` });
  });

  test('has no error and no warning (every Region existed when the pipeline synthesized the Stage)', () => {
    expect(stack.messages.filter(m => m.level !== 'info')).toEqual([]);
  });

  test('is validated when the pipeline app is synthesized, so the guard\'s errors stop `cdk synth`', () => {
    expect(stack.validateOnSynth).toBe(true);
  });
});

test('the global Stage holds only the dashboard stack, in us-east-1, showing every Region', () => {
  expect(stageAssembly('Api-global').stacks.map(s => s.stackName)).toEqual(['Api-global-Dashboard']);
  const stack = firstStack('Api-global');
  expect(stack.environment).toMatchObject({ account: EXAMPLE_ACCOUNT, region: PIPELINE_REGION });
  const template = Template.fromJSON(stack.template);
  template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  const body = Object.values<Json>(template.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody;
  const regions = new Set(JSON.parse(body).widgets.filter((w: Json) => w.type === 'metric').map((w: Json) => w.properties.region));
  expect([...regions].sort()).toEqual([...EXAMPLE_REGIONS].sort());
  expect(stack.messages.filter(m => m.level !== 'info')).toEqual([]);
});

test('the pipeline deploys the three Regions in one stage, in parallel, then the dashboard', () => {
  const stages: Array<{ Name: string; Actions: Json[] }> = pipelineProperties().Stages;
  const names = stages.map(s => s.Name);
  expect(names).toEqual(['Source', 'Build', 'UpdatePipeline', 'Assets', 'Regions', 'Api-global']);

  const deploys = (stage: { Actions: Json[] }) => stage.Actions
    .filter(a => a.ActionTypeId.Provider === 'CloudFormation')
    .map(a => ({
      stackName: a.Configuration.StackName,
      mode: a.Configuration.ActionMode,
      runOrder: a.RunOrder,
      region: a.Region ?? PIPELINE_REGION,
    }));

  // Every Region stack is prepared, then deployed, in the Regions stage only,
  // each in its own Region; all Regions share the same run orders.
  const regions = deploys(stages[names.indexOf('Regions')]);
  expect(regions).toHaveLength(2 * EXAMPLE_REGIONS.length);
  for (const region of EXAMPLE_REGIONS) {
    expect(regions.filter(a => a.stackName === `Api-${region}-Service`)).toEqual([
      { stackName: `Api-${region}-Service`, mode: 'CHANGE_SET_REPLACE', runOrder: 1, region },
      { stackName: `Api-${region}-Service`, mode: 'CHANGE_SET_EXECUTE', runOrder: 2, region },
    ]);
  }

  // The dashboard comes in a later stage.
  expect(deploys(stages[names.indexOf('Api-global')])).toEqual([
    { stackName: 'Api-global-Dashboard', mode: 'CHANGE_SET_REPLACE', runOrder: 1, region: PIPELINE_REGION },
    { stackName: 'Api-global-Dashboard', mode: 'CHANGE_SET_EXECUTE', runOrder: 2, region: PIPELINE_REGION },
  ]);

  // No other stage deploys anything.
  const elsewhere = stages.filter(s => !['Regions', 'Api-global'].includes(s.Name)).flatMap(deploys);
  expect(elsewhere).toEqual([]);
});

describe('no reference crosses a Region or a Stage', () => {
  test.each(allStacks.map(s => [s.hierarchicalId, s] as const))('%s', (_, stack) => {
    const template = stack.template;
    const text = JSON.stringify(template);
    expect(text).not.toContain('Fn::ImportValue');
    expect(text).not.toContain('/cdk/exports/');
    const types = Object.values<Json>(template.Resources ?? {}).map(r => r.Type);
    expect(types.filter(t => /^Custom::CrossRegionExport(Reader|Writer)/.test(t))).toEqual([]);
    expect(types.filter(t => t === 'AWS::SSM::Parameter')).toEqual([]);

    // Parameters: at most the bootstrap version (assets are addressed by name).
    expect(Object.keys(template.Parameters ?? {}).filter(p => p !== 'BootstrapVersion')).toEqual([]);

    // Every Ref, Fn::GetAtt, Fn::Sub variable and DependsOn names something of this template.
    const own = new Set([...Object.keys(template.Resources ?? {}), ...Object.keys(template.Parameters ?? {})]);
    const foreign = [...namedIds(template)].filter(id => !own.has(id) && !id.startsWith('AWS::'));
    expect(foreign).toEqual([]);

    // And no stack waits for another stack, except the pipeline for the
    // artifact buckets CDK Pipelines creates in the other Regions.
    const stackDependencies = stack.dependencies.filter(d => d instanceof cxapi.CloudFormationStackArtifact)
      .map(d => d.id.replace(CROSS_REGION_SEPARATOR, ':'));
    expect(stackDependencies).toEqual(stack.stackName === 'ApiPipeline'
      ? EXAMPLE_REGIONS.filter(r => r !== PIPELINE_REGION).map(r => `cross-region-stack-${EXAMPLE_ACCOUNT}:${r}`)
      : []);
  });

  test('the pipeline names its artifact buckets in the other Regions literally', () => {
    const stores = pipelineProperties().ArtifactStores;
    for (const region of EXAMPLE_REGIONS.filter(r => r !== PIPELINE_REGION)) {
      const bucket = Object.values<Json>(crossRegionStack(region).template.Resources)
        .find(r => r.Type === 'AWS::S3::Bucket').Properties.BucketName;
      expect(typeof bucket).toBe('string');
      expect(stores).toContainEqual({ Region: region, ArtifactStore: { Type: 'S3', Location: bucket } });
    }
  });

  test('fails if a template names a resource it does not hold (the check itself)', () => {
    const foreign = { Resources: { A: { Type: 'AWS::SNS::Topic', Properties: { Name: { 'Fn::GetAtt': ['B', 'Arn'] } } } } };
    expect([...namedIds(foreign)]).toEqual(['B']);
    expect([...namedIds({ X: { 'Fn::Sub': ['${A}-${B.Arn}-${AWS::Region}-${!Literal}-${V}', { V: { Ref: 'C' } }] } })])
      .toEqual(['A', 'B', 'AWS::Region', 'C']);
  });
});

describe('the guard runs in every Stage', () => {
  /** A hand-made health check on a p99 alarm, which Route 53 cannot follow. */
  function handMadeP99Check(stack: Stack): void {
    const p99 = new cloudwatch.Alarm(stack, 'HandMadeP99', {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/ApplicationELB',
        metricName: 'TargetResponseTime',
        dimensionsMap: { LoadBalancer: 'app/api/0123456789abcdef' },
        statistic: 'p99',
        period: Duration.minutes(1),
      }),
      threshold: 1,
      evaluationPeriods: 3,
    });
    new route53.HealthCheck(stack, 'HandMadeCheck', {
      type: route53.HealthCheckType.CLOUDWATCH_METRIC,
      alarmIdentifier: { name: p99.alarmName, region: stack.region },
    });
  }

  test('fails if a Region Stage of the pipeline holds a health check Route 53 cannot follow', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(outdir, 'guard-')) });
    const failover = new ActiveActiveFailover(app, 'Api', { hostedZoneId: 'Z0EXAMPLE0000000000', zoneName: 'example.com', recordName: 'api' });
    const stages = ['us-east-1', 'eu-central-1'].map(region =>
      new RegionStage(app, `Api-${region}`, { env: { account: EXAMPLE_ACCOUNT, region }, failover }));
    handMadeP99Check(stages[1].serviceStack);
    const { pipeline } = new PipelineStack(app, 'ApiPipeline', { env: { account: EXAMPLE_ACCOUNT, region: PIPELINE_REGION } });
    const wave = pipeline.addWave('Regions');
    stages.forEach(stage => wave.addStage(stage));

    const bad = app.synth().stacksRecursively.find(s => s.stackName === 'Api-eu-central-1-Service')!;
    const errors = bad.messages.filter(m => m.level === 'error').map(m => [m.id, String(m.entry.data)]);
    expect(errors).toEqual([[
      '/Api-eu-central-1/Service/HandMadeCheck/Resource',
      expect.stringMatching(/^\[AAF-ALARM-EXTENDED-STATISTIC\] Health check 'Api-eu-central-1\/Service\/HandMadeCheck\/Resource'.*got: p99\. Fix: /),
    ]]);
    // The pipeline's synthesis checks the Stage's stacks for errors: `cdk synth` fails.
    expect(bad.validateOnSynth).toBe(true);
    Annotations.fromStack(stages[0].serviceStack).hasNoError('*', Match.anyValue());
  });

  test('the App\'s guard alone does not reach into a Stage (why each Stage adds its own), and fails rather than check nothing there', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(outdir, 'app-guard-')) });
    Aspects.of(app).add(new Route53AlarmGuard());
    const stage = new Stage(app, 'Plain', { env: { account: EXAMPLE_ACCOUNT, region: 'us-east-1' } });
    const stack = new Stack(stage, 'Service');
    handMadeP99Check(stack);
    expect(() => app.synth()).toThrow(/^\[AAF-GUARD-STAGE\] Route53AlarmGuard on the App: .*got: 'Plain' \(1 health check\(s\) and record\(s\)\)/);

    // The same Stage with its own guard reports it.
    const guarded = new App({ outdir: fs.mkdtempSync(path.join(outdir, 'stage-guard-')) });
    const guardedStage = new Stage(guarded, 'Guarded', { env: { account: EXAMPLE_ACCOUNT, region: 'us-east-1' } });
    Aspects.of(guardedStage).add(new Route53AlarmGuard());
    const guardedStack = new Stack(guardedStage, 'Service');
    handMadeP99Check(guardedStack);
    Annotations.fromStack(guardedStack).hasError('/Guarded/Service/HandMadeCheck/Resource', Match.stringLikeRegexp('AAF-ALARM-EXTENDED-STATISTIC'));
  });
});
