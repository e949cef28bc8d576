/**
 * The release path, checked offline (`npx projen release:check`, run by
 * `.ci/run`):
 *
 * 1. every generated GitHub workflow passes `action-validator` (one file per
 *    call: it reads one file);
 * 2. `npx projen bump` yields a version (`dist/version.txt`, semver) and a
 *    changelog (`dist/changelog.md`) from the conventional commits, and
 *    `npx projen unbump` restores package.json to 0.0.0, leaving the tree
 *    as it was.
 *
 * Needs the git history (a full clone); with no release tag yet the version
 * is 0.0.0 and the changelog holds the whole history (projen's first release).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');
const RELEASE_FILES = ['dist/version.txt', 'dist/changelog.md', 'dist/releasetag.txt'];

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function fail(message: string): never {
  console.error(`release:check: ${message}`);
  process.exit(1);
}

function validateWorkflows(): void {
  const files = fs.readdirSync(WORKFLOWS).filter(f => /\.ya?ml$/.test(f)).sort();
  if (files.length === 0) {
    fail(`no workflows in ${path.relative(ROOT, WORKFLOWS)}`);
  }
  for (const file of files) {
    try {
      run(path.join(ROOT, 'node_modules', '.bin', 'action-validator'), [path.join(WORKFLOWS, file)]);
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      fail(`.github/workflows/${file} is not a valid workflow:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    }
    console.log(`workflow ${file}: valid`);
  }
}

function bumpAndUnbump(): void {
  for (const f of RELEASE_FILES) {
    fs.rmSync(path.join(ROOT, f), { force: true });
  }
  run('npx', ['projen', 'bump']);
  try {
    const version = fs.readFileSync(path.join(ROOT, 'dist/version.txt'), 'utf8').trim();
    if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
      fail(`bump wrote no semver version to dist/version.txt, got: ${JSON.stringify(version)}`);
    }
    const changelog = fs.readFileSync(path.join(ROOT, 'dist/changelog.md'), 'utf8');
    const entries = changelog.split('\n').filter(line => line.startsWith('* ')).length;
    if (entries === 0) {
      fail('bump wrote a changelog without entries (dist/changelog.md): are the commits conventional (feat:, fix:, ...)?');
    }
    const tag = fs.readFileSync(path.join(ROOT, 'dist/releasetag.txt'), 'utf8').trim();
    console.log(`bump: version ${version}, tag ${tag}, changelog of ${entries} entries`);
  } finally {
    run('npx', ['projen', 'unbump']);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  if (manifest.version !== '0.0.0') {
    fail(`unbump left package.json at ${manifest.version}, expected 0.0.0`);
  }
  const changed = run('git', ['diff', '--name-only', '--', 'package.json']).trim();
  if (changed !== '') {
    fail(`bump and unbump left package.json changed:\n${run('git', ['diff', '--', 'package.json'])}`);
  }
  console.log('unbump: package.json back at 0.0.0, unchanged');
}

validateWorkflows();
bumpAndUnbump();
