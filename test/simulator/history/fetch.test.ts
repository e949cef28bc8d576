import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { deployed, fakeAws, FakeWorld, fakeValue, REGIONS } from './fake-aws';
import { buildExampleApp } from '../../../examples/app';
import { AwsCallError } from '../../../src/simulator/aws/sdk';
import { main } from '../../../src/simulator/cli';
import { askYesNo, fetchHistory, FetchEnvironment, FetchOptions, prepareFetch } from '../../../src/simulator/history/fetch';
import { readHistory } from '../../../src/simulator/history/format';
import { SILENT } from '../../../src/simulator/progress';
import { regionStack, writeAssembly } from '../templates';

/** 2026-11-15T12:30:45Z: the window ends at 12:30 (the current minute is not complete). */
const NOW = Date.UTC(2026, 10, 15, 12, 30, 45);
const END_MINUTE = Date.UTC(2026, 10, 15, 12, 30) / 60_000;

let dir: string;
let assembly: string;
let world: FakeWorld;
let out: string;
let printed: string[];
let warned: string[];
let sleeps: number[];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-fetch-'));
  assembly = path.join(dir, 'cdk.out');
  buildExampleApp(assembly).synth();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

beforeEach(() => {
  world = fakeAws();
  out = path.join(fs.mkdtempSync(path.join(dir, 'run-')), 'history.jsonl.gz');
  printed = [];
  warned = [];
  sleeps = [];
});
afterEach(() => {
  world.cloudwatch.restore();
  world.cloudformation.restore();
});

/** A fetch against the fake world: silent, the clock fixed, the backoff recorded. */
function env(overrides: Partial<FetchEnvironment> = {}): FetchEnvironment {
  return {
    now: () => NOW,
    sleep: async ms => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    progress: SILENT,
    print: l => printed.push(l),
    warn: l => warned.push(l),
    interactive: false,
    ...overrides,
  };
}

function options(overrides: Partial<FetchOptions> = {}): FetchOptions {
  return { assembly, days: 14, out, yes: true, ...overrides };
}

/** The series of a history by `region/metric/stat`. */
function byId(file: string) {
  const history = readHistory(file);
  return { history, series: new Map(history.series.map(s => [`${s.region}/${s.metricName}/${s.statistic}`, s])) };
}

describe('history fetch of the example app (3 Regions, 7 series each)', () => {
  test('reads 14 days of minutes of every source, with the deployed dimensions, in 6 GetMetricData calls (4 + 3 series a Region)', async () => {
    const result = await fetchHistory(options(), env());
    expect(result.status).toBe('written');
    expect(world.getMetricDataCalls).toBe(6);
    const { history, series } = byId(out);
    expect(history.header).toMatchObject({ start: '2026-11-01T12:30:00Z', minutes: 20_160, regions: REGIONS });
    expect(history.series).toHaveLength(21);
    for (const region of REGIONS) {
      const d = deployed(region);
      expect(series.get(`${region}/RequestCount/Sum`)!.dimensions).toEqual([{ Name: 'LoadBalancer', Value: d.loadBalancerFullName }]);
      expect(series.get(`${region}/CPUUtilization/Average`)!.dimensions).toEqual([
        { Name: 'ClusterName', Value: d.clusterName }, { Name: 'ServiceName', Value: d.serviceName },
      ]);
    }
    // Minute m of the history is the epoch minute END_MINUTE - 20160 + m: its value, or null where CloudWatch has none.
    for (const [id, s] of series) {
      const [region, metricName, stat] = id.split('/');
      for (const m of [0, 1, 96, 10_000, 20_159]) {
        const expected = fakeValue(region, metricName, stat, END_MINUTE - 20_160 + m);
        expect([id, m, s.values[m]]).toEqual([id, m, expected === undefined ? NaN : expected]);
      }
    }
    expect(printed).toContain('Cost: 6 GetMetricData calls requesting 21 metrics: about $0.00021 at $0.01 per 1,000 metrics requested (the us-east-1 price; '
      + 'other Regions may differ: https://aws.amazon.com/cloudwatch/pricing/).');
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
    expect(warned).toEqual([]);
  });

  test('follows NextToken: pages of 1,000 datapoints give the same history as one page', async () => {
    await fetchHistory(options(), env());
    const whole = fs.readFileSync(out);
    world.pageSize = 1_000;
    world.getMetricDataCalls = 0;
    await fetchHistory(options(), env());
    expect(fs.readFileSync(out)).toEqual(whole);
    // 6 chunks of 3 series: about 3 x 20160 x 96/97 datapoints each, 60 pages a chunk.
    // Each Region: a chunk of 4 series and one of 3, every series 20,160 minutes less the gaps (every 97th minute).
    let gaps = 0;
    for (let m = END_MINUTE - 20_160; m < END_MINUTE; m++) {
      gaps += m % 97 === 0 ? 1 : 0;
    }
    expect(world.getMetricDataCalls).toBe(3 * (Math.ceil((4 * (20_160 - gaps)) / 1000) + Math.ceil((3 * (20_160 - gaps)) / 1000)));
    const tokens = world.cloudwatch.commandCalls(GetMetricDataCommand).map(c => c.args[0].input.NextToken);
    expect(tokens.slice(6, 9)).toEqual([undefined, '1000', '2000']);
  });

  test('a throttled call is retried after an exponential backoff with jitter, then succeeds', async () => {
    world.beforeGetMetricData = call => {
      if (call <= 3) {
        throw Object.assign(new Error('Rate exceeded'), { name: call === 3 ? 'TooManyRequestsException' : 'ThrottlingException' });
      }
    };
    await fetchHistory(options(), env());
    // Full jitter with random() = 0.5: half of 1 s, 2 s, 4 s.
    expect(sleeps).toEqual([500, 1000, 2000]);
    expect(readHistory(out).series).toHaveLength(21);
  });

  test('an HTTP 429 without a throttling name is retried too', async () => {
    world.beforeGetMetricData = call => {
      if (call === 1) {
        throw Object.assign(new Error('Too Many Requests'), { name: 'Unknown', $metadata: { httpStatusCode: 429 } });
      }
    };
    await fetchHistory(options(), env());
    expect(sleeps).toEqual([500]);
  });

  test('fails if throttling outlasts the retries: an AWS error (exit code 3) naming the action, the Region and the attempts', async () => {
    world.beforeGetMetricData = () => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    };
    await expect(fetchHistory(options(), env())).rejects.toThrow(
      '[AAF-SIM-AWS] cloudwatch:GetMetricData in us-east-1 failed (after 9 attempts): Throttling: Rate exceeded.');
    expect(sleeps).toHaveLength(8);
    expect(Math.max(...sleeps)).toBe(15_000); // the cap of 30 s, halved by the jitter
  });

  test('partial results: PartialData pages are followed to the end; PartialData without a NextToken is a warning', async () => {
    world.pageSize = 50_000;
    await fetchHistory(options(), env());
    const complete = fs.readFileSync(out);
    expect(world.cloudwatch.commandCalls(GetMetricDataCommand).length).toBe(12);
    // Now CloudWatch stops after the first page of the first chunk, still saying PartialData.
    world.beforeGetMetricData = call => (call !== 13 ? undefined : {
      MetricDataResults: [{ Id: 'm0', Timestamps: [new Date(Date.UTC(2026, 10, 1, 12, 30))], Values: [7], StatusCode: 'PartialData' }],
    });
    await fetchHistory(options(), env());
    expect(fs.readFileSync(out)).not.toEqual(complete);
    expect(warned).toEqual([expect.stringMatching(/^warning: CloudWatch returned partial data without a NextToken for Minimum of AWS\/ApplicationELB HealthyHostCount /)]);
    expect(readHistory(out).series[0].values.slice(0, 2)).toEqual(new Float64Array([7, NaN]));
  });

  test('fails if CloudWatch refuses a metric (StatusCode Forbidden): an AWS error naming the series and the permission', async () => {
    world.beforeGetMetricData = () => ({ MetricDataResults: [{ Id: 'm1', StatusCode: 'Forbidden', Messages: [{ Code: 'Forbidden', Value: 'no access' }] }] });
    await expect(fetchHistory(options(), env())).rejects.toThrow('[AAF-SIM-AWS] cloudwatch:GetMetricData in us-east-1 returned Forbidden for Sum of '
      + 'AWS/ApplicationELB HTTPCode_ELB_5XX_Count {LoadBalancer=app/api-us-east-1/50dc6c495c0c9188} in us-east-1 (Forbidden: no access). '
      + 'Fix: allow cloudwatch:GetMetricData on "*".');
  });

  test('fails if CloudWatch repeats a NextToken (it would never end): stops with an AWS error', async () => {
    world.beforeGetMetricData = () => ({ MetricDataResults: [], NextToken: 'again' });
    await expect(fetchHistory(options(), env())).rejects.toThrow('[AAF-SIM-AWS] cloudwatch:GetMetricData in us-east-1 kept paginating (2 pages, '
      + 'NextToken "again"): stopped. A rerun resumes with the chunks done.');
    expect(world.getMetricDataCalls).toBe(2);
  });

  test('a Region without a single datapoint: its series are all null, with a warning', async () => {
    world.empty.add('eu-central-1');
    await fetchHistory(options(), env());
    const { series } = byId(out);
    expect(series.get('eu-central-1/RequestCount/Sum')!.values.every(Number.isNaN)).toBe(true);
    expect(series.get('us-east-1/RequestCount/Sum')!.values.some(Number.isFinite)).toBe(true);
    expect(warned).toEqual([expect.stringMatching(/^warning: CloudWatch has no datapoint in eu-central-1 for its 7 series over the 14 days: they are all null/)]);
  });
});

describe('dimension tokens', () => {
  test('the ECS dimensions come from the deployed alarms, the load balancer\'s full name from the stacks', async () => {
    await fetchHistory(options(), env());
    const alarmCalls = world.cloudwatch.commandCalls(DescribeAlarmsCommand).map(c => c.args[0].input.AlarmNames);
    // The drill's safety alarm holds the load balancer's full name too: asked, but not deployed in this world.
    expect(alarmCalls).toEqual(REGIONS.map(r => [`Api-${r}-EcsServiceCpu`, `Api-${r}-drill-safety`]));
    // Only the target group and the load balancer are asked of CloudFormation, once per stack.
    const stackCalls = world.cloudformation.commandCalls(DescribeStackResourcesCommand).map(c => c.args[0].input);
    expect(stackCalls).toEqual(REGIONS.flatMap(r => [
      { StackName: `ApiService-${r}`, LogicalResourceId: 'LoadBalancerPublicListenerECSGroup253F49BD' },
      { StackName: `ApiService-${r}`, LogicalResourceId: 'LoadBalancerBE9EEC3A' },
    ]));
    expect(byId(out).series.get('eu-central-1/HealthyHostCount/Minimum')!.dimensions).toEqual([
      { Name: 'TargetGroup', Value: deployed('eu-central-1').targetGroupFullName }, { Name: 'LoadBalancer', Value: deployed('eu-central-1').loadBalancerFullName },
    ]);
  });

  test('without the alarms, the ECS dimensions come from the stacks too (a Ref is the physical id, a service\'s Name the ARN\'s last part)', async () => {
    world.cloudwatch.on(DescribeAlarmsCommand).rejects(Object.assign(new Error('not allowed'), { name: 'AccessDenied' }));
    await fetchHistory(options(), env());
    const { series } = byId(out);
    const d = deployed('ap-southeast-2');
    expect(series.get('ap-southeast-2/CPUUtilization/Average')!.dimensions).toEqual([
      { Name: 'ClusterName', Value: d.clusterName }, { Name: 'ServiceName', Value: d.serviceName },
    ]);
  });

  test('a dimensions file wins, and a complete one needs neither alarms nor stacks', async () => {
    const file = path.join(dir, 'dims.json');
    const values: Record<string, string> = {};
    for (const r of REGIONS) {
      values[`ApiService-${r}/LoadBalancerBE9EEC3A.LoadBalancerFullName`] = `app/given-${r}/1`;
      values[`ApiService-${r}/LoadBalancerPublicListenerECSGroup253F49BD.TargetGroupFullName`] = `targetgroup/given-${r}/1`;
      values[`ApiService-${r}/ClusterEB0386A7`] = `given-cluster-${r}`;
      values[`ApiService-${r}/Service9571FDD8.Name`] = `given-service-${r}`;
    }
    fs.writeFileSync(file, JSON.stringify(values));
    world.empty.add('us-east-1').add('eu-central-1').add('ap-southeast-2');
    await fetchHistory(options({ dimensionsFile: file }), env());
    expect(world.cloudwatch.commandCalls(DescribeAlarmsCommand)).toHaveLength(0);
    expect(world.cloudformation.commandCalls(DescribeStackResourcesCommand)).toHaveLength(0);
    const queries = world.cloudwatch.commandCalls(GetMetricDataCommand).flatMap(c => c.args[0].input.MetricDataQueries!);
    expect(queries.find(q => q.MetricStat!.Metric!.MetricName === 'CPUUtilization')!.MetricStat!.Metric!.Dimensions)
      .toEqual([{ Name: 'ClusterName', Value: 'given-cluster-us-east-1' }, { Name: 'ServiceName', Value: 'given-service-us-east-1' }]);
    expect(byId(out).series.get('us-east-1/RequestCount/Sum')!.dimensions).toEqual([{ Name: 'LoadBalancer', Value: 'app/given-us-east-1/1' }]);
  });

  test('fails if a token cannot be resolved: names the token, its stack, the failed lookups and the fix', async () => {
    world.cloudformation.on(DescribeStackResourcesCommand).rejects(Object.assign(new Error('Stack with id ApiService-us-east-1 does not exist'), {
      name: 'ValidationError',
    }));
    await expect(fetchHistory(options(), env())).rejects.toThrow(new RegExp(
      '^\\[AAF-SIM-HISTORY-DIMENSIONS\\] the dimension token \'ApiService-us-east-1/LoadBalancerPublicListenerECSGroup253F49BD\\.TargetGroupFullName\' '
      + '\\(stack \'ApiService-us-east-1\', Fn::GetAtt LoadBalancerPublicListenerECSGroup253F49BD\\.TargetGroupFullName, read by HealthyHostCount in '
      + 'us-east-1\\) cannot be resolved from the deployed alarms or stack \\(nor 5 more\\)\\. Lookups that failed: cloudformation:DescribeStackResources in '
      + 'us-east-1 failed: ValidationError: Stack with id ApiService-us-east-1 does not exist\\..*Fix: give its deployed value in a dimensions file '
      + '\\(--dimensions dims\\.json\\): \\{"ApiService-us-east-1/LoadBalancerPublicListenerECSGroup253F49BD\\.TargetGroupFullName": "\\.\\.\\."\\}\\.$'));
    expect(world.getMetricDataCalls).toBe(0);
  });
});

describe('resume after an interruption', () => {
  test('a rerun fetches only the chunks left, and writes the same file as an uninterrupted run', async () => {
    await fetchHistory(options(), env());
    const uninterrupted = fs.readFileSync(out);
    fs.rmSync(out);
    world.getMetricDataCalls = 0;
    world.beforeGetMetricData = call => {
      if (call === 4) {
        throw Object.assign(new Error('User is not authorized'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
      }
    };
    const failed = fetchHistory(options(), env());
    await expect(failed).rejects.toThrow(AwsCallError);
    await expect(failed).rejects.toThrow(new RegExp('Fix: allow cloudwatch:GetMetricData to the credentials in use .* 3 of 6 chunks are kept in '
      + `'${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.partial': run the same command again to resume\\.$`));
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readFileSync(`${out}.partial`, 'utf-8').trim().split('\n')).toHaveLength(1 + 3);
    world.beforeGetMetricData = undefined;
    world.getMetricDataCalls = 0;
    // A minute later: the rerun keeps the first run's window.
    const result = await fetchHistory(options(), env({ now: () => NOW + 60_000 }));
    expect(result.resumedChunks).toBe(3);
    expect(world.getMetricDataCalls).toBe(3);
    expect(printed).toContainEqual(expect.stringMatching(/^Cost: 3 GetMetricData calls requesting 10 metrics: .*; 3 of 6 chunks already fetched, in .*history\.jsonl\.gz\.partial\.$/));
    expect(fs.readFileSync(out)).toEqual(uninterrupted);
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
  });

  test('a partial file without a completed chunk: the rerun takes a fresh window', async () => {
    world.beforeGetMetricData = () => {
      throw Object.assign(new Error('boom'), { name: 'InternalFailure' });
    };
    await expect(fetchHistory(options(), env())).rejects.toThrow('0 of 6 chunks are kept in');
    world.beforeGetMetricData = undefined;
    const result = await fetchHistory(options(), env({ now: () => NOW + 3_600_000 }));
    expect(result.resumedChunks).toBe(0);
    expect(readHistory(out).header.start).toBe('2026-11-01T13:30:00Z');
  });

  test('a partial file of another fetch (other days) is not resumed: it starts over and says why', async () => {
    world.beforeGetMetricData = call => {
      if (call === 2) {
        throw Object.assign(new Error('boom'), { name: 'InternalFailure' });
      }
    };
    await expect(fetchHistory(options({ days: 7 }), env())).rejects.toThrow('[AAF-SIM-AWS]');
    world.beforeGetMetricData = undefined;
    world.getMetricDataCalls = 0;
    await fetchHistory(options(), env());
    expect(world.getMetricDataCalls).toBe(6);
    expect(warned).toContainEqual(expect.stringMatching(/^warning: starting over: '.*\.partial' belongs to another fetch \(other sources, dimensions or days\)\.$/));
  });

  test('a partial file older than CloudWatch\'s 15 days of 1-minute data is not resumed', async () => {
    world.beforeGetMetricData = call => {
      if (call === 2) {
        throw Object.assign(new Error('boom'), { name: 'InternalFailure' });
      }
    };
    await expect(fetchHistory(options(), env())).rejects.toThrow('[AAF-SIM-AWS]');
    world.beforeGetMetricData = undefined;
    world.getMetricDataCalls = 0;
    await fetchHistory(options(), env({ now: () => NOW + 2 * 86_400_000 }));
    expect(world.getMetricDataCalls).toBe(6);
    expect(warned).toContainEqual(expect.stringMatching(/starts at 2026-11-01T12:30:00.000Z, beyond CloudWatch's 15 days of 1-minute data now\.$/));
    expect(readHistory(out).header.start).toBe('2026-11-03T12:30:00Z');
  });
});

describe('the cost prompt', () => {
  test('fails if standard input is not a terminal and --yes is not given: the estimate, no AWS call', async () => {
    await expect(fetchHistory(options({ yes: false }), env())).rejects.toThrow('[AAF-SIM-OPTION] --yes is required when standard input is not a '
      + 'terminal (no one can answer the cost prompt): this fetch makes 6 GetMetricData calls requesting 21 metrics: about $0.00021');
    expect(world.cloudwatch.calls()).toHaveLength(0);
    expect(world.cloudformation.calls()).toHaveLength(0);
  });

  test('on a terminal, "no" fetches nothing and "y" fetches', async () => {
    const questions: string[] = [];
    const declined = await fetchHistory(options({ yes: false }), env({ interactive: true, confirm: async q => (questions.push(q), false) }));
    expect(declined.status).toBe('cancelled');
    expect(world.getMetricDataCalls).toBe(0);
    expect(printed).toContain('Cancelled: nothing was fetched.');
    const accepted = await fetchHistory(options({ yes: false }), env({ interactive: true, confirm: async q => (questions.push(q), true) }));
    expect(accepted.status).toBe('written');
    expect(questions).toEqual(['Continue? [y/N] ', 'Continue? [y/N] ']);
  });

  test.each([['y\n', true], [' YES \n', true], ['n\n', false], ['\n', false], ['', false]])('the prompt answered %j is %s', async (typed, expected) => {
    const input = new PassThrough();
    const output = new PassThrough();
    const shown: string[] = [];
    output.on('data', d => shown.push(String(d)));
    const answer = askYesNo('Continue? [y/N] ', input, output);
    input.end(typed);
    expect(await answer).toBe(expected);
    expect(shown.join('')).toBe('Continue? [y/N] ');
  });

  test('the plan for 15 days: 4 series a call at most (4 x 21,600 datapoints fit 100,800), 6 calls, and a warning about the edge of retention', () => {
    const prep = prepareFetch(options({ days: 15 }), NOW);
    expect(prep.chunks.map(c => c.series.length)).toEqual([4, 3, 4, 3, 4, 3]);
    expect(prep.window.minutes).toBe(21_600);
    expect(prep.warnings).toEqual([expect.stringMatching(/^--days 15: CloudWatch serves 1-minute datapoints for start times less than 15 days ago/)]);
  });
});

describe('the command line', () => {
  /** Runs the command; its exit code and what it printed. */
  async function cli(...args: string[]): Promise<{ code: number; text: string }> {
    const lines: string[] = [];
    const code = await main(args, l => lines.push(l));
    return { code, text: lines.join('\n') };
  }

  test('history fetch --yes writes the history (stdin is not a terminal under jest)', async () => {
    const progress = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const run = await cli('history', 'fetch', '--assembly', assembly, '--days', '1', '--out', out, '--yes');
      expect(run).toEqual({ code: 0, text: expect.stringMatching(/Written: .*history\.jsonl\.gz \(21 series x 1440 minutes\)$/) });
      // A day of 7 series is one call a Region.
      expect(progress).toHaveBeenCalledWith(expect.stringMatching(/^history fetch: 3\/3 chunks \(100 %\), took \d+ s\n$/));
    } finally {
      progress.mockRestore();
    }
  });

  test('the three commands chain: a fetched history backtests and calibrates against the same assembly', async () => {
    const progress = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect((await cli('history', 'fetch', '--assembly', assembly, '--days', '1', '--out', out, '--yes')).code).toBe(0);
    } finally {
      progress.mockRestore();
    }
    const folder = path.dirname(out);
    const backtest = await cli('backtest', '--assembly', assembly, '--history', out, '--out', path.join(folder, 'bt'));
    expect(backtest).toEqual({ code: 0, text: expect.stringMatching(/^Backtest of api\.example\.com\. in 3 Regions .*: 1\.0 days \(1,440 minutes from .*\nHistory: history fetch of api\.example\.com\., 1 day\./) });
    const calibrate = await cli('calibrate', '--assembly', assembly, '--history', out, '--out', path.join(folder, 'cal'));
    expect(calibrate.code).toBe(0);
    expect(calibrate.text).toMatch(/^Calibration on 1\.0 days from \S+ \(history fetch of api\.example\.com\., 1 day\), seed 1\./);
    expect(calibrate.text).toContain('Held-out half (0.5 days)');
    expect(world.getMetricDataCalls).toBe(3);
  });

  test('an AWS error exits with 3', async () => {
    world.beforeGetMetricData = () => {
      throw Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException' });
    };
    const progress = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const run = await cli('history', 'fetch', '--assembly', assembly, '--days', '1', '--out', out, '--yes');
      expect(run.code).toBe(3);
      expect(run.text).toMatch(/^error: \[AAF-SIM-AWS\] cloudwatch:GetMetricData in us-east-1 failed: ExpiredTokenException: .* Fix: give credentials through/m);
    } finally {
      progress.mockRestore();
    }
  });

  test.each([
    [['history', 'fetch', '--assembly', 'x', '--days', '0'], /^error: \[AAF-SIM-OPTION\] --days takes a whole number of days from 1 to 15, got: '0'\. CloudWatch keeps/],
    [['history', 'fetch', '--assembly', 'x', '--days', '16'], /^error: \[AAF-SIM-OPTION\] --days takes a whole number of days from 1 to 15, got: '16'\./],
    [['history', 'fetch', '--assembly', 'x', '--days', 'abc'], /^error: \[AAF-SIM-OPTION\] --days takes a whole number of days from 1 to 15, got: 'abc'\./],
    [['history', 'fetch', '--assembly', 'x', '--days', '1.5'], /^error: \[AAF-SIM-OPTION\] --days takes a whole number of days from 1 to 15, got: '1\.5'\./],
    [['history', 'fetch', '--days', '3'], /^error: \[AAF-SIM-OPTION\] option '--assembly' is required\n\nUsage: cdk-active-active-failover history fetch/],
    [['history', 'fetch', '--assembly', 'x', '--yes=no'], /^error: \[AAF-SIM-OPTION\] option '--yes' takes no value, got: 'no'/],
    [['history', 'fetch', '--assembly', 'nowhere', '--yes'], /^error: \[AAF-SIM-ASSEMBLY\] --assembly: 'nowhere' is not a cloud assembly/],
    [['history', 'replay'], /^error: \[AAF-SIM-OPTION\] unknown subcommand 'history replay' \(subcommands: fetch, generate\)\n\nUsage: cdk-active-active-failover history/],
  ])('fails if the arguments are %j', async (args, message) => {
    const run = await cli(...args);
    expect(run.code).toBe(2);
    expect(run.text).toMatch(message);
  });

  test('fails if the failover reads no metric (no alarm, no republisher, no load balancer): nothing to fetch', async () => {
    const stacks = REGIONS.slice(0, 2).map(r => {
      const s = regionStack(r);
      const { Lb, ...rest } = s.template.Resources!;
      rest.Record.Properties.AliasTarget.DNSName = `lb.${r}.example.com`;
      return { ...s, template: { Resources: rest } };
    });
    const bare = writeAssembly(path.join(dir, 'bare.out'), stacks);
    const run = await cli('history', 'fetch', '--assembly', bare, '--yes');
    expect(run).toEqual({
      code: 2,
      text: 'error: [AAF-SIM-HISTORY-SERIES] the failover of api.example.com. reads no metric CloudWatch records (its health '
      + 'checks follow no alarm and it republishes nothing): there is nothing to fetch.',
    });
  });

  test('fails if --out is a folder', async () => {
    const run = await cli('history', 'fetch', '--assembly', assembly, '--out', dir, '--yes');
    expect(run).toEqual({ code: 2, text: `error: [AAF-SIM-OUT] --out: '${dir}' is a folder; give a file name (default: history.jsonl.gz).` });
  });

  test('history fetch --help and history --help print their usage', async () => {
    expect(await cli('history', 'fetch', '--help')).toEqual({ code: 0, text: expect.stringMatching(/--days <1-15>.*\n[\s\S]*Exit codes:[\s\S]*\n {2}3 {2}an AWS call failed/) });
    expect(await cli('history', '--help')).toEqual({ code: 0, text: expect.stringMatching(/^Usage: cdk-active-active-failover history <subcommand>/) });
    expect((await cli('history')).code).toBe(2);
  });
});
