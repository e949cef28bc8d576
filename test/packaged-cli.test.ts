import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The CLI as packaged (lib/ beside scenarios/), in a copy whose built-in
// scenario is damaged: the built-in scenarios are read when one is asked
// for, so --help still works and the damaged file is named where it is used.
// Needs the compiled library, as test/layers.test.ts.
const ROOT = path.join(__dirname, '..');

test('a damaged built-in scenario file breaks only the command that reads it, with its name', () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-package-'));
  try {
    fs.cpSync(path.join(ROOT, 'lib'), path.join(copy, 'lib'), { recursive: true });
    fs.cpSync(path.join(ROOT, 'scenarios'), path.join(copy, 'scenarios'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(copy, 'package.json'));
    fs.writeFileSync(path.join(copy, 'scenarios', 'gray-p99.json'), '{ "name": ');
    const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(copy, 'lib', 'simulator', 'cli.js'), ...args], { encoding: 'utf8' });

    const help = cli('simulate', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('gray-p99');

    const listing = cli('scenarios');
    expect(listing.status).toBe(1);
    expect(listing.stderr).toContain(`${path.join(copy, 'scenarios', 'gray-p99.json')}: not valid JSON`);
    expect(listing.stderr).not.toMatch(/^\s+at /m);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});
