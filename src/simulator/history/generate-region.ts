/**
 * One Region's minutes in a generated history (see generate.ts for the
 * model's assumptions): its traffic over the day, its harmless events, the
 * planted incidents, and from them each minute's requests, errors, response
 * times and CPU. The Regions are independent: each draws from streams keyed
 * by the seed, its code and what is drawn.
 */
import { EXACT_SAMPLE_LIMIT, LatencyMix, sampleMix } from './generate-latency';
import { PlannedIncident } from './generate-plan';
import { autoregressive, HourlyVariates, Variates } from './generate-variates';
import { regionLocation } from '../../model/regions';
import { draw, randomStream } from '../random';

// Module-level copies: a global looked up in a hot loop is slow in some sandboxes (Jest's, for one).
const { PI, ceil, cos, exp, floor, max, min, round } = Math;

/** How busy a Region is and where its day falls. */
export interface RegionProfile {
  readonly region: string;
  /** Requests a minute at a weekday's peak (16:00 local). */
  readonly peakRequests: number;
  /** Requests a minute at a weekday's trough (04:00 local). */
  readonly troughRequests: number;
  /** Hours east of UTC of the Region's local (solar) time: its longitude / 15. */
  readonly utcOffsetHours: number;
  /** Targets behind the load balancer (HealthyHostCount). */
  readonly targets: number;
}

/** The busiest Region's requests a minute at its peak and trough (the other Regions' shrink by BUSY_REGION_RATIO). */
export const BUSIEST_REGION = { peak: 6000, trough: 400 } as const;
/** Each busy Region after the first peaks at this share of the one before. */
export const BUSY_REGION_RATIO = 0.42;
/** The last Region (of two or more) is the quiet one: a few requests a minute at night, some minutes none. */
export const QUIET_REGION = { peak: 1000, trough: 2 } as const;
/** Each Region's peak and trough vary by up to this share with the seed. */
export const REGION_SIZE_VARIATION = 0.15;
/** The local hour of the daily trough; the peak is 12 hours later. */
export const TROUGH_LOCAL_HOUR = 4;
/** Traffic on Saturdays and Sundays (local), as a share of a weekday's. */
export const WEEKEND_FACTOR = 0.7;
/** Minute-to-minute variation of the traffic: log standard deviation and correlation from one minute to the next. */
export const TRAFFIC_NOISE = { sigma: 0.08, correlation: 0.97 } as const;

/** Response times (seconds): the body's median at no load, its log spread, its slowdown at the peak, and the slow tail. */
export const LATENCY = {
  median: 0.055, sigma: 0.75, peakSlowdown: 0.25, noise: { sigma: 0.1, correlation: 0.8 }, tailWeight: 0.003, tailMedian: 1.0, tailSigma: 0.5,
} as const;
/** Errors of a normal minute, as shares: target 5xx of requests answered, failed connections and the load balancer's 503s of requests. */
export const BASELINE_ERRORS = { target5xx: 0.002, connection: 0.0002, elb503: 0.0001 } as const;
/** CPU utilization (%): idle, added at the peak, and its minute-to-minute noise (standard deviation, correlation). */
export const CPU = { idle: 12, atPeak: 50, noise: { sigma: 2.5, correlation: 0.9 } } as const;

/** The harmless events, per Region and day, with their duration (minutes) and magnitude ranges. */
export const HARMLESS = {
  /** Target 5xx for 1 to 3 minutes at 8 to 20 % of requests: at or above a gray-5xx incident's rate. */
  http5xxBurst: { perDay: 2, minutes: [1, 3], percent: [8, 20] },
  /** The p99 at 2.5 to 5 s for 1 to 2 minutes (a slow tail of 2.5 %): at or above a gray-p99 incident's. */
  latencySpike: { perDay: 3, minutes: [1, 2], seconds: [2.5, 5] },
  /** 5 to 12 % of connections to targets failing for 1 to 2 minutes (rare). */
  connectionErrorBlip: { perDay: 0.5, minutes: [1, 2], percent: [5, 12] },
  /**
   * A deploy on most weekdays (80 %) between 10:00 and 17:00 local: for 2 to 4
   * minutes CPU 80 to 97 %, a slow tail of 1.5 % at 1.2 to 2 s, 1 to 3 % 5xx
   * and one target replaced (UnHealthyHostCount 1).
   */
  deploy: { weekdayChance: 0.8, localHours: [10, 17], minutes: [2, 4], cpuPercent: [80, 97], tailSeconds: [1.2, 2], http5xxPercent: [1, 3] },
  /** Minutes with no datapoint at all in the Region (every series): 1.5 gaps a day of 1 to 3 minutes. */
  noData: { perDay: 1.5, minutes: [1, 3] },
} as const;
/** The longest harmless event, in minutes: a setting that waits longer never fails over on one. */
export const MAX_HARMLESS_MINUTES = 4;
/** Harmless events of a Region lie at least this far apart, and this far from a planted incident. */
export const HARMLESS_SEPARATION_MINUTES = 15;

/** The slow tail of a gray-p99 incident: 2 % of requests around the magnitude, which makes the p99 the magnitude. */
const INCIDENT_TAIL = { weight: 0.02, sigma: 0.2 } as const;
const SPIKE_TAIL = { weight: 0.025, sigma: 0.25 } as const;
const DEPLOY_TAIL = { weight: 0.015, sigma: 0.3 } as const;

/** What a harmless event is. */
export type HarmlessKind = 'http-5xx-burst' | 'latency-spike' | 'connection-error-blip' | 'deploy' | 'no-data';

/** A harmless event of a generated history. */
export interface HarmlessEvent {
  readonly region: string;
  readonly kind: HarmlessKind;
  readonly startMinute: number;
  /** The first minute after it. */
  readonly endMinute: number;
  /** Percent (5xx, connection errors, a deploy's CPU) or seconds (a latency spike's p99); 0 for no data. */
  readonly magnitude: number;
  readonly label: string;
}

/** A Region's minutes: counts per minute, each minute's response-time mix, CPU and hosts. */
export interface RegionMinutes {
  readonly profile: RegionProfile;
  readonly events: readonly HarmlessEvent[];
  /** 1 where the Region has no datapoint at all. */
  readonly noData: Uint8Array;
  readonly requests: Float64Array;
  readonly connectionErrors: Float64Array;
  readonly elb503: Float64Array;
  /** Requests a target answered: requests less failed connections and the load balancer's 503s. */
  readonly served: Float64Array;
  readonly target5xx: Float64Array;
  /** Each minute's response-time distribution. */
  readonly latency: (minute: number) => LatencyMix;
  /** The sorted response times of a minute with few requests answered (drawn one by one); undefined otherwise. */
  readonly samples: ReadonlyMap<number, Float64Array>;
  readonly cpuAverage: Float64Array;
  readonly cpuMinimum: Float64Array;
  readonly cpuMaximum: Float64Array;
  /** Unhealthy targets (a deploy's new target, not yet healthy). */
  readonly unhealthy: Float64Array;
}

/** The Regions' profiles: the first the busiest, the last (of two or more) the quiet one. */
export function regionProfiles(regions: readonly string[], seed: number): RegionProfile[] {
  return regions.map((region, i) => {
    const size = regions.length > 1 && i === regions.length - 1 ? QUIET_REGION
      : { peak: BUSIEST_REGION.peak * BUSY_REGION_RATIO ** i, trough: BUSIEST_REGION.trough * BUSY_REGION_RATIO ** i };
    const vary = (what: string) => 1 + REGION_SIZE_VARIATION * (2 * draw(seed, 'profile', region, what) - 1);
    const peakRequests = round(size.peak * vary('peak'));
    return {
      region,
      peakRequests,
      troughRequests: max(1, round(size.trough * vary('trough'))),
      utcOffsetHours: utcOffsetHours(region),
      targets: max(2, ceil(peakRequests / 1000) + 1),
    };
  });
}

/** A Region's local (solar) time: its longitude / 15 hours east of UTC; UTC for a Region outside the table. */
export function utcOffsetHours(region: string): number {
  const location = regionLocation(region);
  return location === undefined ? 0 : location[1] / 15;
}

/** Local time at a minute of the history: the hour (0 to 24) and whether it is a weekend day (1970-01-01 was a Thursday). */
function localTime(startMs: number, minute: number, offsetHours: number): { hour: number; weekend: boolean } {
  const local = startMs + minute * 60_000 + offsetHours * 3_600_000;
  const day = floor(local / 86_400_000);
  const weekday = ((day + 4) % 7 + 7) % 7;
  return { hour: (local - day * 86_400_000) / 3_600_000, weekend: weekday === 0 || weekday === 6 };
}

/** The share of the day's swing at a local hour: 0 at the trough (04:00), 1 at the peak (16:00). */
function dailyShape(hour: number): number {
  return (1 - cos(2 * PI * (hour - TROUGH_LOCAL_HOUR) / 24)) / 2;
}

/** The harmless events of a Region, none near a planted incident of the Region or another harmless event. */
function harmlessEvents(profile: RegionProfile, minutes: number, seed: number, startMs: number,
  incidents: readonly PlannedIncident[]): HarmlessEvent[] {
  const v = new Variates(randomStream(seed, 'history', profile.region, 'events'));
  const region = profile.region;
  const event = (kind: HarmlessKind, startMinute: number, duration: number, magnitude: number, label: string): HarmlessEvent[] =>
    (startMinute >= 0 && startMinute + duration <= minutes
      ? [{ region, kind, startMinute, endMinute: startMinute + duration, magnitude: Number(magnitude.toPrecision(3)), label }] : []);
  // Deploys on local weekdays; four draws a day, whatever the day.
  const d = HARMLESS.deploy;
  const deploys: HarmlessEvent[] = [];
  const offsetMinutes = profile.utcOffsetHours * 60;
  for (let day = floor((startMs / 60_000 + offsetMinutes) / 1440); (day * 1440 - offsetMinutes) * 60_000 < startMs + minutes * 60_000; day++) {
    const weekday = new Date(day * 86_400_000).getUTCDay();
    const [chance, hour, duration, cpu] = [v.uniform(), v.between(d.localHours), v.whole(d.minutes), v.between(d.cpuPercent)];
    if (weekday !== 0 && weekday !== 6 && chance < d.weekdayChance) {
      const start = round(day * 1440 + hour * 60 - offsetMinutes - startMs / 60_000);
      deploys.push(...event('deploy', start, duration, cpu, `deploy (CPU ${round(cpu)} %)`));
    }
  }
  /** A Poisson number of events of a kind, each at a uniform time. */
  type Spec = { perDay: number; minutes: readonly number[] };
  const random = (kind: HarmlessKind, spec: Spec, magnitude: readonly number[], label: (m: number) => string) => {
    const events: HarmlessEvent[] = [];
    for (let i = v.poisson(spec.perDay * minutes / 1440); i > 0; i--) {
      const duration = v.whole(spec.minutes);
      const m = v.between(magnitude);
      events.push(...event(kind, floor(v.uniform() * (minutes - duration + 1)), duration, m, label(m)));
    }
    return events;
  };
  const candidates = [
    ...deploys,
    ...random('http-5xx-burst', HARMLESS.http5xxBurst, HARMLESS.http5xxBurst.percent, m => `5xx burst ${m.toFixed(0)} %`),
    ...random('latency-spike', HARMLESS.latencySpike, HARMLESS.latencySpike.seconds, m => `latency spike (p99 ${m.toFixed(1)} s)`),
    ...random('connection-error-blip', HARMLESS.connectionErrorBlip, HARMLESS.connectionErrorBlip.percent, m => `connection errors ${m.toFixed(0)} %`),
  ];
  const gaps = random('no-data', HARMLESS.noData, [0, 0], () => 'no data');
  // Apart from each other (in the order drawn), then away from the incidents: the events kept do not depend on the incidents.
  const near = (a: { startMinute: number; endMinute: number }, start: number, end: number) =>
    a.startMinute < end + HARMLESS_SEPARATION_MINUTES && start < a.endMinute + HARMLESS_SEPARATION_MINUTES;
  const apart: HarmlessEvent[] = [];
  for (const e of candidates) {
    if (!apart.some(k => near(k, e.startMinute, e.endMinute))) {
      apart.push(e);
    }
  }
  const kept = apart.filter(e => !incidents.some(i => near(e, i.startMinute, i.startMinute + i.durationMinutes)));
  return [...kept, ...gaps].sort((a, b) => a.startMinute - b.startMinute);
}

/** The conditions of each minute: error shares, the slow tail, CPU (negative: from the load), unhealthy targets and gaps. */
function conditions(minutes: number, seed: number, region: string, events: readonly HarmlessEvent[], incidents: readonly PlannedIncident[]) {
  const p5xx = new Float64Array(minutes).fill(BASELINE_ERRORS.target5xx);
  const pConnection = new Float64Array(minutes).fill(BASELINE_ERRORS.connection);
  const tailWeight = new Float64Array(minutes).fill(LATENCY.tailWeight);
  const tailMedian = new Float64Array(minutes).fill(LATENCY.tailMedian);
  const tailSigma = new Float64Array(minutes).fill(LATENCY.tailSigma);
  const cpuLevel = new Float64Array(minutes).fill(-1);
  const unhealthy = new Float64Array(minutes);
  const noData = new Uint8Array(minutes);
  const tail = (t: number, weight: number, median: number, sigma: number) => {
    if (weight * median > tailWeight[t] * tailMedian[t]) {
      [tailWeight[t], tailMedian[t], tailSigma[t]] = [weight, median, sigma];
    }
  };
  const eventVariates = new Variates(randomStream(seed, 'history', region, 'event-details'));
  for (const e of events) {
    // Drawn for every event, so the details of one do not depend on the kinds of the others.
    const tailSeconds = eventVariates.between(HARMLESS.deploy.tailSeconds);
    const http5xx = eventVariates.between(HARMLESS.deploy.http5xxPercent);
    for (let t = e.startMinute; t < e.endMinute; t++) {
      switch (e.kind) {
        case 'http-5xx-burst': p5xx[t] = max(p5xx[t], e.magnitude / 100); break;
        case 'connection-error-blip': pConnection[t] = max(pConnection[t], e.magnitude / 100); break;
        case 'latency-spike': tail(t, SPIKE_TAIL.weight, e.magnitude, SPIKE_TAIL.sigma); break;
        case 'deploy':
          cpuLevel[t] = max(cpuLevel[t], e.magnitude);
          tail(t, DEPLOY_TAIL.weight, tailSeconds, DEPLOY_TAIL.sigma);
          p5xx[t] = max(p5xx[t], http5xx / 100);
          unhealthy[t] = 1;
          break;
        case 'no-data': noData[t] = 1; break;
      }
    }
  }
  for (const i of incidents) {
    for (let t = i.startMinute; t < i.startMinute + i.durationMinutes; t++) {
      switch (i.kind) {
        case 'gray-p99':
          [tailWeight[t], tailMedian[t], tailSigma[t]] = [INCIDENT_TAIL.weight, i.magnitude, INCIDENT_TAIL.sigma];
          break;
        case 'gray-5xx': p5xx[t] = max(p5xx[t], i.magnitude / 100); break;
        case 'gray-connection-errors': pConnection[t] = max(pConnection[t], i.magnitude / 100); break;
        case 'gray-cpu': cpuLevel[t] = max(cpuLevel[t], i.magnitude); break;
      }
    }
  }
  return { p5xx, pConnection, tailWeight, tailMedian, tailSigma, cpuLevel, unhealthy, noData };
}

/** A Region's minutes for the seed, with its harmless events and the incidents planted in it. */
export function regionMinutes(profile: RegionProfile, minutes: number, seed: number, startMs: number,
  allIncidents: readonly PlannedIncident[]): RegionMinutes {
  const region = profile.region;
  const incidents = allIncidents.filter(i => i.region === region);
  const events = harmlessEvents(profile, minutes, seed, startMs, incidents);
  const noise = new Variates(randomStream(seed, 'history', region, 'noise'));
  const trafficNoise = autoregressive(noise, minutes, TRAFFIC_NOISE);
  const latencyNoise = autoregressive(noise, minutes, LATENCY.noise);
  const cpuNoise = autoregressive(noise, minutes, CPU.noise);

  const { p5xx, pConnection, tailWeight, tailMedian, tailSigma, cpuLevel, unhealthy, noData } = conditions(minutes, seed, region, events, incidents);
  const requests = new Float64Array(minutes);
  const connectionErrors = new Float64Array(minutes);
  const elb503 = new Float64Array(minutes);
  const served = new Float64Array(minutes);
  const target5xx = new Float64Array(minutes);
  const median = new Float64Array(minutes);
  const cpuAverage = new Float64Array(minutes);
  const cpuMinimum = new Float64Array(minutes);
  const cpuMaximum = new Float64Array(minutes);
  const samples = new Map<number, Float64Array>();
  const counts = new HourlyVariates(seed, region, 'counts');
  const latencySamples = new HourlyVariates(seed, region, 'latency-samples');
  const cpuSpread = new HourlyVariates(seed, region, 'cpu-spread');
  const ratio = profile.peakRequests / profile.troughRequests;
  for (let t = 0; t < minutes; t++) {
    const { hour, weekend } = localTime(startMs, t, profile.utcOffsetHours);
    const level = profile.troughRequests * ratio ** dailyShape(hour) * (weekend ? WEEKEND_FACTOR : 1);
    const load = min(1, level * exp(trafficNoise[t]) / profile.peakRequests);
    const v = counts.at(t);
    requests[t] = v.poisson(level * exp(trafficNoise[t]));
    connectionErrors[t] = v.binomial(requests[t], pConnection[t]);
    elb503[t] = v.binomial(requests[t] - connectionErrors[t], BASELINE_ERRORS.elb503);
    served[t] = requests[t] - connectionErrors[t] - elb503[t];
    target5xx[t] = v.binomial(served[t], p5xx[t]);
    median[t] = LATENCY.median * (1 + LATENCY.peakSlowdown * load * load) * exp(latencyNoise[t]);
    if (served[t] > 0 && served[t] <= EXACT_SAMPLE_LIMIT) {
      const s = latencySamples.at(t);
      samples.set(t, sampleMix(mixAt(t), served[t], s.uniform, () => s.normal()));
    }
    const c = cpuSpread.at(t);
    const average = cpuLevel[t] < 0 ? CPU.idle + CPU.atPeak * load + cpuNoise[t] : cpuLevel[t] + 0.2 * cpuNoise[t];
    cpuAverage[t] = clampPercent(average);
    cpuMinimum[t] = clampPercent(cpuAverage[t] - c.between([1, 6]));
    cpuMaximum[t] = clampPercent(cpuAverage[t] + c.between([1, 6]));
  }

  function mixAt(t: number): LatencyMix {
    return { median: median[t], sigma: LATENCY.sigma, tailWeight: tailWeight[t], tailMedian: tailMedian[t], tailSigma: tailSigma[t] };
  }

  return {
    profile,
    events,
    noData,
    requests,
    connectionErrors,
    elb503,
    served,
    target5xx,
    latency: mixAt,
    samples,
    cpuAverage,
    cpuMinimum,
    cpuMaximum,
    unhealthy,
  };
}

function clampPercent(value: number): number {
  return min(100, max(0, value));
}
