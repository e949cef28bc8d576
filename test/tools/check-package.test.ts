import * as path from 'path';
import { bundleReport, BUNDLE_BUDGET_BYTES } from '../../tools/bundle-size';
import { manifestProblems, PACKAGE_BUDGET_BYTES, packageProblems, PackageSpec, repositorySpec, requiredFiles, sizeProblems } from '../../tools/check-package';

const spec: PackageSpec = {
  manifest: { main: 'lib/index.js', types: 'lib/index.d.ts', bin: { tool: 'lib/simulator/cli.js' } },
  lambdaHandlers: ['src/republisher/republisher.lambda.ts'],
  scenarioFiles: ['scenarios/gray-p99.json', 'scenarios/scenario.schema.json'],
  docs: ['docs/simulator.md'],
};

/** A complete package, as `tar -tzf` lists it. */
const complete = [
  'package/package.json', 'package/.jsii', 'package/README.md', 'package/LICENSE', 'package/API.md',
  'package/lib/index.js', 'package/lib/index.d.ts', 'package/lib/simulator/cli.js', 'package/lib/simulator/cli.d.ts',
  'package/assets/republisher/republisher.lambda/index.js',
  'package/scenarios/gray-p99.json', 'package/scenarios/scenario.schema.json',
  'package/docs/simulator.md',
];

test('a complete package has no problem', () => {
  expect(packageProblems(complete, spec)).toEqual([]);
});

test.each([
  ['package/assets/republisher/republisher.lambda/index.js', /^missing assets\/republisher\/republisher\.lambda\/index\.js \(Lambda bundle\) \(run 'npx projen compile'/],
  ['package/lib/simulator/cli.js', /^missing lib\/simulator\/cli\.js \(bin\)/],
  ['package/scenarios/gray-p99.json', /^missing scenarios\/gray-p99\.json \(built-in scenario\)$/],
  ['package/scenarios/scenario.schema.json', /^missing scenarios\/scenario\.schema\.json \(scenario schema\)$/],
  ['package/docs/simulator.md', /^missing docs\/simulator\.md \(doc\)$/],
  ['package/lib/index.d.ts', /^missing lib\/index\.d\.ts \(types\)/],
  ['package/.jsii', /^missing \.jsii \(jsii assembly\)$/],
])('a package without %s fails', (file, message) => {
  const problems = packageProblems(complete.filter(f => f !== file), spec);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatch(message);
});

test('the schema is required even when the repository has none', () => {
  expect(requiredFiles({ ...spec, scenarioFiles: [] }).get('scenarios/scenario.schema.json')).toBe('scenario schema');
});

test('the packed package.json must have every bin of the repository\'s, to the same file', () => {
  expect(manifestProblems({ bin: { tool: './lib/simulator/cli.js' } }, spec)).toEqual([]);
  expect(manifestProblems({}, spec)).toEqual(['package.json has no bin \'tool\' -> lib/simulator/cli.js']);
  expect(manifestProblems({ bin: { tool: 'lib/other.js' } }, spec)).toHaveLength(1);
  expect(manifestProblems({ name: 'tool', bin: 'lib/simulator/cli.js' }, spec)).toEqual([]);
});

test('fails if the packed package.json depends on the AWS SDK: history fetch loads it on demand', () => {
  const manifest = { bin: { tool: './lib/simulator/cli.js' } };
  expect(manifestProblems({ ...manifest, dependencies: { '@aws-sdk/client-cloudwatch': '^3.0.0', 'constructs': '^10.0.0' } }, spec)).toEqual([
    'package.json depends on @aws-sdk/client-cloudwatch: the AWS SDK is loaded on demand by history fetch, never a dependency of the library',
  ]);
  expect(manifestProblems({ ...manifest, peerDependencies: { 'aws-sdk': '^2.0.0' } }, spec)).toHaveLength(1);
  expect(manifestProblems({ ...manifest, dependencies: { constructs: '^10.0.0' } }, spec)).toEqual([]);
});

test('fails if the tarball weighs more than its budget', () => {
  expect(sizeProblems(PACKAGE_BUDGET_BYTES)).toEqual([]);
  expect(sizeProblems(2048 * 1024, 1024 * 1024)).toEqual(['weighs 2048 KiB packed, above the budget of 1024 KiB '
    + '(tools/check-package.ts PACKAGE_BUDGET_KIB): a bundle or file that should not be there?']);
});

test('a bin given as a string, with ./, is required', () => {
  const required = requiredFiles({ ...spec, manifest: { ...spec.manifest, bin: './lib/cli.js' } });
  expect(required.get('lib/cli.js')).toBe('bin');
});

test.each([
  ['package/src/index.ts', 'sources'],
  ['package/test/fuzz.ts', 'tests'],
  ['package/examples/app.js', 'examples'],
  ['package/tools/check-package.js', 'build tools'],
  ['package/cdk.out/manifest.json', 'a cloud assembly'],
  ['package/examples/cdk.context.json', 'examples'],
  ['package/tsconfig.tsbuildinfo', 'a build cache'],
  ['package/lib/republisher/republisher.lambda.js', 'a Lambda handler\'s unbundled code'],
  ['package/docs/architecture.md', 'docs not pointed to'],
])('a package shipping %s fails (%s)', (file, why) => {
  const problems = packageProblems([...complete, file], spec);
  expect(problems).toContain(`must not ship ${file.replace(/^package\//, '')} (${why})`);
});

test('directory entries are ignored, and the problems are in a stable order', () => {
  const files = [...complete.filter(f => !f.includes('scenarios/')), 'package/scenarios/', 'package/src/b.ts', 'package/src/a.ts'];
  expect(packageProblems(files, spec)).toEqual([
    'missing scenarios/gray-p99.json (built-in scenario)',
    'missing scenarios/scenario.schema.json (scenario schema)',
    'must not ship src/a.ts (sources)',
    'must not ship src/b.ts (sources)',
  ]);
  expect(packageProblems([...files].reverse(), spec)).toEqual(packageProblems(files, spec));
});

test('the repository\'s package needs the republisher bundle, the CLI, every built-in scenario and the schema', () => {
  const required = requiredFiles(repositorySpec(path.join(__dirname, '..', '..')));
  expect(required.get('assets/republisher/republisher.lambda/index.js')).toBe('Lambda bundle');
  expect(required.get('lib/simulator/cli.js')).toBe('bin');
  expect(required.get('scenarios/scenario.schema.json')).toBe('scenario schema');
  expect(required.get('scenarios/gray-p99.json')).toBe('built-in scenario');
  expect([...required.values()].filter(r => r === 'built-in scenario').length).toBeGreaterThanOrEqual(10);
  expect(required.get('docs/simulator.md')).toBe('doc');
  expect(required.get('docs/calibration.md')).toBe('doc');
});

test('the bundle budget fails a bundle above it and an empty assets folder', () => {
  const within = { file: 'assets/a/index.js', bytes: 400 * 1024, gzipBytes: 100 * 1024 };
  const above = { ...within, file: 'assets/b/index.js', bytes: BUNDLE_BUDGET_BYTES + 1 };
  expect(bundleReport([within]).ok).toBe(true);
  expect(bundleReport([within]).lines[0]).toMatch(/400\.0 KiB .*budget 600\.0 KiB/);
  expect(bundleReport([within, above]).ok).toBe(false);
  expect(bundleReport([within, above]).lines[1]).toContain('EXCEEDED');
  expect(bundleReport([]).ok).toBe(false);
});
