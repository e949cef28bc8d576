/**
 * Reads the CloudFormation stacks of a cloud assembly (a `cdk.out` folder),
 * including the nested assemblies of Stages, without the CDK. Every file is
 * checked as it is read: a bad manifest or template is an InputError naming
 * the file (and the artifact or resource) and what is expected.
 */
import * as fs from 'fs';
import * as path from 'path';
import { StackTemplate } from './dns';
import { InputError, isObject, readJsonFile, SimulatorErrorId } from './inputs';

/** The stacks of the assembly in `dir`, in manifest order, Stages included. */
export function readAssembly(dir: string): StackTemplate[] {
  return readNested(dir, []);
}

/** @param parents the real paths of the assemblies that nest this one: a loop is refused */
function readNested(dir: string, parents: string[]): StackTemplate[] {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new InputError(SimulatorErrorId.ASSEMBLY, `'${dir}' is not a cloud assembly: it has no manifest.json. Synthesize the app first (cdk synth -o ${dir}).`);
  }
  const real = fs.realpathSync(dir);
  if (parents.includes(real)) {
    throw new InputError(SimulatorErrorId.ASSEMBLY, `the cloud assembly '${dir}' nests itself (${[...parents, real].join(' -> ')}): `
      + 'a Stage\'s assembly must be a folder of its own.');
  }
  const manifest = readJsonFile(manifestFile, `the manifest '${manifestFile}'`);
  const artifacts = isObject(manifest) ? manifest.artifacts ?? {} : undefined;
  if (!isObject(artifacts)) {
    throw new InputError(SimulatorErrorId.ASSEMBLY, `the manifest '${manifestFile}' must be an object whose 'artifacts' is an object, got: ${JSON.stringify(manifest)?.slice(0, 80)}.`);
  }
  const stacks: StackTemplate[] = [];
  for (const [id, artifact] of Object.entries<any>(artifacts)) {
    const where = `artifact '${id}' of the manifest '${manifestFile}'`;
    if (!isObject(artifact)) {
      throw new InputError(SimulatorErrorId.ASSEMBLY, `${where} must be an object, got: ${JSON.stringify(artifact)}.`);
    }
    const file = (property: string): string => {
      const value = artifact.properties?.[property];
      if (typeof value !== 'string' || value === '') {
        throw new InputError(SimulatorErrorId.ASSEMBLY, `${where} must name a file in 'properties.${property}', got: ${JSON.stringify(value)}.`);
      }
      return path.join(dir, value);
    };
    if (artifact.type === 'aws:cloudformation:stack') {
      const region = /^aws:\/\/[^/]+\/(.+)$/.exec(artifact.environment ?? '')?.[1];
      if (region === undefined || region === 'unknown-region') {
        throw new InputError(SimulatorErrorId.ASSEMBLY, `stack '${id}' in '${dir}' has no Region (environment ${JSON.stringify(artifact.environment)}); `
          + 'give each stack an env with a region to simulate it.');
      }
      const stackName = String(artifact.displayName ?? artifact.properties?.stackName ?? id);
      const templateFile = file('templateFile');
      const what = `the template '${templateFile}' of stack '${id}'`;
      const deployedName = String(artifact.properties?.stackName ?? id);
      stacks.push({
        stackName, region, template: checkTemplate(readJsonFile(templateFile, what), what), ...(deployedName === stackName ? {} : { deployedName }),
      });
    } else if (artifact.type === 'cdk:cloud-assembly') {
      stacks.push(...readNested(file('directoryName'), [...parents, real]));
    }
  }
  return stacks;
}

/**
 * A template as the simulator reads it: 'Resources', when present, an object
 * of resources that each are an object with a string 'Type' (what
 * CloudFormation requires too).
 */
export function checkTemplate(template: unknown, what: string): StackTemplate['template'] {
  if (!isObject(template)) {
    throw new InputError(SimulatorErrorId.TEMPLATE, `${what} must be a JSON object, got: ${JSON.stringify(template)?.slice(0, 80)}.`);
  }
  const resources = template.Resources;
  if (resources === undefined) {
    return template;
  }
  if (!isObject(resources)) {
    throw new InputError(SimulatorErrorId.TEMPLATE, `${what}: 'Resources' must be an object of resources, got: ${JSON.stringify(resources)?.slice(0, 80)}.`);
  }
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isObject(resource) || typeof resource.Type !== 'string' || (resource.Properties !== undefined && !isObject(resource.Properties))) {
      throw new InputError(SimulatorErrorId.TEMPLATE, `${what}: resource '${logicalId}' must be an object with a string 'Type' and, if any, `
        + `object 'Properties', got: ${JSON.stringify(resource)?.slice(0, 80)}.`);
    }
  }
  return template;
}
