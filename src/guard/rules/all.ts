/** Every rule of the guard, in the order the README lists them. Not part of the public API. */
import { ALARM_CHECK_ENDPOINT_SETTINGS } from './alarm-check-endpoint-settings';
import { ALARM_DEPLOY_TIME } from './alarm-deploy-time';
import { ALARM_IDENTIFIER } from './alarm-identifier';
import { ALARM_NAME_CASE } from './alarm-name-case';
import { ALARM_REGION } from './alarm-region';
import { ALARM_SUPPORTED } from './alarm-supported';
import { ALARM_UNSEEN } from './alarm-unseen';
import { ALIAS_TTL } from './alias-ttl';
import { CALCULATED_LIMITS } from './calculated-limits';
import { CALCULATED_NESTED } from './calculated-nested';
import { LAST_KNOWN_STATUS_TRAFFIC } from './last-known-status-traffic';
import { LATENCY_DUPLICATES } from './latency-duplicates';
import { LATENCY_HEALTH } from './latency-health';
import { LATENCY_REGION } from './latency-region';
import { LATENCY_SET_IDENTIFIER } from './latency-set-identifier';
import { PARTITION } from './partition';
import { RECORD_HEALTH_CHECK_ID } from './record-health-check-id';
import { GuardRule } from './rule';
import { UNRESOLVED } from './unresolved';

export const GUARD_RULES: readonly GuardRule[] = [
  ALARM_SUPPORTED,
  ALARM_DEPLOY_TIME,
  ALARM_IDENTIFIER,
  ALARM_NAME_CASE,
  ALARM_UNSEEN,
  ALARM_REGION,
  ALARM_CHECK_ENDPOINT_SETTINGS,
  CALCULATED_LIMITS,
  CALCULATED_NESTED,
  LATENCY_SET_IDENTIFIER,
  LATENCY_REGION,
  LATENCY_HEALTH,
  LATENCY_DUPLICATES,
  PARTITION,
  RECORD_HEALTH_CHECK_ID,
  ALIAS_TTL,
  LAST_KNOWN_STATUS_TRAFFIC,
  UNRESOLVED,
];

/** Every finding id the guard can report. */
export const GUARD_RULE_IDS: readonly string[] = GUARD_RULES.flatMap(r => r.ids);
