/**
 * Reads the CloudFormation stacks of a cloud assembly (a `cdk.out` folder),
 * including the nested assemblies of Stages, without the CDK.
 */
import * as fs from 'fs';
import * as path from 'path';
import { StackTemplate } from './dns';

/** The stacks of the assembly in `dir`, in manifest order, Stages included. */
export function readAssembly(dir: string): StackTemplate[] {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new Error(`'${dir}' is not a cloud assembly: it has no manifest.json. Synthesize the app first (cdk synth -o ${dir}).`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf-8'));
  const stacks: StackTemplate[] = [];
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack') {
      const region = /^aws:\/\/[^/]+\/(.+)$/.exec(artifact.environment ?? '')?.[1];
      if (region === undefined || region === 'unknown-region') {
        throw new Error(`stack '${id}' in '${dir}' has no Region (environment ${JSON.stringify(artifact.environment)}); `
          + 'give each stack an env with a region to simulate it.');
      }
      const templateFile = path.join(dir, artifact.properties.templateFile);
      stacks.push({
        stackName: artifact.displayName ?? artifact.properties.stackName ?? id,
        region,
        template: JSON.parse(fs.readFileSync(templateFile, 'utf-8')),
      });
    } else if (artifact.type === 'cdk:cloud-assembly') {
      stacks.push(...readAssembly(path.join(dir, artifact.properties.directoryName)));
    }
  }
  return stacks;
}
