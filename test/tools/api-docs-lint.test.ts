import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { apiDocFindings, Assembly, main } from '../../tools/api-docs-lint';

const documented = { summary: 'Documented.' };

/** A small assembly whose every piece is documented. */
function assembly(): Assembly {
  return {
    schema: 'jsii/0.10.0',
    types: {
      'pkg.Thing': {
        kind: 'class',
        docs: documented,
        initializer: { parameters: [{ name: 'scope', docs: documented }] },
        properties: [{ name: 'name', docs: documented }],
        methods: [{ name: 'grant', docs: documented, parameters: [{ name: 'grantee', docs: documented }] }],
      },
      'pkg.ThingProps': {
        kind: 'interface',
        datatype: true,
        docs: documented,
        properties: [{ name: 'size', optional: true, docs: { summary: 'Size.', default: '3' } }],
      },
      'pkg.Kind': { kind: 'enum', docs: documented, members: [{ name: 'A', docs: documented }] },
    },
  };
}

/** The assembly with one piece changed. */
function withType(fqn: string, type: object): Assembly {
  return { ...assembly(), types: { ...assembly().types, [fqn]: type as never } };
}

test('a fully documented assembly has no finding', () => {
  expect(apiDocFindings(assembly())).toEqual([]);
});

test.each([
  ['a type has no summary', 'pkg.Kind', { kind: 'enum', docs: { summary: ' ' }, members: [{ name: 'A', docs: documented }] },
    'pkg.Kind: enum has no documentation'],
  ['an enum member has no summary', 'pkg.Kind', { kind: 'enum', docs: documented, members: [{ name: 'A' }] },
    'pkg.Kind#A: enum member has no documentation'],
  ['a struct property has no summary', 'pkg.ThingProps',
    { kind: 'interface', datatype: true, docs: documented, properties: [{ name: 'size', docs: {} }] },
    'pkg.ThingProps#size: property has no documentation'],
  ['an optional struct property has no @default', 'pkg.ThingProps',
    { kind: 'interface', datatype: true, docs: documented, properties: [{ name: 'size', optional: true, docs: documented }] },
    'pkg.ThingProps#size: optional property has no @default'],
  ['a method has no summary', 'pkg.Thing', { kind: 'class', docs: documented, methods: [{ name: 'grant' }] },
    'pkg.Thing#grant: method has no documentation'],
  ['a method parameter has no @param', 'pkg.Thing',
    { kind: 'class', docs: documented, methods: [{ name: 'grant', docs: documented, parameters: [{ name: 'grantee' }] }] },
    'pkg.Thing#grant(grantee): parameter has no @param description'],
  ['a constructor parameter has no @param', 'pkg.Thing',
    { kind: 'class', docs: documented, initializer: { parameters: [{ name: 'scope' }] } },
    'pkg.Thing#constructor(scope): parameter has no @param description'],
])('fails if %s', (_, fqn, type, finding) => {
  expect(apiDocFindings(withType(fqn, type))).toEqual([finding]);
});

test('an optional property of a class (not a struct) needs no @default', () => {
  const type = { kind: 'class', docs: documented, properties: [{ name: 'topic', optional: true, docs: documented }] };
  expect(apiDocFindings(withType('pkg.Thing', type))).toEqual([]);
});

describe('command line', () => {
  function run(content: Assembly): { code: number; lines: string[] } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-docs-lint-'));
    const file = path.join(dir, '.jsii');
    fs.writeFileSync(file, JSON.stringify(content));
    const lines: string[] = [];
    const code = main([file], (line) => lines.push(line));
    fs.rmSync(dir, { recursive: true });
    return { code, lines };
  }

  test('passes and counts the types of a documented assembly', () => {
    expect(run(assembly())).toEqual({
      code: 0,
      lines: ['api-docs-lint: 3 public types, every type, member, parameter and optional prop documented.'],
    });
  });

  test.each([
    ['is not a jsii assembly', { schema: 'jsii/file-redirect', types: assembly().types }, "schema 'jsii/file-redirect' with 3 types"],
    ['has no public type', { schema: 'jsii/0.10.0' }, "schema 'jsii/0.10.0' with 0 types"],
  ])('fails if the file %s (checking nothing must not pass)', (_, content, got) => {
    const result = run(content as Assembly);
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([expect.stringMatching(new RegExp(`must be a jsii assembly \\(schema 'jsii/0.10.0'\\) with public types, got: ${got}\\.$`))]);
  });

  test('fails with exit code 1 and lists every finding', () => {
    const result = run(withType('pkg.Kind', { kind: 'enum', members: [{ name: 'A' }] }));
    expect(result.code).toBe(1);
    expect(result.lines.slice(1)).toEqual(['  pkg.Kind#A: enum member has no documentation', '  pkg.Kind: enum has no documentation']);
    expect(result.lines[0]).toMatch(/^api-docs-lint: 2 missing docs in .*\.jsii/);
  });
});
