/**
 * The rules of the failover's CloudWatch dashboard settings.
 *
 * Source: CloudWatch dashboard body structure ("start": an ISO 8601 duration
 * before now); CloudWatch keeps metrics 15 months (455 days).
 */
import { RuleViolation, unless } from './violation';

/** The shortest interval: the signals' metrics have one datapoint a minute. */
export const MIN_DASHBOARD_INTERVAL_SECONDS = 60;
/** The longest interval: CloudWatch keeps metrics 15 months; an older start shows nothing more. */
export const MAX_DASHBOARD_INTERVAL_SECONDS = 455 * 86_400;

/** The dashboard's default time range, in seconds: from 1 minute to 455 days. */
export function checkDashboardInterval(seconds: number): RuleViolation[] {
  return unless(seconds >= MIN_DASHBOARD_INTERVAL_SECONDS && seconds <= MAX_DASHBOARD_INTERVAL_SECONDS, {
    ruleId: 'AAF-DASHBOARD-INTERVAL',
    property: 'defaultInterval',
    value: `${seconds} seconds`,
    problem: `must be from ${MIN_DASHBOARD_INTERVAL_SECONDS} seconds (the metrics have a datapoint a minute; 0 shows nothing) `
      + 'to 455 days (CloudWatch keeps metrics 15 months)',
    fix: 'leave it unset (3 hours) or pass a duration in that range, such as Duration.hours(3)',
  });
}
