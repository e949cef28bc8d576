/**
 * The README's Quick start, as written, catches the article's four gray
 * failures: this test takes its TypeScript block from README.md (jsii copies
 * the file verbatim into .jsii, whose blocks `rosetta:extract` compiles; not
 * a copy), runs it in-process against this
 * library's sources, synthesizes the App it creates and replays gray-p99,
 * gray-5xx, gray-connection-errors and gray-cpu on it under the default
 * (documented) profile. Users must leave within the worst "DNS moved,
 * documented" figure the README's timing table states for the scenario, once.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import * as ts from 'typescript';
import * as library from '../src';
import { BUILT_IN_SCENARIOS, readAssembly, readTopology, simulate, SimulationSummary, Topology } from '../src/simulator';
import { quickStartSource } from '../tools/readme-quick-start';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

/** Seeds of the documented profile's random draws (late and partial data): 1 to this. */
const SEEDS = 5;

/** The scenario of each row of the README's timing table, by the row's label. */
const TIMING_ROWS: Record<string, RegExp> = {
  'gray-cpu': /^CPU at /,
  'gray-5xx': /\b5xx\b/,
  'gray-connection-errors': /\bconnection errors\b/,
  'gray-p99': /^p99 /,
};

/** A table row's cells, trimmed. */
const cells = (line: string) => line.trim().replace(/^\||\|$/g, '').split('|').map(c => c.trim());

/**
 * The worst "DNS moved, documented" figure, in minutes, of each gray failure
 * in the README's timing table ("7 to 9 min": 9).
 */
function documentedWorstMinutes(readme: string): Record<string, number> {
  const lines = readme.split('\n');
  const header = lines.findIndex(l => l.startsWith('|') && cells(l).includes('DNS moved, documented'));
  if (header < 0) throw new Error('README.md has no timing table with a "DNS moved, documented" column');
  const column = cells(lines[header]).indexOf('DNS moved, documented');
  const rows: string[][] = [];
  for (let i = header + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(cells(lines[i]));
  const worst: Record<string, number> = {};
  for (const [scenario, label] of Object.entries(TIMING_ROWS)) {
    const matching = rows.filter(r => label.test(r[0]));
    if (matching.length !== 1) throw new Error(`the timing table has ${matching.length} rows for ${scenario}`);
    const figure = /^(?:\d+ to )?(\d+) min$/.exec(matching[0][column]);
    if (!figure) throw new Error(`cannot read "${matching[0][column]}" (${scenario}) as minutes`);
    worst[scenario] = Number(figure[1]);
  }
  return worst;
}

/**
 * Runs a Quick start program: TypeScript transpiled to CommonJS and evaluated
 * with `cdk-active-active-failover` resolved to this library's sources and
 * every App it creates captured. CDK_OUTDIR points any `app.synth()` of the
 * program at `outdir`. Returns the Apps.
 */
function runQuickStart(source: string, outdir: string): cdk.App[] {
  const transpiled = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    reportDiagnostics: true,
  });
  const errors = (transpiled.diagnostics ?? []).map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  if (errors.length > 0) throw new Error(`the Quick start does not parse: ${errors.join('; ')}`);

  const apps: cdk.App[] = [];
  class CapturedApp extends cdk.App {
    constructor(props?: cdk.AppProps) {
      super(props);
      apps.push(this);
    }
  }
  const modules: Record<string, unknown> = {
    'aws-cdk-lib': new Proxy(cdk, { get: (target, key) => (key === 'App' ? CapturedApp : Reflect.get(target, key)) }),
    'cdk-active-active-failover': library,
  };
  const shim = (name: string): unknown => {
    if (name in modules) return modules[name];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (name.startsWith('aws-cdk-lib/') || name === 'constructs') return require(name);
    throw new Error(`the Quick start imports '${name}', which a user of the package does not have`);
  };

  const previous = process.env.CDK_OUTDIR;
  process.env.CDK_OUTDIR = outdir;
  try {
    const module = { exports: {} };
    new Function('require', 'module', 'exports', transpiled.outputText)(shim, module, module.exports);
  } finally {
    if (previous === undefined) delete process.env.CDK_OUTDIR;
    else process.env.CDK_OUTDIR = previous;
  }
  return apps;
}

describe('the README\'s Quick start', () => {
  let dir: string;
  let assembly: cdk.cx_api.CloudAssembly;
  let topology: Topology;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-quickstart-'));
    const apps = runQuickStart(quickStartSource(README), dir);
    expect(apps).toHaveLength(1);
    assembly = apps[0].synth();
    expect(assembly.directory).toBe(dir);
    topology = readTopology(readAssembly(assembly.directory));
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('synthesizes its three Region stacks with no warning or error', () => {
    expect(assembly.stacksRecursively.map(s => s.stackName).sort()).toEqual(['Api-ap-southeast-2', 'Api-eu-central-1', 'Api-us-east-1']);
    const messages = assembly.stacksRecursively.flatMap(s => s.messages)
      .filter(m => m.level !== 'info')
      .map(m => `${m.level} ${m.id}: ${m.entry.data}`);
    expect(messages).toEqual([]);
  });

  const worst = documentedWorstMinutes(README);
  const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);

  test.each(Object.keys(TIMING_ROWS))(`%s (documented profile, seeds 1 to ${SEEDS}): users leave within the README's worst figure, once, without flapping`, name => {
    const summaries: SimulationSummary[] = seeds.map(seed => simulate(topology, BUILT_IN_SCENARIOS[name], { seed }).summary);
    for (const [i, summary] of summaries.entries()) {
      const seed = seeds[i];
      const affected = summary.affected.find(a => a.region === 'us-east-1');
      expect({ seed, dnsMoved: summary.dnsMovedMinutes !== undefined }).toEqual({ seed, dnsMoved: true });
      expect({ seed, dnsMovedWithinReadme: summary.dnsMovedMinutes! <= worst[name] }).toEqual({ seed, dnsMovedWithinReadme: true });
      expect({ seed, flaps: summary.flaps, falseFailovers: summary.falseFailovers, unhealthyTransitions: affected?.unhealthyTransitions })
        .toEqual({ seed, flaps: 0, falseFailovers: 0, unhealthyTransitions: 1 });
    }
  });
});

describe('reading the README', () => {
  test('the Quick start block is the one rosetta compiles: TypeScript, self-contained (nofixture)', () => {
    const source = quickStartSource(README);
    expect(README).toContain(`## Quick start\n\n\`\`\`ts nofixture\n${source}\`\`\`\n`);
    expect(source).toContain('from \'cdk-active-active-failover\'');
  });

  test('the timing table\'s worst documented figures are read as minutes', () => {
    expect(documentedWorstMinutes('| scenario | DNS moved, documented |\n| --- | --- |\n| CPU at 97 % | 6 to 7 min |\n'
      + '| 8 % 5xx | 9 min |\n| 10 % connection errors | 8 min |\n| p99 up | 7 to 8 min |\n'))
      .toEqual({ 'gray-cpu': 7, 'gray-5xx': 9, 'gray-connection-errors': 8, 'gray-p99': 8 });
    expect(() => documentedWorstMinutes('no table')).toThrow(/no timing table/);
    expect(() => documentedWorstMinutes('| scenario | DNS moved, documented |\n| --- | --- |\n| CPU at 97 % | soon |\n')).toThrow(/cannot read "soon"/);
  });

  test('a Quick start that is missing, does not parse or imports a package users do not have is refused', () => {
    expect(() => runQuickStart('const = ;\n', os.tmpdir())).toThrow(/does not parse/);
    expect(() => runQuickStart('import * as x from \'left-pad\';\nx;\n', os.tmpdir())).toThrow(/imports 'left-pad'/);
    expect(() => quickStartSource('## Quick start\n\nno code\n\n## Next\n')).toThrow(/no TypeScript code block/);
  });
});
