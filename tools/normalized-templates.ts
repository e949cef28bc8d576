import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { buildExampleApp } from '../examples/app';
import { buildPipelineApp } from '../examples/pipelines';

/**
 * The templates of every stack of the example app and the CDK Pipelines
 * example, normalized: asset hashes replaced, the CDK's version metadata and
 * bootstrap rule left out. What stays is everything the library decides, so
 * two builds whose normalized templates are equal deploy the same resources.
 *
 * Usage: ts-node --project tsconfig.dev.json tools/normalized-templates.ts [out.json]
 * (without `out.json`, prints to standard output). `test/behaviour.test.ts`
 * compares today's templates with the committed ones.
 */
export function normalizedExampleTemplates(): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, build] of [['example', buildExampleApp], ['pipelines', buildPipelineApp]] as const) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `normalized-${name}-`));
    try {
      const assembly = build(outdir).synth();
      for (const stack of [...assembly.stacksRecursively].sort((a, b) => a.hierarchicalId.localeCompare(b.hierarchicalId))) {
        result[`${name}/${stack.hierarchicalId}`] = normalizedTemplate(stack);
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }
  return result;
}

/** One stack's template without what varies with the CDK's version or the bundled code. */
export function normalizedTemplate(stack: cxapi.CloudFormationStackArtifact): unknown {
  const template = JSON.parse(JSON.stringify(stack.template).replace(/[0-9a-f]{64}/g, '<asset-hash>'));
  delete template.Rules;
  delete template.Parameters?.BootstrapVersion;
  if (template.Parameters && Object.keys(template.Parameters).length === 0) {
    delete template.Parameters;
  }
  delete template.Conditions?.CDKMetadataAvailable;
  if (template.Conditions && Object.keys(template.Conditions).length === 0) {
    delete template.Conditions;
  }
  for (const [id, resource] of Object.entries<any>(template.Resources ?? {})) {
    if (resource.Type === 'AWS::CDK::Metadata') {
      delete template.Resources[id];
    } else if (resource.Metadata) {
      delete resource.Metadata['aws:cdk:path'];
      delete resource.Metadata['aws:asset:path'];
      delete resource.Metadata['aws:asset:property'];
      delete resource.Metadata['aws:asset:is-bundled'];
      if (Object.keys(resource.Metadata).length === 0) {
        delete resource.Metadata;
      }
    }
  }
  return template;
}

if (require.main === module) {
  const text = JSON.stringify(normalizedExampleTemplates(), undefined, 1) + '\n';
  const out = process.argv[2];
  if (out) {
    fs.writeFileSync(out, text);
  } else {
    process.stdout.write(text);
  }
}
