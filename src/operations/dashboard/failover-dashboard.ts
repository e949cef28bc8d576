import { Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { regionDashboardWidgets, RegionView } from './widgets';
import type { ActiveActiveFailover } from '../../active-active-failover';
import { checkDashboardInterval } from '../../model/dashboard-rules';
import { dashboardName, isDashboardName } from '../../model/names';
import { WarningId } from '../../model/warnings';
import { checkAtSynth } from '../../private/synth-aspect';
import { throwIfAny } from '../../private/violations';
import { addWarning } from '../../private/warnings';

/**
 * Properties of a `FailoverDashboard`.
 */
export interface FailoverDashboardProps {
  /** The failover to show, with every Region added to it. */
  readonly failover: ActiveActiveFailover;

  /**
   * The dashboard's name.
   *
   * @default - `<failoverName>-failover`
   */
  readonly dashboardName?: string;

  /**
   * The time range the dashboard opens with.
   *
   * @default Duration.hours(3)
   */
  readonly defaultInterval?: Duration;
}

/**
 * A CloudWatch dashboard of one failover: per Region, its health (the Region's
 * health alarm and evacuation switch) and each signal against its threshold.
 *
 * Create it in any stack, in any Stage: it names every alarm by its
 * deterministic name, Region and account, so it needs no reference to the
 * Regions' stacks. Regions added after the dashboard are shown too.
 */
export class FailoverDashboard extends Construct {
  /** The dashboard's name. */
  public readonly dashboardName: string;

  private readonly failover: ActiveActiveFailover;
  private views?: RegionView[];

  /**
   * Creates the dashboard of every Region of a failover.
   *
   * @param scope the parent, in any stack of any Region or Stage
   * @param id the construct id
   * @param props the failover to show
   */
  constructor(scope: Construct, id: string, props: FailoverDashboardProps) {
    super(scope, id);
    this.failover = props.failover;
    this.dashboardName = props.dashboardName ?? dashboardName(props.failover.failoverName);
    if (!Token.isUnresolved(this.dashboardName) && !isDashboardName(this.dashboardName)) {
      throw new Error(
        `[AAF-DASHBOARD-NAME] FailoverDashboard '${this.node.path}': 'dashboardName' must have 1 to 255 letters, digits, '-' or '_', `
        + `got: '${this.dashboardName}'. Fix: choose a name with only those characters.`,
      );
    }
    const interval = props.defaultInterval ?? Duration.hours(3);
    if (!interval.isUnresolved()) {
      throwIfAny(this, checkDashboardInterval(interval.toSeconds({ integral: false })), `FailoverDashboard '${this.node.path}'`);
    }
    new cloudwatch.CfnDashboard(this, 'Resource', {
      dashboardName: this.dashboardName,
      dashboardBody: Lazy.string({
        produce: () => Stack.of(this).toJsonString({
          start: `-${interval.toIsoString()}`,
          widgets: regionDashboardWidgets(this.regionViews()),
        }),
      }),
    });
    checkAtSynth(this, () => this._checkAtSynth());
  }

  /**
   * Reads the Regions once every Region exists, and warns about signals whose
   * alarm names are not known at synth time.
   *
   * @internal
   */
  public _checkAtSynth(): void {
    for (const view of this.regionViews()) {
      for (const signal of view.signals.filter(s => s.alarmName === undefined)) {
        addWarning(this, WarningId.DASHBOARD_SIGNAL_SKIPPED,
          `FailoverDashboard '${this.node.path}': signal '${signal.signalName}' of ${view.region} is not shown: its alarm's name `
          + 'is not known at synth time (a generated name). Give the alarm an alarmName, or use FailoverSignal.fromAlarm with mirror.');
      }
    }
  }

  private regionViews(): RegionView[] {
    if (!this.views) {
      const regions = this.failover._regionsAtSynth(this);
      if (regions.length === 0) {
        throw new Error(
          `[AAF-DASHBOARD-NO-REGION] FailoverDashboard '${this.node.path}': 'failover' must have at least one Region, got none in '${this.failover.failoverName}'. `
          + 'Fix: add the Regions (failover.addRegion) in the same app.',
        );
      }
      const fallbackAccount = Stack.of(this).account;
      this.views = regions.map(region => {
        // Every Region is a literal: FailoverRegion rejects environment-agnostic stacks (AAF-REGION-TOKEN).
        const view = region.regionView();
        return { ...view, account: view.account ?? fallbackAccount };
      });
    }
    return this.views;
  }
}
