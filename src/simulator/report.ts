/**
 * How a simulation is shown: a minute-by-minute timeline, a summary, and an
 * SVG picture (Regions as lanes, health and share of users over time).
 */
import { SimulationResult, TimelineMinute } from './result';
import { unhealthyBaseline } from './summary';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (share: number) => `${(share * 100).toFixed(0)}%`;

/** A duration in minutes, or 'never'. */
export function minutesText(minutes: number | undefined): string {
  return minutes === undefined ? 'never' : `${minutes} min`;
}

/** The timeline as text, one line per minute. */
export function timelineText(result: SimulationResult): string {
  const width = Math.max(14, ...result.regions.map(r => r.length + 2));
  const header = ['minute', ...result.regions.map(r => r.padEnd(width))].join('  ');
  const lines = [header];
  for (const m of result.timeline) {
    const cells = m.regions.map(r => {
      const marks = `${r.degraded ? '!' : ''}${r.noise ? '~' : ''}${r.evacuated ? 'E' : ''}${r.heldOut ? 'H' : ''}`;
      return `${(r.healthy ? 'in' : 'OUT').padEnd(4)}${pct(r.share).padStart(4)} ${marks}`.padEnd(width);
    });
    lines.push([String(m.minute).padStart(6), ...cells, m.failOpen ? 'fail-open' : ''].join('  ').trimEnd());
  }
  lines.push('in/OUT: the Region\'s latency record is healthy/unhealthy in DNS; %: share of users served; '
    + '!: the Region is degraded; ~: harmless noise; E: evacuated; H: held out by its failback latch; fail-open: no Region healthy, Route 53 answers as if all were. '
    + 'Users on pooled connections stay until their connection closes.');
  return lines.join('\n');
}

/** The summary as text. */
export function summaryText(result: SimulationResult): string {
  const s = result.summary;
  const lines = [
    `Scenario '${result.scenario.name}': ${result.scenario.description}`,
    `Record ${result.recordName} in ${result.regions.length} Regions (${result.regions.join(', ')}), `
    + `${fmt(result.totalUsers)} users, ${result.scenario.durationMinutes} minutes.`,
  ];
  for (const x of s.affected) {
    const window = `minutes ${x.startMinute}-${x.endMinute ?? result.scenario.durationMinutes}`;
    if (x.baselineShare === 0) {
      lines.push(`  ${x.region} (${x.cause}, ${window}): served no users before it.`);
      continue;
    }
    const moved = x.firstMoveMinutes === undefined ? 'users never moved'
      : `first users moved after ${minutesText(x.firstMoveMinutes)}, DNS moved after ${minutesText(x.dnsMovedMinutes)}, `
        + `${x.allRequestsMovedMinutes === undefined ? 'pooled requests never all left' : `all requests after ${minutesText(x.allRequestsMovedMinutes)}`}, `
        + `back ${minutesText(x.recoveryMinutes)} after the end`;
    lines.push(`  ${x.region} (${x.cause}, ${window}, ${pct(x.baselineShare)} of users): ${moved}`
      + `; ${x.unhealthyTransitions} unhealthy transition${x.unhealthyTransitions === 1 ? '' : 's'}.`);
  }
  for (const h of s.heldOut ?? []) {
    const policy = h.policy === 'operatorConfirmed' ? 'operatorConfirmed' : `automatic, hold-down ${h.holdDownMinutes} min`;
    const released = h.endMinute === undefined ? 'still held at the end of the run (waiting for an operator)'
      : h.releasedBy === 'operator' ? `released by the operator's restore at minute ${h.endMinute}`
        : h.releasedBy === 'evacuation' ? `taken over by an operator's evacuation at minute ${h.endMinute}`
          : `released when the hold-down ended at minute ${h.endMinute}`;
    lines.push(`  ${h.region} held out by its failback latch (${policy}) from minute ${h.startMinute}: ${released}.`);
  }
  const worse = unhealthyBaseline(result.scenario.baseline);
  if (s.affected.length === 0 && worse.length > 0) {
    // Not "no Region is degraded": every Region is, the same, all run (see baselineWarning).
    lines.push('  No event degrades a Region and none is evacuated, but the baseline, every Region\'s condition all run, is worse than '
      + `a healthy Region: ${worse.join(', ')}.`);
  } else if (s.affected.length === 0) {
    lines.push('  No Region is degraded or evacuated: users should stay where they are.');
  }
  const saved = s.degradedUserMinutesWithoutFailover === 0 ? ''
    : ` (${fmt(s.degradedUserMinutesWithoutFailover)} without failover: ${(100 * (1 - s.degradedUserMinutes / s.degradedUserMinutesWithoutFailover)).toFixed(0)} % fewer)`;
  lines.push(`Degraded user-minutes: ${fmt(s.degradedUserMinutes)}${saved}.`);
  lines.push(`Flaps: ${s.flaps}. False failovers: ${s.falseFailovers}. Fail-open minutes: ${s.failOpenMinutes}.`);
  lines.push(assumptionsText(result));
  for (const warning of result.warnings) {
    lines.push(`Warning: ${warning}`);
  }
  return lines.join('\n');
}

/** The assumptions of a run, in one paragraph. */
export function assumptionsText(result: SimulationResult): string {
  const a = result.assumptions;
  const keepAlive = [...new Set(Object.values(result.clientKeepAliveSeconds))].map(s => `${fmt(s)} s`).join(' or ');
  const late = a.lateDatapointPercent > 0 ? ` (${a.lateDatapointPercent} % a minute later)` : '';
  const partial = a.partialFirstReads > 0 && a.albNodes > 1
    ? `, a load balancer minute read first shows 1 to ${a.albNodes} of its nodes, all a minute later` : '';
  const pooled = a.pooledTrafficPercent > 0
    ? `, ${a.pooledTrafficPercent} % of requests on pooled connections that stay until the load balancer closes them (${keepAlive})` : '';
  return `Assumptions (profile ${result.profile}, seed ${result.seed}): AWS metrics readable ${a.awsMetricDelayMinutes} min after `
    + `their minute starts${late}${partial}, custom metrics ${a.customMetricDelayMinutes} min after publication, Route 53 reads `
    + `EvaluationPeriods + ${a.extraRangePeriods} periods and acts ${a.route53DelayMinutes} min after the data, clients keep answers `
    + `${a.dnsTtlMinutes * 60} s${pooled}.`;
}

/** The picture: one lane per Region, health as the background, the share of users as a line. */
export function timelineSvg(result: SimulationResult): string {
  const cell = 10;
  const lane = 70;
  const left = 130;
  const top = 50;
  const minutes = result.timeline.length;
  const width = Math.max(720, left + minutes * cell + 20);
  const height = top + result.regions.length * (lane + 10) + 60;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escape(`${result.scenario.name}: ${result.scenario.description}`)}</title>`,
    '<rect width="100%" height="100%" fill="#ffffff"/>',
    `<text x="${left}" y="20" font-size="14" font-weight="bold">${escape(result.scenario.name)}: ${escape(result.scenario.description)}</text>`,
  ];
  for (const x of result.summary.affected) {
    const end = x.endMinute ?? minutes;
    out.push(`<rect x="${left + x.startMinute * cell}" y="${top - 14}" width="${(end - x.startMinute) * cell}" height="${result.regions.length * (lane + 10) + 4}" `
      + 'fill="none" stroke="#7a1f1f" stroke-dasharray="4 3"/>');
    out.push(`<text x="${left + x.startMinute * cell + 2}" y="${top - 3}" fill="#7a1f1f">${escape(`${x.cause} in ${x.region}`)}</text>`);
  }
  result.regions.forEach((region, i) => {
    const y = top + i * (lane + 10);
    out.push(`<text x="8" y="${y + lane / 2 + 4}">${escape(region)}</text>`);
    result.timeline.forEach((m: TimelineMinute) => {
      const r = m.regions[i];
      const fill = m.failOpen ? '#f5d49a' : r.healthy ? '#d4ecd4' : '#f2c4c4';
      out.push(`<rect x="${left + m.minute * cell}" y="${y}" width="${cell}" height="${lane}" fill="${fill}"/>`);
      if (r.degraded || r.evacuated || r.noise) {
        const bar = r.evacuated ? '#555555' : r.degraded ? '#b03030' : '#d08a00';
        out.push(`<rect x="${left + m.minute * cell}" y="${y + lane - 5}" width="${cell}" height="5" fill="${bar}"/>`);
      }
    });
    const points = result.timeline.map(m => `${left + m.minute * cell + cell / 2},${(y + lane - 8 - m.regions[i].share * (lane - 16)).toFixed(1)}`);
    out.push(`<polyline points="${points.join(' ')}" fill="none" stroke="#1f3f7a" stroke-width="2"/>`);
  });
  const axis = top + result.regions.length * (lane + 10);
  for (let t = 0; t <= minutes; t += 10) {
    out.push(`<text x="${left + t * cell}" y="${axis + 12}" text-anchor="middle">${t}</text>`);
  }
  out.push(`<text x="8" y="${axis + 30}">minutes. Background: green in DNS, red out of DNS, amber fail-open. `
    + 'Line: share of users (0-100 %).</text>');
  out.push(`<text x="8" y="${axis + 46}">Bottom bar: red degraded, orange harmless noise, grey evacuated. `
    + 'Dashed box: the incident or evacuation.</text>');
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
