/**
 * Calibration benchmark: the example app (three Regions, the article's four
 * signals) against generated histories of 14 days (generator seeds 1 to 3,
 * eight gray failures planted in each, four per half).
 *
 * For each history it measures
 * - the backtest: wall time and the process's peak RSS, against a baseline
 *   backtest of 1 day in the same process (ratios);
 * - the calibration (seed 1): wall time, the recommendation, and on the
 *   held-out half the recommended settings, the settings as synthesized and
 *   the article's setup: false failovers, planted incidents caught and
 *   overlays caught, with their detection;
 * and prints each figure as a range over the histories.
 *
 * Usage: ts-node --project tsconfig.dev.json bench/calibration.ts [docs/calibration-benchmark.md] [--seeds n]
 * Writes the markdown to the file given. Exits with 1 when a 14-day
 * backtest takes more than 10 s or 500 MB of peak RSS, or a calibration
 * more than 120 s (the budgets of docs/calibration.md).
 *
 * The example app is synthesized in a child process, and each history is
 * measured in a child of its own (the 1-day baseline, then the 14-day
 * backtest, then the calibration): a process's peak RSS only grows, so the
 * CDK's synthesis or another history's run would hide the backtest's.
 *   node -r ts-node/register/transpile-only bench/calibration.ts --child <cdk.out> <seed>
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import {
  backtest, BacktestResult, calibrate, cdkCode, generateHistory, HeldOutRun, Incident, readAssembly, readTopology, sourceMetrics,
} from '../src/simulator';

const REGIONS = ['us-east-1', 'eu-central-1', 'ap-southeast-2'];
const DAYS = 14;
const BUDGET = { backtestSeconds: 10, backtestRssMb: 500, calibrateSeconds: 120 };
const TS_NODE = { cwd: path.join(__dirname, '..'), env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.dev.json' } };

/** The process's peak RSS so far, in MB. */
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

function timed<T>(work: () => T): { value: T; seconds: number } {
  const start = performance.now();
  const value = work();
  return { value, seconds: (performance.now() - start) / 1000 };
}

/** A range over the histories: `3` or `2 to 5`. */
function range(values: number[], digits = 0): string {
  const lo = Math.min(...values).toFixed(digits);
  const hi = Math.max(...values).toFixed(digits);
  return lo === hi ? lo : `${lo} to ${hi}`;
}

/** One configuration's numbers on the held-out half. */
interface HeldOutFigures {
  readonly falseFailovers: number;
  readonly plantedCaught: number;
  readonly planted: number;
  readonly overlaysCaught: number;
  readonly overlays: number;
  readonly medianDetection: number;
  readonly worstDetection: number;
}

function figures(run: HeldOutRun, planted: readonly Incident[]): HeldOutFigures {
  const judged = run.overlaid.incidents;
  const isPlanted = (i: BacktestResult['incidents'][number]) => planted.some(p => p.region === i.incident.region
    && p.startMinute === i.incident.startMinute);
  const plantedRuns = judged.filter(isPlanted);
  const overlays = judged.filter(i => !isPlanted(i));
  const detections = judged.filter(i => i.detectionMinutes !== undefined).map(i => i.detectionMinutes!).sort((a, b) => a - b);
  return {
    falseFailovers: run.unmodified.falseFailovers,
    plantedCaught: plantedRuns.filter(i => i.detectionMinutes !== undefined).length,
    planted: plantedRuns.length,
    overlaysCaught: overlays.filter(i => i.detectionMinutes !== undefined).length,
    overlays: overlays.length,
    medianDetection: detections[Math.floor((detections.length - 1) / 2)] ?? NaN,
    worstDetection: detections[detections.length - 1] ?? NaN,
  };
}

/** What a child measures for one history. */
interface Run {
  readonly seed: number;
  readonly baselineSeconds: number;
  readonly baselineRssMb: number;
  readonly backtestSeconds: number;
  readonly rssMb: number;
  readonly backtestCaught: number;
  readonly backtestPlanted: number;
  readonly backtestFalse: number;
  readonly calibrateSeconds: number;
  readonly calibrateRssMb: number;
  readonly advice: string;
  readonly code: string[];
  readonly unchanged: string[];
  readonly heldOut: Record<string, HeldOutFigures>;
}

/** The child: one history, measured in a fresh process; prints its Run as JSON. */
function child(assembly: string, seed: number): void {
  const stacks = readAssembly(assembly);
  const sources = sourceMetrics(readTopology(stacks), stacks, REGIONS);
  const generated = (days: number) => generateHistory({ sources, regions: REGIONS, minutes: days * 1440, seed });
  const small = generated(1);
  const baseline = timed(() => backtest(stacks, small.history, { incidents: small.incidents }));
  const baselineRssMb = peakRssMb();
  const { history, incidents } = generated(DAYS);
  const bt = timed(() => backtest(stacks, history, { incidents }));
  const rssMb = peakRssMb();
  const cal = timed(() => calibrate(stacks, history, { incidents, seed: 1 }));
  // The held-out half's planted incidents are known incidents there: the overlaid runs judge them too.
  const plantedHeldOut = incidents.filter(i => i.startMinute >= cal.value.split);
  const run: Run = {
    seed,
    baselineSeconds: baseline.seconds,
    baselineRssMb,
    backtestSeconds: bt.seconds,
    rssMb,
    backtestCaught: bt.value.incidents.filter(i => i.detectionMinutes !== undefined).length,
    backtestPlanted: incidents.length,
    backtestFalse: bt.value.falseFailovers,
    calibrateSeconds: cal.seconds,
    calibrateRssMb: peakRssMb(),
    advice: cal.value.advice,
    code: cdkCode(cal.value),
    unchanged: cal.value.signals.filter(c => !c.recommended).map(c => `${c.name}: not changed: ${c.note}`),
    heldOut: Object.fromEntries(cal.value.heldOut.map(r => [r.configuration, figures(r, plantedHeldOut)])),
  };
  console.log(JSON.stringify(run));
}

/** Runs one history's measurements in a child process of its own. */
function runChild(assembly: string, seed: number): Run {
  const stdout = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, '--child', assembly, String(seed)],
    { ...TS_NODE, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(stdout.trim().split('\n').reverse().find(l => l.startsWith('{'))!);
}

function report(runs: Run[]): string[] {
  const lines: string[] = [];
  const say = (line = '') => lines.push(line);
  const of = (key: keyof Run) => runs.map(r => r[key] as number);
  say('# Calibration benchmark');
  say();
  say(`Generated by \`npx projen bench:calibration\` (bench/calibration.ts) on ${os.cpus().length} cores, Node ${process.version}: the example app `
    + `(${REGIONS.join(', ')}; the article's four signals) against ${runs.length} generated histories of ${DAYS} days (generator seeds 1 to `
    + `${runs.length}, eight gray failures planted in each, four per half), calibration seed 1, the documented profile. `
    + 'Each history is measured in a process of its own; figures are ranges over the histories.');
  say();
  say('## Cost');
  say();
  say('| measure | 1-day baseline | 14 days | ratio 14 days / baseline | budget |');
  say('|---|---|---|---|---|');
  say(`| backtest wall time (s) | ${range(of('baselineSeconds'), 2)} | ${range(of('backtestSeconds'), 1)} | `
    + `${range(runs.map(r => r.backtestSeconds / r.baselineSeconds), 1)} | ${BUDGET.backtestSeconds} |`);
  say(`| peak RSS after the backtest (MB) | ${range(of('baselineRssMb'))} | ${range(of('rssMb'))} | `
    + `${range(runs.map(r => r.rssMb / r.baselineRssMb), 2)} | ${BUDGET.backtestRssMb} |`);
  say(`| calibrate wall time (s) | - | ${range(of('calibrateSeconds'), 1)} | - | ${BUDGET.calibrateSeconds} |`);
  say(`| peak RSS after the calibration (MB) | - | ${range(of('calibrateRssMb'))} | - | - |`);
  say();
  say('## The backtest with the settings as synthesized (whole history)');
  say();
  say(`Planted incidents caught: ${range(of('backtestCaught'))} of ${range(of('backtestPlanted'))}; false failovers: `
    + `${range(of('backtestFalse'))} in ${DAYS} days.`);
  say();
  say('## Held-out half (7 days), replayed whole');
  say();
  say('Planted incidents: the generator\'s, in the held-out half. Overlays: the calibration\'s fresh overlays there (6 of each gray failure). '
    + 'Detection: minutes from an incident\'s start until DNS stops answering with its Region, over every incident caught.');
  say();
  say('| configuration | false failovers | planted incidents caught | overlays caught | detection median (min) | detection worst (min) |');
  say('|---|---|---|---|---|---|');
  for (const configuration of ['recommended', 'as synthesized', 'article']) {
    const f = runs.map(r => r.heldOut[configuration]);
    say(`| ${configuration} | ${range(f.map(x => x.falseFailovers))} | ${range(f.map(x => x.plantedCaught))} of ${range(f.map(x => x.planted))} | `
      + `${range(f.map(x => x.overlaysCaught))} of ${range(f.map(x => x.overlays))} | ${range(f.map(x => x.medianDetection))} | `
      + `${range(f.map(x => x.worstDetection))} |`);
  }
  say();
  say('## Recommendations');
  for (const r of runs) {
    say();
    say(`History seed ${r.seed}: ${r.advice}`);
    say();
    say('```ts');
    r.code.forEach(line => say(line));
    r.unchanged.forEach(line => say(`// ${line}`));
    say('```');
  }
  return lines;
}

function parent(): void {
  const args = process.argv.slice(2);
  const seedsAt = args.indexOf('--seeds');
  const seedCount = seedsAt >= 0 ? Number(args[seedsAt + 1]) : 3;
  const out = args.find((a, i) => !a.startsWith('--') && (seedsAt < 0 || i !== seedsAt + 1));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-bench-calibration-'));
  const runs: Run[] = [];
  try {
    execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'examples/main.ts', path.join(dir, 'cdk.out')],
      { ...TS_NODE, stdio: ['ignore', 'ignore', 'inherit'] });
    for (let seed = 1; seed <= seedCount; seed++) {
      const r = runChild(path.join(dir, 'cdk.out'), seed);
      runs.push(r);
      console.log(`history seed ${seed}: backtest 1 day ${r.baselineSeconds.toFixed(2)} s, ${DAYS} days ${r.backtestSeconds.toFixed(1)} s; `
        + `peak RSS ${r.baselineRssMb.toFixed(0)} then ${r.rssMb.toFixed(0)} MB; calibrate ${r.calibrateSeconds.toFixed(1)} s`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const lines = report(runs);
  console.log(lines.join('\n'));
  if (out) {
    fs.writeFileSync(out, lines.join('\n') + '\n');
    console.log(`Written: ${out}`);
  }
  const over = [
    ...runs.filter(r => r.backtestSeconds > BUDGET.backtestSeconds).map(r => `backtest of history seed ${r.seed}: ${r.backtestSeconds.toFixed(1)} s`),
    ...runs.filter(r => r.rssMb > BUDGET.backtestRssMb).map(r => `peak RSS after the backtest of history seed ${r.seed}: ${r.rssMb.toFixed(0)} MB`),
    ...runs.filter(r => r.calibrateSeconds > BUDGET.calibrateSeconds).map(r => `calibration of history seed ${r.seed}: ${r.calibrateSeconds.toFixed(1)} s`),
  ];
  if (over.length > 0) {
    console.log(`FAIL: over budget: ${over.join('; ')}.`);
    process.exitCode = 1;
  }
}

if (process.argv[2] === '--child') {
  child(process.argv[3], Number(process.argv[4]));
} else {
  parent();
}
