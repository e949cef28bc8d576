/**
 * The AWS SDK for JavaScript v3, loaded on demand: the one module through
 * which the simulator's commands that call AWS (`history fetch`; later the
 * drill reports) get a client package. Everything else works offline.
 *
 * The SDK is no dependency of this library (not a jsii dependency, not a
 * runtime one): its client packages are development dependencies here, and a
 * user who runs such a command installs them next to the CLI. A package is
 * looked up from the CLI's own folder first, then from the current folder, and
 * a missing one is an InputError giving the exact `npm install` command.
 *
 * Clients are constructed with `{ region }` only: the SDK's standard
 * credential chain (environment, shared config and SSO profiles, container and
 * instance roles) finds the credentials.
 */
import { InputError, SimulatorErrorId } from '../inputs';

/** Loads a module by name (Node's `require`, or a stand-in in tests). */
export type ModuleLoader = (name: string) => unknown;

/** The client packages the simulator's AWS commands use. */
export const AWS_SDK_PACKAGES = {
  cloudwatch: '@aws-sdk/client-cloudwatch',
  cloudformation: '@aws-sdk/client-cloudformation',
  fis: '@aws-sdk/client-fis',
} as const;

/** The command that installs `packages` where the CLI runs. */
export function installCommand(packages: readonly string[]): string {
  return `npm install --save-dev ${packages.join(' ')}`;
}

/** Node's `require`, resolving from this package's folder, then from the current folder (a CLI run with npx). */
export const requireFromCliOrCwd: ModuleLoader = name =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(require.resolve(name, { paths: [__dirname, process.cwd()] }));

/** Where and why a package is loaded. */
export interface LoadOptions {
  /** The command that needs it, for the message (`history fetch`). */
  readonly command: string;
  /** Every package the command needs: the install command names them all. @default - the package alone */
  readonly packages?: readonly string[];
  /** @default requireFromCliOrCwd */
  readonly load?: ModuleLoader;
}

/**
 * The client package `name` (`@aws-sdk/client-cloudwatch`), loaded now.
 * Throws an InputError (AAF-SIM-AWS-SDK) with the install command when it
 * cannot be found or loaded.
 */
export function loadAwsPackage<T>(name: string, options: LoadOptions): T {
  const load = options.load ?? requireFromCliOrCwd;
  const install = installCommand(options.packages ?? [name]);
  try {
    return load(name) as T;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'MODULE_NOT_FOUND' && (e as Error).message.includes(`'${name}'`)
      ? 'which is not installed'
      : `which cannot be loaded (${code ?? (e as Error).name}: ${(e as Error).message.split('\n')[0]})`;
    throw new InputError(SimulatorErrorId.AWS_SDK, `${options.command} calls AWS with the AWS SDK for JavaScript v3 package '${name}', ${why}. `
      + 'The SDK is not a dependency of cdk-active-active-failover (only the commands that call AWS use it). '
      + `Fix: install it where you run the command: ${install}`);
  }
}

/**
 * An AWS call that failed (credentials, permissions, a throttling that
 * outlasted the retries): the command line exits with 3, and a rerun of
 * `history fetch` resumes where it stopped.
 */
export class AwsCallError extends InputError {
  constructor(detail: string) {
    super(SimulatorErrorId.AWS, detail);
    this.name = 'AwsCallError';
  }
}

/** The error's name as the SDK sets it (`ThrottlingException`, `AccessDenied`...). */
export function awsErrorName(e: unknown): string {
  return (e as { name?: string })?.name ?? 'Error';
}

/** The HTTP status of a failed SDK call, when it had one. */
export function awsHttpStatus(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

/** What to do about a failed call, by its error. */
function hint(e: unknown, action: string, command: string): string {
  const name = awsErrorName(e);
  if (/AccessDenied|UnauthorizedOperation|AuthorizationError/.test(name) || awsHttpStatus(e) === 403) {
    return ` Fix: allow ${action} to the credentials in use (the README's '${command}' section gives the read-only policy).`;
  }
  if (/CredentialsProviderError|ExpiredToken|InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch/.test(name)) {
    return ' Fix: give credentials through the standard chain (AWS_PROFILE, environment variables, aws sso login, an instance or task role).';
  }
  return '';
}

/**
 * The AwsCallError of a failed `action` (`cloudwatch:GetMetricData`) in `region`;
 * `command` names the README section with the command's policy.
 */
export function awsCallError(action: string, region: string, e: unknown, attempts = 1, command = 'history fetch'): AwsCallError {
  const message = ((e as Error)?.message ?? String(e)).replace(/\.+$/, '');
  const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
  return new AwsCallError(`${action} in ${region} failed${tries}: ${awsErrorName(e)}: ${message}.${hint(e, action, command)}`);
}

/** What a command that calls AWS takes from outside: how the SDK is loaded, the clock and the backoff's wait. Tests replace each. */
export interface AwsCommandEnvironment {
  /** How the SDK is loaded. @default requireFromCliOrCwd */
  readonly load?: ModuleLoader;
  /** @default Date.now */
  readonly now?: () => number;
  /** The backoff's wait. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}
