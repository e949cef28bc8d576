/**
 * The simulator's default world: groups of users around the globe and their
 * network latency to each AWS Region. An approximation (great-circle distance
 * at roughly two thirds of the speed of light in fibre, plus a fixed cost),
 * good enough to decide which Region latency routing picks; a scenario can
 * give its own groups and latencies.
 */

/** A group of users who share a location, hence a latency to each Region. */
export interface UserGroup {
  readonly name: string;
  /** How many users (of the world's total). */
  readonly users: number;
  /** Round-trip latency to each Region, in milliseconds. */
  readonly latencyMs: Record<string, number>;
}

/** Approximate location (latitude, longitude) of each Region that latency routing knows. */
export const REGION_LOCATIONS: Record<string, readonly [number, number]> = {
  'us-east-1': [38.9, -77.4],
  'us-east-2': [40.0, -83.0],
  'us-west-1': [37.4, -121.9],
  'us-west-2': [45.8, -119.7],
  'ca-central-1': [45.5, -73.6],
  'ca-west-1': [51.0, -114.1],
  'mx-central-1': [20.6, -100.4],
  'sa-east-1': [-23.5, -46.6],
  'eu-west-1': [53.3, -6.3],
  'eu-west-2': [51.5, -0.1],
  'eu-west-3': [48.9, 2.35],
  'eu-central-1': [50.1, 8.7],
  'eu-central-2': [47.4, 8.5],
  'eu-north-1': [59.3, 18.1],
  'eu-south-1': [45.5, 9.2],
  'eu-south-2': [41.6, -0.9],
  'eusc-de-east-1': [52.5, 13.4],
  'il-central-1': [32.1, 34.8],
  'me-south-1': [26.1, 50.6],
  'me-central-1': [25.2, 55.3],
  'af-south-1': [-33.9, 18.4],
  'ap-south-1': [19.1, 72.9],
  'ap-south-2': [17.4, 78.5],
  'ap-southeast-1': [1.35, 103.8],
  'ap-southeast-2': [-33.9, 151.2],
  'ap-southeast-3': [-6.2, 106.8],
  'ap-southeast-4': [-37.8, 145.0],
  'ap-southeast-5': [3.1, 101.7],
  'ap-southeast-6': [-36.8, 174.8],
  'ap-southeast-7': [13.8, 100.5],
  'ap-northeast-1': [35.7, 139.7],
  'ap-northeast-2': [37.6, 127.0],
  'ap-northeast-3': [34.7, 135.5],
  'ap-east-1': [22.3, 114.2],
  'ap-east-2': [25.0, 121.5],
  'cn-north-1': [39.9, 116.4],
  'cn-northwest-1': [37.5, 105.2],
  'us-gov-east-1': [40.0, -83.0],
  'us-gov-west-1': [45.8, -119.7],
};

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
  const location = REGION_LOCATIONS[region];
  if (location === undefined) {
    throw new Error(`the default world has no location for Region '${region}'; give the scenario its own 'users' with a latency to it`);
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
