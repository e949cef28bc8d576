import { LATENCY_REGIONS } from '../../src/model/regions';
import {
  checkCalculatedHealthCheck, checkHealthCheckQuota, checkLatencyRegion, checkRecordInZone, checkSetIdentifier,
  qualifyRecordName, RecordRuleId,
} from '../../src/model/route53-record-rules';
import { formatViolation } from '../../src/model/violation';

describe('latency Regions', () => {
  test.each(['us-east-1', 'eu-central-1', 'ap-southeast-2', 'ap-southeast-7', 'mx-central-1', 'eusc-de-east-1'])('accepts %s', region => {
    expect(checkLatencyRegion('region', region)).toEqual([]);
  });

  test.each(['us-east-3', 'eu-central-9', 'moon-1', 'US-EAST-1'])('fails if the Region is %s', region => {
    const [v] = checkLatencyRegion('region', region);
    expect(v).toMatchObject({ ruleId: RecordRuleId.LATENCY_REGION, property: 'region', value: `'${region}'` });
  });

  test('lists the 39 Regions of the Route 53 API', () => {
    expect(LATENCY_REGIONS).toHaveLength(39);
    expect(new Set(LATENCY_REGIONS).size).toBe(39);
  });
});

describe('set identifiers', () => {
  test('accepts 1 to 128 characters', () => {
    expect(checkSetIdentifier('setIdentifier', 'a')).toEqual([]);
    expect(checkSetIdentifier('setIdentifier', 'a'.repeat(128))).toEqual([]);
  });

  test('fails if the set identifier has 129 characters', () => {
    const [v] = checkSetIdentifier('setIdentifier', 'a'.repeat(129));
    expect(v.ruleId).toBe(RecordRuleId.SET_IDENTIFIER);
    expect(v.value).toMatch(/\(129 characters\)$/);
  });

  test('fails if the set identifier is empty', () => {
    expect(checkSetIdentifier('setIdentifier', '').map(v => v.ruleId)).toEqual([RecordRuleId.SET_IDENTIFIER]);
  });
});

describe('record names', () => {
  test.each([
    [undefined, 'example.com.'],
    ['', 'example.com.'],
    ['@', 'example.com.'],
    ['api', 'api.example.com.'],
    ['API', 'api.example.com.'],
    ['api.example.com', 'api.example.com.'],
    ['api.example.com.', 'api.example.com.'],
    ['example.com.', 'example.com.'],
    ['*.api', '*.api.example.com.'],
  ])('qualifies %s as %s', (name, fqdn) => {
    expect(qualifyRecordName(name, 'Example.com.')).toBe(fqdn);
    expect(checkRecordInZone('recordName', fqdn, 'example.com')).toEqual([]);
  });

  test('fails if a fully qualified name is outside the zone', () => {
    const fqdn = qualifyRecordName('api.example.org.', 'example.com');
    const [v] = checkRecordInZone('recordName', fqdn, 'example.com');
    expect(v).toMatchObject({ ruleId: RecordRuleId.RECORD_NAME, value: "'api.example.org.'" });
  });

  test('fails if the name only ends like the zone', () => {
    expect(checkRecordInZone('recordName', 'notexample.com.', 'example.com').map(v => v.ruleId)).toEqual([RecordRuleId.RECORD_NAME]);
  });
});

describe('calculated health checks', () => {
  test('accepts up to 255 children and a threshold within them', () => {
    expect(checkCalculatedHealthCheck('signals', 255, 'minHealthySignals', 255)).toEqual([]);
    expect(checkCalculatedHealthCheck('signals', 3, 'minHealthySignals', 1)).toEqual([]);
  });

  test('fails if there are more than 255 children', () => {
    expect(checkCalculatedHealthCheck('signals', 256, 'minHealthySignals', 256).map(v => v.ruleId))
      .toEqual([RecordRuleId.CALCULATED_CHILDREN]);
  });

  test('a minimum threshold can be required', () => {
    expect(checkCalculatedHealthCheck('signals', 3, 'minHealthySignals', 0)).toEqual([]);
    const [v] = checkCalculatedHealthCheck('signals', 3, 'minHealthySignals', 0, 1);
    expect(v.problem).toBe('must be a whole number from 1 to the number of child health checks (3)');
  });

  test.each([-1, 4, 1.5])('fails if the threshold is %s with 3 children', threshold => {
    const [v] = checkCalculatedHealthCheck('signals', 3, 'minHealthySignals', threshold);
    expect(v).toMatchObject({ ruleId: RecordRuleId.HEALTH_THRESHOLD, property: 'minHealthySignals', value: `${threshold}` });
  });
});

describe('health-check quota', () => {
  test('accepts up to the quota', () => {
    expect(checkHealthCheckQuota('healthCheckQuota', 200, 200)).toEqual([]);
  });

  test('reports the count over the quota', () => {
    const [v] = checkHealthCheckQuota('healthCheckQuota', 201, 200);
    expect(formatViolation('Failover', v)).toBe(
      "[AAF-HEALTHCHECK-QUOTA] Failover: 'healthCheckQuota' exceeds the account quota of 200 active health checks "
      + "(Route 53's default is 200), counting none created outside this failover, got: 201 health checks. "
      + 'Fix: request a higher Route 53 health-check quota (and set healthCheckQuota to it), or use fewer signals per Region.',
    );
  });
});
