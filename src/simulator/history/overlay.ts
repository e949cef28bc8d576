/**
 * Gray failures overlaid on a real history: most histories hold no incident,
 * so calibration plants the article's four (a slow p99, a share of 5xx, a
 * share of failed target connections, a saturated CPU) at seeded random
 * times, on top of whatever the service did then (docs/calibration.md,
 * "Overlaid incidents"). An overlay raises what it degrades and leaves the
 * rest as recorded:
 *
 * - latency: every recorded percentile from p90 up and the Maximum of
 *   TargetResponseTime at least the magnitude (seconds); the Average up by a
 *   tenth of it;
 * - 5xx: HTTPCode_Target_5XX_Count at least the magnitude's share of the
 *   minute's RequestCount (2XX down by as many);
 * - connection errors: TargetConnectionErrorCount at least the share of
 *   RequestCount, the ELB's 5XX and 502 counts up by as many (failed
 *   connections are answered 502 by the load balancer);
 * - CPU: CPUUtilization (ECS or EC2) at least the magnitude (percent).
 */
import { History, HistorySeries } from './format';
import { Incident } from './incidents';
import { REQUEST_COUNT } from './sources';
import { draw } from '../random';

/** The article's gray failures. */
export type GrayFailure = 'latency' | 'http5xx' | 'connectionErrors' | 'cpu';

/** Every gray failure, in the article's order. */
export const GRAY_FAILURES: readonly GrayFailure[] = ['latency', 'http5xx', 'connectionErrors', 'cpu'];

/** How bad each overlaid failure is. */
export interface OverlayMagnitudes {
  /** p99 (and up) of TargetResponseTime, seconds. */
  readonly latencySeconds: number;
  /** Share of requests answered 5xx by the targets, percent. */
  readonly http5xxPercent: number;
  /** Share of requests whose target connection fails, percent. */
  readonly connectionErrorPercent: number;
  readonly cpuPercent: number;
}

/** The built-in gray scenarios' magnitudes (scenarios/gray-*.json). */
export const DEFAULT_MAGNITUDES: OverlayMagnitudes = { latencySeconds: 2.5, http5xxPercent: 8, connectionErrorPercent: 10, cpuPercent: 97 };

/** The metric each failure degrades first: a signal that reads it is the one that should catch it. */
export const DEGRADED_METRIC: Readonly<Record<GrayFailure, { namespace?: string; metricName: string }>> = {
  latency: { namespace: 'AWS/ApplicationELB', metricName: 'TargetResponseTime' },
  http5xx: { namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_5XX_Count' },
  connectionErrors: { namespace: 'AWS/ApplicationELB', metricName: 'TargetConnectionErrorCount' },
  cpu: { metricName: 'CPUUtilization' },
};

/** An overlaid incident: a gray failure in one Region for a while. */
export interface Overlay extends Incident {
  readonly failure: GrayFailure;
}

/** What `planOverlays` places. */
export interface OverlayPlan {
  readonly seed: number;
  readonly regions: readonly string[];
  /** The failures to place, `count` of each. */
  readonly failures: readonly GrayFailure[];
  readonly count: number;
  readonly durationMinutes: number;
  /** Place them within [fromMinute, toMinute). */
  readonly fromMinute: number;
  readonly toMinute: number;
  /** Known incidents: no overlay touches one (a known incident is no baseline). */
  readonly avoid?: readonly Incident[];
  readonly magnitudes: OverlayMagnitudes;
}

/** The least gap between two incidents of one Region (overlaid or known), so each one's departure and return are its own. */
export const OVERLAY_GAP_MINUTES = 120;

/** Seeded random overlays, none within OVERLAY_GAP_MINUTES of another or of a known incident in its Region. */
export function planOverlays(plan: OverlayPlan): Overlay[] {
  const placed: Overlay[] = [];
  const busy = (region: string, start: number) => [...placed, ...(plan.avoid ?? [])].some(o => o.region === region
    && start < o.endMinute + OVERLAY_GAP_MINUTES && o.startMinute < start + plan.durationMinutes + OVERLAY_GAP_MINUTES);
  const span = plan.toMinute - plan.fromMinute - plan.durationMinutes;
  for (const failure of plan.failures) {
    for (let i = 0; i < plan.count; i++) {
      for (let attempt = 0; attempt < 200; attempt++) {
        const region = plan.regions[Math.floor(draw(plan.seed, 'overlay-region', failure, i, attempt) * plan.regions.length)];
        const start = plan.fromMinute + Math.floor(draw(plan.seed, 'overlay-start', failure, i, attempt) * Math.max(1, span));
        if (!busy(region, start)) {
          const label = overlayLabel(failure, plan.magnitudes);
          placed.push({ region, startMinute: start, endMinute: start + plan.durationMinutes, failure, label });
          break;
        }
      }
    }
  }
  return placed.sort((a, b) => a.startMinute - b.startMinute);
}

/** A failure and its magnitude, for reports: `p99 2.5 s`. */
export function overlayLabel(failure: GrayFailure, m: OverlayMagnitudes): string {
  switch (failure) {
    case 'latency': return `p99 ${m.latencySeconds} s`;
    case 'http5xx': return `5xx ${m.http5xxPercent} %`;
    case 'connectionErrors': return `connection errors ${m.connectionErrorPercent} %`;
    case 'cpu': return `CPU ${m.cpuPercent} %`;
  }
}

/** The history with the overlays on it (the series they touch copied, the others shared). */
export function overlayHistory(history: History, overlays: readonly Overlay[], m: OverlayMagnitudes): History {
  const copies = new Map<HistorySeries, Float64Array>();
  const values = (s: HistorySeries) => {
    let copy = copies.get(s);
    if (!copy) {
      copy = Float64Array.from(s.values);
      copies.set(s, copy);
    }
    return copy;
  };
  for (const o of overlays) {
    const own = history.series.filter(s => s.region === o.region);
    const find = (name: string, statistic = 'Sum') => own.find(s => s.namespace === REQUEST_COUNT.namespace && s.metricName === name
      && s.statistic === statistic);
    const requests = find(REQUEST_COUNT.metricName)?.values;
    for (let t = o.startMinute; t < o.endMinute; t++) {
      const r = requests === undefined || Number.isNaN(requests[t]) ? 0 : requests[t];
      const raise = (s: HistorySeries | undefined, to: number) => {
        if (s) {
          const v = values(s);
          v[t] = Number.isNaN(v[t]) ? to : Math.max(v[t], to);
        }
      };
      const add = (s: HistorySeries | undefined, n: number) => {
        if (s && n > 0) {
          const v = values(s);
          v[t] = (Number.isNaN(v[t]) ? 0 : v[t]) + n;
        }
      };
      switch (o.failure) {
        case 'latency':
          for (const s of own.filter(x => x.metricName === 'TargetResponseTime')) {
            const p = s.statistic.startsWith('p') ? Number(s.statistic.slice(1)) : undefined;
            if (s.statistic === 'Maximum' || (p !== undefined && p >= 90)) {
              raise(s, m.latencySeconds);
            } else if (s.statistic === 'Average' && !Number.isNaN(s.values[t])) {
              values(s)[t] = s.values[t] + m.latencySeconds / 10;
            }
          }
          break;
        case 'http5xx': {
          const errors = find('HTTPCode_Target_5XX_Count');
          const before = errors === undefined || Number.isNaN(errors.values[t]) ? 0 : errors.values[t];
          const added = Math.max(0, Math.round(r * m.http5xxPercent / 100) - before);
          add(errors, added);
          const ok = find('HTTPCode_Target_2XX_Count');
          if (ok && !Number.isNaN(ok.values[t])) {
            values(ok)[t] = Math.max(0, ok.values[t] - added);
          }
          break;
        }
        case 'connectionErrors': {
          const failed = find('TargetConnectionErrorCount');
          const before = failed === undefined || Number.isNaN(failed.values[t]) ? 0 : failed.values[t];
          const added = Math.max(0, Math.round(r * m.connectionErrorPercent / 100) - before);
          add(failed, added);
          add(find('HTTPCode_ELB_5XX_Count'), added);
          add(find('HTTPCode_ELB_502_Count'), added);
          break;
        }
        case 'cpu':
          for (const s of own.filter(x => x.metricName === 'CPUUtilization')) {
            raise(s, m.cpuPercent);
          }
          break;
      }
    }
  }
  return { header: history.header, series: history.series.map(s => (copies.has(s) ? { ...s, values: copies.get(s)! } : s)) };
}
