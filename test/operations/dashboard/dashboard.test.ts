import { App, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { FailbackPolicy, FailoverDashboard, FailoverSignal } from '../../../src';
import { evacuationCommand } from '../../../src/model/commands';
import { dashboardName } from '../../../src/model/names';
import { ACCOUNT, alb, failover, regionStack } from '../../helpers';

const REGIONS = ['us-east-1', 'eu-central-1'];

/** The dashboard body, parsed (its only tokens are the dashboard stack's own). */
function body(stack: Stack): any {
  const [dashboard] = Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'));
  const raw = dashboard.Properties.DashboardBody;
  return JSON.parse(typeof raw === 'string' ? raw : raw['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : 'TOKEN')).join(''));
}

/** Regions in Stages of their own and a dashboard in a global Stage, created before the Regions. */
function stagedApp(signals: () => FailoverSignal[] = () => [FailoverSignal.http5xxErrorRate({ threshold: 5 })]) {
  const app = new App();
  const f = failover(app);
  const globalStage = new Stage(app, 'Global', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const dashboardStack = new Stack(globalStage, 'Dashboard');
  const dashboard = new FailoverDashboard(dashboardStack, 'Dashboard', { failover: f });
  const regionStacks = REGIONS.map(region => {
    const stage = new Stage(app, `Deploy-${region}`, { env: { account: ACCOUNT, region } });
    const stack = new Stack(stage, 'Service');
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: signals() });
    return stack;
  });
  return { app, dashboard, dashboardStack, regionStacks };
}

describe('FailoverDashboard', () => {
  test('shows a failback latch: the policy, what "held out" looks like, the restore command and the signals alarm', () => {
    const app = new App();
    const f = failover(app, { failbackPolicy: FailbackPolicy.operatorConfirmed() });
    const stack = regionStack(app, 'eu-central-1');
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack), signals: [FailoverSignal.http5xxErrorRate({ threshold: 5 })] });
    const dashboardStack = new Stack(app, 'Dashboard', { env: { account: ACCOUNT, region: 'us-east-1' } });
    new FailoverDashboard(dashboardStack, 'Dashboard', { failover: f });
    const [header, health] = body(dashboardStack).widgets;
    expect(header).toMatchObject({ type: 'text', height: 3 });
    expect(header.properties.markdown).toContain('\nFailback: operator-confirmed: once its signals take it out, held out: waiting for an operator '
      + `(held out: switch in ALARM while the signals alarm is OK) · restore: \`${evacuationCommand('Api', 'eu-central-1', 0)}\``);
    const arn = (name: string) => `arn:aws:cloudwatch:eu-central-1:${ACCOUNT}:alarm:${name}`;
    expect(health).toMatchObject({ type: 'alarm', y: 3, properties: { alarms: [arn('Api-eu-central-1-health'), arn('Api-eu-central-1-evacuated'), arn('Api-eu-central-1-signals')] } });
  });

  test('shows per Region its health and each signal against its threshold, every widget with its Region set', () => {
    const { dashboardStack, dashboard } = stagedApp();
    expect(dashboard.dashboardName).toBe('Api-failover');
    Template.fromStack(dashboardStack).hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'Api-failover' });
    const widgets = body(dashboardStack).widgets;
    for (const region of REGIONS) {
      const arn = (name: string) => `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${name}`;
      expect(widgets).toContainEqual(expect.objectContaining({
        type: 'alarm',
        properties: { title: `${region}: health`, alarms: [arn(`Api-${region}-health`), arn(`Api-${region}-evacuated`)] },
      }));
      expect(widgets).toContainEqual(expect.objectContaining({
        type: 'metric',
        properties: expect.objectContaining({
          region,
          title: `${region}: Http5xxErrorRate`,
          // An alarm graph: CloudWatch draws the alarm's metric and its threshold.
          annotations: { alarms: [arn(`Api-${region}-Http5xxErrorRate`)] },
        }),
      }));
    }
    // Widgets never overlap.
    const cells = new Set<string>();
    for (const w of widgets) {
      for (let x = w.x; x < w.x + w.width; x++) {
        for (let y = w.y; y < w.y + w.height; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  test('needs no reference to the Regions\' stacks, across Stages', () => {
    const { app, dashboardStack } = stagedApp();
    app.synth();
    const json = JSON.stringify(Template.fromStack(dashboardStack).toJSON().Resources);
    expect(json).not.toMatch(/Fn::ImportValue|Fn::GetAtt|"Ref":"(?!AWS::)/);
  });

  test('an environment-agnostic dashboard stack names the alarms of the Regions\' own accounts', () => {
    const app = new App();
    const f = failover(app);
    const dashboardStack = new Stack(app, 'Dashboard');
    new FailoverDashboard(dashboardStack, 'Dashboard', { failover: f, dashboardName: 'ops' });
    const stack = new Stack(app, 'Service', { env: { account: '222222222222', region: 'eu-west-1' } });
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack) });
    const widgets = body(dashboardStack).widgets;
    expect(widgets.find((w: any) => w.type === 'alarm').properties.alarms).toEqual([
      'arn:aws:cloudwatch:eu-west-1:222222222222:alarm:Api-eu-west-1-health',
      'arn:aws:cloudwatch:eu-west-1:222222222222:alarm:Api-eu-west-1-evacuated',
    ]);
  });

  test('warns about and skips a signal whose alarm has a generated name', () => {
    const app = new App();
    const f = failover(app);
    const stack = new Stack(app, 'Service', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const lb = alb(stack);
    const alarm = new cloudwatch.Alarm(stack, 'Unnamed', {
      metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'Failures', statistic: 'Sum' }), threshold: 1, evaluationPeriods: 1,
    });
    f.addRegion(stack, 'Failover', { loadBalancer: lb, signals: [FailoverSignal.fromAlarm({ alarm, signalName: 'Failures' })] });
    new FailoverDashboard(stack, 'Dashboard', { failover: f });
    Annotations.fromStack(stack).hasWarning('/Service/Dashboard', Match.stringLikeRegexp(
      "signal 'Failures' of eu-west-1 is not shown: its alarm's name is not known at synth time",
    ));
    expect(body(stack).widgets.filter((w: any) => w.type === 'metric')).toEqual([]);
  });

  test('shows a failover with a dot in its name under a name CloudWatch accepts', () => {
    const app = new App();
    const f = failover(app, { failoverName: 'my.api' });
    const stack = regionStack(app, 'us-east-1');
    f.addRegion(stack, 'Failover', { loadBalancer: alb(stack) });
    const dashboard = new FailoverDashboard(stack, 'Dashboard', { failover: f });
    expect(dashboard.dashboardName).toMatch(/^my-api-[0-9a-z]{7}-failover$/);
    expect(dashboardName('my-api')).toBe('my-api-failover');
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: dashboard.dashboardName });
  });

  test('fails if the failover has no Region', () => {
    const app = new App();
    const f = failover(app);
    const stack = new Stack(app, 'Ops');
    new FailoverDashboard(stack, 'Dashboard', { failover: f });
    expect(() => app.synth()).toThrow(/FailoverDashboard 'Ops\/Dashboard': 'failover' must have at least one Region, got none in 'Api'/);
  });

  test('fails if the dashboard name has characters CloudWatch rejects', () => {
    const app = new App();
    const stack = new Stack(app, 'Ops');
    expect(() => new FailoverDashboard(stack, 'Dashboard', { failover: failover(app), dashboardName: 'api failover' })).toThrow(
      /'dashboardName' must have 1 to 255 letters, digits, '-' or '_', got: 'api failover'/,
    );
  });
});
