/**
 * What the calibration half of a history shows of a signal and of an
 * overlaid incident (calibrate.ts): whether there is anything to judge a
 * signal's settings on, and how busy a Region was during an overlay.
 */
import { History } from './format';
import { DEGRADED_METRIC, GrayFailure, Overlay, OVERLAY_GAP_MINUTES } from './overlay';
import { seriesWithoutData } from './replay';
import { REQUEST_COUNT } from './sources';
import { canonicalStatistic } from './statistics';
import { TunableSignal } from './tunable-signals';

/**
 * Why the calibration half cannot judge a signal, if it cannot: no overlaid
 * incident of its failure fits in it, or the history has no datapoint there
 * of what it watches (the latency or CPU it reads, or the requests of its
 * rate) in any of its Regions: no candidate could raise a false failover.
 */
export function noEvidence(signal: TunableSignal, failure: GrayFailure, own: readonly Overlay[], history: History, split: number,
  duration: number): string | undefined {
  if (own.length === 0) {
    return `no overlaid incident of its failure fits in the calibration half (${split} minutes; each lasts ${duration} minutes, `
      + `${OVERLAY_GAP_MINUTES} minutes from any other of its Region): nothing to judge detection on, kept as it is. Give a longer history.`;
  }
  const rate = failure === 'http5xx' || failure === 'connectionErrors';
  const watched = rate ? REQUEST_COUNT : { ...DEGRADED_METRIC[failure], statistic: statisticOf(signal, failure) };
  const regions = signal.instances.map(i => i.region);
  const series = history.series.filter(x => regions.includes(x.region) && x.metricName === watched.metricName
    && (watched.namespace === undefined || x.namespace === watched.namespace)
    && (watched.statistic === undefined || x.statistic === canonicalStatistic(watched.statistic)));
  if (series.length > 0 && seriesWithoutData(series, 0, split).length === series.length) {
    return `the history has no datapoint of ${watched.metricName} in the calibration half (${regions.join(', ')}): no setting could raise a false `
      + 'failover on it, so nothing tells a safe threshold; kept as it is.';
  }
  return undefined;
}

/** The statistic a signal reads its watched failure's metric with. */
export function statisticOf(signal: TunableSignal, failure: GrayFailure | undefined): string | undefined {
  return failure === undefined ? undefined : signal.reads.find(r => r.metricName === DEGRADED_METRIC[failure].metricName)?.statistic;
}

/** The median of a Region's recorded requests a minute (RequestCount Sum) during an overlay; undefined when the history has none. */
export function medianRequests(history: History, overlay: Overlay): number | undefined {
  const series = history.series.find(x => x.region === overlay.region && x.namespace === REQUEST_COUNT.namespace
    && x.metricName === REQUEST_COUNT.metricName && x.statistic === REQUEST_COUNT.statistic);
  const values = series?.values.slice(overlay.startMinute, overlay.endMinute).filter(v => !Number.isNaN(v)).sort() ?? [];
  return values.length === 0 ? undefined : values[Math.floor(values.length / 2)];
}
