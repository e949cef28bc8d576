import { performance } from 'perf_hooks';
import { buildExampleApp } from './app';
import { summarizeAssembly } from './summary';

// Usage: ts-node --project tsconfig.dev.json examples/main.ts [outdir]
// The cdk CLI (see examples/cdk.json) passes no argument but sets CDK_OUTDIR.
// Everything is explicit in the app, so nothing here calls AWS (the CDK CLI
// reads the Availability Zones from examples/cdk.context.json).
const outdir = process.argv[2] ?? process.env.CDK_OUTDIR ?? 'cdk.out';

const start = performance.now();
const app = buildExampleApp(outdir);
const built = performance.now();
const assembly = app.synth();
const done = performance.now();

console.log(summarizeAssembly(assembly.directory));
console.log('');
console.log(`Synth wall time: ${Math.round(done - start)} ms `
  + `(construct ${Math.round(built - start)} ms + synth ${Math.round(done - built)} ms)`);
