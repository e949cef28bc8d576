/**
 * Users: the scenario's user groups, the Region DNS answers each group with,
 * and where their requests go. Most requests follow the answer clients hold
 * (it changes a TTL after DNS); requests on pooled connections stay on the
 * Region their connection goes to until the load balancer closes it (its
 * client keep-alive), then follow the answer of that moment.
 */
import { DnsModel, HealthInputs } from './dns';
import { Scenario } from './scenario';
import { defaultUserGroups, UserGroup } from './world';

/** The scenario's user groups (the default world when it has none), each with a latency to every Region. */
export function userGroups(scenario: Scenario, regions: readonly string[]): UserGroup[] {
  const users = scenario.users ?? defaultUserGroups(regions);
  for (const group of users) {
    const missing = regions.filter(r => group.latencyMs[r] === undefined);
    if (missing.length > 0) {
      throw new Error(`scenario '${scenario.name}': users '${group.name}' give no latency to ${missing.join(', ')}.`);
    }
  }
  return users;
}

export function totalUsers(groups: readonly UserGroup[]): number {
  return groups.reduce((a, g) => a + g.users, 0);
}

/** DNS answers: the Region each user group is answered with (by group name); undefined: no answer. */
export type Answers = ReadonlyMap<string, string | undefined>;

/** The Region DNS answers each user group with (by group name); undefined: no answer. */
export function dnsAnswers(dns: DnsModel, recordName: string, groups: readonly UserGroup[], inputs: HealthInputs): Map<string, string | undefined> {
  return new Map(groups.map(g => [g.name, dns.resolve(recordName, 'A', g.latencyMs, inputs)]));
}

/** Users per Region when each group follows `answers`, `share` of each group counted. */
export function usersByRegion(groups: readonly UserGroup[], answers: Answers, regions: readonly string[], share = 1): Map<string, number> {
  const users = new Map(regions.map(r => [r, 0]));
  for (const group of groups) {
    const region = answers.get(group.name);
    if (region !== undefined) {
      users.set(region, (users.get(region) ?? 0) + group.users * share);
    }
  }
  return users;
}

/** Pooled connections of one user group that close at the same moments: the Region they go to and when they close next. */
interface Cohort {
  region: string | undefined;
  /** The minute (fractional) the connections close next. */
  closesAt: number;
}

/** The most cohorts per user group: connection ages are spread over at most this many moments of the keep-alive. */
const MAX_COHORTS = 240;

/**
 * The users on pooled connections. Each group's pooled users are split into
 * cohorts of equal size whose connections have uniformly spread ages, so
 * after DNS moves a Region's pooled share decays linearly over the keep-alive.
 * A cohort whose connection closes during minute t reconnects to the Region
 * the answers held by clients in minute t give it, for another keep-alive.
 */
export class ConnectionPools {
  private readonly cohorts = new Map<string, Cohort[]>();

  /**
   * @param share the share of each group's users that is pooled (0 to 1)
   * @param keepAliveMinutes how long the load balancer of a Region keeps a client connection open
   * @param initial the answers clients hold at the start
   */
  constructor(private readonly groups: readonly UserGroup[], private readonly share: number,
    private readonly keepAliveMinutes: (region: string | undefined) => number, initial: Answers) {
    if (share <= 0) {
      return;
    }
    for (const group of groups) {
      const region = initial.get(group.name);
      const keepAlive = keepAliveMinutes(region);
      const count = Math.min(MAX_COHORTS, Math.max(1, Math.ceil(keepAlive)));
      this.cohorts.set(group.name, Array.from({ length: count }, (_, i) => ({ region, closesAt: (i + 1) * keepAlive / count })));
    }
  }

  /** Reconnects the cohorts whose connections close by minute t to the Regions of `answers`; returns pooled users per Region. */
  public step(t: number, answers: Answers, regions: readonly string[]): Map<string, number> {
    const users: Record<string, number> = Object.fromEntries(regions.map(r => [r, 0]));
    for (const group of this.groups) {
      const cohorts = this.cohorts.get(group.name) ?? [];
      const size = group.users * this.share / Math.max(1, cohorts.length);
      const answer = answers.get(group.name);
      for (const cohort of cohorts) {
        while (cohort.closesAt <= t) {
          cohort.region = answer;
          cohort.closesAt += this.keepAliveMinutes(cohort.region);
        }
        if (cohort.region !== undefined) {
          users[cohort.region] = (users[cohort.region] ?? 0) + size;
        }
      }
    }
    return new Map(Object.entries(users));
  }
}
