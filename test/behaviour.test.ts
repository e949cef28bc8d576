import * as fs from 'fs';
import * as path from 'path';
import { normalizedExampleTemplates } from '../tools/normalized-templates';

// The resources the library creates, pinned: the normalized templates of every
// stack of the example app and the CDK Pipelines example (asset hashes and the
// CDK's version metadata left out) must equal the reviewed copy. A refactoring
// must leave them as they are; a change of behaviour regenerates the copy
// deliberately (`npx projen templates:accept`) and shows up in review as a diff.
const FIXTURE = path.join(__dirname, 'fixtures', 'example-templates.json');

test('the example apps synthesize the reviewed resources', () => {
  const reviewed = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
  const now = normalizedExampleTemplates();
  expect(Object.keys(now)).toEqual(Object.keys(reviewed));
  for (const stack of Object.keys(reviewed)) {
    expect({ stack, template: now[stack] }).toEqual({ stack, template: reviewed[stack] });
  }
});
