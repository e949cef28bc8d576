import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, CfnResource, Stack } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import {
  aggregate, buildHandWrittenApp, checksText, buildLibraryApp, ChildResult, DOCUMENTED_TYPE_DIFFERENCES, largestRegionCount, LINEARITY,
  measureTemplates, median, regionsFor, runPlan, scaleChecks, scaleDocument, scaleTable, TemplateMeasurement, typeCountDifference, Variant,
} from '../../bench/synth-scale';
import { Route53AlarmGuard } from '../../src';

const REGIONS = ['us-east-1', 'eu-central-1'];

let dir: string;
const assemblies: Record<Variant, cxapi.CloudAssembly> = {} as any;
const measured: Record<Variant, TemplateMeasurement> = {} as any;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-synth-scale-test-'));
  assemblies.library = buildLibraryApp(REGIONS, path.join(dir, 'library')).synth();
  const handWritten = buildHandWrittenApp(REGIONS, path.join(dir, 'hand-written'));
  // Not part of the variant: here only, the library's guard checks the hand-written health checks and records.
  Aspects.of(handWritten).add(new Route53AlarmGuard());
  assemblies['hand-written'] = handWritten.synth();
  measured.library = measureTemplates(assemblies.library);
  measured['hand-written'] = measureTemplates(path.join(dir, 'hand-written'));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The health checks of a Region stack, by HealthCheckConfig.Type. */
function healthCheckTypes(assembly: cxapi.CloudAssembly, stackName: string): Record<string, number> {
  const types: Record<string, number> = {};
  for (const r of Object.values<any>(assembly.getStackByName(stackName).template.Resources)) {
    if (r.Type === 'AWS::Route53::HealthCheck') {
      const type = r.Properties.HealthCheckConfig.Type;
      types[type] = (types[type] ?? 0) + 1;
    }
  }
  return types;
}

describe('both variants, synthesized with two Regions', () => {
  test.each(['library', 'hand-written'] as Variant[])('%s: one stack per Region, each in its Region, plus the dashboard stack', variant => {
    expect(measured[variant].regionStacks.map(s => [s.stackName, s.region]).sort()).toEqual([
      ['ApiService-eu-central-1', 'eu-central-1'],
      ['ApiService-us-east-1', 'us-east-1'],
    ]);
    expect(assemblies[variant].stacks.map(s => s.stackName).sort()).toEqual(['ApiDashboard', 'ApiService-eu-central-1', 'ApiService-us-east-1']);
    expect(measured[variant].dashboardTypes).toEqual({ 'AWS::CloudWatch::Dashboard': 1 });
  });

  test.each(['library', 'hand-written'] as Variant[])('%s: no error or warning (the hand-written variant passes the library\'s guard)', variant => {
    const messages = assemblies[variant].stacks.flatMap(s => s.messages)
      .filter(m => m.level !== 'info')
      .map(m => `${m.level} ${m.id}: ${m.entry.data}`);
    expect(messages).toEqual([]);
  });

  test('the library variant has the failover resources (so the comparison is not between two empty sets)', () => {
    expect(measured.library.regionStacks[0].types).toMatchObject({
      'AWS::CloudWatch::Alarm': 6,
      'AWS::CloudWatch::CompositeAlarm': 1,
      'AWS::Route53::RecordSet': 4,
      'AWS::Lambda::Function': 1,
      'AWS::Events::Rule': 1,
      'AWS::Lambda::Permission': 1,
      'AWS::Lambda::EventInvokeConfig': 1,
      'AWS::ECS::Service': 1,
    });
  });

  test.each(REGIONS)('%s: the same resource types in the same numbers, the same outputs', region => {
    const stackOf = (variant: Variant) => measured[variant].regionStacks.find(s => s.region === region)!;
    const lib = stackOf('library');
    const hand = stackOf('hand-written');
    expect(typeCountDifference(lib.types, hand.types)).toEqual(DOCUMENTED_TYPE_DIFFERENCES);
    expect(lib.resources - hand.resources).toBe(Object.values(DOCUMENTED_TYPE_DIFFERENCES).reduce((a, b) => a + b, 0));
    expect(hand.outputs).toBe(lib.outputs);
    expect(lib.outputs).toBe(8); // the library's 6 and the Fargate pattern's 2
  });

  test.each(['library', 'hand-written'] as Variant[])('%s: 7 health checks per Region: 5 on alarms, 1 calculated, 1 HTTP probe', variant => {
    expect(measured[variant].healthChecksPerRegion).toBe(7);
    for (const region of REGIONS) {
      expect(healthCheckTypes(assemblies[variant], `ApiService-${region}`)).toEqual({ CLOUDWATCH_METRIC: 5, CALCULATED: 1, HTTP: 1 });
    }
  });

  test('the same dashboard: the same widgets', () => {
    const body = (variant: Variant) => {
      const resources = Object.values<any>(assemblies[variant].getStackByName('ApiDashboard').template.Resources);
      const dashboard = JSON.parse(resources[0].Properties.DashboardBody);
      // Newer aws-cdk-lib versions write a TextWidget's default background
      // ("transparent", CloudWatch's default) explicitly; the library leaves it out.
      for (const widget of dashboard.widgets) {
        if (widget.type === 'text' && widget.properties.background === 'transparent') {
          delete widget.properties.background;
        }
      }
      return dashboard;
    };
    expect(body('library').widgets).toHaveLength(2 * 6); // per Region: a header, the health tile, one graph per signal
    expect(body('hand-written')).toEqual(body('library'));
  });

  test('the hand-written records match the library\'s: names, Regions, set identifiers, types, alias targets', () => {
    const records = (variant: Variant) => Object.values<any>(assemblies[variant].getStackByName('ApiService-eu-central-1').template.Resources)
      .filter(r => r.Type === 'AWS::Route53::RecordSet')
      .map(r => [r.Properties.Name, r.Properties.Type, r.Properties.Region, r.Properties.SetIdentifier, r.Properties.AliasTarget.EvaluateTargetHealth,
        typeof r.Properties.AliasTarget.DNSName === 'string' ? r.Properties.AliasTarget.DNSName : 'load balancer'].join(' '))
      .sort();
    expect(records('hand-written')).toEqual(records('library'));
    expect(records('library')).toEqual([
      'api.example.com. A eu-central-1 Api-eu-central-1 true eu-central-1.api.example.com.',
      'api.example.com. AAAA eu-central-1 Api-eu-central-1 true eu-central-1.api.example.com.',
      'eu-central-1.api.example.com. A eu-central-1 Api-eu-central-1 true load balancer',
      'eu-central-1.api.example.com. AAAA eu-central-1 Api-eu-central-1 true load balancer',
    ]);
  });
});

describe('measureTemplates', () => {
  test('refuses Region stacks that differ', () => {
    const app = new App({ outdir: path.join(dir, 'odd') });
    const a = new Stack(app, 'ApiService-a');
    new CfnResource(a, 'One', { type: 'AWS::SNS::Topic' });
    const b = new Stack(app, 'ApiService-b');
    new CfnResource(b, 'One', { type: 'AWS::SNS::Topic' });
    new CfnResource(b, 'Two', { type: 'AWS::SNS::Topic' });
    expect(() => measureTemplates(app.synth())).toThrow(/Region stacks differ: ApiService-a has 1 resources.*ApiService-b 2/);
  });
});

describe('regions and quota', () => {
  test('24 distinct Regions', () => {
    expect(new Set(regionsFor(24)).size).toBe(24);
    expect(regionsFor(2)).toEqual(REGIONS);
    expect(() => regionsFor(25)).toThrow(/from 1 to 24/);
  });

  test('largest N within the quota', () => {
    expect(largestRegionCount(7, 200)).toBe(28);
    expect(largestRegionCount(7)).toBe(28);
    expect(largestRegionCount(8, 200)).toBe(25);
    expect(() => largestRegionCount(0)).toThrow(/positive/);
  });
});

test('median', () => {
  const values = [3, 1, 2];
  expect(median(values)).toBe(2);
  expect(values).toEqual([3, 1, 2]);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(median([10, 1000, 20])).toBe(20);
  expect(() => median([])).toThrow();
});

test('runPlan interleaves: every round runs every N, both variants, alternating which goes first', () => {
  const plan = runPlan([2, 4], 2).map(p => `${p.variant} ${p.regions}`);
  expect(plan).toEqual([
    'library 2', 'hand-written 2', 'hand-written 4', 'library 4',
    'hand-written 2', 'library 2', 'library 4', 'hand-written 4',
  ]);
});

describe('the document, from fixed results', () => {
  const run = (variant: Variant, regions: number, synthMs: number, peakMiB: number): ChildResult => ({
    variant,
    regions,
    synthMs,
    synthCpuMs: synthMs * 1.5,
    maxRssKiB: peakMiB * 1024,
    baselineRssKiB: 200 * 1024,
    resourcesPerRegion: 54,
    healthChecksPerRegion: 7,
    templateKiBPerRegion: variant === 'library' ? 36 : 32,
  });
  /** Three runs each; `libraryAt24` is the library's median synth time at 24 Regions. */
  const results = (libraryAt24: number): ChildResult[] => [
    run('library', 4, 400, 300), run('library', 4, 2000, 310), run('library', 4, 420, 305),
    run('hand-written', 4, 350, 250), run('hand-written', 4, 340, 250), run('hand-written', 4, 360, 250),
    run('library', 24, libraryAt24, 400), run('library', 24, libraryAt24 - 10, 400), run('library', 24, libraryAt24 + 10, 400),
    run('hand-written', 24, 2400, 320), run('hand-written', 24, 2400, 320), run('hand-written', 24, 2400, 320),
  ];

  test('the table: medians, per-Region time, ratios', () => {
    const rows = aggregate(results(2880));
    expect(rows.find(r => r.regions === 4 && r.variant === 'library')).toMatchObject({ synthMs: 420, perRegionMs: 105, peakMiB: 305, runs: 3 });
    const lines = scaleTable(rows).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe('| 4 | 420 | 350 | 105 | 88 | 1.20 | 305 | 250 | 1.22 | 54 / 54 |');
    expect(lines[3]).toBe('| 24 | 2,880 | 2,400 | 120 | 100 | 1.20 | 400 | 320 | 1.25 | 54 / 54 |');
  });

  test('linearity PASS: 120 ms per Region at 24 over 105 ms at 4 is 1.14', () => {
    const rows = aggregate(results(2880));
    const checks = scaleChecks(rows);
    expect(checks.libraryRatio).toBeCloseTo(120 / 105, 10);
    expect(checks.handWrittenRatio).toBeCloseTo(100 / 87.5, 10);
    expect(checks.libraryMarginalMs).toBeCloseTo((2880 - 420) / 20, 10);
    expect(checks).toMatchObject({ linearityPass: true, healthChecksPerRegion: 7, largestRegionCount: 28, largestMeasured: 24, quotaPass: true });
    const doc = scaleDocument(rows, { cpu: 'Test CPU', cores: 2, node: 'v20.0.0', load: [0.5, 1.25] }, 65);
    expect(doc).toContain(`at N = ${LINEARITY.to} / at N = ${LINEARITY.from} = **1.14** (limit 1.3): **PASS**`);
    expect(doc).toContain('hand-written variant, for comparison: 1.14');
    expect(doc).toContain('floor(200 / 7) = **28 Regions**');
    expect(doc).toContain('N = 24 needs 168: **PASS**');
    expect(doc).toContain('Test CPU, 2 cores, Node.js v20.0.0. The whole benchmark took 65 s.\nLoad average (1 minute) at the start: 0.50, at the end: 1.25.');
    expect(doc).toContain('npx projen bench:synth');
    // What each added Region cost, from 4 to 24: (2,880 - 420) / 20 and (2,400 - 350) / 20.
    expect(doc).toContain('library 4→24: 123 ms; hand-written 4→24: 103 ms.');
    expect(doc).toContain(scaleTable(rows));
    expect(doc).toContain('Building and synthesizing the app added, at N = 24, 200 MiB (library) and 120 MiB (hand-written): ratio 1.67.');
    expect(doc).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
    expect(doc).toContain('| 4 | library | 3 | 400; 2,000; 420 | 630 | 200 | 105 | 54 | 7 | 36.0 |');
    expect(doc).not.toContain('FAIL');
  });

  test('linearity FAIL: 140 ms per Region at 24 over 105 ms at 4 is 1.33', () => {
    const rows = aggregate(results(3360));
    const checks = scaleChecks(rows);
    expect(checks.libraryRatio).toBeCloseTo(140 / 105, 10);
    expect(checks.linearityPass).toBe(false);
    expect(scaleDocument(rows, { cpu: 'Test CPU', cores: 2, node: 'v20.0.0' })).toContain('= **1.33** (limit 1.3): **FAIL**');
  });

  test.each([
    // synth ms at 2, 8 and 24 Regions (library; hand-written grows linearly at 40 ms a Region)
    ['PASS: linear, 40 ms a Region throughout', [380, 620, 1260], 1, true],
    ['PASS: a little faster late (fixed costs warming up)', [380, 620, 1100], 0.75, true],
    ['FAIL: quadratic, 40 ms a Region early and 80 late', [380, 620, 1900], 2, false],
  ])('growth %s', (_, [at2, at8, at24], ratio, pass) => {
    const rows = aggregate([2, 8, 24].flatMap((n, i) => [
      run('library', n, [at2, at8, at24][i], 300), run('hand-written', n, 300 + 40 * n, 300),
    ]).concat([run('library', 4, 500, 300), run('hand-written', 4, 460, 300)]));
    const checks = scaleChecks(rows);
    expect(checks.libraryGrowth).toBeCloseTo(ratio as number, 2);
    expect(checks.handWrittenGrowth).toBeCloseTo(1, 10);
    expect(checks.growthPass).toBe(pass);
    expect(checksText(checks)).toContain(`from N = 8 to 24 / from N = 2 to 8 = **${(ratio as number).toFixed(2)}** (limit 1.3): **${pass ? 'PASS' : 'FAIL'}**`);
  });

  test('growth is not evaluated without runs at 2, 8 and 24 Regions', () => {
    const checks = scaleChecks(aggregate(results(2880)));
    expect(checks).toMatchObject({ libraryGrowth: undefined, growthPass: true });
    expect(checksText(checks)).not.toContain('Growth');
  });

  test('the quota check fails when the largest N does not fit', () => {
    const rows = aggregate(results(2880).map(r => ({ ...r, healthChecksPerRegion: 9 })));
    expect(scaleChecks(rows)).toMatchObject({ largestRegionCount: 22, quotaPass: false });
  });

  test('runs of one (N, variant) that synthesized different templates are refused', () => {
    const odd = results(2880);
    odd[1] = { ...odd[1], resourcesPerRegion: 55 };
    expect(() => aggregate(odd)).toThrow(/runs of library with 4 Regions synthesized different templates/);
  });
});
