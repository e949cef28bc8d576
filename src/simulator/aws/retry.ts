/**
 * Throttled AWS calls, retried: exponential backoff with full jitter (a delay
 * drawn between 0 and base x 2^attempt, capped), up to a retry limit. The SDK
 * retries a throttled call a few times itself; this layer outlasts a longer
 * throttling of a long fetch. The sleep and the draw are injectable, so tests
 * assert the backoff without waiting.
 */
import { awsErrorName, awsHttpStatus } from './sdk';

/** How to back off. */
export interface RetryOptions {
  /** Waits `ms` milliseconds. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) for the jitter. @default Math.random */
  readonly random?: () => number;
  /** Retries after the first attempt. @default 8 */
  readonly retries?: number;
  /** The first delay's ceiling, in milliseconds. @default 1000 */
  readonly baseMs?: number;
  /** The longest delay, in milliseconds. @default 30000 */
  readonly capMs?: number;
  /** Told before each wait (for a note on the progress line). @default - nothing */
  readonly onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
}

/** The names AWS gives throttling errors (CloudWatch's query protocol says `Throttling`). */
const THROTTLING_NAMES = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown']);

/** Whether an SDK error means "too many requests, try later". */
export function isThrottling(e: unknown): boolean {
  const status = awsHttpStatus(e);
  return THROTTLING_NAMES.has(awsErrorName(e)) || status === 429 || (status === 503 && /Throttl|SlowDown/i.test(`${awsErrorName(e)} ${(e as Error)?.message}`));
}

/** A failure that outlasted the retries: the last error and how many attempts were made. */
export class RetriesExhausted extends Error {
  constructor(public readonly last: unknown, public readonly attempts: number) {
    super(`gave up after ${attempts} attempts: ${(last as Error)?.message ?? String(last)}`);
    this.name = 'RetriesExhausted';
  }
}

/** The delay before retry `attempt` (0 for the first retry). */
export function backoffDelay(attempt: number, random: () => number, baseMs = 1000, capMs = 30000): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

const realSleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * `call()`'s result; a throttled call is retried after a backoff. Any other
 * error is thrown as is; throttling beyond the retries throws RetriesExhausted.
 */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retries = options.retries ?? 8;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!isThrottling(e)) {
        throw e;
      }
      if (attempt >= retries) {
        throw new RetriesExhausted(e, attempt + 1);
      }
      const delay = backoffDelay(attempt, options.random ?? Math.random, options.baseMs, options.capMs);
      options.onRetry?.(attempt + 1, delay, e);
      await (options.sleep ?? realSleep)(delay);
    }
  }
}
