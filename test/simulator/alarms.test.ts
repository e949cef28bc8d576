import { cpuAlarm, regionStack } from './templates';
import { Alarms } from '../../src/simulator/alarms';
import { MetricStore } from '../../src/simulator/cloudwatch';
import { MetricQueries } from '../../src/simulator/metric-queries';
import { producedKeys } from '../../src/simulator/produced-metrics';
import { readTopology } from '../../src/simulator/topology';

const R1 = 'us-east-1';

/** The alarms of one Region whose health check follows `alarm`, and the warnings. */
function alarmsOf(alarm: Record<string, unknown>) {
  const topology = readTopology([regionStack(R1, { alarm })]);
  const warnings: string[] = [];
  const queries = new MetricQueries(new MetricStore(), warnings);
  return { alarms: new Alarms(topology, queries, producedKeys([R1], topology), warnings), queries, warnings, id: topology.alarms[0].id };
}

describe('the alarms the simulation evaluates', () => {
  test('an expression it cannot compute has no data, with one warning whoever reads it', () => {
    const search = 'SEARCH(\'{AWS/EC2} CPUUtilization\', \'Average\', 60)';
    const { alarms, queries, warnings, id } = alarmsOf({ ...cpuAlarm(), Namespace: undefined, Metrics: [{ Id: 's', Expression: search }] });
    expect(alarms.model(id)?.value(0, 5)).toBeUndefined();
    expect(queries.expression(search, 'republished signal X in us-east-1')).toBeUndefined();
    expect(warnings.filter(w => w.includes('SEARCH'))).toEqual([
      `alarm alarm-${R1} (${R1}): cannot model metric math "${search}": function SEARCH() is not modelled (supported: IF, FILL, ABS, MIN, MAX); `
      + 'it has no data.',
    ]);
  });

  test('a comparison it does not model: a warning, and no model (it never alarms)', () => {
    const { alarms, warnings, id } = alarmsOf({ ...cpuAlarm(), ComparisonOperator: 'LessThanLowerOrGreaterThanUpperThreshold' });
    expect(alarms.model(id)).toBeUndefined();
    expect(warnings).toEqual([`alarm alarm-${R1} (${R1}) compares with LessThanLowerOrGreaterThanUpperThreshold, which the simulator does not model: it never alarms.`]);
  });

  test('CloudWatch\'s state, minute by minute, of a modelled alarm; none of an alarm not modelled', () => {
    const { alarms } = alarmsOf(cpuAlarm());
    expect(alarms.state(R1, `alarm-${R1}`)).toBeUndefined();
    alarms.evaluate(3, { extraRangePeriods: 3 });
    expect(alarms.state(R1, `alarm-${R1}`)).toBe('INSUFFICIENT_DATA');
    expect(alarms.state(R1, 'other')).toBeUndefined();
  });
});
