/**
 * What one signal of a Region shows on a dashboard.
 */
export interface FailoverSignalView {
  /** The signal's name. */
  readonly signalName: string;

  /**
   * The name of the alarm the signal's health check follows.
   *
   * @default - not known at synth time (the alarm has a generated name)
   */
  readonly alarmName?: string;
}

/**
 * One Region of a failover in plain values: its Region, account, names of its
 * alarms and the operator's command. A dashboard (or any tool) in another
 * stack, Region or Stage reads it instead of referencing the Region's stack.
 */
export interface FailoverRegionView {
  /** The Region's code. */
  readonly region: string;

  /**
   * The account of the Region's stack.
   *
   * @default - not known at synth time (an environment-agnostic stack)
   */
  readonly account?: string;

  /** The Region's own name, fully qualified with a trailing dot. */
  readonly regionalRecordName: string;

  /**
   * The name of the Region's health alarm.
   *
   * @default - the Region has no health alarm
   */
  readonly healthAlarmName?: string;

  /**
   * The name of the Region's evacuation switch alarm.
   *
   * @default - the Region has no evacuation switch
   */
  readonly switchAlarmName?: string;

  /**
   * The AWS CLI command that takes the Region out of DNS.
   *
   * @default - the Region has no evacuation switch
   */
  readonly evacuateCommand?: string;

  /**
   * The name of the Region's signals alarm, whose entering ALARM latches the
   * Region out of DNS.
   *
   * @default - no failback latch (the failback policy is `automatic()` without a hold-down)
   */
  readonly signalsAlarmName?: string;

  /**
   * The Region's failback policy, in words, when it latches.
   *
   * @default - no failback latch
   */
  readonly failback?: string;

  /**
   * The AWS CLI command that restores the Region (and releases the failback latch).
   *
   * @default - no failback latch
   */
  readonly restoreCommand?: string;

  /** The Region's signals, in their order. */
  readonly signals: FailoverSignalView[];
}
