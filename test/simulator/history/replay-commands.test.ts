import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleApp } from '../../../examples/app';
import { main } from '../../../src/simulator/cli';
import { History, readHistory, writeHistory } from '../../../src/simulator/history/format';

let dir: string;
let example: string;
let historyFile: string;
let incidentsFile: string;
const lines: string[] = [];
const print = (line: string) => lines.push(line);

/** The CLI's exit code and everything it printed. */
function cli(...args: string[]): { code: number; text: string } {
  lines.splice(0);
  const code = main(args, print) as number;
  return { code, text: lines.join('\n') };
}

/** A copy of the history written to a new file, after `change`. */
function variant(name: string, change: (h: History) => History): string {
  const file = path.join(dir, name);
  writeHistory(file, change(readHistory(historyFile)));
  return file;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-replay-'));
  example = path.join(dir, 'cdk.out');
  buildExampleApp(example).synth();
  historyFile = path.join(dir, 'history.jsonl.gz');
  incidentsFile = path.join(dir, 'incidents.json');
  expect(cli('history', 'generate', '--assembly', example, '--days', '2', '--seed', '2', '--out', historyFile, '--incidents-out', incidentsFile).code)
    .toBe(0);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('backtest', () => {
  test('replays a generated history: every planted incident caught, each departure with its signals and share of users, written as text, SVG and JSON', () => {
    const out = path.join(dir, 'bt');
    const run = cli('backtest', '--assembly', example, '--history', historyFile, '--incidents', incidentsFile, '--out', out);
    expect(run.code).toBe(0);
    const planted = JSON.parse(fs.readFileSync(incidentsFile, 'utf-8')).incidents;
    expect(run.text).toContain(`Known incidents: ${planted.length}, caught ${planted.length}, missed 0:`);
    const result = JSON.parse(fs.readFileSync(path.join(out, 'backtest.json'), 'utf-8'));
    expect(result.incidents).toHaveLength(planted.length);
    for (const i of result.incidents) {
      expect(i.detectionMinutes).toBeGreaterThanOrEqual(1);
      expect(i.detectionMinutes).toBeLessThan(15);
    }
    expect(result.departures.length).toBeGreaterThan(0);
    for (const d of result.departures) {
      expect(d.signals.length).toBeGreaterThan(0);
      expect(d.shareOfUsers).toBeGreaterThan(0);
      expect(d.shareOfUsers).toBeLessThanOrEqual(1);
      expect(d.endMinute - d.startMinute).toBe(d.durationMinutes);
    }
    expect(result.falseFailovers).toBe(result.departures.filter((d: any) => d.incident === undefined).length);
    expect(fs.readFileSync(path.join(out, 'backtest.svg'), 'utf-8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(fs.readFileSync(path.join(out, 'backtest.txt'), 'utf-8')).toBe(lines.slice(0, -1).join('\n') + '\n');
  });

  test('the committed example run (docs/calibration-example) is today\'s: the backtest of the 14 generated days of seed 1', () => {
    const example14 = path.join(dir, 'example14.jsonl.gz');
    const incidents = path.join(dir, 'example14-incidents.json');
    expect(cli('history', 'generate', '--assembly', example, '--days', '14', '--seed', '1', '--out', example14, '--incidents-out', incidents).code).toBe(0);
    const committed = path.join(__dirname, '..', '..', '..', 'docs', 'calibration-example');
    expect(fs.readFileSync(incidents, 'utf-8')).toBe(fs.readFileSync(path.join(committed, 'incidents.json'), 'utf-8'));
    const out = path.join(dir, 'example14-backtest');
    expect(cli('backtest', '--assembly', example, '--history', example14, '--incidents', incidents, '--out', out).code).toBe(0);
    for (const file of ['backtest.txt', 'backtest.svg']) {
      // When this fails after a deliberate change: npx projen calibration:example, and review the difference.
      expect([file, fs.readFileSync(path.join(out, file), 'utf-8')]).toEqual([file, fs.readFileSync(path.join(committed, file), 'utf-8')]);
    }
  });

  test('without incidents every departure is reported, none judged', () => {
    const run = cli('backtest', '--assembly', example, '--history', historyFile, '--out', path.join(dir, 'bt-plain'));
    expect(run.code).toBe(0);
    expect(run.text).not.toContain('Known incidents');
    expect(run.text).not.toContain('FALSE FAILOVER');
  });

  test('prints its usage', () => {
    const run = cli('backtest', '--help');
    expect(run.code).toBe(0);
    for (const option of ['--assembly', '--history', '--incidents', '--out', '--record-name', '--profile', '--seed', '--assume', '-h, --help']) {
      expect(run.text).toContain(`\n  ${option} `);
    }
  });
});

describe('calibrate', () => {
  test('on a day of history: a grid per signal, the held-out comparison with its advice, the CDK code, and a warning that a day is too short', () => {
    const history = variant('one-day.jsonl.gz', h => ({
      header: { ...h.header, minutes: 1440 },
      series: h.series.map(s => ({ ...s, values: s.values.slice(0, 1440) })),
    }));
    const out = path.join(dir, 'cal');
    const run = cli('calibrate', '--assembly', example, '--history', history, '--out', out, '--seed', '3');
    expect(run.code).toBe(0);
    expect(run.text).toMatch(/^Calibration on 1\.0 days from 2026-11-01T00:00:00Z \(generated \(seed 2, 8 incidents planted\)\), seed 3\.$/m);
    expect(run.text).toContain('Held-out half (0.5 days), replayed whole (DNS and users):');
    expect(run.text).toMatch(/^ {2}recommended {6}\d+ \(/m);
    expect(run.text).toMatch(/^ {2}as synthesized {3}\d+ \(/m);
    expect(run.text).toMatch(/^ {2}article {10}\d+ \(/m);
    expect(run.text).toMatch(/^(On the held-out half the recommendation raises no more false failovers|Do not paste the recommendation as is|Nothing to change)/m);
    expect(run.text).toContain('warning: the calibration half is 0.5 days: it holds few of the service\'s normal bad minutes');
    expect(run.text).toContain('warning: no known incidents given (--incidents): this history has 8 planted (history generate --incidents-out wrote them); '
      + 'an incident in the calibration half counts as noise there');
    const result = JSON.parse(fs.readFileSync(path.join(out, 'calibration.json'), 'utf-8'));
    expect(result.signals.map((s: any) => s.name)).toEqual(['TargetResponseTime', 'Http5xxErrorRate', 'TargetConnectionErrorRate', 'EcsServiceCpu']);
    expect(result.heldOut.map((r: any) => r.configuration)).toEqual(['recommended', 'as synthesized', 'article']);
    expect(result.cdkCode).toHaveLength(result.signals.filter((s: any) => s.recommended).length);
    for (const line of result.cdkCode) {
      expect(run.text).toContain(`  ${line}`);
    }
    expect(fs.readFileSync(path.join(out, 'calibration.txt'), 'utf-8')).toBe(lines.slice(0, -1).join('\n') + '\n');
  });

  test('prints its usage', () => {
    const run = cli('calibrate', '--help');
    expect(run.code).toBe(0);
    expect(run.text).toMatch(/^Usage: cdk-active-active-failover calibrate --assembly <dir> --history <file.jsonl.gz> \[options\]/);
    expect(run.text).toContain('--seed <n>                           seeds the overlaid incidents\' times and Regions and the draws of late and partial data');
  });
});

describe('bad input', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['--history is not given', () => ['backtest', '--assembly', example],
      /^error: \[AAF-SIM-OPTION\] option '--history' is required\n\nUsage: cdk-active-active-failover backtest/],
    ['--assembly is not given to calibrate', () => ['calibrate', '--history', historyFile],
      /^error: \[AAF-SIM-OPTION\] option '--assembly' is required\n\nUsage: cdk-active-active-failover calibrate/],
    ['the history lacks a series the failover reads', () => ['backtest', '--assembly', example, '--out', path.join(dir, 'x'), '--history',
      variant('no-p99.jsonl.gz', h => ({ ...h, series: h.series.filter(s => !(s.region === 'eu-central-1' && s.statistic === 'p99')) }))],
    /^error: \[AAF-SIM-HISTORY-SERIES\] the history lacks 1 series the failover reads: eu-central-1\/AWS\/ApplicationELB\/TargetResponseTime\/p99 \(read by republished signal TargetResponseTime\)\. /],
    ['the history covers other Regions than the failover\'s', () => ['calibrate', '--assembly', example, '--out', path.join(dir, 'x'), '--history',
      variant('two-regions.jsonl.gz', h => ({
        header: { ...h.header, regions: ['us-east-1', 'eu-central-1'] }, series: h.series.filter(s => s.region !== 'ap-southeast-2'),
      }))],
    /^error: \[AAF-SIM-HISTORY-SERIES\] the history covers us-east-1, eu-central-1, not the failover's Regions ap-southeast-2 /],
    ['the history is shorter than 8 hours', () => ['calibrate', '--assembly', example, '--out', path.join(dir, 'x'), '--history',
      variant('short.jsonl.gz', h => ({ header: { ...h.header, minutes: 400 }, series: h.series.map(s => ({ ...s, values: s.values.slice(0, 400) })) }))],
    /^error: \[AAF-SIM-HISTORY\] a calibration needs a history of at least 8 hours \(two halves of 4\), got 400 minutes\.$/],
    ['an incident names a Region the history does not hold', () => {
      const file = path.join(dir, 'bad-incidents.json');
      fs.writeFileSync(file, JSON.stringify({ incidents: [{ region: 'sa-east-1', start: '2026-11-01T10:00:00Z', end: '2026-11-01T11:00:00Z' }] }));
      return ['backtest', '--assembly', example, '--history', historyFile, '--incidents', file, '--out', path.join(dir, 'x')];
    }, /^error: \[AAF-SIM-INCIDENTS\] --incidents: .*'incidents\[0\]\.region' must be one of the history's Regions \(us-east-1, eu-central-1, ap-southeast-2\), got: "sa-east-1"\.$/],
    ['--out is a file', () => ['calibrate', '--assembly', example, '--history', historyFile, '--out', incidentsFile],
      /^error: \[AAF-SIM-OUT\] --out: '.*incidents\.json' is a file; give a folder \(it is created when missing\), default: calibration\.$/],
    ['--seed is not a whole number', () => ['calibrate', '--assembly', example, '--history', historyFile, '--seed', '1.5'],
      /^error: \[AAF-SIM-ASSUMPTION\] --seed takes a whole number from 0 to \d+, got: '1\.5'\n\nUsage: cdk-active-active-failover calibrate/],
    ['--history is not a history file', () => {
      const file = path.join(dir, 'not-history.jsonl');
      fs.writeFileSync(file, '{"incidents": []}\n');
      return ['backtest', '--assembly', example, '--history', file, '--out', path.join(dir, 'x')];
    },
    /^error: \[AAF-SIM-HISTORY\] --history: .*line 1: 'format' must be "cdk-active-active-failover\/history", got: undefined\. Is this a history file\?$/],
  ];
  test.each(cases)('fails if %s', (_, args, message) => {
    const run = cli(...args());
    expect(run.code).toBe(2);
    expect(run.text).toMatch(message);
  });
});
