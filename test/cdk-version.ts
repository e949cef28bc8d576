// Which aws-cdk-lib the tests run against: the pinned minimum (the dev
// dependency, `npx projen test`) or the newest tested version
// (`npx projen test:cdk-newest` maps aws-cdk-lib to another install).
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const CDK_VERSION: string = require('aws-cdk-lib/package.json').version;
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const MIN_CDK_VERSION: string = require('../package.json').devDependencies['aws-cdk-lib'];

/**
 * `test` against the minimum aws-cdk-lib, `test.skip` against any other: for
 * checks of whole templates reviewed under the minimum, where aws-cdk-lib's own
 * resources (the Vpc, ECS, CDK Pipelines) change with its version. The
 * library's own resources are compared under every version
 * (test/behaviour.test.ts).
 */
export const testOnMinimumCdk = CDK_VERSION === MIN_CDK_VERSION ? test : test.skip;
