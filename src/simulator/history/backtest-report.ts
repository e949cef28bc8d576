/**
 * How a backtest is shown: its departures (when, how long, which signals,
 * how many users, caught or false), the known incidents, and a timeline
 * picture over the whole history (SVG: a lane per Region, days across).
 */
import { BacktestResult, Departure } from './backtest';
import { minutesText } from '../report';

const pct = (share: number) => `${(share * 100).toFixed(share < 0.1 && share > 0 ? 1 : 0)}%`;

/** The instant of a minute of the history, as `2026-11-03 14:07` (UTC). */
export function instantText(result: Pick<BacktestResult, 'history'>, minute: number): string {
  return new Date(Date.parse(result.history.start) + minute * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

function departureLine(result: BacktestResult, d: Departure): string {
  const verdict = d.incident === undefined
    ? (result.incidentsGiven ? 'FALSE FAILOVER' : '')
    : `caught '${d.incident.label ?? `incident at ${instantText(result, d.incident.startMinute)}`}' after ${minutesText(d.detectionMinutes)}`;
  const out = d.endMinute === undefined ? `out ${d.durationMinutes} min (still out at the end)` : `out ${d.durationMinutes} min`;
  return `  ${instantText(result, d.startMinute)}  ${d.region.padEnd(16)} ${out.padEnd(14)} ${pct(d.shareOfUsers).padStart(5)} of users  `
    + `${(d.signals.length === 0 ? 'target health or endpoint check' : d.signals.join(', ')).padEnd(40)} ${verdict}`.trimEnd();
}

/** The backtest as text: what was replayed, every departure, the incidents, the totals per Region. */
export function backtestText(result: BacktestResult): string {
  const s = result.simulation;
  const minutes = result.toMinute - result.fromMinute;
  const lines = [
    `Backtest of ${s.recordName} in ${s.regions.length} Regions (${s.regions.join(', ')}): ${(minutes / 1440).toFixed(1)} days `
    + `(${minutes.toLocaleString('en-US')} minutes from ${instantText(result, result.fromMinute)} UTC), profile ${s.profile}, seed ${s.seed}.`,
    `History: ${result.history.source ?? 'no source given'}.`,
    '',
  ];
  const falseOnes = result.departures.filter(d => d.incident === undefined).length;
  lines.push(`Departures from DNS: ${result.departures.length}`
    + (result.incidentsGiven ? ` (${result.departures.length - falseOnes} during known incidents, ${falseOnes} false failovers)` : '')
    + (result.departures.length === 0 ? '.' : ':'));
  for (const d of result.departures) {
    lines.push(departureLine(result, d));
  }
  if (result.incidentsGiven) {
    const caught = result.incidents.filter(i => i.detectionMinutes !== undefined);
    lines.push('', `Known incidents: ${result.incidents.length}, caught ${caught.length}, missed ${result.incidents.length - caught.length}:`);
    for (const { incident, detectionMinutes } of result.incidents) {
      lines.push(`  ${instantText(result, incident.startMinute)} to ${instantText(result, incident.endMinute).slice(11)}  ${incident.region.padEnd(16)} `
        + `${(incident.label ?? '').padEnd(32)} ${detectionMinutes === undefined ? 'MISSED' : `caught after ${detectionMinutes} min`}`);
    }
  }
  lines.push('', 'Per Region:');
  for (const region of s.regions) {
    const own = result.departures.filter(d => d.region === region);
    const out = own.reduce((a, d) => a + d.durationMinutes, 0);
    lines.push(`  ${region.padEnd(16)} ${own.length} departures, ${out} minutes out of DNS (${pct(out / minutes)} of the time)`
      + (result.incidentsGiven ? `, ${own.filter(d => d.incident === undefined).length} false` : ''));
  }
  lines.push('', 'A departure: the Region\'s latency record unhealthy in DNS (its signals\' health checks, or its target health); users move '
    + 'within the TTL, pooled connections when they close. Share of users: the Region\'s share of all requests just before it left.');
  for (const w of result.warnings) {
    lines.push(`warning: ${w}`);
  }
  return lines.join('\n');
}

/** The backtest as an SVG picture: a lane per Region, days across; red where out of DNS, a bar under it for each known incident. */
export function backtestSvg(result: BacktestResult): string {
  const regions = result.simulation.regions;
  const minutes = result.toMinute - result.fromMinute;
  const left = 130;
  const plot = 1200;
  const lane = 36;
  const top = 48;
  const x = (minute: number) => left + ((minute - result.fromMinute) / minutes) * plot;
  const height = top + regions.length * (lane + 18) + 60;
  const width = left + plot + 20;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escape(`Backtest of ${result.simulation.recordName}`)}</title>`,
    '<rect width="100%" height="100%" fill="#ffffff"/>',
    `<text x="${left}" y="20" font-size="14" font-weight="bold">${escape(`Backtest of ${result.simulation.recordName}: `
      + `${result.departures.length} departures, ${result.falseFailovers} false`)}</text>`,
  ];
  regions.forEach((region, i) => {
    const y = top + i * (lane + 18);
    out.push(`<text x="8" y="${y + lane / 2 + 4}">${escape(region)}</text>`);
    out.push(`<rect x="${left}" y="${y}" width="${plot}" height="${lane}" fill="#d4ecd4"/>`);
    for (const d of result.departures.filter(p => p.region === region)) {
      const end = d.endMinute ?? result.toMinute;
      const fill = d.incident === undefined && result.incidentsGiven ? '#e07000' : '#c03030';
      out.push(`<rect x="${x(d.startMinute).toFixed(1)}" y="${y}" width="${Math.max(1.5, x(end) - x(d.startMinute)).toFixed(1)}" height="${lane}" `
        + `fill="${fill}"><title>${escape(departureLine(result, d).trim())}</title></rect>`);
    }
    for (const { incident, detectionMinutes } of result.incidents.filter(p => p.incident.region === region)) {
      out.push(`<rect x="${x(incident.startMinute).toFixed(1)}" y="${y + lane + 3}" width="${Math.max(1.5, x(incident.endMinute) - x(incident.startMinute)).toFixed(1)}" `
        + `height="6" fill="${detectionMinutes === undefined ? '#000000' : '#7a1f1f'}"><title>${escape(`${incident.label ?? 'incident'}: `
        + `${detectionMinutes === undefined ? 'missed' : `caught after ${detectionMinutes} min`}`)}</title></rect>`);
    }
  });
  const axis = top + regions.length * (lane + 18);
  const days = Math.max(1, Math.round(minutes / 1440));
  const step = days > 20 ? 7 : 1;
  for (let day = 0; day * 1440 <= minutes; day += step) {
    const m = result.fromMinute + day * 1440;
    out.push(`<line x1="${x(m).toFixed(1)}" y1="${top - 4}" x2="${x(m).toFixed(1)}" y2="${axis}" stroke="#999999" stroke-width="0.5"/>`);
    out.push(`<text x="${x(m).toFixed(1)}" y="${axis + 14}" text-anchor="middle">${instantText(result, m).slice(5, 10)}</text>`);
  }
  out.push(`<text x="8" y="${axis + 34}">Green: in DNS. Red: out of DNS${result.incidentsGiven ? ' during a known incident; orange: a false failover' : ''}. `
    + 'Bar below a lane: a known incident (black: missed). Days in UTC.</text>');
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
