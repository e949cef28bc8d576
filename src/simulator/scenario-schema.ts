/**
 * The JSON schema of scenario files, generated from the scenario format
 * (scenario-format.ts) into scenarios/scenario.schema.json, which is shipped
 * with the package. Regenerate it with `npx projen scenario:schema`; a test
 * fails when the committed file differs.
 *
 *   ts-node --project tsconfig.dev.json src/simulator/scenario-schema.ts [file]
 */
import * as fs from 'fs';
import * as path from 'path';
import { SCENARIOS_DIR, SCHEMA_FILE_NAME } from './builtin-scenarios';
import { jsonSchema } from './json-format';
import { SCENARIO_FORMAT } from './scenario-format';

/** The committed schema file. */
export const SCENARIO_SCHEMA_FILE = path.join(SCENARIOS_DIR, SCHEMA_FILE_NAME);

/** The schema file's text. */
export function scenarioSchemaText(): string {
  const schema = jsonSchema(SCENARIO_FORMAT, {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/cdk-active-active-failover/cdk-active-active-failover/scenarios/scenario.schema.json',
    title: 'cdk-active-active-failover simulator scenario',
    $comment: 'Generated from src/simulator/scenario-format.ts by `npx projen scenario:schema`; do not edit.',
  });
  return `${JSON.stringify(schema, undefined, 2)}\n`;
}

if (require.main === module) {
  const file = process.argv[2] ?? SCENARIO_SCHEMA_FILE;
  fs.writeFileSync(file, scenarioSchemaText());
  console.log(`Written: ${file}`);
}
