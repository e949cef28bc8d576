/**
 * The packed library, used as a consumer uses it (`npx projen package:consumer`,
 * run by `.ci/run` after the build): a scratch CDK app installs the tarball
 * (dist/js/*.tgz) with aws-cdk-lib, constructs and the aws-cdk CLI at this
 * repository's versions, from the npm cache that `npm ci` filled
 * (`--prefer-offline`); its program is the README's Quick start as written,
 * compiled to JavaScript; the real CDK CLI synthesizes it with no credentials
 * and no lookups (the Availability Zones come from examples/cdk.context.json,
 * the same account and Regions); then the simulator runs from
 * node_modules/.bin on the assembly. Any step failing fails the check.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { quickStartSource } from './readme-quick-start';

const ROOT = path.join(__dirname, '..');

/** The version of a package installed in this repository. */
const installed = (name: string): string => JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;

/** The environment of every command: no credentials, no AWS configuration, no telemetry. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE']) {
    delete env[name];
  }
  return {
    ...env,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    CDK_DISABLE_VERSION_CHECK: 'true',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    CDK_CLI_TELEMETRY_OPT_OUT: 'true',
  };
}

function run(cwd: string, command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', env: offlineEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    console.error(`package:consumer: '${command} ${args.join(' ')}' failed in ${cwd}:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    process.exit(1);
  }
}

function tarball(): string {
  const dir = path.join(ROOT, 'dist', 'js');
  const found = fs.existsSync(dir) ? fs.readdirSync(dir).filter(f => f.endsWith('.tgz')) : [];
  if (found.length !== 1) {
    console.error(`package:consumer: expected one tarball in dist/js, found ${found.length}: run 'npx projen build' (or compile and package:js) first`);
    process.exit(1);
  }
  return path.join(dir, found[0]);
}

function main(): void {
  const started = Date.now();
  const app = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-consumer-'));
  try {
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '0.0.0' }));
    run(app, 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball(),
      `aws-cdk-lib@${installed('aws-cdk-lib')}`, `constructs@${installed('constructs')}`, `aws-cdk@${installed('aws-cdk')}`]);

    const source = quickStartSource(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
    fs.writeFileSync(path.join(app, 'app.js'), js);
    fs.writeFileSync(path.join(app, 'cdk.json'), JSON.stringify({ app: 'node app.js' }));
    fs.copyFileSync(path.join(ROOT, 'examples', 'cdk.context.json'), path.join(app, 'cdk.context.json'));

    run(app, path.join(app, 'node_modules', '.bin', 'cdk'),
      ['synth', '--quiet', '--no-lookups', '--no-notices', '--no-version-reporting', '-o', 'cdk.out']);
    const stacks = fs.readdirSync(path.join(app, 'cdk.out')).filter(f => f.endsWith('.template.json'));
    console.log(`cdk synth of the README's Quick start, from the tarball: ${stacks.length} stacks (${stacks.join(', ')})`);
    if (stacks.length === 0) {
      console.error('package:consumer: cdk synth wrote no template');
      process.exit(1);
    }

    const out = run(app, path.join(app, 'node_modules', '.bin', 'cdk-active-active-failover'),
      ['simulate', '--assembly', 'cdk.out', '--scenario', 'gray-p99', '--summary-only']);
    const moved = /DNS moved after (\d+) min/.exec(out);
    if (!moved) {
      console.error(`package:consumer: the simulator did not move users in gray-p99:\n${out}`);
      process.exit(1);
    }
    console.log(`simulator from node_modules/.bin: gray-p99 on the Quick start, DNS moved after ${moved[1]} min`);
    console.log(`package:consumer: passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    fs.rmSync(app, { recursive: true, force: true });
  }
}

main();
