/**
 * The example run of docs/calibration.md: the example app's generated
 * history of seed 1 (14 days), backtested and calibrated with the CLI's own
 * commands, into docs/calibration-example (the reports, the SVG and the
 * planted incidents; the 0.5 MB history is left out: the seed rebuilds it).
 *
 * Usage: ts-node --project tsconfig.dev.json tools/calibration-example.ts [folder]
 * (`npx projen calibration:example`).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildExampleApp } from '../examples/app';
import { main } from '../src/simulator/cli';

const folder = process.argv[2] ?? path.join('docs', 'calibration-example');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'aaf-calibration-example-'));
const assembly = path.join(scratch, 'cdk.out');
buildExampleApp(assembly).synth();
const history = path.join(scratch, 'history.jsonl.gz');
const incidents = path.join(folder, 'incidents.json');
fs.mkdirSync(folder, { recursive: true });

/** Runs the CLI; throws when a command fails. */
function run(...args: string[]): void {
  const code = main(args, () => undefined, line => console.error(line));
  if (code !== 0) {
    throw new Error(`${args.join(' ')} exited with ${code}`);
  }
  console.log(`done: ${args[0]} ${args[1]}`);
}

try {
  run('history', 'generate', '--assembly', assembly, '--days', '14', '--seed', '1', '--out', history, '--incidents-out', incidents);
  run('backtest', '--assembly', assembly, '--history', history, '--incidents', incidents, '--out', folder);
  run('calibrate', '--assembly', assembly, '--history', history, '--incidents', incidents, '--out', scratch);
  fs.copyFileSync(path.join(scratch, 'calibration.txt'), path.join(folder, 'calibration.txt'));
  fs.rmSync(path.join(folder, 'backtest.json'));
  console.log(`Written: ${['incidents.json', 'backtest.txt', 'backtest.svg', 'calibration.txt'].map(f => path.join(folder, f)).join(', ')}`);
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
