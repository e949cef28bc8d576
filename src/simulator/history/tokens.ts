/**
 * The deployed values of the dimension tokens of a failover's source metrics
 * (a load balancer's full name, a service's name), which the templates hold
 * as `Ref` and `Fn::GetAtt`. In order, the first that knows a token wins:
 *
 * 1. the user's dimensions file (`--dimensions`): a JSON object from a token,
 *    `<stack>/<logicalId>` for a `Ref` or `<stack>/<logicalId>.<attribute>`
 *    for a `Fn::GetAtt`, to its deployed value;
 * 2. the deployed alarms (`cloudwatch:DescribeAlarms`, by the templates'
 *    alarm names): an alarm whose template dimension is the token holds its
 *    value in the same dimension;
 * 3. the deployed stacks (`cloudformation:DescribeStackResources`, one call
 *    per resource): a `Ref` is the physical id; an attribute is derived from
 *    it where its form is documented (DERIVED_ATTRIBUTES).
 *
 * A failed lookup (a stack not deployed, a permission missing) is kept as a
 * note for the message of a token that stays unresolved.
 */
import { SeriesKey } from './format';
import { DimensionRef, SourceMetric, sourceDimension } from './sources';
import type { AwsReader, DeployedAlarm } from '../aws/reader';
import { AwsCallError } from '../aws/sdk';
import { StackTemplate } from '../dns';
import { InputError, isObject, parseJsonText, readTextFile, SimulatorErrorId } from '../inputs';
import { AlarmDefinition, Topology } from '../topology';

/** A token's name: `<stack>/<logicalId>` (a `Ref`) or `<stack>/<logicalId>.<attribute>` (a `Fn::GetAtt`). */
export function tokenKey(ref: DimensionRef): string {
  return `${ref.stackName}/${ref.logicalId}${ref.attribute === undefined ? '' : `.${ref.attribute}`}`;
}

/** The tokens the sources' dimensions hold, in order. */
export function sourceTokens(sources: readonly SourceMetric[]): DimensionRef[] {
  const found = new Map<string, DimensionRef>();
  for (const d of sources.flatMap(s => s.dimensions)) {
    if (d.ref && !found.has(tokenKey(d.ref))) {
      found.set(tokenKey(d.ref), d.ref);
    }
  }
  return [...found.values()];
}

/**
 * Attributes derived from a resource's physical id, by resource type: the
 * forms CloudWatch's dimensions take (the ALB's `app/<name>/<id>`, the target
 * group's `targetgroup/<name>/<id>`, the service's name).
 */
const DERIVED_ATTRIBUTES: Record<string, Record<string, (physicalId: string) => string | undefined>> = {
  'AWS::ElasticLoadBalancingV2::LoadBalancer': { LoadBalancerFullName: id => /:loadbalancer\/(.+)$/.exec(id)?.[1] },
  'AWS::ElasticLoadBalancingV2::TargetGroup': { TargetGroupFullName: id => /:(targetgroup\/.+)$/.exec(id)?.[1] },
  'AWS::ECS::Service': { Name: id => (id.startsWith('arn:') ? id.slice(id.lastIndexOf('/') + 1) : undefined) },
};

/** Reads a dimensions file: token -> deployed value, every token one of `known`. */
export function readDimensionsFile(file: string, known: readonly DimensionRef[]): Map<string, string> {
  const what = `--dimensions: the dimensions file '${file}'`;
  let text: string;
  try {
    text = readTextFile(file, what);
  } catch (e) {
    throw e instanceof InputError ? new InputError(SimulatorErrorId.HISTORY_DIMENSIONS, e.detail) : e;
  }
  return parseDimensions(text, what, known);
}

/** A dimensions file's text, checked; `what` names it in errors. */
export function parseDimensions(text: string, what: string, known: readonly DimensionRef[]): Map<string, string> {
  let raw: unknown;
  try {
    raw = parseJsonText(text, what);
  } catch (e) {
    throw e instanceof InputError ? new InputError(SimulatorErrorId.HISTORY_DIMENSIONS, e.detail) : e;
  }
  const example = '{"ApiService-us-east-1/LoadBalancerBE9EEC3A.LoadBalancerFullName": "app/api/50dc6c495c0c9188"}';
  if (!isObject(raw)) {
    throw new InputError(SimulatorErrorId.HISTORY_DIMENSIONS, `${what} must be a JSON object from a token to its deployed value, such as ${example}, `
      + `got: ${JSON.stringify(raw)?.slice(0, 80)}.`);
  }
  const keys = new Set(known.map(tokenKey));
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(raw)) {
    if (!keys.has(key)) {
      throw new InputError(SimulatorErrorId.HISTORY_DIMENSIONS, `${what}: '${key}' is not a token of the failover's source metrics `
        + `(its tokens: ${[...keys].join(', ') || 'none'}).`);
    }
    if (typeof value !== 'string' || value.trim() === '' || value.length > 1024) {
      throw new InputError(SimulatorErrorId.HISTORY_DIMENSIONS, `${what}: the value of '${key}' must be the dimension's deployed value as text `
        + `(1 to 1,024 characters), got: ${JSON.stringify(value)?.slice(0, 80)}.`);
    }
    values.set(key, value);
  }
  return values;
}

/** What resolution needs. */
export interface TokenContext {
  readonly topology: Topology;
  readonly stacks: readonly StackTemplate[];
  readonly sources: readonly SourceMetric[];
  /** From the dimensions file. @default - none */
  readonly given?: ReadonlyMap<string, string>;
  readonly aws: AwsReader;
}

/** The resolved tokens and the lookups that failed. */
export interface ResolvedTokens {
  readonly values: Map<string, string>;
  /** How each token was resolved: token -> 'dimensions file' | 'alarm <name>' | 'stack <name>'. */
  readonly origins: Map<string, string>;
  readonly notes: string[];
}

/** Resolves every token of the sources: the file, then the alarms, then the stacks. */
export async function resolveTokens(context: TokenContext): Promise<ResolvedTokens> {
  const tokens = sourceTokens(context.sources);
  const result: ResolvedTokens = { values: new Map(), origins: new Map(), notes: [] };
  for (const [key, value] of context.given ?? []) {
    result.values.set(key, value);
    result.origins.set(key, 'dimensions file');
  }
  const missing = () => tokens.filter(t => !result.values.has(tokenKey(t)));
  if (missing().length > 0) {
    await fromAlarms(context, new Set(missing().map(tokenKey)), result);
  }
  if (missing().length > 0) {
    await fromStacks(context, missing(), result);
  }
  return result;
}

/** A template alarm's token dimensions: (query id or '', dimension name, token). */
function alarmTokens(alarm: AlarmDefinition, logicalIds: ReadonlySet<string> | undefined): { query: string; name: string; key: string }[] {
  const stackName = alarm.id.slice(0, alarm.id.lastIndexOf('/'));
  const p = alarm.properties;
  const sets: [string, unknown][] = Array.isArray(p.Metrics)
    ? p.Metrics.map((q: any) => [String(q?.Id), q?.MetricStat?.Metric?.Dimensions])
    : [['', p.Dimensions]];
  return sets.flatMap(([query, dims]) => (Array.isArray(dims) ? dims : []).flatMap(d => {
    const dim = sourceDimension(d, stackName, logicalIds);
    return dim.ref ? [{ query, name: dim.Name, key: tokenKey(dim.ref) }] : [];
  }));
}

/** The value of dimension `name` of query `query` ('' for a single-metric alarm) of a deployed alarm. */
function deployedDimension(alarm: DeployedAlarm, query: string, name: string): string | undefined {
  const dims = query === '' ? alarm.Dimensions : alarm.Metrics?.find(m => m.Id === query)?.MetricStat?.Metric?.Dimensions;
  const value = dims?.find(d => d.Name === name)?.Value;
  return value === undefined || value === '' ? undefined : value;
}

async function fromAlarms(context: TokenContext, wanted: ReadonlySet<string>, result: ResolvedTokens): Promise<void> {
  const logicalIds = new Map(context.stacks.map(s => [s.stackName, new Set(Object.keys(s.template.Resources ?? {}))]));
  const byRegion = new Map<string, { alarm: AlarmDefinition; tokens: ReturnType<typeof alarmTokens> }[]>();
  const regions = new Set(context.sources.map(s => s.region));
  for (const alarm of context.topology.alarms) {
    const stackName = alarm.id.slice(0, alarm.id.lastIndexOf('/'));
    const tokens = alarmTokens(alarm, logicalIds.get(stackName)).filter(t => wanted.has(t.key));
    // Only alarms named in the template can be asked for by name.
    if (tokens.length > 0 && typeof alarm.properties.AlarmName === 'string' && regions.has(alarm.region)) {
      byRegion.set(alarm.region, [...byRegion.get(alarm.region) ?? [], { alarm, tokens }]);
    }
  }
  for (const [region, alarms] of byRegion) {
    for (let i = 0; i < alarms.length; i += 100) {
      const batch = alarms.slice(i, i + 100);
      const deployed = await lookup(result, () => context.aws.describeAlarms(region, batch.map(a => a.alarm.name)));
      for (const { alarm, tokens } of batch) {
        const found = deployed?.find(d => d.AlarmName === alarm.name);
        for (const t of found ? tokens : []) {
          const value = deployedDimension(found!, t.query, t.name);
          if (value !== undefined && !result.values.has(t.key)) {
            result.values.set(t.key, value);
            result.origins.set(t.key, `alarm ${alarm.name}`);
          }
        }
      }
    }
  }
}

async function fromStacks(context: TokenContext, tokens: readonly DimensionRef[], result: ResolvedTokens): Promise<void> {
  const stacks = new Map(context.stacks.map(s => [s.stackName, s]));
  const resources = new Map<string, Promise<{ PhysicalResourceId?: string; ResourceType?: string } | undefined>>();
  for (const ref of tokens) {
    const stack = stacks.get(ref.stackName);
    if (stack === undefined) {
      continue;
    }
    const id = `${ref.stackName}/${ref.logicalId}`;
    if (!resources.has(id)) {
      resources.set(id, lookup(result, () => context.aws.describeStackResource(stack.region, stack.deployedName ?? stack.stackName, ref.logicalId)));
    }
    const resource = await resources.get(id)!;
    const physicalId = resource?.PhysicalResourceId;
    if (physicalId === undefined || physicalId === '') {
      continue;
    }
    const derive = ref.attribute === undefined ? () => physicalId : DERIVED_ATTRIBUTES[resource?.ResourceType ?? '']?.[ref.attribute];
    const value = derive?.(physicalId);
    if (value !== undefined && value !== '') {
      result.values.set(tokenKey(ref), value);
      result.origins.set(tokenKey(ref), `stack ${stack.deployedName ?? stack.stackName}`);
    } else {
      result.notes.push(`${tokenKey(ref)}: the deployed ${resource?.ResourceType ?? 'resource'} '${physicalId}' does not give its ${ref.attribute}.`);
    }
  }
}

/** The call's result; an AwsCallError becomes a note (resolution goes on with the next source). */
async function lookup<T>(result: ResolvedTokens, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof AwsCallError) {
      result.notes.push(e.detail);
      return undefined;
    }
    throw e;
  }
}

/**
 * The sources as series with their tokens replaced by the deployed values.
 * Throws AAF-SIM-HISTORY-DIMENSIONS naming the first unresolved token, its
 * stack and the fix.
 */
export function resolvedSeries(sources: readonly SourceMetric[], resolved: ResolvedTokens): SeriesKey[] {
  const unresolved = sourceTokens(sources).filter(t => !resolved.values.has(tokenKey(t)));
  if (unresolved.length > 0) {
    const first = unresolved[0];
    const user = sources.find(s => s.dimensions.some(d => d.ref && tokenKey(d.ref) === tokenKey(first)))!;
    const notes = resolved.notes.length === 0 ? '' : ` Lookups that failed: ${resolved.notes.join(' ')}`;
    throw new InputError(SimulatorErrorId.HISTORY_DIMENSIONS, `the dimension token '${tokenKey(first)}' (stack '${first.stackName}', `
      + `${first.attribute === undefined ? `Ref ${first.logicalId}` : `Fn::GetAtt ${first.logicalId}.${first.attribute}`}, read by ${user.metricName} in `
      + `${user.region}) cannot be resolved from the deployed alarms or stack${unresolved.length > 1 ? ` (nor ${unresolved.length - 1} more)` : ''}.${notes} `
      + `Fix: give its deployed value in a dimensions file (--dimensions dims.json): {"${tokenKey(first)}": "..."}.`);
  }
  return sources.map(s => ({
    region: s.region,
    namespace: s.namespace,
    metricName: s.metricName,
    dimensions: s.dimensions.map(d => ({ Name: d.Name, Value: d.ref ? resolved.values.get(tokenKey(d.ref))! : d.Value })),
    statistic: s.statistic,
  }));
}
