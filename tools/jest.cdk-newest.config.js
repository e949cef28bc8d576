// Jest configuration of `npx projen test:cdk-newest`: the repository's own
// configuration (package.json "jest") with aws-cdk-lib and constructs resolved
// from CDK_NEWEST_PREFIX, where the task installs the newest tested versions
// without touching package-lock.json. moduleNameMapper is the only resolution
// jest applies before the repository's node_modules (NODE_PATH and modulePaths
// are fallbacks), and it applies inside node_modules too: cdk-nag and
// integ-tests-alpha get the same aws-cdk-lib instance as the tests.
// ts-jest still type-checks against the minimum version's typings.
const path = require('path');

const root = path.resolve(__dirname, '..');
const prefix = path.resolve(root, process.env.CDK_NEWEST_PREFIX || 'node_modules/.cdk-newest', 'node_modules');
const base = require(path.join(root, 'package.json')).jest;

// The installed version must be the one asked for (the task sets it).
const installed = require(path.join(prefix, 'aws-cdk-lib', 'package.json')).version;
if (process.env.CDK_NEWEST_VERSION && installed !== process.env.CDK_NEWEST_VERSION) {
  throw new Error(`${prefix}/aws-cdk-lib is ${installed}, not ${process.env.CDK_NEWEST_VERSION}: run npx projen test:cdk-newest`);
}

module.exports = {
  ...base,
  rootDir: root,
  collectCoverage: false,
  coverageThreshold: undefined,
  reporters: ['default'],
  // Left out: the tests whose code runs in a child process. Plain node
  // resolution there loads the repository's aws-cdk-lib (the minimum) whatever
  // the mapping below, and their subjects load no CDK at all (the layers, the
  // packed CLI, the failover benchmark's simulator), so they prove nothing
  // about the newest version. Whole-template checks reviewed under the minimum
  // skip themselves instead (test/cdk-version.ts).
  testPathIgnorePatterns: [
    ...(base.testPathIgnorePatterns || []),
    '<rootDir>/test/layers\\.test\\.ts$',
    '<rootDir>/test/packaged-cli\\.test\\.ts$',
    '<rootDir>/test/bench/failover-benchmark\\.test\\.ts$',
    // The replays of recorded histories: their subject is the simulator's
    // replay of minutes (no CDK), on the example app's templates, which
    // test/simulator/example.test.ts already reads under the newest version.
    '<rootDir>/test/simulator/history/',
  ],
  moduleNameMapper: {
    ...(base.moduleNameMapper || {}),
    '^aws-cdk-lib$': path.join(prefix, 'aws-cdk-lib'),
    '^aws-cdk-lib/(.*)$': path.join(prefix, 'aws-cdk-lib', '$1'),
    '^constructs$': path.join(prefix, 'constructs'),
    '^constructs/(.*)$': path.join(prefix, 'constructs', '$1'),
  },
};
