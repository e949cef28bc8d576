import * as fs from 'fs';
import * as path from 'path';
import { CDK_VERSION, MIN_CDK_VERSION } from './cdk-version';
import { readConstant, testedRangeText } from '../tools/cdk-newest-bump';

const ROOT = path.join(__dirname, '..');
const projenrc = fs.readFileSync(path.join(ROOT, '.projenrc.ts'), 'utf8');

test('the tests run against the aws-cdk-lib they were asked for (test:cdk-newest maps the newest)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const constructsVersion: string = require('constructs/package.json').version;
  if (process.env.CDK_NEWEST_VERSION) {
    expect(CDK_VERSION).toBe(process.env.CDK_NEWEST_VERSION);
    expect(constructsVersion).toBe(process.env.CDK_NEWEST_CONSTRUCTS_VERSION);
  } else {
    expect(CDK_VERSION).toBe(MIN_CDK_VERSION);
  }
});

test('the minimum is the pinned dev dependency, the newest tested is not older', () => {
  expect(readConstant(projenrc, 'MIN_CDK_VERSION')).toBe(MIN_CDK_VERSION);
  const [min, max] = ['MIN_CDK_VERSION', 'MAX_TESTED_CDK_VERSION'].map(name => readConstant(projenrc, name).split('.').map(Number));
  expect(max[0]).toBe(min[0]);
  expect(max[1] * 1e6 + max[2]).toBeGreaterThanOrEqual(min[1] * 1e6 + min[2]);
});

test('the README states the tested range of .projenrc.ts', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').replace(/\s*\n\s*/g, ' ');
  expect(readme).toContain(testedRangeText(
    readConstant(projenrc, 'MIN_CDK_VERSION'),
    readConstant(projenrc, 'MAX_TESTED_CDK_VERSION'),
    readConstant(projenrc, 'MAX_TESTED_CONSTRUCTS_VERSION'),
  ));
});
