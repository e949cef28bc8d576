import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// The layers of docs/architecture.md, checked on what is built and shipped
// (the linter checks the sources): the CLI, the model and the Lambda bundle
// never load the CDK. Needs the compiled library (`npx projen compile`), as in
// `npx projen build`, where the tests run after the compile.
const ROOT = path.join(__dirname, '..');
const LIB = path.join(ROOT, 'lib');
const CDK = /[\\/]node_modules[\\/](aws-cdk-lib|constructs)[\\/]/;

/** The files a node process has loaded when it exits, running `args`. */
function modulesLoaded(args: string[]): { status: number | null; modules: string[] } {
  const run = spawnSync(process.execPath, ['--require', path.join(__dirname, 'fixtures', 'report-modules.js'), ...args], {
    cwd: ROOT, encoding: 'utf8',
  });
  const line = run.stderr.split('\n').find(l => l.startsWith('LOADED '));
  if (!line) {
    throw new Error(`node ${args.join(' ')} reported no modules: ${run.stderr}`);
  }
  return { status: run.status, modules: JSON.parse(line.slice('LOADED '.length)) };
}

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? jsFiles(full) : e.name.endsWith('.js') ? [full] : [];
  });
}

beforeAll(() => {
  if (!fs.existsSync(path.join(LIB, 'simulator', 'cli.js'))) {
    throw new Error('lib/ is missing: compile first (npx projen compile), or run npx projen build');
  }
});

test('the simulator CLI runs without loading aws-cdk-lib or constructs', () => {
  const { status, modules } = modulesLoaded([path.join(LIB, 'simulator', 'cli.js'), 'simulate', '--help']);
  expect(status).toBe(0);
  expect(modules.some(m => m.includes(`${path.sep}simulator${path.sep}`))).toBe(true);
  expect(modules.filter(m => CDK.test(m))).toEqual([]);
});

test('the model loads without aws-cdk-lib or constructs', () => {
  const files = jsFiles(path.join(LIB, 'model'));
  expect(files.length).toBeGreaterThan(5);
  const { modules } = modulesLoaded(['-e', files.map(f => `require(${JSON.stringify(f)});`).join('\n')]);
  expect(modules.filter(m => CDK.test(m))).toEqual([]);
});

test.each([
  ['republisher', ['republisher', 'republisher.lambda']],
  ['failback latch', ['operations', 'failback', 'failback-latch.lambda']],
])('the %s\'s Lambda bundle contains no CDK code', (_, dir) => {
  const bundle = fs.readFileSync(path.join(ROOT, 'assets', ...dir, 'index.js'), 'utf8');
  expect(bundle).toContain('PutMetricData');
  expect(bundle).not.toMatch(/aws-cdk-lib|node_modules\/constructs/);
});
