import { Duration } from 'aws-cdk-lib';
import { checkHoldDown } from '../../model/failback';
import { formatViolation } from '../../model/violation';

/** How a Region that its signals took out of DNS comes back. */
export enum FailbackMode {
  /** It returns as soon as its signals are healthy (after a hold-down, if one is set). */
  AUTOMATIC = 'automatic',
  /** It stays out until an operator restores it with the Region's restore command. */
  OPERATOR_CONFIRMED = 'operatorConfirmed',
}

/** Options of `FailbackPolicy.automatic`. */
export interface AutomaticFailbackOptions {
  /**
   * The least time a Region stays out of DNS once its signals take it out,
   * even if they are healthy again sooner: from 5 minutes to 24 hours, whole
   * minutes. The failback latch holds the Region's evacuation switch until
   * then (README, "Failback").
   *
   * @default - no hold-down: the Region returns as soon as its signals are healthy (no latch is created)
   */
  readonly holdDown?: Duration;
}

/**
 * What brings a Region back into DNS once its signals took it out.
 *
 * `automatic()` (the default) is Route 53's own behaviour: the Region returns
 * when its signals are healthy. `automatic({ holdDown })` and
 * `operatorConfirmed()` add a failback latch to each Region: when the Region's
 * signals alarm enters ALARM, a small Lambda function sets the Region's
 * evacuation switch (its parameter and its metric), so the Region stays out
 * for the hold-down, or until an operator runs the restore command. An
 * operator's own evacuation is never undone by the latch.
 */
export class FailbackPolicy {
  /**
   * The Region returns when its signals are healthy, after at least `holdDown`
   * out of DNS when one is given.
   *
   * @param options the hold-down, if any
   */
  public static automatic(options: AutomaticFailbackOptions = {}): FailbackPolicy {
    const holdDown = options.holdDown;
    if (holdDown !== undefined) {
      const text = holdDown.isUnresolved() ? 'a token (a deploy-time value)' : holdDown.toHumanString();
      const minutes = holdDown.isUnresolved() ? NaN : holdDown.toMinutes({ integral: false });
      const violations = checkHoldDown(minutes, text);
      if (violations.length > 0) {
        throw new Error(formatViolation('FailbackPolicy.automatic', violations[0]));
      }
    }
    return new FailbackPolicy(FailbackMode.AUTOMATIC, holdDown);
  }

  /**
   * Once its signals take a Region out of DNS, it stays out until an operator
   * restores it with the Region's restore command (stack output
   * `RestoreCommand`), even after its signals are healthy again.
   */
  public static operatorConfirmed(): FailbackPolicy {
    return new FailbackPolicy(FailbackMode.OPERATOR_CONFIRMED);
  }

  /** How the Region comes back. */
  public readonly mode: FailbackMode;

  /**
   * With `automatic`: the least time out of DNS.
   *
   * @default - none
   */
  public readonly holdDown?: Duration;

  /**
   * Use the static factories; a subclass passes its mode and hold-down.
   *
   * @param mode how the Region comes back
   * @param holdDown with `automatic`, the least time out of DNS (checked by `automatic()`, not here)
   */
  protected constructor(mode: FailbackMode, holdDown?: Duration) {
    this.mode = mode;
    this.holdDown = holdDown;
  }

  /** Whether the policy needs a failback latch in each Region. */
  public get latches(): boolean {
    return this.mode === FailbackMode.OPERATOR_CONFIRMED || this.holdDown !== undefined;
  }
}
