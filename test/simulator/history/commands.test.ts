import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleApp } from '../../../examples/app';
import { readAssembly } from '../../../src/simulator/assembly';
import { main } from '../../../src/simulator/cli';
import { readHistory } from '../../../src/simulator/history/format';
import { readIncidents } from '../../../src/simulator/history/incidents';
import { sourceMetrics } from '../../../src/simulator/history/sources';
import { readTopology } from '../../../src/simulator/topology';
import { cpuAlarm, flagAlarm, regionStack, writeAssembly } from '../templates';

let dir: string;
let example: string;
const lines: string[] = [];
const print = (line: string) => lines.push(line);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-history-'));
  example = path.join(dir, 'cdk.out');
  buildExampleApp(example).synth();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

beforeEach(() => lines.splice(0));

/** `history generate` on the example app for `days` days; returns the exit code. */
const generate = (out: string, ...more: string[]) => main(['history', 'generate', '--assembly', example, '--days', '2', '--out', out, ...more], print);

describe('history generate', () => {
  test('writes the history of the example app\'s source metrics and its planted incidents, and says what it wrote', () => {
    const out = path.join(dir, 'history.jsonl.gz');
    const incidentsOut = path.join(dir, 'incidents.json');
    expect(generate(out, '--seed', '5', '--incidents-out', incidentsOut)).toBe(0);
    const history = readHistory(out);
    const stacks = readAssembly(example);
    const regions = ['us-east-1', 'eu-central-1', 'ap-southeast-2'];
    expect(history.header).toMatchObject({ minutes: 2 * 1440, regions, source: 'generated (seed 5, 8 incidents planted)' });
    // Every source metric of the failover (6 a Region), with its dimensions as the templates give them (tokens rendered).
    const sources = sourceMetrics(readTopology(stacks), stacks, regions);
    expect(history.series.map(s => [s.region, s.namespace, s.metricName, s.statistic, s.dimensions]))
      .toEqual(sources.map(s => [s.region, s.namespace, s.metricName, s.statistic, s.dimensions.map(d => ({ Name: d.Name, Value: d.Value }))]));
    expect(history.series.length).toBeGreaterThanOrEqual(6 * 3);
    const incidents = readIncidents(incidentsOut, history.header);
    expect(incidents).toHaveLength(8);
    const text = lines.join('\n');
    expect(text.startsWith('Generated 2 days (2880 minutes from 2026-11-01T00:00:00Z) of api.example.com. in us-east-1, eu-central-1, ap-southeast-2, '
      + `seed 5: ${sources.length} series (`)).toBe(true);
    expect(text).toMatch(/\nRequests a minute, weekday peak and night: us-east-1 \d{4} and \d{3}, eu-central-1 \d{4} and \d{3}, ap-southeast-2 \d{3,4} and \d\.\n/);
    expect(text).toMatch(/\nHarmless events: \d+ 5xx bursts, \d+ latency spikes, \d+ connection-error blips, \d+ deploys, \d+ gaps with no data\.\n/);
    expect(text).toContain('\nPlanted 8 incidents:\n');
    expect(lines.filter(l => /^ {2}[a-z]+-[a-z]+-\d +2026-11-0\dT\d\d:\d\d:00Z to 2026-11-0\dT\d\d:\d\d:00Z {2}gray-[a-z0-9-]+ [\d.]+ (s|%)$/.test(l))).toHaveLength(8);
    expect(lines[lines.length - 1]).toBe(`Written: ${out}, ${incidentsOut}`);
  });

  test('the same seed writes the same file; another seed, another history; the seed is 1 unless told', () => {
    const files = ['a.jsonl.gz', 'b.jsonl.gz', 'c.jsonl.gz', 'd.jsonl'].map(f => path.join(dir, f));
    expect(generate(files[0], '--seed', '1')).toBe(0);
    expect(generate(files[1])).toBe(0);
    expect(generate(files[2], '--seed', '2')).toBe(0);
    expect(generate(files[3])).toBe(0);
    const [a, b, c] = files.slice(0, 3).map(f => fs.readFileSync(f));
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
    // Without .gz, the same history uncompressed.
    expect(fs.readFileSync(files[3], 'utf-8').startsWith('{"format":"cdk-active-active-failover/history"')).toBe(true);
    expect(readHistory(files[3])).toEqual(readHistory(files[0]));
  });

  test('a failover chosen by --record-name', () => {
    const assembly = writeAssembly(path.join(dir, 'cpu.out'), ['us-east-1', 'eu-west-1'].map(r => regionStack(r, { alarm: cpuAlarm() })));
    const out = path.join(dir, 'cpu.jsonl');
    expect(main(['history', 'generate', '--assembly', assembly, '--days', '1', '--out', out, '--record-name', 'api.example.com'], print)).toBe(0);
    const history = readHistory(out);
    expect(history.header.regions).toEqual(['us-east-1', 'eu-west-1']);
    // The CPU its alarms read, and each Region's requests.
    expect(history.series.map(s => `${s.region} ${s.namespace} ${s.metricName} ${s.statistic}`)).toEqual([
      'us-east-1 AWS/ApplicationELB RequestCount Sum', 'us-east-1 AWS/ECS CPUUtilization Average',
      'eu-west-1 AWS/ApplicationELB RequestCount Sum', 'eu-west-1 AWS/ECS CPUUtilization Average',
    ]);
  });

  test('history and history generate print their usage', () => {
    expect(main(['history', '--help'], print)).toBe(0);
    expect(lines.join('\n')).toMatch(/^Usage: cdk-active-active-failover history <subcommand> \[options\]\n\nSubcommands:\n {2}fetch {7}read the failover's source metrics from CloudWatch.*\n {2}generate {4}write a seeded synthetic history/);
    lines.splice(0);
    expect(main(['history', 'generate', '--help'], print)).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(/^Usage: cdk-active-active-failover history generate --assembly <dir> --days <n> --out <file.jsonl.gz> \[options\]\n/);
    for (const option of ['--assembly', '--days', '--seed', '--out', '--incidents-out', '--record-name', '-h, --help']) {
      expect(text).toContain(`\n  ${option} `);
    }
    expect(text).toContain('\nExit codes:\n  0  success');
    lines.splice(0);
    expect(main(['--help'], print)).toBe(0);
    expect(lines.join('\n')).toContain('\n  history     the service\'s history of metrics: fetch, generate (\'cdk-active-active-failover history --help\')\n');
  });
});

describe('history generate fails if', () => {
  const custom = () => writeAssembly(path.join(dir, 'custom.out'), ['us-east-1', 'eu-west-1'].map(r =>
    regionStack(r, { alarm: flagAlarm('Custom/App', 'Errors', [{ Name: 'Service', Value: 'api' }]) })));

  test.each<[string, () => string[], RegExp]>([
    ['no subcommand is given (exit 2, the usage)', () => ['history'], /^Usage: cdk-active-active-failover history <subcommand>/],
    ['the subcommand is unknown', () => ['history', 'replay'], /^error: \[AAF-SIM-OPTION\] unknown subcommand 'history replay' \(subcommands: fetch, generate\)\n\nUsage: cdk-active-active-failover history <subcommand>/],
    ['an option comes before the subcommand', () => ['history', '--days', '2'], /^error: \[AAF-SIM-OPTION\] unknown option '--days'\n\nUsage: cdk-active-active-failover history </],
    ['--assembly is missing', () => ['history', 'generate', '--days', '2', '--out', 'x'], /^error: \[AAF-SIM-OPTION\] option '--assembly' is required\n\nUsage: cdk-active-active-failover history generate /],
    ['--days is missing', () => ['history', 'generate', '--assembly', example, '--out', 'x'], /^error: \[AAF-SIM-OPTION\] option '--days' is required\n/],
    ['--out is missing', () => ['history', 'generate', '--assembly', example, '--days', '2'], /^error: \[AAF-SIM-OPTION\] option '--out' is required\n/],
    ['--days is 0', () => ['history', 'generate', '--days', '0'], /^error: \[AAF-SIM-OPTION\] --days takes a whole number from 1 to 63 \(the history format's limit\), got: '0'\n\nUsage: /],
    ['--days is more than 63', () => ['history', 'generate', '--days', '64'], /^error: \[AAF-SIM-OPTION\] --days takes a whole number from 1 to 63 \(the history format's limit\), got: '64'\n/],
    ['--days is not whole', () => ['history', 'generate', '--days', '1.5'], /^error: \[AAF-SIM-OPTION\] --days takes a whole number from 1 to 63 \(the history format's limit\), got: '1\.5'\n/],
    ['--seed is not a number', () => ['history', 'generate', '--seed', 'abc'], /^error: \[AAF-SIM-ASSUMPTION\] --seed takes a whole number from 0 to 2147483647, got: 'abc'\n/],
    ['--seed is too large', () => ['history', 'generate', '--seed', '99999999999'], /^error: \[AAF-SIM-ASSUMPTION\] --seed must be a whole number from 0 to 2147483647, got: 99999999999\.\n/],
    ['an option is unknown', () => ['history', 'generate', '--weeks', '2'], /^error: \[AAF-SIM-OPTION\] unknown option '--weeks'\n\nUsage: cdk-active-active-failover history generate /],
    ['the assembly does not exist', () => ['history', 'generate', '--assembly', path.join(dir, 'nowhere'), '--days', '1', '--out', path.join(dir, 'x.jsonl')],
      /^error: \[AAF-SIM-ASSEMBLY\] --assembly: '.*nowhere' is not a cloud assembly: it has no manifest\.json/],
    ['--out is a folder', () => ['history', 'generate', '--assembly', example, '--days', '1', '--out', dir],
      /^error: \[AAF-SIM-OUT\] --out: '.*' is a folder; give a file name\.$/],
    ['--incidents-out is a folder', () => ['history', 'generate', '--assembly', example, '--days', '1', '--out', path.join(dir, 'x.jsonl'), '--incidents-out', dir],
      /^error: \[AAF-SIM-OUT\] --incidents-out: '.*' is a folder; give a file name\.$/],
    ['--incidents-out is the history file of --out (the incidents would overwrite the history)', () => ['history', 'generate', '--assembly', example, '--days', '1',
      '--out', path.join(dir, 'x.jsonl'), '--incidents-out', path.join(dir, '.', 'x.jsonl')],
    /^error: \[AAF-SIM-OPTION\] --incidents-out: '.*x\.jsonl' is the history file of --out; give another file name\.$/],
    ['--out is in a folder that does not exist', () => ['history', 'generate', '--assembly', example, '--days', '1', '--out', path.join(dir, 'no', 'x.jsonl')],
      /^error: \[AAF-SIM-OUT\] --out: the history file '.*x\.jsonl' cannot be written: ENOENT\.$/],
    ['--incidents-out is in a folder that does not exist', () => ['history', 'generate', '--assembly', example, '--days', '1', '--out', path.join(dir, 'y.jsonl'),
      '--incidents-out', path.join(dir, 'no', 'i.json')], /^error: \[AAF-SIM-OUT\] --incidents-out: the incidents file '.*i\.json' cannot be written: ENOENT\.$/],
    ['--record-name names no failover', () => ['history', 'generate', '--assembly', example, '--days', '1', '--out', path.join(dir, 'x.jsonl'), '--record-name', 'www.example.com'],
      /^error: \[AAF-SIM-RECORD\] the assembly has no latency A record named 'www\.example\.com' \(latency-routed names: us-east-1\.api\.example\.com\., api\.example\.com\., /],
    ['the failover reads a metric the generator does not produce', () => ['history', 'generate', '--assembly', custom(), '--days', '1', '--out', path.join(dir, 'x.jsonl')],
      /^error: \[AAF-SIM-HISTORY-SERIES\] cannot generate Maximum of Custom\/App Errors \{Service=api\} in us-east-1: the generator produces AWS\/ApplicationELB RequestCount \(Sum\); /],
  ])('%s', (_, args, message) => {
    expect(main(args(), print)).toBe(2);
    expect(lines.join('\n')).toMatch(message);
    expect(lines.join('\n')).not.toMatch(/\n\s+at .*:\d+:\d+/); // no stack trace
  });

  test('nothing is written when it fails', () => {
    expect(fs.existsSync(path.join(dir, 'x.jsonl'))).toBe(false);
  });
});
