/**
 * Each Region's switch parameter, minute by minute, as the operator's
 * commands and the failback latch leave it, and the switch datapoints they
 * publish themselves. The latch is replayed with the handler's own decision
 * (model/failback.ts `latchDecision`): when a Region's signals alarm (the
 * composite alarm of the templates, on the simulated alarm states) enters
 * ALARM, the latch writes the parameter and publishes 1 in the same minute.
 * The republisher replay reads the parameter from here.
 */
import { Alarms } from './alarms';
import { MetricStore, valueStats } from './cloudwatch';
import { PlacedEvacuation } from './plan';
import { HeldOutSpan } from './result';
import { AlarmDefinition, alarmMetricKey, Topology } from './topology';
import { LATCH_CONFIG_VERSION, latchDecision, switchPosition } from '../model/failback';

const MS_PER_MINUTE = 60_000;

export class SwitchParameters {
  private readonly values = new Map<string, string>();
  private readonly signalsInAlarm = new Map<string, boolean>();
  private readonly spans: (HeldOutSpan & { open: boolean })[] = [];

  /**
   * @param plan the operator's evacuations and restores
   * @param delayMinutes how long after publication a datapoint is readable
   */
  constructor(private readonly topology: Topology, private readonly regions: readonly string[],
    private readonly plan: { readonly evacuations: readonly PlacedEvacuation[]; readonly restores: readonly { region: string; minute: number }[] },
    private readonly store: MetricStore, private readonly delayMinutes: number) {}

  /** Minute t's operator commands: an evacuation's start writes '1', its end and a restore write '0'; each publishes its value. */
  public operator(t: number): void {
    for (const e of this.plan.evacuations) {
      if (e.startMinute === t) {
        this.set(e.region, '1', t);
      }
      if (e.endMinute === t) {
        this.set(e.region, '0', t);
      }
    }
    for (const r of this.plan.restores) {
      if (r.minute === t) {
        this.set(r.region, '0', t);
      }
    }
  }

  /** Minute t's latches: a signals alarm entering ALARM (its alarms as CloudWatch evaluated them at t) latches its Region. */
  public latch(t: number, alarms: Alarms): void {
    for (const region of this.regions) {
      const latch = this.topology.latches?.get(region);
      if (!latch) {
        continue;
      }
      const inAlarm = latch.signalsInAlarm(name => alarms.state(region, name));
      const entered = inAlarm && !this.signalsInAlarm.get(region);
      this.signalsInAlarm.set(region, inAlarm);
      if (!entered) {
        continue;
      }
      const decision = latchDecision({
        kind: 'latch',
        version: LATCH_CONFIG_VERSION,
        time: new Date(t * MS_PER_MINUTE).toISOString(),
        alarmName: latch.config.signalsAlarmName,
        state: 'ALARM',
        config: latch.config,
      }, this.values.get(region));
      if (decision.write !== undefined) {
        this.values.set(region, decision.write);
      }
      if (decision.publish) {
        this.publish(region, 1, t);
      }
    }
    this.track(t);
  }

  /** The Region's switch parameter now; undefined: never set. */
  public value(region: string): string | undefined {
    return this.values.get(region);
  }

  /** Whether the failback latch holds the Region out at minute t. */
  public heldOut(region: string, t: number): boolean {
    const position = switchPosition(this.values.get(region), t * MS_PER_MINUTE);
    return position.setBy === 'latch' && position.value === 1;
  }

  /** The minutes each Region was held out by its latch, and what released it. */
  public heldOutSpans(): HeldOutSpan[] {
    return this.spans.map(({ open, ...span }) => span);
  }

  private set(region: string, value: string, t: number): void {
    this.values.set(region, value);
    this.publish(region, Number(value), t);
  }

  private publish(region: string, value: number, t: number): void {
    const alarm: AlarmDefinition | undefined = this.topology.switches.get(region);
    if (alarm) {
      this.store.put(alarmMetricKey(alarm), t, valueStats(value), t + this.delayMinutes);
    }
  }

  /** Opens and closes the held-out spans at minute t. */
  private track(t: number): void {
    for (const region of this.regions) {
      const held = this.heldOut(region, t);
      const open = this.spans.find(s => s.region === region && s.open);
      if (held && !open) {
        const latch = this.topology.latches!.get(region)!.config;
        this.spans.push({ region, policy: latch.policy, holdDownMinutes: latch.holdDownMinutes, startMinute: t, open: true });
      } else if (!held && open) {
        const i = this.spans.indexOf(open);
        const releasedBy = this.values.get(region) === '0' ? 'operator' : this.values.get(region) === '1' ? 'evacuation' : 'holdDown';
        this.spans[i] = { ...open, endMinute: t, releasedBy, open: false };
      }
    }
  }
}
