import * as fs from 'fs';
import * as path from 'path';
import { CDK_VERSION, MIN_CDK_VERSION, testOnMinimumCdk } from './cdk-version';
import { exampleTemplates, libraryResources } from '../tools/normalized-templates';

// The resources the library creates, pinned: the normalized templates of every
// stack of the example app and the CDK Pipelines example (asset hashes and the
// CDK's version metadata left out) must equal the reviewed copy. A refactoring
// must leave them as they are; a change of behaviour regenerates the copy
// deliberately (`npx projen templates:accept`, against the minimum aws-cdk-lib)
// and shows up in review as a diff.
const FIXTURE = path.join(__dirname, 'fixtures', 'example-templates.json');
const reviewed = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
const now = exampleTemplates();

// The whole templates, aws-cdk-lib's own resources included (the Vpc, ECS,
// CDK Pipelines): these change with aws-cdk-lib's version, so they are
// compared against the minimum only.
testOnMinimumCdk(`the example apps synthesize the reviewed resources (aws-cdk-lib ${MIN_CDK_VERSION})`, () => {
  expect(Object.keys(now.templates)).toEqual(Object.keys(reviewed));
  for (const stack of Object.keys(reviewed)) {
    expect({ stack, template: now.templates[stack] }).toEqual({ stack, template: reviewed[stack] });
  }
});

// The library's own resources (health checks, alarms, records, the
// republisher's function, role, policy and rule, the notification topic, the
// dashboard...), under every tested aws-cdk-lib (`npx projen test:cdk-newest`
// runs this against the newest): the same as reviewed under the minimum.
test(`the library's own resources are the reviewed ones (aws-cdk-lib ${CDK_VERSION})`, () => {
  const stacks = Object.keys(now.libraryResourceIds);
  // The Region stacks of both apps (3 + 3 Stages) and the dashboard stacks.
  expect(stacks.length).toBeGreaterThanOrEqual(8);
  let count = 0;
  for (const stack of stacks) {
    const ids = now.libraryResourceIds[stack];
    count += ids.length;
    expect({ stack, resources: libraryResources(now.templates[stack], ids) })
      .toEqual({ stack, resources: libraryResources(reviewed[stack], ids) });
  }
  expect(count).toBeGreaterThan(50);
});

test('every reviewed resource is still synthesized, with its type (under every tested aws-cdk-lib)', () => {
  // A resource the library stopped creating fails here even where it is not
  // found as the library's any more.
  for (const [stack, template] of Object.entries<any>(reviewed)) {
    const current = now.templates[stack] ?? now.templates[stack.replace(/(?<=cross-region-stack-\d{12}):/, '_')];
    const types = (t: any) => Object.fromEntries(Object.entries<any>(t?.Resources ?? {}).map(([id, r]) => [id, r.Type]));
    expect({ stack, types: types(current) }).toEqual({ stack, types: expect.objectContaining(types(template)) });
  }
});
