export * from './active-active-failover';
export * from './failover-region';
export * from './guard/route53-alarm-guard';
export * from './operations/failover-dashboard';
export * from './operations/probe';
export * from './signals/failover-signal';
export * from './strategies/metric-strategy';
