/**
 * The widgets of a failover dashboard, from plain values only (Region codes,
 * account ids and deterministic alarm names), so a dashboard in any stack or
 * Stage needs no reference to the Regions' stacks. Not part of the public API.
 */
import type { FailoverRegionView } from '../../failover-region-view';
import { partitionOf } from '../../model/regions';

/** A Region's view with the account the dashboard addresses its alarms in. */
export interface RegionView extends FailoverRegionView {
  readonly account: string;
}

/** An alarm's ARN from its Region, account and name. */
export function alarmArn(region: string, account: string, name: string): string {
  return `arn:${partitionOf(region)}:cloudwatch:${region}:${account}:alarm:${name}`;
}

const GRID_WIDTH = 24;
const TILE_WIDTH = 6;
const TILE_HEIGHT = 6;
const HEADER_HEIGHT = 2;

/**
 * The widgets, laid out one block per Region: a header (with the failback
 * policy and the restore command when the Region has a failback latch), the
 * Region's health (alarm status: health alarm, switch and, with a latch, the
 * signals alarm), then one graph per signal showing
 * its alarm's metric and threshold, each with the Region set explicitly.
 */
export function regionDashboardWidgets(views: RegionView[]): unknown[] {
  const widgets: unknown[] = [];
  let y = 0;
  for (const view of views) {
    const arn = (name: string) => alarmArn(view.region, view.account, name);
    widgets.push({
      type: 'text',
      x: 0,
      y,
      width: GRID_WIDTH,
      height: HEADER_HEIGHT + (view.failback ? 1 : 0),
      properties: {
        markdown: `## ${view.region}\nOwn name: \`${view.regionalRecordName.replace(/\.$/, '')}\``
          + (view.evacuateCommand ? ` · evacuate: \`${view.evacuateCommand}\`` : '')
          + (view.failback ? `\nFailback: ${view.failback} (held out: switch in ALARM while the signals alarm is OK) · restore: \`${view.restoreCommand}\`` : ''),
      },
    });
    y += HEADER_HEIGHT + (view.failback ? 1 : 0);
    const tiles: unknown[] = [];
    const healthAlarms = [view.healthAlarmName, view.switchAlarmName, view.signalsAlarmName].filter((n): n is string => n !== undefined);
    if (healthAlarms.length > 0) {
      tiles.push({
        type: 'alarm',
        properties: { title: `${view.region}: health`, alarms: healthAlarms.map(arn) },
      });
    }
    for (const signal of view.signals) {
      if (signal.alarmName === undefined) {
        continue;
      }
      tiles.push({
        type: 'metric',
        properties: {
          view: 'timeSeries',
          title: `${view.region}: ${signal.signalName}`,
          region: view.region,
          annotations: { alarms: [arn(signal.alarmName)] },
          yAxis: {},
        },
      });
    }
    tiles.forEach((tile, i) => {
      const perRow = GRID_WIDTH / TILE_WIDTH;
      widgets.push({
        ...(tile as object),
        x: (i % perRow) * TILE_WIDTH,
        y: y + Math.floor(i / perRow) * TILE_HEIGHT,
        width: TILE_WIDTH,
        height: TILE_HEIGHT,
      });
    });
    y += Math.ceil(tiles.length / (GRID_WIDTH / TILE_WIDTH)) * TILE_HEIGHT;
  }
  return widgets;
}
