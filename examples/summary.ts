import * as fs from 'fs';
import * as path from 'path';

/** One Route 53 record set of a stack. */
export interface RecordSummary {
  readonly logicalId: string;
  readonly name: string;
  readonly type: string;
  /** The latency Region; undefined for records without latency routing. */
  readonly region?: string;
  readonly setIdentifier?: string;
  /** AliasTarget.EvaluateTargetHealth; undefined for non-alias records. */
  readonly evaluateTargetHealth?: boolean;
  readonly hasHealthCheck: boolean;
  /** The alias target: another record's name, or 'load balancer'. */
  readonly aliasTo?: string;
}

/** One Route 53 health check of a stack. */
export interface HealthCheckSummary {
  readonly logicalId: string;
  /** The Name tag, if any. */
  readonly name?: string;
  readonly type: string;
  /** CLOUDWATCH_METRIC: the alarm's name, when the template resolves it. */
  readonly alarmName?: string;
  /** CLOUDWATCH_METRIC: the alarm's Region. */
  readonly alarmRegion?: string;
  /** CLOUDWATCH_METRIC: InsufficientDataHealthStatus. */
  readonly insufficientDataHealthStatus?: string;
  /** CALCULATED: HealthThreshold. */
  readonly healthThreshold?: number;
  /** CALCULATED: the number of child health checks. */
  readonly childCount?: number;
  /** HTTP/HTTPS: what is requested, as 'name:port/path'. */
  readonly endpoint?: string;
}

/** One CloudWatch alarm of a stack. */
export interface AlarmSummary {
  readonly logicalId: string;
  readonly alarmName: string;
  readonly namespace?: string;
  /** The metric name, 'metric math' for alarms on `Metrics`, or 'composite' for composite alarms. */
  readonly metric: string;
  readonly statistic?: string;
  readonly periodSeconds?: number;
  readonly threshold?: number;
  readonly comparisonOperator?: string;
  readonly evaluationPeriods?: number;
  readonly datapointsToAlarm?: number;
  readonly treatMissingData?: string;
}

/** A warning (or error) annotation from the manifest. */
export interface AnnotationSummary {
  readonly level: 'warning' | 'error';
  readonly path: string;
  readonly message: string;
}

/** What one stack of the assembly contains. */
export interface StackSummary {
  readonly artifactId: string;
  readonly stackName: string;
  readonly account?: string;
  readonly region?: string;
  readonly resourceCount: number;
  readonly records: RecordSummary[];
  readonly healthChecks: HealthCheckSummary[];
  readonly alarms: AlarmSummary[];
  /** The names of the stack's CloudWatch dashboards. */
  readonly dashboards: string[];
  readonly annotations: AnnotationSummary[];
}

/** What a cloud assembly contains, stack by stack, in manifest order. */
export interface AssemblySummary {
  readonly directory: string;
  readonly stacks: StackSummary[];
}

type Json = any;

/**
 * Reads a synthesized cloud assembly (manifest.json and the stacks'
 * templates) and describes its stacks. Nested assemblies (Stages) are
 * included, their stacks following in manifest order.
 */
export function summarizeAssemblyData(dir: string): AssemblySummary {
  return { directory: dir, stacks: readStacks(dir) };
}

/**
 * A short human-readable summary of a synthesized cloud assembly: per stack,
 * its Region, latency records, health checks, alarms, resource count and
 * warnings.
 */
export function summarizeAssembly(dir: string): string {
  const data = summarizeAssemblyData(dir);
  const lines: string[] = [`Cloud assembly ${data.directory}: ${data.stacks.length} stack(s)`];
  for (const stack of data.stacks) {
    lines.push('');
    lines.push(`Stack ${stack.stackName} (account ${stack.account ?? '?'}, region ${stack.region ?? '?'}): ${stack.resourceCount} resources`);

    const latency = stack.records.filter(r => r.region !== undefined);
    lines.push(`  Latency records: ${latency.length}${stack.records.length > latency.length ? ` (+${stack.records.length - latency.length} other)` : ''}`);
    for (const r of latency) {
      lines.push(`    ${r.type.padEnd(4)} ${r.name}  region=${r.region}  set=${r.setIdentifier ?? '-'}`
        + `  alias=${r.aliasTo ?? '-'}  evaluateTargetHealth=${r.evaluateTargetHealth ?? '-'}  healthCheck=${r.hasHealthCheck ? 'yes' : 'no'}`);
    }

    lines.push(`  Health checks: ${stack.healthChecks.length}`);
    for (const h of stack.healthChecks) {
      const label = h.name ?? h.logicalId;
      if (h.type === 'CALCULATED') {
        lines.push(`    CALCULATED         ${label}  healthy when ${h.healthThreshold ?? '?'} of ${h.childCount ?? 0} children are healthy`);
      } else if (h.type === 'CLOUDWATCH_METRIC') {
        lines.push(`    CLOUDWATCH_METRIC  ${label}  alarm=${h.alarmName ?? '?'}${h.alarmRegion ? `@${h.alarmRegion}` : ''}`
          + `  insufficientData=${h.insufficientDataHealthStatus ?? '-'}`);
      } else {
        lines.push(`    ${h.type.padEnd(18)} ${label}${h.endpoint ? `  ${h.endpoint}` : ''}`);
      }
    }

    lines.push(`  Alarms: ${stack.alarms.length}`);
    for (const a of stack.alarms.filter(x => x.metric === 'composite')) {
      lines.push(`    ${a.alarmName}: composite`);
    }
    for (const a of stack.alarms.filter(x => x.metric !== 'composite')) {
      const metric = a.namespace ? `${a.namespace}/${a.metric}` : a.metric;
      const period = a.periodSeconds !== undefined ? `${a.periodSeconds}s` : '-';
      const datapoints = a.datapointsToAlarm !== undefined ? `${a.datapointsToAlarm}/` : '';
      lines.push(`    ${a.alarmName}: ${metric} ${a.statistic ?? '-'} ${period}, ${operatorSymbol(a.comparisonOperator)} ${a.threshold ?? '-'}`
        + ` for ${datapoints}${a.evaluationPeriods ?? '?'} periods, missing data: ${a.treatMissingData ?? 'missing'}`);
    }

    if (stack.dashboards.length > 0) {
      lines.push(`  Dashboards: ${stack.dashboards.join(', ')}`);
    }

    const warnings = stack.annotations;
    lines.push(`  Warnings: ${warnings.length === 0 ? 'none' : warnings.length}`);
    for (const w of warnings) {
      lines.push(`    [${w.level}] ${w.path}: ${w.message}`);
    }
  }

  const total = (f: (s: StackSummary) => number) => data.stacks.reduce((sum, s) => sum + f(s), 0);
  lines.push('');
  lines.push(`Total: ${total(s => s.resourceCount)} resources, ${total(s => s.records.length)} records, `
    + `${total(s => s.healthChecks.length)} health checks, ${total(s => s.alarms.length)} alarms, `
    + `${total(s => s.annotations.length)} warnings`);
  return lines.join('\n');
}

/** The stacks of the assembly in `dir`, and of its nested assemblies. */
function readStacks(dir: string): StackSummary[] {
  const manifest: Json = readJson(path.join(dir, 'manifest.json'));
  const stacks: StackSummary[] = [];
  for (const [artifactId, artifact] of Object.entries<Json>(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack') {
      stacks.push(summarizeStack(dir, artifactId, artifact));
    } else if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      stacks.push(...readStacks(path.join(dir, artifact.properties.directoryName)));
    }
  }
  return stacks;
}

function summarizeStack(dir: string, artifactId: string, artifact: Json): StackSummary {
  const template: Json = readJson(path.join(dir, artifact.properties.templateFile));
  const resources: Record<string, Json> = template.Resources ?? {};
  const env = /^aws:\/\/([^/]+)\/(.+)$/.exec(artifact.environment ?? '');
  const known = (v: string | undefined) => (v === undefined || v.startsWith('unknown-') ? undefined : v);

  const records: RecordSummary[] = [];
  const healthChecks: HealthCheckSummary[] = [];
  const alarms: AlarmSummary[] = [];
  const dashboards: string[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    const p: Json = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::Route53::RecordSet':
        records.push({
          logicalId,
          name: show(p.Name),
          type: show(p.Type),
          region: p.Region === undefined ? undefined : show(p.Region),
          setIdentifier: p.SetIdentifier === undefined ? undefined : show(p.SetIdentifier),
          evaluateTargetHealth: p.AliasTarget?.EvaluateTargetHealth,
          hasHealthCheck: p.HealthCheckId !== undefined,
          aliasTo: p.AliasTarget === undefined ? undefined
            : (typeof p.AliasTarget.DNSName === 'string' ? p.AliasTarget.DNSName : 'load balancer'),
        });
        break;
      case 'AWS::Route53::HealthCheck': {
        const c: Json = p.HealthCheckConfig ?? {};
        const nameTag = (p.HealthCheckTags ?? []).find((t: Json) => t.Key === 'Name');
        healthChecks.push({
          logicalId,
          name: nameTag ? show(nameTag.Value) : undefined,
          type: show(c.Type),
          alarmName: c.AlarmIdentifier ? resolveAlarmName(c.AlarmIdentifier.Name, resources) : undefined,
          alarmRegion: c.AlarmIdentifier ? show(c.AlarmIdentifier.Region) : undefined,
          insufficientDataHealthStatus: c.InsufficientDataHealthStatus,
          healthThreshold: c.HealthThreshold,
          childCount: Array.isArray(c.ChildHealthChecks) ? c.ChildHealthChecks.length : undefined,
          endpoint: c.FullyQualifiedDomainName === undefined ? undefined
            : `${show(c.FullyQualifiedDomainName)}:${c.Port ?? '-'}${c.ResourcePath ?? ''} every ${c.RequestInterval ?? 30}s`,
        });
        break;
      }
      case 'AWS::CloudWatch::Alarm':
        alarms.push({
          logicalId,
          alarmName: p.AlarmName === undefined ? logicalId : show(p.AlarmName),
          namespace: p.Namespace,
          metric: p.MetricName !== undefined ? show(p.MetricName) : (p.Metrics ? `metric math (${p.Metrics.length} queries)` : '?'),
          statistic: p.Statistic ?? p.ExtendedStatistic,
          periodSeconds: p.Period,
          threshold: p.Threshold,
          comparisonOperator: p.ComparisonOperator,
          evaluationPeriods: p.EvaluationPeriods,
          datapointsToAlarm: p.DatapointsToAlarm,
          treatMissingData: p.TreatMissingData,
        });
        break;
      case 'AWS::CloudWatch::CompositeAlarm':
        alarms.push({ logicalId, alarmName: p.AlarmName === undefined ? logicalId : show(p.AlarmName), metric: 'composite' });
        break;
      case 'AWS::CloudWatch::Dashboard':
        dashboards.push(p.DashboardName === undefined ? logicalId : show(p.DashboardName));
        break;
      default:
        break;
    }
  }

  return {
    artifactId,
    stackName: artifact.properties.stackName ?? artifact.displayName ?? artifactId,
    account: known(env?.[1]),
    region: known(env?.[2]),
    resourceCount: Object.keys(resources).length,
    records,
    healthChecks,
    alarms,
    dashboards,
    annotations: readAnnotations(artifact.metadata ?? {}),
  };
}

/** Warning and error annotations of an artifact's metadata, by construct path. */
function readAnnotations(metadata: Record<string, Json[]>): AnnotationSummary[] {
  const result: AnnotationSummary[] = [];
  for (const [constructPath, entries] of Object.entries(metadata)) {
    for (const entry of entries) {
      if (entry.type === 'aws:cdk:warning' || entry.type === 'aws:cdk:error') {
        result.push({
          level: entry.type === 'aws:cdk:warning' ? 'warning' : 'error',
          path: constructPath,
          message: typeof entry.data === 'string' ? entry.data : JSON.stringify(entry.data),
        });
      }
    }
  }
  return result;
}

/** The alarm's name: a literal, or the AlarmName of the alarm a `Ref` points to. */
function resolveAlarmName(value: Json, resources: Record<string, Json>): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  const target = value?.Ref !== undefined ? resources[value.Ref] : undefined;
  if (target?.Type === 'AWS::CloudWatch::Alarm' && typeof target.Properties?.AlarmName === 'string') {
    return target.Properties.AlarmName;
  }
  return undefined;
}

/** A template value as text; intrinsics are abbreviated. */
function show(value: Json): string {
  if (value === undefined || value === null) {
    return '-';
  }
  if (typeof value !== 'object') {
    return String(value);
  }
  if (value.Ref !== undefined) {
    return `{Ref ${value.Ref}}`;
  }
  if (Array.isArray(value['Fn::GetAtt'])) {
    return `{GetAtt ${value['Fn::GetAtt'].join('.')}}`;
  }
  return `{${Object.keys(value).join(',')}}`;
}

function operatorSymbol(operator: string | undefined): string {
  switch (operator) {
    case 'GreaterThanThreshold': return '>';
    case 'GreaterThanOrEqualToThreshold': return '>=';
    case 'LessThanThreshold': return '<';
    case 'LessThanOrEqualToThreshold': return '<=';
    default: return operator ?? '?';
  }
}

function readJson(file: string): Json {
  return JSON.parse(fs.readFileSync(file, 'utf-8'));
}
