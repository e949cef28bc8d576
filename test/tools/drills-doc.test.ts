import * as fs from 'fs';
import * as path from 'path';
import { DRILL_FAULTS, FIS_ACTIONS } from '../../src/model/drill/fis-actions';
import { renderDrillsDoc } from '../../tools/drills-doc';

test('docs/fis-actions.md is rendered from the FIS actions table as committed (npx projen drills:doc)', () => {
  expect(fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'fis-actions.md'), 'utf8')).toBe(renderDrillsDoc());
});

test('docs/fis-actions.md lists every fault and every action of the table', () => {
  const doc = renderDrillsDoc();
  for (const name of [...DRILL_FAULTS, ...Object.keys(FIS_ACTIONS)]) {
    expect(doc).toContain(`\`${name}\``);
  }
});
