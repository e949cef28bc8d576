import * as fs from 'fs';
import * as path from 'path';
import { Annotations as CdkAnnotations, App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { RecordRuleId } from '../src/model/route53-record-rules';
import { hasEarlierName, legacyWarningId, WarningId } from '../src/model/warnings';
import { addWarning } from '../src/private/warnings';

const ROOT = path.join(__dirname, '..');
/** An id: AAF- and upper-case words, not a family such as `AAF-ALARM-*`. */
const ID = /AAF-[A-Z0-9]+(?:-[A-Z0-9]+)*(?![-*A-Z0-9])/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The construct side of the library: everything but the simulator, whose errors name files and options. */
const constructSources = sourceFiles(path.join(ROOT, 'src')).filter(f => !f.includes(`${path.sep}simulator${path.sep}`));

/** The rows of the README's table of ids (section "Validation"): id -> kind. */
function readmeTable(): Map<string, string> {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Validation'), readme.indexOf('\n## ', readme.indexOf('\n## Validation') + 1));
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const match = /^\| `(AAF-[A-Z0-9-]+)` \| ([^|]+) \|/.exec(line);
    if (match) {
      rows.set(match[1], match[2].trim());
    }
  }
  return rows;
}

describe('one error grammar', () => {
  const table = readmeTable();
  const used = new Set(sourceFiles(path.join(ROOT, 'src')).flatMap(file => fs.readFileSync(file, 'utf8').match(ID) ?? []));

  test('every id the constructs, the guard, the handler and the simulator use is in the README table', () => {
    expect([...used].filter(id => !table.has(id))).toEqual([]);
  });

  test('every id of the README table is used', () => {
    expect([...table.keys()].filter(id => !used.has(id))).toEqual([]);
  });

  test('every warning is a warning row that names its earlier id, if it had one', () => {
    for (const id of Object.values(WarningId)) {
      const kind = hasEarlierName(id) ? new RegExp(`^warning \\(was \`${legacyWarningId(id)}\`\\)$`) : /^warning$/;
      expect({ id, kind: table.get(id) }).toEqual({ id, kind: expect.stringMatching(kind) });
    }
  });

  test('every warning is raised through addWarning (which honours the earlier ids), and every warning id is raised', () => {
    const direct = constructSources.filter(f => !f.endsWith(path.join('private', 'warnings.ts')))
      .filter(f => /addWarningV2\(|addWarning\(\s*['`]/.test(fs.readFileSync(f, 'utf8')));
    expect(direct.map(f => path.relative(ROOT, f))).toEqual([]);
    const text = constructSources.map(f => fs.readFileSync(f, 'utf8')).join('\n');
    const raised = Object.entries(WarningId).filter(([member]) => new RegExp(`addWarning\\([^;]*WarningId\\.${member}\\b`).test(text));
    expect(raised.map(([, id]) => id).sort()).toEqual(Object.values(WarningId).sort());
  });

  test('the quota warning has the quota rule\'s id', () => {
    expect(WarningId.HEALTH_CHECK_QUOTA).toBe(RecordRuleId.QUOTA);
  });

  test('every thrown error starts with an id', () => {
    const unnamed: string[] = [];
    for (const file of constructSources) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/new Error\(\s*/g)) {
        const rest = text.slice(match.index! + match[0].length);
        // A literal starts with its id; formatViolation writes the violation's rule id first.
        if (!/^[`'"]\[AAF-/.test(rest) && !/^violations\.map\(v => formatViolation\(|^formatViolation\(/.test(rest)) {
          unnamed.push(`${path.relative(ROOT, file)}:${text.slice(0, match.index).split('\n').length}`);
        }
      }
    }
    expect(unnamed).toEqual([]);
  });
});

describe('warnings keep their earlier ids as aliases', () => {
  type On = 'stack' | 'construct';
  const raise = (acknowledge?: { id: string; before: boolean; on: On }) => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'us-east-1' } });
    const region = new Construct(stack, 'Region');
    const ack = () => CdkAnnotations.of(acknowledge!.on === 'stack' ? stack : region).acknowledgeWarning(acknowledge!.id);
    if (acknowledge?.before) {
      ack();
    }
    addWarning(region, WarningId.MAY_FLAP, 'a drained Region comes back while still broken.');
    if (acknowledge && !acknowledge.before) {
      ack();
    }
    return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('still broken'));
  };

  test('the warning carries both ids, the current one first (the CDK CLI shows the first)', () => {
    expect(raise()).toHaveLength(1);
    expect(raise()[0].entry.data).toBe(
      'a drained Region comes back while still broken. [ack: AAF-SIGNAL-MAY-FLAP] [ack: cdk-active-active-failover:mayFlap]',
    );
  });

  const ids = [WarningId.MAY_FLAP, 'cdk-active-active-failover:mayFlap'];
  test.each(ids.flatMap(id => (['stack', 'construct'] as On[]).flatMap(on => [true, false].map(before => [id, on, before] as const))))(
    'acknowledging %s on the %s (before it is raised: %s) silences it', (id, on, before) => {
      expect(raise({ id, before, on })).toEqual([]);
    });

  test('a guard finding\'s earlier id is its rule id behind the old prefix', () => {
    expect(legacyWarningId('AAF-GUARD-ALIAS-TTL')).toBe('cdk-active-active-failover:AAF-GUARD-ALIAS-TTL');
  });
});
