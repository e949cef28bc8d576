/**
 * The CloudWatch namespaces, metric names and dimensions the library
 * publishes to, in one place: the constructs write them into alarms and IAM
 * conditions, the republisher's handler publishes to them, the simulator and
 * the operator commands read them.
 */

/** The namespace of every republished signal and mirrored alarm (metric name = signal name). */
export const REPUBLISH_NAMESPACE = 'ActiveActiveFailover';

/** The namespace of the evacuation switches (apart from republished signals, so no signal name can clash). */
export const EVACUATION_NAMESPACE = 'ActiveActiveFailover/Evacuation';

/** The name of the evacuation metric: 1 evacuates the Region, 0 restores it. */
export const EVACUATION_METRIC = 'Evacuated';

/** The dimensions of every metric the library publishes for one Region of one failover. */
export function regionDimensions(failoverName: string, region: string): Record<string, string> {
  return { Failover: failoverName, Region: region };
}

/** The metric each republisher run publishes (1) once it has done all its work; its alarm fires when it goes missing. */
export const REPUBLISHER_HEARTBEAT_METRIC = 'RepublisherHeartbeat';
