export * from './active-active-failover';
export * from './failover-region';
export * from './signals/failover-signal';
export * from './strategies/metric-strategy';
