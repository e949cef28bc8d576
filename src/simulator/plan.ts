/**
 * The scenario placed on the failover's Regions: what each Region goes
 * through minute by minute (the condition its users' and its probe's
 * requests meet, on each load balancer node), its evacuations, its late data
 * and its republisher's faults.
 */
import { SimulatorErrorId } from './inputs';
import {
  checkCondition, Condition, LateData, RepublisherFault, RepublisherFaultKind, resolveRegions, Scenario, ScenarioError, ScenarioEvent,
} from './scenario';

/** An event of the scenario and the failover's Regions it applies to. */
export interface PlacedEvent {
  readonly regions: string[];
  readonly event: ScenarioEvent;
}

/** An evacuation of one of the failover's Regions. */
export interface PlacedEvacuation {
  readonly region: string;
  readonly startMinute: number;
  readonly endMinute?: number;
}

/** Whose requests meet a condition, and on which load balancer node. */
export interface ConditionOf {
  /** The node: 0 is the one that events on one node hit. Default 0. */
  readonly node?: number;
  /** The requests of Route 53's endpoint checkers (the probe): events they do not see are left out. */
  readonly probe?: boolean;
}

/** An evacuation's minutes, for messages. */
function span(e: { startMinute: number; endMinute?: number }): string {
  return `${e.startMinute} to ${e.endMinute ?? 'the end'}`;
}

/** Republisher faults, the most disruptive first: a minute with several has the first. */
const FAULT_ORDER: RepublisherFaultKind[] = ['failing', 'notInvoked', 'getMetricDataError', 'late'];

/** The scenario placed on the failover's Regions: what each Region goes through, minute by minute. */
export class ScenarioPlan {
  public readonly events: PlacedEvent[] = [];
  public readonly evacuations: PlacedEvacuation[] = [];
  /** The operator's restore commands, by Region. */
  public readonly restores: { region: string; minute: number }[] = [];
  /** Per placed evacuation, its index in the scenario's list. */
  private readonly evacuationIndex: number[] = [];
  private readonly lateData: { regions: string[]; late: LateData }[] = [];
  private readonly faults: { regions: string[]; fault: RepublisherFault }[] = [];
  /** Conditions by `<region>|<minute>|<node 0 or other>|<probe or users>`. */
  private readonly conditions = new Map<string, Condition>();

  /**
   * @param switches the Regions with an evacuation switch
   * @param warnings where what is left out is reported
   * @param placeConditions whether to merge and check every minute's condition (a backtest reads recorded minutes, not conditions)
   */
  constructor(private readonly scenario: Scenario, regions: readonly string[], switches: ReadonlyMap<string, unknown>, warnings: string[],
    placeConditions = true) {
    const source = `scenario '${scenario.name}'`;
    // A built-in scenario runs on any failover: its `@n` beyond the Regions are left out, with a warning. A file's are refused.
    const place = (ref: string, path: string, what: string) => {
      const placed = resolveRegions(ref, regions, source, path, scenario.builtIn === true);
      if (placed === undefined) {
        warnings.push(`${source}: ${what} names ${ref}, but the failover has ${regions.length} Regions: left out.`);
      }
      return placed;
    };
    scenario.events.forEach((event, i) => {
      const placed = place(event.region, `events[${i}].region`, `event '${event.label ?? event.region}'`);
      if (placed) {
        this.events.push({ regions: placed, event });
      }
    });
    scenario.evacuations.forEach((evacuation, i) => {
      for (const region of place(evacuation.region, `evacuations[${i}].region`, 'an evacuation') ?? []) {
        // The file's reader compares Regions as written; '@1', '*' and a code can still name the same one.
        const j = this.evacuations.findIndex(o => o.region === region && evacuation.startMinute < (o.endMinute ?? Infinity)
          && o.startMinute < (evacuation.endMinute ?? Infinity));
        if (j >= 0) {
          const other = this.evacuationIndex[j];
          throw new ScenarioError(SimulatorErrorId.EVACUATION_OVERLAP, `${source}: 'evacuations[${i}]' (region '${evacuation.region}', minutes ${span(evacuation)}) overlaps `
            + `'evacuations[${other}]' (region '${scenario.evacuations[other].region}', minutes ${span(scenario.evacuations[other])}): both `
            + `evacuate ${region}, and one switch cannot be evacuated twice. Fix: restore it first (an endMinute at or before the other's start).`);
        }
        this.evacuations.push({ region, startMinute: evacuation.startMinute, endMinute: evacuation.endMinute });
        this.evacuationIndex.push(i);
        if (!switches.has(region)) {
          warnings.push(`${source}: ${region} has no evacuation switch, so evacuating it changes nothing.`);
        }
      }
    });
    (scenario.restores ?? []).forEach((restore, i) => {
      for (const region of place(restore.region, `restores[${i}].region`, 'a restore') ?? []) {
        this.restores.push({ region, minute: restore.minute });
        if (!switches.has(region)) {
          warnings.push(`${source}: ${region} has no evacuation switch, so restoring it changes nothing.`);
        }
      }
    });
    (scenario.lateData ?? []).forEach((late, i) => {
      this.lateData.push({ regions: place(late.region, `lateData[${i}].region`, 'late data') ?? [], late });
    });
    (scenario.republisherFaults ?? []).forEach((fault, i) => {
      this.faults.push({ regions: place(fault.region, `republisherFaults[${i}].region`, `a republisher fault (${fault.fault})`) ?? [], fault });
    });
    if (placeConditions) {
      this.placeConditions(regions, source);
    }
  }

  /**
   * The condition a Region's requests meet during the minute: the baseline
   * with every event under way merged over it (on node 0 only for an event on
   * one node; for the probe, only the events its path sees).
   */
  public condition(region: string, minute: number, of: ConditionOf = {}): Condition {
    const key = `${region}|${minute}|${(of.node ?? 0) === 0 ? 0 : 1}|${of.probe ? 1 : 0}`;
    return this.conditions.get(key) ?? this.merge(region, minute, of);
  }

  /** Whether an event that degrades the Region is under way. */
  public degraded(region: string, minute: number): boolean {
    return this.eventsAt(region, minute).some(({ event }) => event.degrades);
  }

  /** Whether an event that does not degrade the Region (noise) is under way. */
  public noise(region: string, minute: number): boolean {
    return this.eventsAt(region, minute).some(({ event }) => !event.degrades);
  }

  public evacuated(region: string, minute: number): boolean {
    return this.evacuations.some(e => e.region === region && minute >= e.startMinute && (e.endMinute === undefined || minute < e.endMinute));
  }

  /** Minutes the Region's datapoints of `namespace` for the minute arrive later than usual (the largest of the scenario's late data). */
  public extraDelay(region: string, namespace: string, minute: number): number {
    let delay = 0;
    for (const { regions, late } of this.lateData) {
      if (late.namespace === namespace && regions.includes(region) && minute >= late.startMinute && minute < late.endMinute) {
        delay = Math.max(delay, late.delayMinutes);
      }
    }
    return delay;
  }

  /** The fault of the Region's republisher at the minute (the most disruptive of those under way); undefined: none. */
  public republisherFault(region: string, minute: number): RepublisherFault | undefined {
    const now = this.faults.filter(({ regions, fault }) => regions.includes(region) && minute >= fault.startMinute && minute < fault.endMinute)
      .map(({ fault }) => fault);
    return now.sort((a, b) => FAULT_ORDER.indexOf(a.fault) - FAULT_ORDER.indexOf(b.fault))[0];
  }

  /** Merges and checks every condition once: overlapping events merge, and each minute's condition must still make sense. */
  private placeConditions(regions: readonly string[], source: string): void {
    for (const region of regions) {
      for (let minute = 0; minute < this.scenario.durationMinutes; minute++) {
        for (const node of [0, 1]) {
          for (const probe of [false, true]) {
            const c = this.merge(region, minute, { node, probe });
            const whose = `${probe ? 'the probe\'s requests' : 'the users\' requests'}${node === 0 ? '' : ' on the other nodes'}`;
            checkCondition(c, source, `the condition of ${region} at minute ${minute}${node === 0 && !probe ? '' : ` (${whose})`}`);
            this.conditions.set(`${region}|${minute}|${node}|${probe ? 1 : 0}`, c);
          }
        }
      }
    }
  }

  private merge(region: string, minute: number, of: ConditionOf): Condition {
    let c = this.scenario.baseline;
    for (const { event } of this.eventsAt(region, minute)) {
      const onNode = !event.oneNode || (of.node ?? 0) === 0;
      const seen = !of.probe || event.probeSeesFault !== false;
      if (onNode && seen) {
        c = { ...c, ...event.condition };
      }
    }
    return c;
  }

  private eventsAt(region: string, minute: number): PlacedEvent[] {
    return this.events.filter(({ regions, event }) => regions.includes(region) && minute >= event.startMinute && minute < event.endMinute);
  }
}
