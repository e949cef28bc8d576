/**
 * Users: the scenario's user groups, the Region DNS answers each group with,
 * and where their requests go. Most requests follow the answer clients hold
 * (it changes a TTL after DNS); requests on pooled connections stay on the
 * Region their connection goes to until the load balancer closes it (its
 * client keep-alive), then follow the answer of that moment.
 *
 * A run may have tens of thousands of groups over a day: nothing here is kept
 * per group and minute. Answers are one array per minute (the engine keeps the
 * last few), and pooled connections live in typed arrays, visited only in the
 * minute they close.
 */
import { DnsModel, HealthInputs } from './dns';
import { InputError, SimulatorErrorId } from './inputs';
import { Scenario } from './scenario';
import { defaultUserGroups, UserGroup } from './world';

/** The scenario's user groups (the default world when it has none), each with a latency to every Region. */
export function userGroups(scenario: Scenario, regions: readonly string[]): UserGroup[] {
  const users = scenario.users ?? defaultUserGroups(regions);
  users.forEach((group, i) => {
    // latencyMs is read by Region code only: a key '@1' or '*' would be silently never read.
    const positional = Object.keys(group.latencyMs).find(k => k === '*' || k.startsWith('@'));
    if (positional !== undefined) {
      throw new InputError(SimulatorErrorId.USERS, `scenario '${scenario.name}': 'users[${i}].latencyMs' has the key '${positional}', but its keys are `
        + `Region codes (the failover's Regions: ${regions.join(', ')}), not @n or *. Fix: key each latency by the Region's code.`);
    }
    const missing = regions.filter(r => group.latencyMs[r] === undefined);
    if (missing.length > 0) {
      throw new InputError(SimulatorErrorId.USERS, `scenario '${scenario.name}': users '${group.name}' give no latency to ${missing.join(', ')} `
        + `(the failover's Regions: ${regions.join(', ')}).`);
    }
  });
  return users;
}

export function totalUsers(groups: readonly UserGroup[]): number {
  return groups.reduce((a, g) => a + g.users, 0);
}

/** DNS answers: the Region each user group is answered with, by the group's index; undefined: no answer. */
export type Answers = readonly (string | undefined)[];

/**
 * The Region DNS answers each user group with (by the group's index); undefined: no answer.
 *
 * @param latencies each group's latencies (`latencyMs`), in the groups' order
 */
export function dnsAnswers(dns: DnsModel, recordName: string, latencies: readonly Record<string, number>[], inputs: HealthInputs): Answers {
  return dns.resolveMany(recordName, 'A', latencies, inputs);
}

/**
 * Users per Region when each group follows `answers`, `share` of each group
 * counted; with `perUser`, what each of a group's users brings (its requests)
 * instead of one.
 */
export function usersByRegion(groups: readonly UserGroup[], answers: Answers, regions: readonly string[], share = 1,
  perUser?: Float64Array): Map<string, number> {
  const users = new Map(regions.map(r => [r, 0]));
  groups.forEach((group, i) => {
    const region = answers[i];
    if (region !== undefined) {
      users.set(region, (users.get(region) ?? 0) + group.users * share * (perUser?.[i] ?? 1));
    }
  });
  return users;
}

/** The most cohorts per user group: connection ages are spread over at most this many moments of the keep-alive. */
const MAX_COHORTS = 240;

/** A cohort's Region index meaning "no answer". */
const NO_REGION = -1;

/**
 * The users on pooled connections. Each group's pooled users are split into
 * cohorts of equal size whose connections have uniformly spread ages, so
 * after DNS moves a Region's pooled share decays linearly over the keep-alive.
 * A cohort whose connection closes during minute t reconnects to the Region
 * the answers held by clients in minute t give it, for another keep-alive.
 *
 * Cohorts are kept in flat typed arrays (group, Region, next closing), and
 * each pooled count per group and Region; a minute visits only the cohorts
 * that close in it.
 */
export class ConnectionPools {
  private readonly regions: readonly string[];
  /** Per cohort: its group's index, its Region's index (NO_REGION: none) and when it closes next (fractional minute). */
  private readonly group: Int32Array;
  private readonly region: Int16Array;
  private readonly closesAt: Float64Array;
  /** Per group and Region (group * (regions + 1) + region + 1): its cohorts there. */
  private readonly counts: Int32Array;
  /** Per group: the size of one of its cohorts. */
  private readonly sizes: Float64Array;
  /** Cohorts by the minute they are next visited (the first whole minute at or after they close). */
  private readonly due = new Map<number, number[]>();

  /**
   * @param share the share of each group's users that is pooled (0 to 1)
   * @param keepAliveMinutes how long the load balancer of a Region keeps a client connection open
   * @param initial the answers clients hold at the start
   */
  constructor(private readonly groups: readonly UserGroup[], share: number,
    private readonly keepAliveMinutes: (region: string | undefined) => number, initial: Answers, regions: readonly string[]) {
    this.regions = regions;
    const counts = share <= 0 ? [] : groups.map((_, i) => Math.min(MAX_COHORTS, Math.max(1, Math.ceil(keepAliveMinutes(initial[i])))));
    const total = counts.reduce((a, n) => a + n, 0);
    this.group = new Int32Array(total);
    this.region = new Int16Array(total);
    this.closesAt = new Float64Array(total);
    this.counts = new Int32Array(share <= 0 ? 0 : groups.length * (regions.length + 1));
    this.sizes = new Float64Array(groups.length);
    let c = 0;
    counts.forEach((count, g) => {
      const region = this.indexOf(initial[g]);
      const keepAlive = keepAliveMinutes(initial[g]);
      this.sizes[g] = groups[g].users * share / count;
      this.counts[g * (regions.length + 1) + region + 1] += count;
      for (let i = 0; i < count; i++, c++) {
        this.group[c] = g;
        this.region[c] = region;
        this.closesAt[c] = (i + 1) * keepAlive / count;
        this.schedule(c);
      }
    });
  }

  /** Reconnects the cohorts whose connections close by minute t to the Regions of `answers`; returns pooled users per Region. */
  public step(t: number, answers: Answers): Map<string, number> {
    const width = this.regions.length + 1;
    for (const c of this.due.get(t) ?? []) {
      const g = this.group[c];
      this.counts[g * width + this.region[c] + 1]--;
      while (this.closesAt[c] <= t) {
        this.region[c] = this.indexOf(answers[g]);
        this.closesAt[c] += this.keepAliveMinutes(answers[g]);
      }
      this.counts[g * width + this.region[c] + 1]++;
      this.schedule(c);
    }
    this.due.delete(t);
    return this.byRegion();
  }

  /** Pooled users per Region as they are now; with `perUser`, what each of a group's users brings (its requests) instead of one. */
  public byRegion(perUser?: Float64Array): Map<string, number> {
    const width = this.regions.length + 1;
    const users = new Map(this.regions.map(r => [r, 0]));
    if (this.counts.length === 0) {
      return users;
    }
    const sums = new Float64Array(this.regions.length);
    for (let g = 0; g < this.groups.length; g++) {
      const size = this.sizes[g] * (perUser?.[g] ?? 1);
      for (let r = 0; r < this.regions.length; r++) {
        sums[r] += size * this.counts[g * width + r + 1];
      }
    }
    this.regions.forEach((r, i) => users.set(r, sums[i]));
    return users;
  }

  private schedule(c: number): void {
    const minute = Math.max(0, Math.ceil(this.closesAt[c]));
    const list = this.due.get(minute);
    if (list) {
      list.push(c);
    } else {
      this.due.set(minute, [c]);
    }
  }

  private indexOf(region: string | undefined): number {
    return region === undefined ? NO_REGION : this.regions.indexOf(region);
  }
}
