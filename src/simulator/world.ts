/**
 * The simulator's default world: groups of users around the globe and their
 * network latency to each AWS Region. An approximation (great-circle distance
 * at roughly two thirds of the speed of light in fibre, plus a fixed cost),
 * good enough to decide which Region latency routing picks; a scenario can
 * give its own groups and latencies.
 */
import { InputError, SimulatorErrorId } from './inputs';
import { regionLocation } from '../model/regions';

/** A group of users who share a location, hence a latency to each Region. */
export interface UserGroup {
  readonly name: string;
  /** How many users (of the world's total). */
  readonly users: number;
  /** Round-trip latency to each Region, in milliseconds. */
  readonly latencyMs: Record<string, number>;
}

/** Where the default world's users are, and how many (1,000 in all). */
const DEFAULT_GROUPS: ReadonlyArray<{ name: string; users: number; at: readonly [number, number] }> = [
  { name: 'North America East', users: 220, at: [40.7, -74.0] },
  { name: 'North America West', users: 130, at: [37.8, -122.4] },
  { name: 'South America', users: 70, at: [-23.5, -46.6] },
  { name: 'Western Europe', users: 150, at: [51.5, -0.1] },
  { name: 'Central Europe', users: 120, at: [50.1, 8.7] },
  { name: 'Middle East and Africa', users: 50, at: [25.2, 55.3] },
  { name: 'South Asia', users: 80, at: [19.1, 72.9] },
  { name: 'East Asia', users: 100, at: [35.7, 139.7] },
  { name: 'Southeast Asia', users: 50, at: [1.35, 103.8] },
  { name: 'Oceania', users: 30, at: [-33.9, 151.2] },
];

/** The default world's user groups, with their latency to each of `regions`. */
export function defaultUserGroups(regions: readonly string[]): UserGroup[] {
  return DEFAULT_GROUPS.map(g => ({
    name: g.name,
    users: g.users,
    latencyMs: Object.fromEntries(regions.map(r => [r, latencyMs(g.at, r)])),
  }));
}

/** Round-trip milliseconds from a location to a Region (5 ms plus 1 ms per 70 km). */
function latencyMs(at: readonly [number, number], region: string): number {
  const location = regionLocation(region);
  if (location === undefined) {
    throw new InputError(SimulatorErrorId.USERS, `the default world has no location for Region '${region}'; give the scenario its own 'users' with a latency to it.`);
  }
  return Math.round(5 + distanceKm(at, location) / 70);
}

function distanceKm(a: readonly [number, number], b: readonly [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad;
  const dLon = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
