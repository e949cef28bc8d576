/**
 * Moves the newest tested aws-cdk-lib (MAX_TESTED_CDK_VERSION in .projenrc.ts)
 * to the latest release on npm, with the newest `constructs` its peer
 * dependency accepts (MAX_TESTED_CONSTRUCTS_VERSION), and updates the tested
 * range the README states. `npx projen cdk-newest:bump` then re-synthesizes
 * the project (the `test:cdk-newest` task) and `npx projen test:cdk-newest`
 * tells whether the library still passes.
 *
 * Usage: ts-node tools/cdk-newest-bump.ts [version] (default: `npm view aws-cdk-lib version`)
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const PROJENRC = path.join(ROOT, '.projenrc.ts');
const README = path.join(ROOT, 'README.md');

/** The constant's value in .projenrc.ts source text. */
export function readConstant(source: string, name: string): string {
  const m = source.match(new RegExp(`^const ${name} = '([^']+)';$`, 'm'));
  if (!m) {
    throw new Error(`.projenrc.ts has no line "const ${name} = '...';"`);
  }
  return m[1];
}

/** The source text with the constant set to the value. */
export function setConstant(source: string, name: string, value: string): string {
  readConstant(source, name);
  return source.replace(new RegExp(`^const ${name} = '[^']+';$`, 'm'), `const ${name} = '${value}';`);
}

/**
 * The README's statement of the tested range (in its Install section), as
 * test/cdk-version.test.ts checks it.
 */
export function testedRangeText(min: string, max: string, constructs: string): string {
  return `tested against aws-cdk-lib **${min}** (the minimum) and **${max}** (the newest tested, with constructs ${constructs})`;
}

const TESTED_RANGE = /tested against aws-cdk-lib \*\*[^*]+\*\* \(the minimum\) and \*\*[^*]+\*\* \(the newest tested, with constructs [^)]+\)/;

/** The README text with its tested range replaced. */
export function setTestedRange(readme: string, min: string, max: string, constructs: string): string {
  if (!TESTED_RANGE.test(readme)) {
    throw new Error('README.md does not state the tested range ("tested against aws-cdk-lib **x** (the minimum) and ...")');
  }
  return readme.replace(TESTED_RANGE, testedRangeText(min, max, constructs));
}

function npmView(spec: string, field: string): unknown {
  const out = execFileSync('npm', ['view', spec, field, '--json'], { encoding: 'utf8' }).trim();
  return out ? JSON.parse(out) : undefined;
}

function main() {
  const cdk = process.argv[2] ?? String(npmView('aws-cdk-lib', 'version'));
  const peer = String(npmView(`aws-cdk-lib@${cdk}`, 'peerDependencies.constructs') ?? '^10');
  const versions = npmView(`constructs@${peer}`, 'version');
  const list = (Array.isArray(versions) ? versions : [versions]).map(String);
  const constructs = list[list.length - 1];
  if (!/^\d+\.\d+\.\d+$/.test(cdk) || !/^\d+\.\d+\.\d+$/.test(constructs ?? '')) {
    throw new Error(`unexpected versions from npm: aws-cdk-lib ${cdk}, constructs ${constructs}`);
  }
  let projenrc = fs.readFileSync(PROJENRC, 'utf8');
  const before = readConstant(projenrc, 'MAX_TESTED_CDK_VERSION');
  projenrc = setConstant(projenrc, 'MAX_TESTED_CDK_VERSION', cdk);
  projenrc = setConstant(projenrc, 'MAX_TESTED_CONSTRUCTS_VERSION', constructs);
  fs.writeFileSync(PROJENRC, projenrc);
  const min = readConstant(projenrc, 'MIN_CDK_VERSION');
  fs.writeFileSync(README, setTestedRange(fs.readFileSync(README, 'utf8'), min, cdk, constructs));
  console.log(`newest tested aws-cdk-lib: ${before} -> ${cdk} (constructs ${constructs}, peer ${peer})`);
}

if (require.main === module) {
  main();
}
