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

/** The id every event error starts with. */
export const EVENT_ERROR_ID = '[AAF-REPUBLISHER-EVENT]';

const COMPARISONS: readonly Comparison[] = [
  'GreaterThanThreshold', 'GreaterThanOrEqualToThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold',
];

const FIX_REDEPLOY = 'Fix: deploy the stack again, so that the function and the input of its EventBridge rules come from '
  + 'the same version of cdk-active-active-failover; invoke the function only through those rules.';

type Fields = Record<string, unknown>;

/**
 * `event`, checked: returned as the event type the handler expects, or an
 * Error whose message starts with EVENT_ERROR_ID.
 */
export function parseEvent(event: unknown): RepublisherEvent {
  const fields = asObject(event, 'the event', 'an object with a \'kind\' (\'tick\' or \'alarmState\')');
  if (fields.kind === undefined && typeof fields['detail-type'] === 'string') {
    throw eventError(`got a raw EventBridge event (detail-type ${JSON.stringify(fields['detail-type'])}, `
      + `source ${JSON.stringify(fields.source)}), expected the input the construct sets on its rules' targets: `
      + `{"kind":"tick","version":${CONFIG_VERSION},"config":{...}} or {"kind":"alarmState",...}. `
      + 'The rule that sent it has no input (or another rule targets this function).');
  }
  if (fields.kind !== 'tick' && fields.kind !== 'alarmState') {
    throw eventError(`'kind' must be "tick" or "alarmState", got: ${show(fields.kind)} (an event with keys `
      + `${JSON.stringify(Object.keys(fields))}).`);
  }
  if (fields.version !== CONFIG_VERSION) {
    throw eventError(`'version' must be ${CONFIG_VERSION} (the configuration format this function reads), got: `
      + `${show(fields.version)} in a "${fields.kind}" event.`);
  }
  const config = asObject(fields.config, 'config', 'the republisher\'s configuration (an object)');
  text(config, 'namespace', 'config');
  if (fields.kind === 'tick') {
    checkTickConfig(config);
  } else {
    checkAlarmState(fields, config);
  }
  return event as RepublisherEvent;
}

function checkTickConfig(config: Fields): void {
  whole(config, 'windowMinutes', 'config', 1);
  if ((config.windowMinutes as number) > MAX_WINDOW_MINUTES) {
    fail('config.windowMinutes', `at most ${MAX_WINDOW_MINUTES} (a day of minutes)`, config.windowMinutes);
  }
  list(config, 'signals', 'config', checkSignal);
  list(config, 'mirrors', 'config', checkMirror);
  list(config, 'switches', 'config', (item, path) => {
    const s = asObject(item, path, 'an object');
    text(s, 'parameterName', path);
    text(s, 'namespace', path);
    metric(s.metric, `${path}.metric`);
  });
  metric(config.heartbeat, 'config.heartbeat');
}

function checkSignal(item: unknown, path: string): void {
  const signal = asObject(item, path, 'an object');
  metric(signal.metric, `${path}.metric`);
  const rule = asObject(signal.rule, `${path}.rule`, 'a verdict rule (an object)');
  const rulePath = `${path}.rule`;
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
  const queries = list(signal, 'queries', path, (query, queryPath) => text(asObject(query, queryPath, 'an object'), 'Id', queryPath));
  if (queries.length === 0) {
    fail(`${path}.queries`, 'at least one GetMetricData query', queries);
  }
  text(signal, 'valueId', path);
  if (signal.sampleId !== undefined) {
    text(signal, 'sampleId', path);
  }
  list(signal, 'presenceIds', path, (id, idPath) => {
    if (typeof id !== 'string' || id === '') {
      fail(idPath, 'a query id (a non-empty string)', id);
    }
  });
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
  list(m, 'Dimensions', path, (dimension, dimensionPath) => {
    const d = asObject(dimension, dimensionPath, 'a dimension ({"Name": ..., "Value": ...})');
    text(d, 'Name', dimensionPath);
    text(d, 'Value', dimensionPath);
  });
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

/** A received value, short enough for a log line. */
function show(value: unknown): string {
  if (value === undefined) {
    return 'nothing (the field is missing)';
  }
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 200 ? `${json.slice(0, 200)}...` : json;
}
