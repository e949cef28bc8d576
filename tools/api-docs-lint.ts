/**
 * Fails the build when the public API lacks documentation.
 *
 * Reads the jsii assembly (`.jsii`, written by `jsii` during compile) and
 * reports every exported type, property, method, parameter and enum member
 * without a summary, and every optional property of a struct without a
 * `@default`. The assembly is what every language's documentation is
 * generated from (API.md, Python docstrings, Javadoc, ...), so checking it
 * checks what users read.
 *
 * Usage: ts-node tools/api-docs-lint.ts [path/to/.jsii]
 */
import * as fs from 'fs';

/** The parts of a jsii assembly's documentation this lint reads. */
interface Docs {
  readonly summary?: string;
  readonly default?: string;
}

interface Parameter {
  readonly name: string;
  readonly docs?: Docs;
}

interface Property {
  readonly name: string;
  readonly optional?: boolean;
  readonly docs?: Docs;
}

interface Method {
  readonly name: string;
  readonly docs?: Docs;
  readonly parameters?: readonly Parameter[];
}

/** One type of a jsii assembly (`kind` is class, interface or enum). */
export interface AssemblyType {
  readonly kind: string;
  readonly datatype?: boolean;
  readonly docs?: Docs;
  readonly initializer?: { readonly parameters?: readonly Parameter[] };
  readonly properties?: readonly Property[];
  readonly methods?: readonly Method[];
  readonly members?: readonly { readonly name: string; readonly docs?: Docs }[];
}

/** A jsii assembly, reduced to its schema and types. */
export interface Assembly {
  readonly schema?: string;
  readonly types?: Readonly<Record<string, AssemblyType>>;
}

/** The schema of the assemblies this lint reads (a compressed assembly's redirect file has another). */
export const JSII_SCHEMA = 'jsii/0.10.0';

function hasSummary(docs: Docs | undefined): boolean {
  return (docs?.summary ?? '').trim() !== '';
}

/**
 * Every missing piece of documentation in the assembly, one line each,
 * sorted, in the form `<fqn>[#member[(parameter)]]: <what is missing>`.
 */
export function apiDocFindings(assembly: Assembly): string[] {
  const findings: string[] = [];
  const parameters = (where: string, list: readonly Parameter[] | undefined) => {
    for (const parameter of list ?? []) {
      if (!hasSummary(parameter.docs)) findings.push(`${where}(${parameter.name}): parameter has no @param description`);
    }
  };
  for (const [fqn, type] of Object.entries(assembly.types ?? {})) {
    if (!hasSummary(type.docs)) findings.push(`${fqn}: ${type.kind} has no documentation`);
    parameters(`${fqn}#constructor`, type.initializer?.parameters);
    for (const property of type.properties ?? []) {
      if (!hasSummary(property.docs)) findings.push(`${fqn}#${property.name}: property has no documentation`);
      if (type.datatype && property.optional && property.docs?.default === undefined) {
        findings.push(`${fqn}#${property.name}: optional property has no @default`);
      }
    }
    for (const method of type.methods ?? []) {
      if (!hasSummary(method.docs)) findings.push(`${fqn}#${method.name}: method has no documentation`);
      parameters(`${fqn}#${method.name}`, method.parameters);
    }
    for (const member of type.members ?? []) {
      if (!hasSummary(member.docs)) findings.push(`${fqn}#${member.name}: enum member has no documentation`);
    }
  }
  return findings.sort();
}

/** Runs the lint on an assembly file; returns the process exit code. */
export function main(args: readonly string[], print: (line: string) => void): number {
  const file = args[0] ?? '.jsii';
  const assembly = JSON.parse(fs.readFileSync(file, 'utf8')) as Assembly;
  const types = Object.keys(assembly.types ?? {}).length;
  if (assembly.schema !== JSII_SCHEMA || types === 0) {
    // Checking nothing must not pass.
    print(`api-docs-lint: ${file} must be a jsii assembly (schema '${JSII_SCHEMA}') with public types, `
      + `got: schema '${assembly.schema}' with ${types} types.`);
    return 1;
  }
  const findings = apiDocFindings(assembly);
  if (findings.length === 0) {
    print(`api-docs-lint: ${types} public types, every type, member, parameter and optional prop documented.`);
    return 0;
  }
  print(`api-docs-lint: ${findings.length} missing docs in ${file} (document them in src/, then recompile):`);
  for (const finding of findings) print(`  ${finding}`);
  return 1;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), (line) => console.log(line));
}
