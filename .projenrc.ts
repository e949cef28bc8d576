import { awscdk, javascript } from 'projen';

/**
 * Minimum aws-cdk-lib this library supports. It must have the route53
 * `HealthCheck` L2 construct, `region` (latency routing) and `healthCheck`
 * on record sets. The dev dependency is pinned to this exact version so the
 * tests run against the oldest version users may have.
 */
const MIN_CDK_VERSION = '2.173.0';

/**
 * Newest aws-cdk-lib the construct tests run against (`test:cdk-newest`, in
 * `.ci/run`), with the newest `constructs` its peer dependency accepts. They
 * are installed outside the lock file; `npx projen cdk-newest:bump` moves
 * both to the latest release on npm (and the README's tested range with them).
 */
const MAX_TESTED_CDK_VERSION = '2.276.0';
const MAX_TESTED_CONSTRUCTS_VERSION = '10.8.1';

// projen's lambdaOptions.bundlingOptions is typed BundlingOptions (externals,
// sourcemap, watchTask) but is spread into Bundler.addBundle(), which reads
// every AddBundleOptions field: minify and mainFields reach esbuild.
// mainFields 'module' first picks the AWS SDK v3's ES module builds, which
// esbuild tree-shakes (1.7 MB -> 0.4 MB with minify). The handler relies on
// no function or class name, so keepNames is not needed.
const REPUBLISHER_BUNDLING: Partial<javascript.AddBundleOptions> = {
  externals: [],
  sourcemap: false,
  minify: true,
  mainFields: ['module', 'main'],
};

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-active-active-failover',
  description:
    'Active-active multi-Region failover for AWS CDK: latency-routed Route 53 records whose health follows your service\'s own signals (latency, 5xx, connection errors, CPU).',
  author: 'cdk-active-active-failover maintainers',
  authorAddress: 'maintainers@users.noreply.example.com',
  repositoryUrl: 'https://github.com/cdk-active-active-failover/cdk-active-active-failover.git',
  keywords: ['aws-cdk', 'awscdk', 'cdk', 'constructs', 'route53', 'failover', 'multi-region', 'active-active', 'cloudwatch', 'health-check'],
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  cdkVersion: MIN_CDK_VERSION,
  constructsVersion: '10.0.5',
  jsiiVersion: '~6.0.0',
  sampleCode: false,

  // Lambda handlers (src/**/*.lambda.ts) are bundled by esbuild with their AWS
  // SDK v3 clients (dev dependencies), so the deployed code never depends on
  // the SDK version of the Lambda runtime.
  lambdaOptions: {
    runtime: awscdk.LambdaRuntime.NODEJS_22_X,
    bundlingOptions: REPUBLISHER_BUNDLING,
  },
  // The bundles are part of `compile` (below), not of `pre-compile`, so
  // `compile && package:js` cannot pack a library without its Lambda code.
  bundlerOptions: { runBundleTask: javascript.RunBundleTask.MANUAL },
  devDeps: [
    // The AWS SDK v3 clients: bundled into the Lambda handlers, and loaded on
    // demand by the CLI's `history fetch` (src/simulator/aws/sdk.ts), never a
    // dependency of the library (users install them to fetch a history).
    '@aws-sdk/client-cloudformation',
    '@aws-sdk/client-cloudwatch',
    '@aws-sdk/client-fis',
    '@aws-sdk/client-ssm',
    '@types/aws-lambda',
    'aws-sdk-client-mock',
    'cdk-nag@2.36.50',
    // Integration test app (test/integ.*.ts); the last alpha whose peer
    // dependency accepts the pinned aws-cdk-lib.
    '@aws-cdk/integ-tests-alpha@2.168.0-alpha.0',
    // The CDK CLI, pinned: `synth:cli` synthesizes the example apps with it, offline.
    'aws-cdk@2.1148.1',
    // The CloudFormation resource specification, read offline by the drill tests
    // (AWS::FIS::ExperimentTemplate and AWS::ECS::TaskDefinition property names and types).
    '@aws-cdk/aws-service-spec@0.1.216',
    // Validates the generated GitHub workflows offline (.ci/run, one file per call).
    '@action-validator/cli@0.6.0',
  ],

  // GitHub workflows as projen generates them for construct libraries: build
  // (pull requests), release (every push to main: bump from conventional
  // commits, changelog, publish to npm, PyPI, Maven Central, NuGet and Go),
  // upgrade and pull-request title lint. `.ci/run` validates them offline and
  // runs the bump; the secrets they name are listed in the README, never here.
  github: true,
  githubOptions: { mergify: false },
  release: true,
  workflowNodeVersion: '20.x',

  // Top-level development tsconfig (tests, examples, projenrc).
  tsconfigDevFile: 'tsconfig.dev.json',
  // No inline source maps in the package: measured, they were 62 % of lib/
  // and half of the tarball (980,158 -> 505,394 bytes without them), and every
  // error the library throws names its rule, so a stack trace into lib/*.js
  // is not how a user finds the cause.
  tsconfig: { compilerOptions: { inlineSourceMap: false, inlineSources: false } },
  tsconfigDev: {
    compilerOptions: {},
    include: ['examples/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts', '.projenrc.ts'],
  },

  // jsii targets: the jsii compile validates the API for every language.
  // Only the JavaScript package is built on these machines (see `package` below).
  publishToPypi: {
    distName: 'cdk-active-active-failover',
    module: 'cdk_active_active_failover',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkactiveactivefailover',
    mavenGroupId: 'io.github.cdk-active-active-failover',
    mavenArtifactId: 'cdk-active-active-failover',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkActiveActiveFailover',
    packageId: 'CdkActiveActiveFailover',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-active-active-failover/cdk-active-active-failover-go',
  },

  jestOptions: {
    // A changed snapshot must fail the build: never pass --updateSnapshot.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    // A run that finds no test must fail, not pass.
    passWithNoTests: false,
    jestConfig: {
      coverageThreshold: {
        statements: 90, branches: 85, functions: 90, lines: 90,
      },
      collectCoverageFrom: ['src/**/*.ts'],
    },
  },

  eslintOptions: {
    // Lint every file against the top-level dev tsconfig (src, test, examples).
    projectService: false,
    tsconfigPath: './tsconfig.dev.json',
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'tools', 'projenrc', '.projenrc.ts'],
  },

  gitignore: [
    'cdk.out/', '*.tsbuildinfo', '/simulation/', '/.jsii.tabl.json',
    // integ-runner's snapshot of a real run holds the tester's hosted zone (docs/integration-test.md).
    '*.ts.snapshot/',
  ],
});

// unrs-resolver (used by the eslint import resolver) 1.13.0 lists platform
// bindings the npm registry does not serve for every platform; npm then leaves
// them out of package-lock.json and `npm ci` rejects the lock file. 1.12.2 has
// them all.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// The layers (docs/architecture.md), enforced by the linter: the model knows
// nothing of the CDK or of the rest of the library; the simulator and the
// Lambda handlers use only the model (and the simulator its own modules).
// A layer is only as pure as its imports, helpers included.
const CDK_PACKAGES = {
  paths: [
    { name: 'aws-cdk-lib', message: 'This layer must not load the CDK (docs/architecture.md, "Layers").' },
    { name: 'constructs', message: 'This layer must not load the CDK (docs/architecture.md, "Layers").' },
  ],
  patterns: [{ group: ['aws-cdk-lib/*'], message: 'This layer must not load the CDK (docs/architecture.md, "Layers").' }],
};
project.eslint!.addOverride({
  files: ['src/model/**/*.ts', 'src/simulator/**/*.ts', 'src/**/*.lambda.ts'],
  rules: { 'no-restricted-imports': ['error', CDK_PACKAGES] },
});
project.eslint!.addRules({
  'import/no-restricted-paths': ['error', {
    zones: [
      { target: './src/model', from: './src', except: ['./model'], message: 'The model imports only the model.' },
      { target: './src/simulator', from: './src', except: ['./model', './simulator'], message: 'The simulator imports only the model.' },
      { target: './src/**/*.lambda.ts', from: './src', except: ['./model'], message: 'A Lambda handler imports only the model.' },
    ],
  }],
});
// Small files and functions, so later work cannot grow them back.
project.eslint!.addOverride({
  files: ['src/**/*.ts'],
  rules: {
    'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
    'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
  },
});

// Node 20 runs here; jsii's end-of-life banner would drown the build output.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// `package` builds only the JavaScript package, with or without CI set: the
// Python, Java, .NET and Go packages need toolchains and registries that are
// not reachable here. A release machine runs `npx projen package-all`.
const packageTask = project.tasks.tryFind('package')!;
packageTask.reset();
packageTask.spawn(project.tasks.tryFind('package:js')!);
// The tarball must hold what users run: `package:js` fails when it lacks a
// Lambda bundle, the CLI, a built-in scenario, the scenario schema or
// docs/simulator.md (or ships sources, tests or examples).
project.tasks.tryFind('package:js')!.spawn(project.addTask('package:verify', {
  description: 'Fail if dist/js/*.tgz lacks a Lambda bundle, the CLI, a built-in scenario, the schema or docs/simulator.md',
  exec: 'ts-node --project tsconfig.dev.json tools/check-package.ts dist/js',
}));
// What can be checked here is checked: jsii-pacmak generates the sources of
// the other four packages (with the README examples translated by
// rosetta:extract), without compiling or packaging them.
packageTask.spawn(project.addTask('package:generate', {
  description: 'Generate (not build) the Python, Java, C# and Go sources into dist/generated',
  exec: 'jsii-pacmak --code-only --target python --target java --target dotnet --target go -o dist/generated',
}));

// After every compile (and API.md), two checks of what users of every language
// read. Missing docs fail the build: every public type, member and parameter
// needs a summary, every optional prop of a struct a @default.
const postCompile = project.tasks.tryFind('post-compile')!;
postCompile.spawn(project.addTask('docs:lint', {
  description: 'Fail if a public type, member, parameter or optional prop of the jsii assembly is undocumented',
  exec: 'ts-node --project tsconfig.dev.json tools/api-docs-lint.ts .jsii',
}));
// Every TypeScript example of the README must compile (strict): jsii-rosetta
// compiles each one inside rosetta/default.ts-fixture (or alone, for blocks
// marked `nofixture`) and writes the translations (.jsii.tabl.json) that
// `package-all` uses for the Python, Java, C# and Go READMEs.
postCompile.spawn(project.addTask('rosetta:extract', {
  description: 'Compile every README example with jsii-rosetta, strictly, and translate it',
  exec: 'jsii-rosetta extract --strict',
}));

// The failover simulator's command line (see docs/simulator.md).
project.addBins({ 'cdk-active-active-failover': 'lib/simulator/cli.js' });

// The main job: synthesize the example three-Region app offline and summarize it.
project.addTask('example', {
  description: 'Compile the library, synthesize the example app into cdk.out and print a summary',
  steps: [
    { spawn: 'pre-compile' },
    { spawn: 'compile' },
    { exec: 'ts-node --project tsconfig.dev.json examples/main.ts cdk.out' },
    // Replay the p99 gray failure against what was just synthesized.
    { exec: 'node lib/simulator/cli.js simulate --assembly cdk.out --scenario gray-p99 --out simulation --summary-only' },
  ],
  env: {
    // Keep the CDK offline: no notices, no telemetry, no version checks.
    CDK_DISABLE_VERSION_CHECK: 'true',
    CDK_CLI_TELEMETRY_OPT_OUT: 'true',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  },
});

// The failover benchmark: three configurations x every built-in scenario.
project.addTask('bench:failover', {
  description: 'Replay every built-in scenario against three Route 53 configurations and write docs/failover-benchmark.md',
  exec: 'ts-node --project tsconfig.dev.json bench/failover.ts docs/failover-benchmark.md',
});

// The simulator's memory: a day of 30,000 user groups, peak RSS and heap
// against a 100-group baseline in the same process; fails above 1 GB.
project.addTask('bench:simulator-memory', {
  description: 'A day of 30,000 user groups in the simulator: peak RSS and heap against a 100-group baseline (fails at 1 GB)',
  exec: 'ts-node --project tsconfig.dev.json bench/simulator-memory.ts',
});

// The calibration benchmark: backtest and calibrate the example app on
// generated 14-day histories, against a 1-day baseline in the same process.
project.addTask('bench:calibration', {
  description: 'Backtest and calibrate the example app on generated 14-day histories and write docs/calibration-benchmark.md (fails over budget)',
  exec: 'ts-node --project tsconfig.dev.json bench/calibration.ts docs/calibration-benchmark.md',
});

// The example run of docs/calibration.md: generate, backtest and calibrate
// the example app's 14 generated days into docs/calibration-example.
project.addTask('calibration:example', {
  description: 'Backtest and calibrate the example app on its generated 14-day history (seed 1) into docs/calibration-example',
  exec: 'ts-node --project tsconfig.dev.json tools/calibration-example.ts docs/calibration-example',
});

// The synth-scale benchmark: N Regions x the article's four signals, library
// against hand-written L2 constructs, each run in its own process.
project.addTask('bench:synth', {
  description: 'Synthesize 2 to 24 Regions with the library and by hand, each in its own process, and write docs/synth-scale.md',
  exec: 'ts-node --project tsconfig.dev.json bench/synth-scale.ts docs/synth-scale.md',
});

// The reviewed copy of the example apps' normalized templates (test/behaviour.test.ts):
// regenerate it only for a deliberate change of the resources the library creates.
project.addTask('templates:accept', {
  description: 'Write the example apps\' normalized templates to test/fixtures/example-templates.json (after a deliberate change)',
  exec: 'ts-node --project tsconfig.dev.json tools/normalized-templates.ts test/fixtures/example-templates.json',
});

// The bundles first, then their size against the budget, then jsii: every
// compile (and so every package) has the Lambda code it deploys.
const bundleTask = project.bundler.bundleTask;
bundleTask.spawn(project.addTask('bundle:size', {
  description: 'Print the size of each Lambda bundle (assets/**/index.js) and fail above the budget',
  exec: 'ts-node --project tsconfig.dev.json tools/bundle-size.ts assets',
}));
project.compileTask.prependSpawn(bundleTask);

// Not in the package: development files, and the Lambda handlers' compiled
// sources (the bundles in assets/ are what is deployed; nothing requires them).
// docs/simulator.md and docs/calibration.md are shipped: the README points to them (the CLI's reference).
for (const pattern of ['/examples/', '/docs/*', '/.ci/', '/cdk.out/', '/bench/', '/tools/', '/rosetta/',
  '/CONTRIBUTING.md', '/lib/**/*.lambda.js', '/lib/**/*.lambda.d.ts', '!/docs/simulator.md', '!/docs/calibration.md',
  // The main job's output (npx projen example), never part of the package.
  '/simulation/']) {
  project.addPackageIgnore(pattern);
}

// The rendered table of the FIS actions drills use (docs/fis-actions.md), from
// src/model/drill/fis-actions.ts; a test fails when the committed file differs.
project.addTask('drills:doc', {
  description: 'Render docs/fis-actions.md from the FIS actions table (src/model/drill/fis-actions.ts)',
  exec: 'ts-node --project tsconfig.dev.json tools/drills-doc.ts docs/fis-actions.md',
});

// The simulator's scenario schema, shipped in scenarios/ with the built-in
// scenarios: generated from the scenario format (src/simulator/scenario-format.ts);
// a test fails when the committed file differs.
project.addTask('scenario:schema', {
  description: 'Generate scenarios/scenario.schema.json from the simulator\'s scenario format',
  exec: 'ts-node --project tsconfig.dev.json src/simulator/scenario-schema.ts scenarios/scenario.schema.json',
});

// The CDK CLI, offline: the example app (examples/cdk.json) and the CDK
// Pipelines app (--app), from the committed context (examples/cdk.context.json:
// the Availability Zones of 111111111111 in the three Regions, which ec2.Vpc
// reads even with explicit availabilityZones). --no-lookups fails on a missing
// key instead of calling AWS; credentials are unset and the AWS config files
// emptied, so nothing could reach AWS anyway.
const CLI_SYNTH = 'env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_PROFILE -u AWS_DEFAULT_PROFILE'
  + ' cdk synth --quiet --no-lookups --no-notices --no-version-reporting --no-path-metadata --no-asset-metadata';
const synthCli = project.addTask('synth:cli', {
  description: 'Synthesize the example app and the CDK Pipelines app with the CDK CLI, offline, from examples/cdk.context.json',
  cwd: 'examples',
  env: {
    CDK_DISABLE_VERSION_CHECK: 'true',
    CDK_CLI_TELEMETRY_OPT_OUT: 'true',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  },
  steps: [
    // Code.fromAsset needs assets/republisher/... to exist.
    { spawn: 'bundle' },
    { exec: `${CLI_SYNTH} -o cdk.out/app` },
    { exec: `${CLI_SYNTH} --app "npx ts-node --project ../tsconfig.dev.json --prefer-ts-exts pipelines-main.ts" -o cdk.out/pipelines` },
  ],
});
// The packed library as a consumer uses it: the tarball installed into a
// scratch CDK app (from the npm cache), the README's Quick start synthesized by
// the real CDK CLI offline, the simulator run from node_modules/.bin.
project.addTask('package:consumer', {
  description: 'Install dist/js/*.tgz into a scratch app, cdk synth the README Quick start offline, run the simulator CLI from node_modules/.bin',
  exec: 'ts-node --project tsconfig.dev.json tools/consumer-check.ts',
});

// The hosted build runs the same offline CLI synthesis after the build.
project.buildWorkflow?.addPostBuildSteps({ name: 'CDK CLI synth (offline)', run: `npx projen ${synthCli.name}` });

// The release path, offline: validate every generated workflow, then bump
// (version and changelog from the conventional commits) and unbump.
project.addTask('release:check', {
  description: 'Validate the generated GitHub workflows offline and prove that bump yields a version and a changelog',
  exec: 'ts-node --project tsconfig.dev.json tools/release-check.ts',
});

// The construct tests against the newest tested aws-cdk-lib: installed into
// node_modules/.cdk-newest (ignored with node_modules/, and removed by npm ci)
// with --no-save and --no-package-lock, so package.json and package-lock.json
// stay as they are; jest maps aws-cdk-lib and constructs to it
// (tools/jest.cdk-newest.config.js). Whole-template checks reviewed under the
// minimum skip themselves (test/cdk-version.ts); the library's own resources
// are still compared with the reviewed templates (test/behaviour.test.ts).
const CDK_NEWEST_PREFIX = 'node_modules/.cdk-newest';
project.addTask('test:cdk-newest', {
  description: `Run the construct tests against aws-cdk-lib ${MAX_TESTED_CDK_VERSION} (constructs ${MAX_TESTED_CONSTRUCTS_VERSION}), installed outside the lock file`,
  env: {
    CDK_NEWEST_PREFIX,
    CDK_NEWEST_VERSION: MAX_TESTED_CDK_VERSION,
    CDK_NEWEST_CONSTRUCTS_VERSION: MAX_TESTED_CONSTRUCTS_VERSION,
  },
  steps: [
    { exec: `npm install --prefix ${CDK_NEWEST_PREFIX} --no-save --no-package-lock --no-audit --no-fund --loglevel=error aws-cdk-lib@${MAX_TESTED_CDK_VERSION} constructs@${MAX_TESTED_CONSTRUCTS_VERSION}` },
    // Code.fromAsset needs assets/republisher/... to exist.
    { spawn: 'bundle' },
    { exec: 'jest --config tools/jest.cdk-newest.config.js --ci' },
  ],
});
project.addTask('cdk-newest:bump', {
  description: 'Set MAX_TESTED_CDK_VERSION (and its constructs) to the latest aws-cdk-lib on npm, with the README\'s tested range',
  steps: [
    { exec: 'ts-node --project tsconfig.dev.json tools/cdk-newest-bump.ts' },
    { spawn: 'default' },
  ],
});

project.synth();
