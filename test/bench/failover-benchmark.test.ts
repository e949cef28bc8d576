import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BenchmarkRow, benchmarkTable, keepAliveTable, recommendedKeepAlive } from '../../bench/failover';
import { SimulationSummary } from '../../src/simulator';

const ROOT = path.join(__dirname, '..', '..');

/** The summary of a run in which the first Region's users left after `dns` and `all` minutes (undefined: never). */
function summary(dns: number | undefined, all: number | undefined, flaps = 0): SimulationSummary {
  const affected = {
    region: 'us-east-1',
    cause: 'incident' as const,
    startMinute: 10,
    endMinute: 50,
    baselineShare: 0.42,
    firstMoveMinutes: dns,
    dnsMovedMinutes: dns,
    allRequestsMovedMinutes: all,
    recoveryMinutes: 5,
    unhealthyTransitions: 1 + flaps,
  };
  return {
    affected: [affected],
    firstMoveMinutes: dns,
    dnsMovedMinutes: dns,
    allRequestsMovedMinutes: all,
    recoveryMinutes: 5,
    degradedUserMinutes: 3000,
    degradedUserMinutesWithoutFailover: 16800,
    flaps,
    falseFailovers: 0,
    failOpenMinutes: 0,
  };
}

const row = (configuration: string, scenario: string, summaries: SimulationSummary[]): BenchmarkRow =>
  ({ configuration, scenario, profile: 'documented', summaries });

describe('the failover benchmark', () => {
  // The whole benchmark (every scenario, three configurations, both profiles, 20 seeds, four keep-alives:
  // about 1,100 runs) runs in a Node process of its own: inside Jest's sandbox, where every global lookup
  // is slower, the same simulation takes two to three times as long.
  test('docs/failover-benchmark.md is what the benchmark prints (run `npx projen bench:failover` after a change)', () => {
    const printed = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'bench/failover.ts', '--document'], {
      cwd: ROOT,
      encoding: 'utf-8',
      env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.dev.json' },
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(fs.readFileSync(path.join(ROOT, 'docs', 'failover-benchmark.md'), 'utf-8')).toBe(printed);
  }, 180_000);

  test('a cell is the worst of the seeds, "never" the worst of all, with the median in brackets when it differs', () => {
    const table = benchmarkTable([
      row('c', 'gray-p99', [summary(7, 9), summary(8, 10), summary(7, 11, 1)]),
      row('c', 'gray-5xx', [summary(7, undefined), summary(7, 12)]),
    ]);
    expect(table.split('\n').slice(2)).toEqual([
      '| gray-p99 | c | 8 min (7 min) | 11 min (10 min) | 5 min | 2 (1) | 1 (0) | 0 | 3,000 of 16,800 |',
      '| gray-5xx | c | 7 min | never (12 min) | 5 min | 1 | 0 | 0 | 3,000 of 16,800 |',
    ]);
  });

  test('the recommended keep-alive is the longest whose every incident moves all requests within 12 minutes', () => {
    const rows = [
      row('c 60 s', 'gray-p99', [summary(7, 8)]), row('c 120 s', 'gray-p99', [summary(7, 9), summary(8, 12)]),
      row('c 240 s', 'gray-p99', [summary(7, 11), summary(8, 13)]), row('c 240 s', 'evacuation-drill', [summary(3, 7)]),
      row('c 3600 s', 'gray-p99', [summary(7, undefined)]),
    ];
    expect(recommendedKeepAlive(rows)).toBe(120);
    expect(recommendedKeepAlive(rows.slice(3))).toBeUndefined();
    expect(keepAliveTable(rows.slice(0, 1)).split('\n')[2]).toBe('| 60 s | gray-p99 | 7 min | 8 min | 5 min | 0 | 3,000 of 16,800 |');
  });
});
