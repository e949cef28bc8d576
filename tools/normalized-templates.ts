import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { IConstruct } from 'constructs';
import { buildExampleApp } from '../examples/app';
import { buildPipelineApp } from '../examples/pipelines';
import { ActiveActiveFailover, FailoverDashboard, FailoverRegion } from '../src';
import { Republisher } from '../src/republisher/republisher';

/** The library's constructs: every CloudFormation resource inside one of them is the library's. */
const LIBRARY_CONSTRUCTS = [ActiveActiveFailover, FailoverRegion, FailoverDashboard, Republisher];

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
  return exampleTemplates().templates;
}

/** The example apps' normalized templates, and the logical IDs of the library's resources in each. */
export interface ExampleTemplates {
  /** Normalized template by `<app>/<stack's hierarchical ID>`. */
  readonly templates: Record<string, any>;
  /** By the same key: the logical IDs of the resources inside the library's constructs (stacks without any left out). */
  readonly libraryResourceIds: Record<string, string[]>;
}

/** Synthesizes both example apps once: their normalized templates and which resources are the library's. */
export function exampleTemplates(): ExampleTemplates {
  const templates: Record<string, unknown> = {};
  const libraryResourceIds: Record<string, string[]> = {};
  for (const [name, build] of [['example', buildExampleApp], ['pipelines', buildPipelineApp]] as const) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `normalized-${name}-`));
    try {
      const app = build(outdir);
      const assembly = app.synth();
      for (const stack of [...assembly.stacksRecursively].sort((a, b) => a.hierarchicalId.localeCompare(b.hierarchicalId))) {
        templates[`${name}/${stack.hierarchicalId}`] = normalizedTemplate(stack);
      }
      for (const resource of app.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && isLibrarys(c))) {
        const stack = Stack.of(resource);
        (libraryResourceIds[`${name}/${stack.node.path}`] ??= []).push(stack.resolve(resource.logicalId));
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }
  for (const ids of Object.values(libraryResourceIds)) {
    ids.sort();
  }
  return { templates, libraryResourceIds };
}

function isLibrarys(resource: IConstruct): boolean {
  return resource.node.scopes.some(scope => LIBRARY_CONSTRUCTS.some(type => scope instanceof type));
}

/**
 * The library's resources of one normalized template (the given logical IDs),
 * without any `aws:` metadata: what the library decides, whatever version of
 * aws-cdk-lib synthesized the rest of the stack.
 */
export function libraryResources(template: any, ids: readonly string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const id of ids) {
    const resource = template?.Resources?.[id];
    if (resource === undefined) {
      result[id] = '<missing>';
      continue;
    }
    const copy = JSON.parse(JSON.stringify(resource));
    for (const key of Object.keys(copy.Metadata ?? {}).filter(k => k.startsWith('aws:'))) {
      delete copy.Metadata[key];
    }
    if (copy.Metadata && Object.keys(copy.Metadata).length === 0) {
      delete copy.Metadata;
    }
    result[id] = copy;
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
