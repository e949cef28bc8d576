/**
 * Checks an event before the republisher acts on it: the static input of its
 * schedule (`kind: 'tick'`) or the input its alarm state-change rule builds
 * (`kind: 'alarmState'`), each with the configuration of the current format.
 * Anything else (an empty event, a raw EventBridge event, a configuration
 * written by another version of the library) fails with an error that says
 * what was received and what was expected, never with a TypeError deep in the
 * handler. Pure: no AWS calls, no CDK.
 */
import { CONFIG_VERSION, RepublisherEvent } from './config';
import { Comparison } from './verdict';
import { NAME_LIMITS } from '../names';
import { parseStatistic } from '../statistic';

/** The id every event error starts with. */
export const EVENT_ERROR_ID = '[AAF-REPUBLISHER-EVENT]';

const COMPARISONS: readonly Comparison[] = [
  'GreaterThanThreshold', 'GreaterThanOrEqualToThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold',
];

const FIX_REDEPLOY = 'Fix: deploy the stack again, so that the function and the input of its EventBridge rules come from '
  + 'the same version of cdk-active-active-failover; invoke the function only through those rules.';

type Fields = Record<string, unknown>;

/**
 * CloudWatch's limits a configuration must keep: past any of them, the call
 * that carries it fails every run (CloudWatch API Reference: PutMetricData,
 * GetMetricData, Dimension, MetricStat). Checked here so a bad configuration
 * fails once, by name, instead of each minute at AWS.
 */
export const CLOUDWATCH_LIMITS = {
  /** Dimensions of one metric. */
  dimensions: 30,
  dimensionName: 255,
  dimensionValue: NAME_LIMITS.dimensionValue,
  metricName: NAME_LIMITS.metricName,
  namespace: 255,
  /**
   * MetricDataQuery structures in one GetMetricData call. The handler reads
   * every signal in ONE call (buildQueries: all signals' queries, no
   * batching), so the limit is on the configuration's queries in all.
   */
  metricDataQueries: 500,
} as const;

/** Periods below a minute CloudWatch allows (high-resolution metrics); any other must be a multiple of 60. */
const HIGH_RESOLUTION_PERIODS: readonly number[] = [1, 5, 10, 30];

/** The namespaces PutMetricData refuses: AWS's own. */
const RESERVED_NAMESPACE_PREFIX = 'AWS/';

/**
 * `event`, checked: returned as the event type the handler expects, or an
 * Error whose message starts with EVENT_ERROR_ID.
 */
export function parseEvent(event: unknown): RepublisherEvent {
  const fields = asObject(event, 'the event', 'an object with a \'kind\' (\'tick\' or \'alarmState\')');
  checkSize(fields);
  if (fields.kind === undefined && typeof fields['detail-type'] === 'string') {
    throw eventError(`got a raw EventBridge event (detail-type ${JSON.stringify(fields['detail-type'])}, `
      + `source ${JSON.stringify(fields.source)}), expected the input the construct sets on its rules' targets: `
      + `{"kind":"tick","version":${CONFIG_VERSION},"config":{...}} or {"kind":"alarmState",...}. `
      + 'The rule that sent it has no input (or another rule targets this function).');
  }
  if (fields.kind !== 'tick' && fields.kind !== 'alarmState') {
    throw eventError(`'kind' must be "tick" or "alarmState", got: ${show(fields.kind)} (an event with keys `
      + `${show(Object.keys(fields))}).`);
  }
  if (fields.version !== CONFIG_VERSION) {
    throw eventError(`'version' must be ${CONFIG_VERSION} (the configuration format this function reads), got: `
      + `${show(fields.version)} in a "${fields.kind}" event.`);
  }
  const config = asObject(fields.config, 'config', 'the republisher\'s configuration (an object)');
  publishedNamespace(config, 'config');
  if (fields.kind === 'tick') {
    checkTickConfig(config);
  } else {
    checkAlarmState(fields, config);
  }
  return event as RepublisherEvent;
}

/**
 * The republisher's events are at most 8,192 characters (EventBridge's limit on
 * a target's input, which the construct checks), plus what an input
 * transformer fills in; an asynchronous invocation carries at most 256 KB. A
 * larger or deeply nested event is not one of them: reject it before reading it.
 */
export const MAX_EVENT_CHARACTERS = 262_144;

function checkSize(fields: Fields): void {
  let length: number;
  try {
    length = JSON.stringify(fields).length;
  } catch {
    throw eventError('got an event too deeply nested (or circular) to be read as JSON, expected the input the construct sets on its rules\' '
      + `targets (at most ${MAX_EVENT_CHARACTERS} characters of JSON).`);
  }
  if (length > MAX_EVENT_CHARACTERS) {
    throw eventError(`the event must be at most ${MAX_EVENT_CHARACTERS} characters of JSON (EventBridge passes at most 8,192 to a `
      + `target, an asynchronous invocation at most 256 KB), got: ${length} characters (keys ${show(Object.keys(fields))}).`);
  }
}

function checkTickConfig(config: Fields): void {
  whole(config, 'windowMinutes', 'config', 1);
  if ((config.windowMinutes as number) > MAX_WINDOW_MINUTES) {
    fail('config.windowMinutes', `at most ${MAX_WINDOW_MINUTES} (a day of minutes)`, config.windowMinutes);
  }
  const signals = list(config, 'signals', 'config', checkSignal);
  checkQueryCount(signals as Fields[]);
  checkQueryIds(signals as Fields[]);
  signals.forEach((signal, i) => checkRuleFits((signal as Fields).rule as Fields, config.windowMinutes as number, `config.signals[${i}].rule`));
  list(config, 'mirrors', 'config', checkMirror);
  list(config, 'switches', 'config', (item, path) => {
    const s = asObject(item, path, 'an object');
    text(s, 'parameterName', path);
    publishedNamespace(s, path);
    metric(s.metric, `${path}.metric`);
  });
  metric(config.heartbeat, 'config.heartbeat');
}

function checkSignal(item: unknown, path: string): void {
  const signal = asObject(item, path, 'an object');
  metric(signal.metric, `${path}.metric`);
  checkRule(signal.rule, `${path}.rule`);
  const queries = list(signal, 'queries', path, checkQuery);
  if (queries.length === 0) {
    fail(`${path}.queries`, 'at least one GetMetricData query', queries);
  }
  // The ids the verdict reads must be the signal's own: another id reads no data, and the verdict would stay 0.
  const ids = (queries as Fields[]).map(q => q.Id);
  const own = `one of the signal's query ids (${ids.join(', ')})`;
  text(signal, 'valueId', path);
  if (!ids.includes(signal.valueId)) {
    fail(`${path}.valueId`, own, signal.valueId);
  }
  if (signal.sampleId !== undefined) {
    text(signal, 'sampleId', path);
    if (!ids.includes(signal.sampleId)) {
      fail(`${path}.sampleId`, own, signal.sampleId);
    }
  }
  list(signal, 'presenceIds', path, (id, idPath) => {
    if (typeof id !== 'string' || !ids.includes(id)) {
      fail(idPath, own, id);
    }
  });
}

function checkRule(value: unknown, rulePath: string): void {
  const rule = asObject(value, rulePath, 'a verdict rule (an object)');
  finite(rule, 'threshold', rulePath);
  finite(rule, 'recoveryThreshold', rulePath);
  if (!COMPARISONS.includes(rule.comparison as Comparison)) {
    fail(`${rulePath}.comparison`, `one of ${COMPARISONS.join(', ')}`, rule.comparison);
  }
  whole(rule, 'datapointsToAlarm', rulePath, 1);
  whole(rule, 'evaluationPeriods', rulePath, 1);
  whole(rule, 'recoveryPeriods', rulePath, 1);
  if ((rule.datapointsToAlarm as number) > (rule.evaluationPeriods as number)) {
    fail(`${rulePath}.datapointsToAlarm`, `at most evaluationPeriods (${rule.evaluationPeriods})`, rule.datapointsToAlarm);
  }
  whole(rule, 'recoverySettleMinutes', rulePath, 0);
}

/** GetMetricData's rule for a query id: a lower-case letter, then letters, digits and '_'. */
const QUERY_ID = /^[a-z][a-zA-Z0-9_]{0,254}$/;

/** A GetMetricData query, as the API takes it: its SDK would fail on other shapes with a TypeError. */
function checkQuery(item: unknown, path: string): void {
  const query = asObject(item, path, 'a GetMetricData query (an object)');
  if (typeof query.Id !== 'string' || !QUERY_ID.test(query.Id)) {
    fail(`${path}.Id`, 'a GetMetricData id (a lower-case letter, then letters, digits and \'_\')', query.Id);
  }
  if (typeof query.ReturnData !== 'boolean') {
    fail(`${path}.ReturnData`, 'true or false', query.ReturnData);
  }
  if ((query.Expression === undefined) === (query.MetricStat === undefined)) {
    fail(path, 'a query with either an \'Expression\' or a \'MetricStat\'', query);
  }
  if (query.Period !== undefined) {
    period(query, path);
  }
  if (query.Expression !== undefined) {
    text(query, 'Expression', path);
    return;
  }
  const stat = asObject(query.MetricStat, `${path}.MetricStat`, 'a metric and its statistic (an object)');
  const metricPath = `${path}.MetricStat.Metric`;
  const queried = asObject(stat.Metric, metricPath, 'a metric (an object)');
  text(queried, 'Namespace', metricPath);
  shortText(queried, 'Namespace', metricPath, CLOUDWATCH_LIMITS.namespace);
  metric(stat.Metric, metricPath);
  period(stat, `${path}.MetricStat`);
  text(stat, 'Stat', `${path}.MetricStat`);
  // The library's one statistic grammar (aws-cdk-lib's): what it refuses, GetMetricData refuses too.
  if (parseStatistic(stat.Stat as string) === undefined) {
    fail(`${path}.MetricStat.Stat`, 'a CloudWatch statistic (Average, Minimum, Maximum, Sum, SampleCount, pNN, tmNN, wmNN, tcNN, tsNN, IQM, '
      + 'or TM/WM/TC/TS/PR(a:b))', stat.Stat);
  }
}

/** A period GetMetricData takes: 60 seconds or a multiple, or a high-resolution 1, 5, 10 or 30. */
function period(fields: Fields, path: string): void {
  whole(fields, 'Period', path, 1);
  const seconds = fields.Period as number;
  if (seconds % 60 !== 0 && !HIGH_RESOLUTION_PERIODS.includes(seconds)) {
    fail(join(path, 'Period'), `60 seconds or a multiple of 60 (or, for high-resolution metrics, ${HIGH_RESOLUTION_PERIODS.join(', ')})`, seconds);
  }
}

/** All signals' queries go in one GetMetricData call, which takes at most 500. */
function checkQueryCount(signals: Fields[]): void {
  const count = signals.reduce((n, signal) => n + (signal.queries as unknown[]).length, 0);
  if (count > CLOUDWATCH_LIMITS.metricDataQueries) {
    throw eventError(`'config.signals' must have at most ${CLOUDWATCH_LIMITS.metricDataQueries} GetMetricData queries in all (the handler reads `
      + `every signal in one GetMetricData call, which takes at most ${CLOUDWATCH_LIMITS.metricDataQueries}), got: ${count} queries in `
      + `${signals.length} signals.`);
  }
}

/** A namespace the republisher publishes to with PutMetricData: not AWS's own, at most 255 characters. */
function publishedNamespace(fields: Fields, path: string): void {
  text(fields, 'namespace', path);
  shortText(fields, 'namespace', path, CLOUDWATCH_LIMITS.namespace);
  if ((fields.namespace as string).startsWith(RESERVED_NAMESPACE_PREFIX)) {
    fail(join(path, 'namespace'), `a namespace of your own (PutMetricData refuses those starting with '${RESERVED_NAMESPACE_PREFIX}', AWS's own)`,
      fields.namespace);
  }
}

/** Query ids are unique across the whole configuration: its signals share one GetMetricData call. */
function checkQueryIds(signals: Fields[]): void {
  const seen = new Map<string, string>();
  signals.forEach((signal, i) => (signal.queries as Fields[]).forEach((query, j) => {
    const path = `config.signals[${i}].queries[${j}].Id`;
    const first = seen.get(query.Id as string);
    if (first !== undefined) {
      fail(path, `unique in the configuration (its signals share one GetMetricData call; '${first}' has it too)`, query.Id);
    }
    seen.set(query.Id as string, path);
  }));
}

/** A rule's minutes fit in the window a run reads: a longer rule could never trip (or recover). */
function checkRuleFits(rule: Fields, windowMinutes: number, rulePath: string): void {
  for (const key of ['evaluationPeriods', 'recoveryPeriods', 'recoverySettleMinutes']) {
    if ((rule[key] as number) > windowMinutes) {
      fail(`${rulePath}.${key}`, `at most config.windowMinutes (${windowMinutes}, the minutes a run reads)`, rule[key]);
    }
  }
}

function checkMirror(item: unknown, path: string): void {
  const mirror = asObject(item, path, 'an object');
  text(mirror, 'alarmName', path);
  metric(mirror.metric, `${path}.metric`);
  if (mirror.insufficientDataValue !== 0 && mirror.insufficientDataValue !== 1) {
    fail(`${path}.insufficientDataValue`, '0 or 1', mirror.insufficientDataValue);
  }
}

/** An alarm state change: the alarm, its state, a timestamp and at least one mirror. */
function checkAlarmState(fields: Fields, config: Fields): void {
  if (typeof fields.time !== 'string' || Number.isNaN(Date.parse(fields.time))) {
    fail('time', 'an ISO 8601 timestamp (the state change\'s time)', fields.time);
  }
  text(fields, 'alarmName', 'the event');
  text(fields, 'state', 'the event');
  const mirrors = list(config, 'mirrors', 'config', checkMirror);
  if (mirrors.length === 0) {
    fail('config.mirrors', 'at least one mirrored alarm in an "alarmState" event', mirrors);
  }
}

function metric(value: unknown, path: string): void {
  const m = asObject(value, path, 'a metric ({"MetricName": ..., "Dimensions": [...]})');
  text(m, 'MetricName', path);
  shortText(m, 'MetricName', path, CLOUDWATCH_LIMITS.metricName);
  const dimensions = list(m, 'Dimensions', path, (dimension, dimensionPath) => {
    const d = asObject(dimension, dimensionPath, 'a dimension ({"Name": ..., "Value": ...})');
    text(d, 'Name', dimensionPath);
    shortText(d, 'Name', dimensionPath, CLOUDWATCH_LIMITS.dimensionName);
    text(d, 'Value', dimensionPath);
    shortText(d, 'Value', dimensionPath, CLOUDWATCH_LIMITS.dimensionValue);
  });
  if (dimensions.length > CLOUDWATCH_LIMITS.dimensions) {
    throw eventError(`'${path}.Dimensions' must have at most ${CLOUDWATCH_LIMITS.dimensions} dimensions (CloudWatch's limit per metric), `
      + `got: ${dimensions.length} dimensions.`);
  }
}

/** A string (already checked non-empty) of at most `max` characters, CloudWatch's limit for the field. */
function shortText(fields: Fields, key: string, path: string, max: number): void {
  const value = fields[key] as string;
  if (value.length > max) {
    throw eventError(`'${join(path, key)}' must be at most ${max} characters (CloudWatch's limit), got: ${value.length} characters `
      + `(${show(value)}).`);
  }
}

function asObject(value: unknown, path: string, expected: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path, expected, value);
  }
  return value as Fields;
}

function text(fields: Fields, key: string, path: string): void {
  if (typeof fields[key] !== 'string' || fields[key] === '') {
    fail(join(path, key), 'a non-empty string', fields[key]);
  }
}

/** The longest window a run reads. */
const MAX_WINDOW_MINUTES = 1440;

function whole(fields: Fields, key: string, path: string, min: number): void {
  const value = fields[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    fail(join(path, key), `a whole number of at least ${min}`, value);
  }
}

function finite(fields: Fields, key: string, path: string): void {
  if (typeof fields[key] !== 'number' || !Number.isFinite(fields[key])) {
    fail(join(path, key), 'a finite number', fields[key]);
  }
}

function list(fields: Fields, key: string, path: string, check: (item: unknown, itemPath: string) => void): unknown[] {
  const value = fields[key];
  if (!Array.isArray(value)) {
    fail(join(path, key), 'an array', value);
  }
  value.forEach((item, i) => check(item, `${join(path, key)}[${i}]`));
  return value;
}

function join(path: string, key: string): string {
  return path === 'the event' ? key : `${path}.${key}`;
}

function fail(path: string, expected: string, got: unknown): never {
  throw eventError(`'${path}' must be ${expected}, got: ${show(got)}.`);
}

function eventError(what: string): Error {
  return new Error(`[AAF-REPUBLISHER-EVENT] ${what} ${FIX_REDEPLOY}`);
}

/** A received value, short enough for a log line (whatever it is: deep, circular or huge). */
export function show(value: unknown): string {
  if (value === undefined) {
    return 'nothing (the field is missing)';
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return String(value); // JSON would say null
  }
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    // Too deeply nested (RangeError), circular, or a BigInt: say what it is rather than fail on it.
    json = Array.isArray(value) ? 'an array too deeply nested to show' : `a ${typeof value} that cannot be shown as JSON`;
  }
  return json.length > 200 ? `${json.slice(0, 200)}...` : json;
}
