/**
 * Checks the shape of a GetMetricData response before the republisher uses its
 * data. The SDK's types promise a list of results, each with as many
 * Timestamps as Values; a response that breaks that promise (a proxy in front
 * of CloudWatch, an SDK bug) must fail the run with an id, neither with a
 * TypeError nor read as "no data", which would publish a healthy verdict.
 * Pure: no AWS calls, no CDK.
 */
import { show } from './event';
import { ReadWindow } from './logic';

/** A GetMetricData response, checked. */
export interface MetricDataResponseCheck {
  /** What makes the response unusable (the run fails); empty when it can be read. */
  readonly problems: string[];
  /** Datapoints left out, and why: values that are not finite, timestamps that are not a minute of the window. */
  readonly warnings: string[];
}

/** At most this many problems are reported: one shows what is wrong, a thousand would flood the log line. */
const MAX_PROBLEMS = 5;

type Fields = Record<string, unknown>;

/** Checks `response`, one page of GetMetricData for `window`. */
export function checkMetricDataResponse(response: unknown, window: ReadWindow): MetricDataResponseCheck {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (!isObject(response)) {
    return { problems: [`the response must be an object, got: ${show(response)}`], warnings };
  }
  if (response.NextToken !== undefined && typeof response.NextToken !== 'string') {
    problems.push(`'NextToken' must be a string, got: ${show(response.NextToken)}`);
  }
  checkMessages(response.Messages, 'Messages', problems);
  const results = response.MetricDataResults;
  if (!Array.isArray(results)) {
    problems.push(`'MetricDataResults' must be a list, got: ${show(results)}`);
    return { problems, warnings };
  }
  const minutes = new Set(window.minutes);
  results.forEach((result, i) => checkResult(result, `MetricDataResults[${i}]`, minutes, problems, warnings));
  return { problems: problems.slice(0, MAX_PROBLEMS), warnings };
}

function checkResult(result: unknown, path: string, minutes: Set<number>, problems: string[], warnings: string[]): void {
  if (!isObject(result)) {
    problems.push(`'${path}' must be an object, got: ${show(result)}`);
    return;
  }
  if (typeof result.Id !== 'string' || result.Id === '') {
    problems.push(`'${path}.Id' must be a query id, got: ${show(result.Id)}`);
  }
  if (result.StatusCode !== undefined && typeof result.StatusCode !== 'string') {
    problems.push(`'${path}.StatusCode' must be a string, got: ${show(result.StatusCode)}`);
  }
  checkMessages(result.Messages, `${path}.Messages`, problems);
  const timestamps = result.Timestamps ?? [];
  const values = result.Values ?? [];
  if (!Array.isArray(timestamps) || !Array.isArray(values)) {
    problems.push(`'${path}.Timestamps' and '${path}.Values' must be lists, got: ${show(result.Timestamps)} and ${show(result.Values)}`);
    return;
  }
  if (timestamps.length !== values.length) {
    // Values are paired with timestamps by position: with a different count, no pair can be trusted.
    problems.push(`'${path}' must have as many Timestamps as Values, got: ${timestamps.length} Timestamps and ${values.length} Values`);
    return;
  }
  const badTime = timestamps.findIndex(t => !Number.isFinite(timeOf(t)));
  const badValue = values.findIndex(v => typeof v !== 'number');
  if (badTime >= 0) {
    problems.push(`'${path}.Timestamps[${badTime}]' must be a time, got: ${show(timestamps[badTime])}`);
  }
  if (badValue >= 0) {
    problems.push(`'${path}.Values[${badValue}]' must be a number, got: ${show(values[badValue])}`);
  }
  if (badTime >= 0 || badValue >= 0) {
    return;
  }
  const notFinite = values.filter(v => !Number.isFinite(v)).length;
  const outside = timestamps.filter(t => !minutes.has(timeOf(t))).length;
  if (notFinite > 0) {
    warnings.push(`${result.Id}: ${notFinite} value(s) not finite (NaN or Infinity), left out`);
  }
  if (outside > 0) {
    warnings.push(`${result.Id}: ${outside} timestamp(s) not the start of a minute of the window, left out`);
  }
}

function checkMessages(messages: unknown, path: string, problems: string[]): void {
  if (messages !== undefined && (!Array.isArray(messages) || !messages.every(isObject))) {
    problems.push(`'${path}' must be a list of messages ({"Code": ..., "Value": ...}), got: ${show(messages)}`);
  }
}

/** Epoch milliseconds of a timestamp as the SDK returns it (a Date), or NaN. */
function timeOf(t: unknown): number {
  return t instanceof Date || typeof t === 'string' || typeof t === 'number' ? new Date(t).getTime() : NaN;
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
