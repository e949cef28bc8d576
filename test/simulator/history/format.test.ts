import { HISTORY_FORMAT, HistoryHeader, parseHistory } from '../../../src/simulator/history/format';
import { checkIncidents } from '../../../src/simulator/history/incidents';

const header: HistoryHeader = { format: HISTORY_FORMAT, version: 1, start: '2026-11-01T00:00:00Z', minutes: 3, periodSeconds: 60, regions: ['us-east-1', 'eu-west-1'] };
const requests = (values: unknown[], more: object = {}) => ({
  region: 'us-east-1',
  namespace: 'AWS/ApplicationELB',
  metricName: 'RequestCount',
  dimensions: [{ Name: 'LoadBalancer', Value: 'app/api/1' }],
  statistic: 'Sum',
  values,
  ...more,
});
const text = (...lines: object[]) => lines.map(l => JSON.stringify(l)).join('\n');
const parse = (...lines: object[]) => parseHistory(text(...lines), 'h.jsonl');

describe('a history file', () => {
  test('reads negative values of metrics that can have them, and a start with an explicit day that exists (29 February of a leap year)', () => {
    const custom = requests([-1.5, 0, 2], { namespace: 'Custom/App', metricName: 'Balance', statistic: 'Average' });
    expect(Array.from(parse(header, custom).series[0].values)).toEqual([-1.5, 0, 2]);
    expect(parse({ ...header, start: '2028-02-29T23:59:00Z' }).header.start).toBe('2028-02-29T23:59:00Z');
  });
});

describe('a history file fails if', () => {
  test.each<[string, object[], string]>([
    ['its start is a day that does not exist (JavaScript would read 30 February as 2 March)', [{ ...header, start: '2026-02-30T00:00:00Z' }],
      'h.jsonl, line 1: \'start\' must be an ISO 8601 UTC instant on a whole minute such as "2026-11-01T00:00:00Z", got: "2026-02-30T00:00:00Z".'],
    ['its start is 24:00', [{ ...header, start: '2026-11-01T24:00:00Z' }],
      'h.jsonl, line 1: \'start\' must be an ISO 8601 UTC instant on a whole minute such as "2026-11-01T00:00:00Z", got: "2026-11-01T24:00:00Z".'],
    ['a count of the load balancer is negative', [header, requests([5, -3, 1])],
      'h.jsonl, line 2: \'values[1]\' must be 0 or more (AWS/ApplicationELB RequestCount is never negative), got: -3.'],
    ['a CPU utilization is negative', [header, requests([1, 1, -0.5], { namespace: 'AWS/ECS', metricName: 'CPUUtilization', statistic: 'Average' })],
      'h.jsonl, line 2: \'values[2]\' must be 0 or more (AWS/ECS CPUUtilization is never negative), got: -0.5.'],
    ['a SampleCount is negative, of any metric', [header, requests([-1, 1, 1], { namespace: 'Custom/App', metricName: 'Latency', statistic: 'SampleCount' })],
      'h.jsonl, line 2: \'values[0]\' must be 0 or more (a SampleCount counts datapoints), got: -1.'],
    ['a dimension is named twice', [header, requests([1, 1, 1], { dimensions: [{ Name: 'LoadBalancer', Value: 'app/a/1' }, { Name: 'LoadBalancer', Value: 'app/b/2' }] })],
      'h.jsonl, line 2: \'dimensions\' names "LoadBalancer" more than once (a metric has each dimension once), got: '
      + '[{"Name":"LoadBalancer","Value":"app/a/1"},{"Name":"LoadBalancer","Value":"app/b/2"}].'],
  ])('%s', (_, lines, message) => {
    expect(() => parse(...lines)).toThrow(`[AAF-SIM-HISTORY] ${message}`);
  });
});

describe('an incidents file', () => {
  test('reads instants with an offset, and incidents of one Region one after the other, or of two Regions at once', () => {
    const incidents = checkIncidents({
      incidents: [
        { region: 'us-east-1', start: '2026-11-01T02:00:00+02:00', end: '2026-11-01T00:01:00Z' },
        { region: 'us-east-1', start: '2026-11-01T00:01:00Z', end: '2026-11-01T00:02:00Z' },
        { region: 'eu-west-1', start: '2026-11-01T00:00:00Z', end: '2026-11-01T00:03:00Z' },
      ],
    }, header, 'i.json');
    expect(incidents.map(i => [i.region, i.startMinute, i.endMinute])).toEqual([['us-east-1', 0, 1], ['us-east-1', 1, 2], ['eu-west-1', 0, 3]]);
  });
});

describe('an incidents file fails if', () => {
  const incident = (start: string, end: string, region = 'us-east-1') => ({ region, start, end });
  test.each<[string, object[], string]>([
    ['an instant has no offset (it would be read in the machine\'s time zone)', [incident('2026-11-01T00:00:00', '2026-11-01T00:02:00Z')],
      '\'incidents[0].start\' must be an ISO 8601 instant with its offset (Z for UTC) such as "2026-11-03T14:05:00Z" or "2026-11-03T16:05:00+02:00", '
      + 'got: "2026-11-01T00:00:00".'],
    ['an instant is a day that does not exist', [incident('2026-11-01T00:00:00Z', '2026-10-31T24:02:00Z')],
      '\'incidents[0].end\' must be an ISO 8601 instant with its offset (Z for UTC) such as "2026-11-03T14:05:00Z" or "2026-11-03T16:05:00+02:00", '
      + 'got: "2026-10-31T24:02:00Z".'],
    ['two incidents of one Region overlap', [incident('2026-11-01T00:00:00Z', '2026-11-01T00:02:00Z'), incident('2026-11-01T00:01:00Z', '2026-11-01T00:03:00Z')],
      '\'incidents[1]\' (us-east-1, 2026-11-01T00:01:00Z to 2026-11-01T00:03:00Z) overlaps \'incidents[0]\' (2026-11-01T00:00:00Z to 2026-11-01T00:02:00Z): '
      + 'a departure would belong to both; merge them into one incident.'],
    ['an incident is given twice', [incident('2026-11-01T00:00:00Z', '2026-11-01T00:02:00Z'), incident('2026-11-01T00:00:00Z', '2026-11-01T00:02:00Z')],
      '\'incidents[1]\' (us-east-1, 2026-11-01T00:00:00Z to 2026-11-01T00:02:00Z) overlaps \'incidents[0]\''],
  ])('%s', (_, incidents, message) => {
    expect(() => checkIncidents({ incidents }, header, 'i.json')).toThrow(`[AAF-SIM-INCIDENTS] i.json: ${message}`);
  });
});
