/**
 * Fails the build when the JavaScript package (dist/js/*.tgz, written by
 * `package:js`) lacks what users run: the compiled library and its types, the
 * jsii assembly, every Lambda bundle (assets/<handler>/index.js for each
 * src/**\/*.lambda.ts), the CLI of package.json's `bin`, every built-in
 * scenario, the scenario schema and the docs the README points to;
 * or ships what it must not (sources, tests, examples, cloud assemblies).
 * Then runs the packed CLI, alone (no node_modules), from the extracted
 * tarball. Offline and deterministic: it reads the tarball and the repository.
 *
 * Usage: ts-node tools/check-package.ts [dist/js]
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The docs the package ships because the README points to them (the CLI's reference: the simulator's and the history commands'). */
export const SHIPPED_DOCS = ['docs/simulator.md', 'docs/calibration.md'];

/**
 * The package's size budget, in KiB: 1,000, set when the tarball was about
 * 800 KiB (603 with the history commands, then the failback latch's Lambda
 * bundle, about 110 KiB compressed, and the drill constructs).
 */
export const PACKAGE_BUDGET_KIB = 1000;

/**
 * The most the packed tarball may weigh: the library, its jsii assembly, the
 * Lambda bundles and the CLI (the simulator and the history commands) all
 * count. About 30 % above its size when set; a jump past it is a bundle or a
 * dependency that should not be there.
 */
export const PACKAGE_BUDGET_BYTES = PACKAGE_BUDGET_KIB * 1024;

/** What the package must hold, read from the repository. */
export interface PackageSpec {
  /** package.json's `main`, `types`, `bin` and dependencies. */
  readonly manifest: {
    readonly main?: string;
    readonly types?: string;
    readonly bin?: string | Record<string, string>;
    readonly name?: string;
    readonly dependencies?: Record<string, string>;
    readonly peerDependencies?: Record<string, string>;
  };
  /** The Lambda handlers, repository-relative (`src/**\/*.lambda.ts`). */
  readonly lambdaHandlers: string[];
  /** The built-in scenarios and the schema, repository-relative (`scenarios/*.json`). */
  readonly scenarioFiles: string[];
  /** The docs that are shipped, repository-relative. */
  readonly docs: string[];
}

/** What a problem is about: `bin` entries are also run. */
export type Requirement = 'manifest' | 'jsii assembly' | 'readme' | 'license' | 'main' | 'types' | 'bin'
| 'Lambda bundle' | 'built-in scenario' | 'scenario schema' | 'doc';

const FORBIDDEN: Array<[RegExp, string]> = [
  [/^src\//, 'sources'], [/^test\//, 'tests'], [/^examples\//, 'examples'], [/^bench\//, 'benchmarks'],
  [/^tools\//, 'build tools'], [/(^|\/)cdk\.out\//, 'a cloud assembly'], [/(^|\/)cdk\.context\.json$/, 'CDK context'],
  [/\.tsbuildinfo$/, 'a build cache'], [/(?<!\.d)\.ts$/, 'TypeScript sources'], [/^coverage\//, 'coverage'],
  [/^simulation\//, 'simulator output'], [/^lib\/.*\.lambda\.(js|d\.ts)$/, 'a Lambda handler\'s unbundled code'],
];

const SCHEMA = 'scenarios/scenario.schema.json';

function binTargets(manifest: PackageSpec['manifest']): string[] {
  const bin = manifest.bin;
  if (bin === undefined) return [];
  return (typeof bin === 'string' ? [bin] : Object.values(bin)).map(b => path.posix.normalize(b));
}

/** Every file the tarball must hold (path inside `package/`), with what it is. */
export function requiredFiles(spec: PackageSpec): Map<string, Requirement> {
  const required = new Map<string, Requirement>([
    ['package.json', 'manifest'], ['.jsii', 'jsii assembly'], ['README.md', 'readme'], ['LICENSE', 'license'],
  ]);
  if (spec.manifest.main) required.set(path.posix.normalize(spec.manifest.main), 'main');
  if (spec.manifest.types) required.set(path.posix.normalize(spec.manifest.types), 'types');
  for (const bin of binTargets(spec.manifest)) required.set(bin, 'bin');
  for (const handler of spec.lambdaHandlers) {
    required.set(handler.replace(/^src\//, 'assets/').replace(/\.ts$/, '/index.js'), 'Lambda bundle');
  }
  for (const f of spec.scenarioFiles) required.set(f, f === SCHEMA ? 'scenario schema' : 'built-in scenario');
  required.set(SCHEMA, 'scenario schema');
  for (const doc of spec.docs) required.set(doc, 'doc');
  return required;
}

const HINTS: Partial<Record<Requirement, string>> = {
  'Lambda bundle': ' (run \'npx projen compile\': it bundles first)',
  'main': ' (run \'npx projen compile\')',
  'types': ' (run \'npx projen compile\')',
  'bin': ' (the CLI of package.json\'s bin)',
};

/** What is wrong with a tarball holding `files` (paths inside `package/`); empty when nothing. */
export function packageProblems(files: Iterable<string>, spec: PackageSpec): string[] {
  const packed = new Set([...files].map(f => f.replace(/^package\//, '')).filter(f => f && !f.endsWith('/')));
  const problems: string[] = [];
  for (const [file, what] of requiredFiles(spec)) {
    if (!packed.has(file)) problems.push(`missing ${file} (${what})${HINTS[what] ?? ''}`);
  }
  const shipped = new Set(spec.docs);
  for (const file of [...packed].sort()) {
    if (file.startsWith('docs/') && !shipped.has(file)) problems.push(`must not ship ${file} (docs not pointed to)`);
    const forbidden = FORBIDDEN.find(([pattern]) => pattern.test(file));
    if (forbidden) problems.push(`must not ship ${file} (${forbidden[1]})`);
  }
  return problems;
}

function walk(dir: string, filter: (f: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? walk(full, filter) : filter(full) ? [full] : [];
  });
}

/** What the package of the repository at `root` must hold. */
export function repositorySpec(root: string): PackageSpec {
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  return {
    manifest: JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')),
    lambdaHandlers: walk(path.join(root, 'src'), f => f.endsWith('.lambda.ts')).map(rel).sort(),
    scenarioFiles: walk(path.join(root, 'scenarios'), f => f.endsWith('.json')).map(rel).sort(),
    docs: SHIPPED_DOCS,
  };
}

/**
 * What is wrong with the packed package.json: every `bin` of the
 * repository's, to the same file; and no AWS SDK among the dependencies
 * (`history fetch` loads it on demand: it is never installed with the library).
 */
export function manifestProblems(packed: PackageSpec['manifest'], spec: PackageSpec): string[] {
  const bins = (m: PackageSpec['manifest']) => new Map(Object.entries(
    typeof m.bin === 'string' ? { [m.name ?? '']: m.bin } : m.bin ?? {}).map(([k, v]) => [k, path.posix.normalize(v)]));
  const packedBins = bins(packed);
  const sdk = Object.keys({ ...packed.dependencies, ...packed.peerDependencies }).filter(d => d.startsWith('@aws-sdk/') || d === 'aws-sdk');
  return [
    ...[...bins(spec.manifest)].filter(([name, file]) => packedBins.get(name) !== file).map(([name, file]) => `package.json has no bin '${name}' -> ${file}`),
    ...sdk.map(d => `package.json depends on ${d}: the AWS SDK is loaded on demand by history fetch, never a dependency of the library`),
  ];
}

/** What is wrong with the tarball's size; empty when it is within `budget`. */
export function sizeProblems(bytes: number, budget: number = PACKAGE_BUDGET_BYTES): string[] {
  return bytes <= budget ? [] : [`weighs ${(bytes / 1024).toFixed(0)} KiB packed, above the budget of ${(budget / 1024).toFixed(0)} KiB `
    + '(tools/check-package.ts PACKAGE_BUDGET_KIB): a bundle or file that should not be there?'];
}

/** Runs the packed CLI and inspects the packed bundles, in the extracted `packageDir`. */
function runtimeProblems(packageDir: string, spec: PackageSpec): string[] {
  const problems: string[] = [];
  const packedManifest = path.join(packageDir, 'package.json');
  if (fs.existsSync(packedManifest)) problems.push(...manifestProblems(JSON.parse(fs.readFileSync(packedManifest, 'utf8')), spec));
  const builtIn = spec.scenarioFiles.filter(f => f !== SCHEMA).map(f => path.posix.basename(f, '.json'));
  for (const [file, what] of requiredFiles(spec)) {
    const full = path.join(packageDir, file);
    if (!fs.existsSync(full)) continue;
    if (what === 'bin') {
      if (!fs.readFileSync(full, 'utf8').startsWith('#!/usr/bin/env node')) problems.push(`${file} has no '#!/usr/bin/env node' line`);
      const run = spawnSync(process.execPath, [full, 'scenarios'], { encoding: 'utf8', cwd: path.dirname(packageDir) });
      if (run.status !== 0) problems.push(`${file} scenarios: exit ${run.status}: ${run.stderr.trim()}`);
      for (const name of builtIn) {
        if (!run.stdout.includes(name)) problems.push(`${file} scenarios does not list ${name}`);
      }
      // Every command's usage, without node_modules: nothing but history fetch's run may need the AWS SDK.
      for (const command of [['history', '--help'], ['history', 'fetch', '--help'], ['history', 'generate', '--help'], ['backtest', '--help'],
        ['calibrate', '--help']]) {
        const help = spawnSync(process.execPath, [full, ...command], { encoding: 'utf8', cwd: path.dirname(packageDir) });
        if (help.status !== 0) problems.push(`${file} ${command.join(' ')}: exit ${help.status}: ${help.stderr.trim()}`);
      }
    }
    if (what === 'Lambda bundle' && !/\bhandler\b/.test(fs.readFileSync(full, 'utf8'))) {
      problems.push(`${file} exports no handler`);
    }
  }
  return problems;
}

function main(distDir: string, root: string): number {
  const tarballs = fs.existsSync(distDir) ? fs.readdirSync(distDir).filter(f => f.endsWith('.tgz')) : [];
  if (tarballs.length !== 1) {
    console.error(`check-package: expected one .tgz in ${distDir}, found ${tarballs.length}`);
    return 1;
  }
  const tarball = path.join(distDir, tarballs[0]);
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const spec = repositorySpec(root);
  const problems = packageProblems(files, spec);
  const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'check-package-'));
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
    problems.push(...runtimeProblems(path.join(unpacked, 'package'), spec));
  } finally {
    fs.rmSync(unpacked, { recursive: true, force: true });
  }
  const where = path.relative(root, tarball);
  const size = fs.statSync(tarball).size;
  problems.push(...sizeProblems(size));
  if (problems.length > 0) {
    console.error(`check-package: ${where} is not what users need:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  console.log(`check-package: ${where} OK: ${files.filter(f => !f.endsWith('/')).length} files, ${(size / 1024).toFixed(0)} KiB packed `
    + `(budget ${PACKAGE_BUDGET_KIB} KiB)`);
  return 0;
}

if (require.main === module) {
  const root = path.join(__dirname, '..');
  process.exitCode = main(path.resolve(process.argv[2] ?? path.join(root, 'dist', 'js')), root);
}
