/**
 * The held-out half of a calibration: the recommended settings, the settings
 * as synthesized and the article's setup, each replayed whole (DNS and users
 * included) on the half the calibration did not see, unmodified (false
 * failovers) and with fresh overlays (detection), and the verdict on whether
 * the recommendation is worth pasting (docs/calibration.md).
 */
import { BacktestResult, backtestTopology } from './backtest';
import { History } from './format';
import { Incident } from './incidents';
import { GrayFailure, Overlay, OverlayMagnitudes, overlayHistory, planOverlays } from './overlay';
import { SourceMetric } from './sources';
import { SignalSettings, TunableSignal, withSettings } from './tunable-signals';
import { SimulationOptions } from '../result';
import { Topology } from '../topology';

/** One configuration replayed on the held-out half. */
export interface HeldOutRun {
  readonly configuration: 'recommended' | 'as synthesized' | 'article';
  readonly settings: ReadonlyMap<string, SignalSettings>;
  /** The unmodified held-out half (known incidents given). */
  readonly unmodified: BacktestResult;
  /** The held-out half with fresh overlays (known incidents and overlays given). */
  readonly overlaid: BacktestResult;
  readonly overlays: readonly Overlay[];
}

/** The article's alarms: 2 evaluation periods; an error rate at 5 %. */
export const ARTICLE_PERSISTENCE = 2;
const ARTICLE_RATE_THRESHOLD = 5;

/** The settings of the article's setup: its 2 evaluation periods, an error rate at 5 %, other thresholds as synthesized. */
export function articleSettings(signals: readonly TunableSignal[]): Map<string, SignalSettings> {
  return new Map(signals.map(s => {
    const rate = s.reads.some(r => r.metricName === 'RequestCount');
    return [s.name, { threshold: rate ? ARTICLE_RATE_THRESHOLD : s.current.threshold, persistence: ARTICLE_PERSISTENCE }];
  }));
}

export interface HeldOutPlan {
  readonly seed: number;
  readonly split: number;
  readonly count: number;
  readonly duration: number;
  readonly magnitudes: OverlayMagnitudes;
  readonly failures: readonly GrayFailure[];
}

/** The verdict of the held-out half on the recommendation: better than the settings as synthesized, or not to be pasted. */
export function adviceOf(anyRecommended: boolean, heldOut: readonly HeldOutRun[]): string {
  if (!anyRecommended) {
    return 'Nothing to change: no signal has a recommendation (see each signal\'s note).';
  }
  const numbers = (configuration: HeldOutRun['configuration']) => {
    const run = heldOut.find(r => r.configuration === configuration)!;
    const detections = run.overlaid.incidents.filter(i => i.detectionMinutes !== undefined).map(i => i.detectionMinutes!);
    const worst = detections.length === 0 ? undefined : Math.max(...detections);
    return { falseFailovers: run.unmodified.falseFailovers, caught: detections.length, worst };
  };
  const rec = numbers('recommended');
  const now = numbers('as synthesized');
  const total = heldOut[0].overlaid.incidents.length;
  const worst = (w: number | undefined) => (w === undefined ? '-' : `${w} min`);
  const compared = `${rec.falseFailovers} false failover${rec.falseFailovers === 1 ? '' : 's'}, ${rec.caught} of ${total} incidents caught, `
    + `the slowest after ${worst(rec.worst)}; against ${now.falseFailovers}, ${now.caught} and ${worst(now.worst)} with the settings as synthesized`;
  if (rec.falseFailovers > now.falseFailovers || rec.caught < now.caught) {
    return `Do not paste the recommendation as is: on the held-out half it does worse than the settings as synthesized (${compared}). `
      + 'The calibration half is too short or unlike the held-out one: calibrate on a longer history, or read the grids.';
  }
  return 'On the held-out half the recommendation raises no more false failovers and catches as many incidents as the settings as synthesized: '
    + `${compared}.`;
}

/** The three configurations replayed whole on the held-out half, unmodified and with fresh overlays. */
export function heldOutRuns(topology: Topology, sources: readonly SourceMetric[], history: History,
  options: SimulationOptions & { readonly incidents?: readonly Incident[] },
  signals: readonly TunableSignal[], recommended: ReadonlyMap<string, SignalSettings>, plan: HeldOutPlan): HeldOutRun[] {
  const regions = topology.dns.failoverRegions(options.recordName!);
  const known = options.incidents ?? [];
  const overlays = planOverlays({
    seed: plan.seed + 1,
    regions,
    failures: plan.failures,
    count: plan.count,
    durationMinutes: plan.duration,
    fromMinute: plan.split,
    toMinute: history.header.minutes,
    avoid: known,
    magnitudes: plan.magnitudes,
  });
  const overlaid = overlayHistory(history, overlays, plan.magnitudes);
  const configurations: [HeldOutRun['configuration'], ReadonlyMap<string, SignalSettings>][] = [
    ['recommended', recommended],
    ['as synthesized', new Map()],
    ['article', articleSettings(signals)],
  ];
  const range = { fromMinute: plan.split, toMinute: history.header.minutes };
  return configurations.map(([configuration, settings]) => {
    const t = settings.size === 0 ? topology : withSettings(topology, signals, settings);
    return {
      configuration,
      settings,
      unmodified: backtestTopology(t, sources, history, { ...options, ...range, incidents: known }),
      overlaid: backtestTopology(t, sources, overlaid, { ...options, ...range, incidents: [...known, ...overlays] }),
      overlays,
    };
  });
}
