/**
 * How a calibration is shown: per signal, the grid swept (false failovers
 * and slowest detection of each candidate), the recommendation and its
 * margin; the held-out comparison of the recommended settings, the settings
 * as synthesized and the article's setup; the CDK code to paste.
 */
import { instantText } from './backtest-report';
import { CalibrationResult, SignalCalibration } from './calibrate';
import { HeldOutRun } from './held-out';
import { overlayLabel } from './overlay';
import { SignalSettings } from './tunable-signals';

const MINUTES_PER_MONTH = 30 * 24 * 60;

/** A threshold in the signal's unit. */
function thresholdText(c: Pick<SignalCalibration, 'failure'>, threshold: number): string {
  switch (c.failure) {
    case 'latency': return `${Math.round(threshold * 1000)} ms`;
    default: return `${threshold} %`;
  }
}

function settingsText(c: SignalCalibration, s: SignalSettings): string {
  return `${thresholdText(c, s.threshold)} for ${s.persistence} min`;
}

/** The grid of one signal: a row per persistence, a column per threshold; each cell `false failovers/slowest detection`. */
function gridText(c: SignalCalibration): string[] {
  const persistences = [...new Set(c.candidates.map(x => x.settings.persistence))];
  const cellWidth = 9;
  const header = `    ${'minutes'.padEnd(8)}${c.thresholds.map(t => thresholdText(c, t).padStart(cellWidth)).join('')}`;
  const rows = persistences.map(p => `    ${String(p).padEnd(8)}${c.thresholds.map(t => {
    const x = c.candidates.find(k => k.settings.persistence === p && k.settings.threshold === t);
    const cell = x === undefined ? '' : `${x.falseFailovers}/${x.worstDetection ?? '-'}`;
    return (x === c.recommended ? `*${cell}` : cell).padStart(cellWidth);
  }).join('')}`);
  return [header, ...rows];
}

function heldOutLine(run: HeldOutRun, minutes: number): string {
  const overlays = run.overlaid.incidents.filter(i => run.overlays.includes(i.incident as any));
  const caught = overlays.filter(i => i.detectionMinutes !== undefined);
  const detections = caught.map(i => i.detectionMinutes!).sort((a, b) => a - b);
  const known = run.unmodified.incidents;
  const knownCaught = known.filter(i => i.detectionMinutes !== undefined).length;
  const perMonth = (run.unmodified.falseFailovers * MINUTES_PER_MONTH / minutes).toFixed(1);
  return `  ${run.configuration.padEnd(16)} ${`${run.unmodified.falseFailovers} (${perMonth} a month)`.padEnd(22)}`
    + `${(known.length === 0 ? '-' : `${knownCaught} of ${known.length}`).padEnd(16)}`
    + `${`${caught.length} of ${overlays.length}`.padEnd(17)}`
    + `${detections.length === 0 ? '-' : `${detections[Math.floor((detections.length - 1) / 2)]} / ${detections[detections.length - 1]} min`}`;
}

/** The calibration report as text. */
export function calibrationText(result: CalibrationResult): string {
  const h = result.history;
  const heldMinutes = h.minutes - result.split;
  const lines = [
    `Calibration on ${(h.minutes / 1440).toFixed(1)} days from ${h.start} (${h.source ?? 'no source given'}), seed ${result.seed}.`,
    `Calibrated on ${instantText(result, 0)} to ${instantText(result, result.split)} UTC; held out: ${instantText(result, result.split)} to `
    + `${instantText(result, h.minutes)} UTC.`,
    `Overlaid incidents: ${result.calibrationOverlays.length} on the calibration half (${[...new Set(result.calibrationOverlays.map(o => o.label))].join(', ')}), `
    + `${result.heldOut[0]?.overlays.length ?? 0} others on the held-out half.`,
    '',
  ];
  for (const c of result.signals) {
    lines.push(`${c.name} (${c.shape}${c.failure ? `, watches ${overlayLabel(c.failure, result.magnitudes)}` : ''}): now ${settingsText(c, c.current)}.`);
    if (c.candidates.length > 0) {
      lines.push('  Grid: false failovers on the unmodified calibration half / slowest detection of its overlaid incidents in minutes '
        + '(- missed one); * recommended.', ...gridText(c));
    }
    if (c.unobserved.length > 0) {
      lines.push(`  Not seen by any setting (too little traffic then for a ${c.failure === 'latency' || c.failure === 'cpu' ? 'failure' : 'rate'} to show; `
        + `left out of the detections): ${c.unobserved.map(u => `${u.overlay.region} ${instantText(result, u.overlay.startMinute)} UTC `
          + `(${u.requestsPerMinute === undefined ? 'no RequestCount' : `${u.requestsPerMinute} requests a minute`})`).join(', ')}.`);
    }
    if (c.recommended) {
      const index = c.thresholds.indexOf(c.recommended.settings.threshold);
      const { quietBelow, catchingAbove } = c.margin!;
      const seen = c.recommended.detections.length - c.unobserved.length;
      lines.push(`  Recommended: ${settingsText(c, c.recommended.settings)}: catches all ${seen} observable overlaid incidents within `
        + `${c.recommended.worstDetection} min of their start, no false failover. Margin: down to ${thresholdText(c, c.thresholds[index - quietBelow])} raises none either`
        + `${catchingAbove === 0 ? '; the next step up misses one' : `, up to ${thresholdText(c, c.thresholds[index + catchingAbove])} still catches all`}.`);
    } else {
      lines.push(`  Not changed: ${c.note}`);
    }
    lines.push('');
  }
  if (result.untunable.length > 0) {
    lines.push(`Not calibrated (mirrored or made outside the app: their alarms keep their own settings): ${result.untunable.join(', ')}.`, '');
  }
  lines.push(`Held-out half (${(heldMinutes / 1440).toFixed(1)} days), replayed whole (DNS and users):`,
    `  ${'configuration'.padEnd(16)} ${'false failovers'.padEnd(22)}${'known incidents'.padEnd(16)}${'overlays caught'.padEnd(17)}detection median / worst`);
  for (const run of result.heldOut) {
    lines.push(heldOutLine(run, heldMinutes));
  }
  lines.push('  (detection: minutes from an incident\'s start until DNS stops answering with its Region; the article\'s setup: its alarms\' '
    + '2 evaluation periods and 5 % error rates, other thresholds as synthesized.)', '', result.advice, '');
  const code = cdkCode(result);
  if (code.length > 0) {
    lines.push('The recommended settings, to paste into your signals (other props unchanged):', ...code.map(l => `  ${l}`), '');
  }
  for (const w of result.warnings) {
    lines.push(`warning: ${w}`);
  }
  return lines.join('\n').trimEnd();
}

/** The CDK code of the recommended settings, a line per signal. */
export function cdkCode(result: CalibrationResult): string[] {
  const lines: string[] = [];
  for (const c of result.signals) {
    if (!c.recommended) {
      continue;
    }
    const { threshold, persistence } = c.recommended.settings;
    const periods = `evaluationPeriods: ${persistence}`;
    switch (c.name) {
      case 'TargetResponseTime':
        lines.push(`FailoverSignal.targetResponseTime({ statistic: '${c.statistic ?? 'p99'}', threshold: Duration.millis(${Math.round(threshold * 1000)}), ${periods} }),`);
        break;
      case 'Http5xxErrorRate':
        lines.push(`FailoverSignal.http5xxErrorRate({ threshold: ${threshold}, ${periods} }),`);
        break;
      case 'TargetConnectionErrorRate':
        lines.push(`FailoverSignal.targetConnectionErrorRate({ threshold: ${threshold}, ${periods} }),`);
        break;
      case 'EcsServiceCpu':
        lines.push(`FailoverSignal.ecsServiceCpu({ service, threshold: ${threshold}, ${periods} }),`);
        break;
      case 'AutoScalingGroupCpu':
        lines.push(`FailoverSignal.autoScalingGroupCpu({ autoScalingGroup, threshold: ${threshold}, ${periods} }),`);
        break;
      default:
        lines.push(`// signal '${c.name}': threshold: ${threshold}, ${periods}`);
    }
  }
  return lines;
}
