import * as fs from 'fs';
import * as path from 'path';
import { BUILT_IN_SCENARIOS } from '../../src/simulator/builtin-scenarios';
import { main } from '../../src/simulator/cli';

/** Arguments that fail, their exit code and the start of what is printed. */
const FAILING_ARGUMENTS: [string[], number, RegExp][] = [
  [[], 2, /^Usage:/],
  [['help'], 0, /^Usage:/],
  [['replay'], 2, /^error: \[AAF-SIM-[A-Z-]+\] unknown command 'replay'/],
  [['simulate', '--assembly', 'cdk.out'], 2, /^error: \[AAF-SIM-[A-Z-]+\] option '--scenario' is required/],
  [['simulate', '--assembly'], 2, /^error: \[AAF-SIM-[A-Z-]+\] option '--assembly' needs a value/],
  [['simulate', '--fast'], 2, /^error: \[AAF-SIM-[A-Z-]+\] unknown option '--fast'/],
  [['simulate', '--assembly', 'x', '--scenario', 'gray-p99', '--assume', 'ttl=1'], 2, /^error: \[AAF-SIM-[A-Z-]+\] --assume unknown assumption 'ttl' \(known: /],
  [['simulate', '--assembly', 'x', '--scenario', 'gray-p99', '--assume', 'dnsTtlMinutes=1.5'], 2,
    /^error: \[AAF-SIM-[A-Z-]+\] --assume assumption 'dnsTtlMinutes' must be a whole number from 0 to 60, got: 1.5\./],
  [['simulate', '--assembly', 'x', '--scenario', 'gray-p99', '--assume', 'lateDatapointPercent=101'], 2,
    /^error: \[AAF-SIM-[A-Z-]+\] --assume assumption 'lateDatapointPercent' must be a whole number from 0 to 100, got: 101\.\n\nUsage: /],
  [['simulate', '--assembly', 'x', '--scenario', 'gray-p99', '--assume', 'pooledTrafficPercent=-5'], 2,
    /^error: \[AAF-SIM-[A-Z-]+\] --assume assumption 'pooledTrafficPercent' must be a whole number from 0 to 100, got: -5\./],
  [['simulate', '--assembly', 'x', '--scenario', 'gray-p99', '--profile', 'pessimistic'], 2,
    /^error: \[AAF-SIM-[A-Z-]+\] --profile must be one of optimistic, documented, got: "pessimistic"\.\n\nUsage: /],
  [['simulate', '--assembly', 'x', '--scenario', 'gray-p99', '--seed', '1.5'], 2, /^error: \[AAF-SIM-[A-Z-]+\] --seed takes a whole number from 0 to 2147483647, got: '1\.5'/],
  [['simulate', '--assembly', 'x', '--scenario', 'gray-p99', '--seed', '99999999999'], 2,
    /^error: \[AAF-SIM-[A-Z-]+\] --seed must be a whole number from 0 to 2147483647, got: 99999999999\./],
  [['simulate', '--assembly', 'x', '--scenario', 'gray-p99', '--seed'], 2, /^error: \[AAF-SIM-[A-Z-]+\] option '--seed' needs a value/],
  [['simulate', '--assembly', 'x', '--scenario', 'gray-p99', '--assume', 'ttl'], 2, /^error: \[AAF-SIM-[A-Z-]+\] --assume takes <name>=<number>, got: 'ttl'/],
  [['simulate', '--assembly', 'x', '--scenario', 'constructor'], 2, /^error: \[AAF-SIM-[A-Z-]+\] --scenario: 'constructor' is neither a built-in scenario/],
  [['simulate', '--assembly', 'nowhere', '--scenario', 'gray-p99'], 2, /^error: \[AAF-SIM-[A-Z-]+\] --assembly: 'nowhere' is not a cloud assembly: it has no manifest.json/],
  [['simulate', '--assembly', 'nowhere', '--scenario', 'no-such'], 2, /^error: \[AAF-SIM-[A-Z-]+\] --scenario: 'no-such' is neither a built-in scenario \(gray-cpu, .*\) nor a file\.$/],
  [['simulate', '--assembly', 'x', '--scenario', 'gray-p99', '--assume', 'extraRangePeriods=1000000000'], 2,
    /^error: \[AAF-SIM-[A-Z-]+\] --assume assumption 'extraRangePeriods' must be a whole number from 0 to 10, got: 1000000000\./],
];

const lines: string[] = [];
const print = (line: string) => lines.push(line);
beforeEach(() => lines.splice(0));

describe('the command line', () => {
  test('scenarios lists the built-in scenarios', () => {
    expect(main(['scenarios'], print)).toBe(0);
    expect(lines.map(l => l.split(' ')[0])).toEqual(Object.keys(BUILT_IN_SCENARIOS));
  });

  test.each(FAILING_ARGUMENTS)('fails if the arguments are %j', (args, code, message) => {
    expect(main(args, print)).toBe(code);
    expect(lines.join('\n')).toMatch(message);
    expect(lines.join('\n')).not.toMatch(/\n\s+at .*:\d+:\d+/); // no stack trace
  });
});

describe('help and version', () => {
  test.each([['--help'], ['-h'], ['help']])('%s prints the commands, the options and the exit codes', arg => {
    expect(main([arg], print)).toBe(0);
    expect(lines.join('\n')).toMatch(/^Usage: cdk-active-active-failover <command> \[options\]\n/);
    expect(lines.join('\n')).toContain('\nExit codes:\n  0  success');
  });

  test.each([['--help'], ['-h']])('simulate %s prints its usage, every option and the exit codes', arg => {
    expect(main(['simulate', arg], print)).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(/^Usage: cdk-active-active-failover simulate --assembly <dir> --scenario <name \| file.json> \[options\]\n/);
    for (const option of ['--assembly', '--scenario', '--out', '--record-name', '--summary-only', '--profile', '--seed', '--assume', '-h, --help']) {
      expect(text).toContain(`\n  ${option} `);
    }
    // Every assumption, its optimistic and documented value and its bounds.
    expect(text).toContain('\n  lateDatapointPercent      0, 25       a whole number from 0 to 100\n');
    expect(text).toContain('\n  extraRangePeriods         3, 2        a whole number from 0 to 10\n');
    expect(text).toContain('schema: cdk-active-active-failover/scenarios/scenario.schema.json');
    expect(text).toMatch(/\n {2}1 {2}an internal error of the simulator.*\n {2}2 {2}bad usage or bad input/);
  });

  test('--help wins over the other arguments', () => {
    expect(main(['simulate', '--assume', 'ttl=1', '--help'], print)).toBe(0);
    expect(lines[0]).toMatch(/^Usage: cdk-active-active-failover simulate /);
  });

  test('scenarios --help prints its usage', () => {
    expect(main(['scenarios', '--help'], print)).toBe(0);
    expect(lines[0]).toMatch(/^Usage: cdk-active-active-failover scenarios \[options\]\n/);
  });

  test('--version prints the version of the package', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf-8'));
    expect(main(['--version'], print)).toBe(0);
    expect(lines).toEqual([version]);
  });
});

describe('bad usage: exit code 2, a message naming the argument, then the usage', () => {
  test.each([
    [['simulate', '--fast'], "error: [AAF-SIM-OPTION] unknown option '--fast'\n\nUsage: cdk-active-active-failover simulate "],
    [['simulate', '-x'], "error: [AAF-SIM-OPTION] unknown option '-x'\n\nUsage: cdk-active-active-failover simulate "],
    [['scenarios', '--all'], "error: [AAF-SIM-OPTION] unknown option '--all'\n\nUsage: cdk-active-active-failover scenarios "],
    [['--fast'], "error: [AAF-SIM-OPTION] unknown option '--fast'\n\nUsage: cdk-active-active-failover <command> "],
    [['simulate', '--summary-only=yes'], "error: [AAF-SIM-OPTION] option '--summary-only' takes no value, got: 'yes'\n\nUsage: "],
    [['simulate', 'cdk.out'], "error: [AAF-SIM-OPTION] unexpected argument 'cdk.out'\n\nUsage: cdk-active-active-failover simulate "],
    [['simulate', '--scenario', 'gray-p99', '--assume'], "error: [AAF-SIM-OPTION] option '--assume' needs a value\n\nUsage: "],
  ])('%j', (args, start) => {
    expect(main(args, print)).toBe(2);
    expect(lines.join('\n').startsWith(start)).toBe(true);
  });
});
