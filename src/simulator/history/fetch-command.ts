/**
 * The command line of `history fetch` (docs/calibration.md, "Fetching"):
 *
 *   cdk-active-active-failover history fetch --assembly cdk.out --days 14 --out history.jsonl.gz
 */
import { fetchHistory, FetchEnvironment } from './fetch';
import { checkDays, ONE_MINUTE_RETENTION_DAYS } from './fetch-plan';
import { COMMAND, EXIT_CODES, HELP, OptionSpec, optionsHelp, outputFile, parseOptions, requireOptions } from '../cli-options';

/** The days fetched when `--days` is not given. */
export const DEFAULT_FETCH_DAYS = 14;

const FETCH_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'assembly': { type: 'string', value: '<dir>', help: 'the cloud assembly of the deployed app (a cdk.out folder); required' },
  'days': {
    type: 'string',
    value: `<1-${ONE_MINUTE_RETENTION_DAYS}>`,
    help: `whole days of minutes, ending at the current minute (default: ${DEFAULT_FETCH_DAYS})`,
    check: values => checkDays(values[0]),
  },
  'out': { type: 'string', value: '<file>', help: 'the history file, gzip-compressed when it ends in .gz (default: history.jsonl.gz)' },
  'dimensions': { type: 'string', value: '<file.json>', help: 'deployed values of dimension tokens (default: read from the deployed alarms, then stacks)' },
  'record-name': { type: 'string', value: '<name>', help: 'the failover\'s name (default: the latency-routed name with the most Regions)' },
  'yes': { type: 'boolean', help: 'start without the cost prompt (required when standard input is not a terminal)' },
  'help': HELP,
};

/** The usage of `history fetch`. */
export const FETCH_USAGE = `Usage: ${COMMAND} history fetch --assembly <dir> [options]

Reads the failover's source metrics (every metric and statistic its alarms and republished signals read,
and each Region's RequestCount and, where its records evaluate target health, HealthyHostCount) from CloudWatch in each of its Regions, one value per minute, with
GetMetricData and the AWS SDK's standard credentials, and writes them as a history file for backtest
and calibrate. Needs the AWS SDK for JavaScript v3 clients (@aws-sdk/client-cloudwatch,
@aws-sdk/client-cloudformation) and read-only permissions (README, "history fetch").

Options:
${optionsHelp(FETCH_OPTIONS)}

CloudWatch keeps 1-minute datapoints for ${ONE_MINUTE_RETENTION_DAYS} days (then 5-minute ones for 63 days): --days is 1 to ${ONE_MINUTE_RETENTION_DAYS}.
Dimension tokens of the templates (a load balancer's full name, a service's name) are resolved from
--dimensions, a JSON object {"<stack>/<logicalId>[.<attribute>]": "<deployed value>"}, then from the
deployed alarms (cloudwatch:DescribeAlarms), then from the stacks (cloudformation:DescribeStackResources).
Before it starts it prints the GetMetricData cost and asks to continue (--yes skips the question).
Completed chunks are kept in <out>.partial: a rerun with the same options resumes from it.

${EXIT_CODES}`;

/**
 * Runs `history fetch` with `args` (after `history fetch`); returns the exit
 * code. `env` replaces AWS, the clock and the terminal (tests).
 */
export async function historyFetchCommand(args: string[], print: (line: string) => void, printError: (line: string) => void,
  env: FetchEnvironment = {}): Promise<number> {
  const options = parseOptions(args, FETCH_OPTIONS, FETCH_USAGE);
  if (options.has('help')) {
    print(FETCH_USAGE);
    return 0;
  }
  requireOptions(options, ['assembly'], FETCH_USAGE);
  const out = outputFile('out', (options.get('out') ?? 'history.jsonl.gz') as string, 'history.jsonl.gz');
  await fetchHistory({
    assembly: options.get('assembly') as string,
    days: options.has('days') ? checkDays(options.get('days') as string) : DEFAULT_FETCH_DAYS,
    out,
    dimensionsFile: options.get('dimensions') as string | undefined,
    recordName: options.get('record-name') as string | undefined,
    yes: options.has('yes'),
  }, { print, warn: printError, ...env });
  return 0;
}
