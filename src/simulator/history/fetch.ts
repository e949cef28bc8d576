/**
 * `history fetch`: a failover's source metrics (sources.ts), minute by
 * minute, from CloudWatch in each of its Regions, written as a history file
 * (format.ts). See docs/calibration.md, "Fetching".
 *
 * 1. Offline: the assembly, the failover's Regions (as the simulator picks
 *    the record), its sources, the window and the chunks (fetch-plan.ts), the
 *    dimensions file.
 * 2. Without --yes, standard input must be a terminal (the cost prompt), else
 *    it refuses before any call.
 * 3. The SDK is loaded (aws/sdk.ts), the dimension tokens resolved (tokens.ts).
 * 4. A partial file of the same fetch is resumed (partial.ts); the cost of
 *    the chunks left is printed and, without --yes, confirmed.
 * 5. Chunk by chunk: GetMetricData (Period 60, ScanBy TimestampAscending,
 *    every NextToken page), appended to the partial file; a progress report on
 *    standard error.
 * 6. The history is written, the partial file removed; a Region without a
 *    single datapoint is a warning (its series are all null).
 */
import * as readline from 'readline';
import { checkDays, costEstimate, costText, fetchWindow, FetchChunk, GET_METRIC_DATA_LIMITS, GetMetricDataLimits, ONE_MINUTE_RETENTION_DAYS, planChunks } from './fetch-plan';
import { describeSeries, History, HISTORY_FORMAT, HISTORY_PERIOD_SECONDS, HISTORY_VERSION, SeriesKey, writeHistory } from './format';
import { appendChunk, partialHeader, readPartial, removePartial, startPartial } from './partial';
import { SourceMetric, sourceMetrics } from './sources';
import { readDimensionsFile, resolvedSeries, resolveTokens, sourceTokens } from './tokens';
import { readAssembly } from '../assembly';
import { AwsReader, GetMetricDataResponse, MetricStatQuery, sdkReader } from '../aws/reader';
import { AwsCallError, AwsCommandEnvironment } from '../aws/sdk';
import { fromOption } from '../cli-options';
import { StackTemplate } from '../dns';
import { failoverOf } from '../engine';
import { InputError, SimulatorErrorId } from '../inputs';
import { Progress, ProgressStream } from '../progress';
import { readTopology, Topology } from '../topology';

const MINUTE_MS = HISTORY_PERIOD_SECONDS * 1000;

/** What to fetch (the options of the command). */
export interface FetchOptions {
  /** The cloud assembly (a cdk.out folder). */
  readonly assembly: string;
  /** Whole days, 1 to 15. */
  readonly days: number;
  /** The history file to write (gzip-compressed when it ends in `.gz`). */
  readonly out: string;
  /** A dimensions file: token -> deployed value. @default - tokens resolved from the deployed alarms and stacks */
  readonly dimensionsFile?: string;
  /** @default - the latency-routed name with the most Regions */
  readonly recordName?: string;
  /** Start without asking. @default false */
  readonly yes?: boolean;
}

/** Everything outside the fetch: AWS, the clock, the terminal. Tests replace each. */
export interface FetchEnvironment extends AwsCommandEnvironment {
  /** @default sdkReader() with the sleep and draw below */
  readonly aws?: AwsReader;
  /** The backoff's jitter. @default Math.random */
  readonly random?: () => number;
  /** @default process.stderr */
  readonly progress?: ProgressStream;
  /** Results. @default console.log */
  readonly print?: (line: string) => void;
  /** Warnings. @default console.error */
  readonly warn?: (line: string) => void;
  /** Whether someone can answer the prompt. @default standard input and standard error are terminals */
  readonly interactive?: boolean;
  /** Asks a yes/no question. @default a prompt on standard error, read from standard input */
  readonly confirm?: (question: string) => Promise<boolean>;
  /** @default GET_METRIC_DATA_LIMITS */
  readonly limits?: GetMetricDataLimits;
}

/** What is known before any call. */
export interface FetchPreparation {
  readonly stacks: StackTemplate[];
  readonly topology: Topology;
  readonly recordName: string;
  readonly regions: string[];
  readonly sources: SourceMetric[];
  readonly window: ReturnType<typeof fetchWindow>;
  readonly chunks: FetchChunk[];
  readonly given?: Map<string, string>;
  readonly warnings: string[];
}

/** How a fetch ended. */
export interface FetchResult {
  readonly status: 'written' | 'cancelled';
  readonly out: string;
  readonly history?: History;
  /** Chunks taken from the partial file. */
  readonly resumedChunks: number;
  /** The cost of the chunks fetched by this run. */
  readonly cost: ReturnType<typeof costEstimate>;
}

/** The offline part: assembly, failover, sources, window, chunks, dimensions file. */
export function prepareFetch(options: FetchOptions, nowMs: number, limits: GetMetricDataLimits = GET_METRIC_DATA_LIMITS): FetchPreparation {
  const days = checkDays(String(options.days));
  const stacks = fromOption('assembly', () => readAssembly(options.assembly));
  const topology = readTopology(stacks);
  const failover = failoverOf(topology, options.recordName, 'fetched');
  const sources = sourceMetrics(topology, stacks, failover.regions);
  if (sources.length === 0) {
    throw new InputError(SimulatorErrorId.HISTORY_SERIES, `the failover of ${failover.recordName} reads no metric CloudWatch records `
      + '(its health checks follow no alarm and it republishes nothing): there is nothing to fetch.');
  }
  const window = fetchWindow(nowMs, days);
  const warnings = [...failover.warnings];
  if (days === ONE_MINUTE_RETENTION_DAYS) {
    warnings.push(`--days ${days}: CloudWatch serves 1-minute datapoints for start times less than ${days} days ago; the oldest minutes age past `
      + 'that while the fetch runs and may come back empty (null). 14 days leave a day of margin.');
  }
  const given = options.dimensionsFile === undefined ? undefined : readDimensionsFile(options.dimensionsFile, sourceTokens(sources));
  return {
    stacks,
    topology,
    recordName: failover.recordName,
    regions: failover.regions,
    sources,
    window,
    chunks: planChunks(sources, window.minutes, limits),
    given,
    warnings,
  };
}

/** Fetches the history of `options` and writes it (or stops at the prompt). */
export async function fetchHistory(options: FetchOptions, env: FetchEnvironment = {}): Promise<FetchResult> {
  const now = env.now ?? Date.now;
  const print = env.print ?? console.log;
  const warn = env.warn ?? console.error;
  const prep = prepareFetch(options, now(), env.limits);
  prep.warnings.forEach(w => warn(`warning: ${w}`));
  const interactive = env.interactive ?? (process.stdin.isTTY === true && process.stderr.isTTY === true);
  if (!options.yes && !interactive) {
    throw new InputError(SimulatorErrorId.OPTION, '--yes is required when standard input is not a terminal (no one can answer the cost prompt): this fetch '
      + `makes ${costText(costEstimate(prep.chunks))}. Run it again with --yes to accept.`);
  }
  let progress: Progress | undefined;
  // A line during the fetch clears the progress bar first.
  const warnDuring = (m: string) => {
    progress?.clearLine();
    warn(m);
  };
  const aws = env.aws ?? sdkReader({
    load: env.load,
    sleep: env.sleep,
    random: env.random,
    onRetry: (attempt, ms, e) => warnDuring(`throttled (${(e as Error).name}): retry ${attempt} in ${ms} ms`),
  });
  const resolved = await resolveTokens({ topology: prep.topology, stacks: prep.stacks, sources: prep.sources, given: prep.given, aws });
  const series = resolvedSeries(prep.sources, resolved);
  const partialFile = `${options.out}.partial`;
  const header = partialHeader(prep.window.start, prep.window.minutes, prep.chunks.length, series);
  const state = readPartial(partialFile, header, new Date(prep.window.end.getTime() - ONE_MINUTE_RETENTION_DAYS * 24 * 60 * MINUTE_MS));
  if (state.discarded) {
    warn(`warning: starting over: ${state.discarded}.`);
  }
  const done = new Map([...state.done].filter(([i, v]) => fits(v, prep.chunks[i])));
  const todo = prep.chunks.filter(c => !done.has(c.index));
  const cost = costEstimate(todo);
  // A resumed fetch keeps the first run's window; a fresh one (or a partial file without a chunk) starts now.
  const start = done.size > 0 ? new Date(state.start) : prep.window.start;
  print(`history fetch: ${series.length} series of ${prep.recordName} in ${prep.regions.join(', ')}, ${daysText(options.days)} of minutes from `
    + `${start.toISOString()}`);
  print(`Cost: ${costText(cost)}${done.size > 0 ? `; ${done.size} of ${prep.chunks.length} chunks already fetched, in ${partialFile}` : ''}.`);
  if (!options.yes && !await (env.confirm ?? (q => askYesNo(q)))('Continue? [y/N] ')) {
    print('Cancelled: nothing was fetched.');
    return { status: 'cancelled', out: options.out, resumedChunks: done.size, cost };
  }
  if (done.size === 0) {
    startPartial(partialFile, header);
  }
  const values = series.map(() => new Float64Array(prep.window.minutes).fill(NaN));
  for (const [i, v] of done) {
    place(values, prep.chunks[i], v);
  }
  progress = new Progress(env.progress ?? process.stderr, 'history fetch', prep.chunks.length, 'chunks', now, done.size);
  let kept = done.size;
  for (const chunk of todo) {
    let chunkValues: Float64Array[];
    try {
      chunkValues = await fetchChunk(aws, chunk, series, start, m => warnDuring(`warning: ${m}`));
    } catch (e) {
      progress.clearLine();
      throw e instanceof AwsCallError
        ? new AwsCallError(`${e.detail} ${kept} of ${prep.chunks.length} chunks are kept in '${partialFile}': run the same command again to resume.`) : e;
    }
    appendChunk(partialFile, chunk.index, chunkValues);
    place(values, chunk, chunkValues);
    kept++;
    progress.step();
  }
  return finish(options, prep, series, values, start, { print, warn, partialFile, resumed: done.size, cost });
}

function finish(options: FetchOptions, prep: FetchPreparation, series: SeriesKey[], values: Float64Array[], start: Date,
  context: { print: (l: string) => void; warn: (l: string) => void; partialFile: string; resumed: number; cost: FetchResult['cost'] }): FetchResult {
  for (const region of prep.regions) {
    const own = series.flatMap((s, i) => (s.region === region ? [i] : []));
    if (own.length > 0 && own.every(i => values[i].every(v => Number.isNaN(v)))) {
      context.warn(`warning: CloudWatch has no datapoint in ${region} for its ${own.length} series over the ${daysText(options.days)}: they are all null `
        + `in the history. Is the failover deployed there, and are these its dimensions? ${describeSeries(series[own[0]])}`);
    }
  }
  const history: History = {
    header: {
      format: HISTORY_FORMAT,
      version: HISTORY_VERSION,
      start: start.toISOString().replace('.000Z', 'Z'),
      minutes: prep.window.minutes,
      periodSeconds: HISTORY_PERIOD_SECONDS,
      regions: prep.regions,
      source: `history fetch of ${prep.recordName}, ${daysText(options.days)}`,
    },
    series: series.map((s, i) => ({ ...s, values: values[i] })),
  };
  writeHistory(options.out, history);
  removePartial(context.partialFile);
  context.print(`Written: ${options.out} (${series.length} series x ${prep.window.minutes} minutes)`);
  return { status: 'written', out: options.out, history, resumedChunks: context.resumed, cost: context.cost };
}

/** `1 day`, `14 days`. */
function daysText(days: number): string {
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}

/** Whether a partial file's values have the chunk's shape. */
function fits(values: (number | null)[][], chunk: FetchChunk | undefined): boolean {
  return chunk !== undefined && values.length === chunk.series.length && values.every(v => v.length === chunk.minutes);
}

/** Copies a chunk's values into the series' values. */
function place(values: Float64Array[], chunk: FetchChunk, chunkValues: ArrayLike<number | null>[]): void {
  chunk.series.forEach((s, q) => {
    for (let m = 0; m < chunk.minutes; m++) {
      const v = chunkValues[q][m];
      values[s][chunk.fromMinute + m] = v === null ? NaN : v;
    }
  });
}

/** The most pages one chunk may take (a NextToken that never ends is CloudWatch's fault, not a reason to loop). */
const MAX_PAGES = 10_000;

/** One chunk: its GetMetricData call and every page of it. */
async function fetchChunk(aws: AwsReader, chunk: FetchChunk, series: SeriesKey[], start: Date, warn: (m: string) => void): Promise<Float64Array[]> {
  const from = start.getTime() + chunk.fromMinute * MINUTE_MS;
  const queries: MetricStatQuery[] = chunk.series.map((s, q) => ({
    Id: `m${q}`,
    MetricStat: {
      Metric: { Namespace: series[s].namespace, MetricName: series[s].metricName, Dimensions: series[s].dimensions.map(d => ({ ...d })) },
      Period: HISTORY_PERIOD_SECONDS,
      Stat: series[s].statistic,
    },
    ReturnData: true,
  }));
  const values = chunk.series.map(() => new Float64Array(chunk.minutes).fill(NaN));
  const request = { MetricDataQueries: queries, StartTime: new Date(from), EndTime: new Date(from + chunk.minutes * MINUTE_MS), ScanBy: 'TimestampAscending' as const };
  let token: string | undefined;
  for (let page = 1; ; page++) {
    const response = await aws.getMetricData(chunk.region, { ...request, NextToken: token });
    read(response, values, from, chunk, series, warn);
    if (!response.NextToken) {
      return values;
    }
    if (response.NextToken === token || page >= MAX_PAGES) {
      throw new AwsCallError(`cloudwatch:GetMetricData in ${chunk.region} kept paginating (${page} pages, NextToken ${JSON.stringify(response.NextToken)}): `
        + 'stopped. A rerun resumes with the chunks done.');
    }
    token = response.NextToken;
  }
}

/** Reads one page into the chunk's values. */
function read(response: GetMetricDataResponse, values: Float64Array[], from: number, chunk: FetchChunk, series: SeriesKey[],
  warn: (m: string) => void): void {
  for (const r of response.MetricDataResults ?? []) {
    const q = /^m(\d+)$/.exec(r.Id ?? '');
    const target = q ? values[Number(q[1])] : undefined;
    if (target === undefined) {
      continue;
    }
    const key = series[chunk.series[Number(q![1])]];
    if (r.StatusCode === 'Forbidden' || r.StatusCode === 'InternalError') {
      const messages = (r.Messages ?? []).map(m => `${m.Code}: ${m.Value}`).join('; ');
      throw new AwsCallError(`cloudwatch:GetMetricData in ${chunk.region} returned ${r.StatusCode} for ${describeSeries(key)}`
        + `${messages ? ` (${messages})` : ''}. `
        + (r.StatusCode === 'Forbidden' ? 'Fix: allow cloudwatch:GetMetricData on "*".' : 'A rerun resumes with the chunks done.'));
    }
    if (r.StatusCode === 'PartialData' && !response.NextToken) {
      warn(`CloudWatch returned partial data without a NextToken for ${describeSeries(key)}: the minutes it left out are null.`);
    }
    const timestamps = r.Timestamps ?? [];
    const numbers = r.Values ?? [];
    for (let j = 0; j < timestamps.length && j < numbers.length; j++) {
      const t = timestamps[j] instanceof Date ? (timestamps[j] as Date).getTime() : Date.parse(String(timestamps[j]));
      const m = (t - from) / MINUTE_MS;
      if (Number.isInteger(m) && m >= 0 && m < chunk.minutes && Number.isFinite(numbers[j])) {
        target[m] = numbers[j];
      }
    }
  }
}

/** Asks `question` on `output` (standard error), reads the answer from `input` (standard input): true for y or yes. */
export function askYesNo(question: string, input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stderr): Promise<boolean> {
  return new Promise(resolve => {
    const rl = readline.createInterface({ input, output });
    // Standard input closed without an answer (Ctrl-D) is a no.
    rl.on('close', () => resolve(false));
    rl.question(question, answer => {
      resolve(/^y(es)?$/i.test(answer.trim()));
      rl.close();
    });
  });
}
