import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildPipelineApp } from './pipelines';
import { summarizeAssembly } from './summary';

// Usage: ts-node --project tsconfig.dev.json examples/pipelines-main.ts [outdir]
// Synthesizes the CDK Pipelines example (examples/pipelines.ts) offline and
// prints what each Stage contains. Without an outdir (or CDK_OUTDIR, set by
// the CDK CLI), it writes to a new temporary directory.
const outdir = process.argv[2] ?? process.env.CDK_OUTDIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pipelines-'));
const assembly = buildPipelineApp(outdir).synth();
console.log(summarizeAssembly(assembly.directory));
console.log(`\nCloud assembly: ${assembly.directory}`);
