/**
 * The README's Quick start program: the first TypeScript block of its
 * "## Quick start" section, the source rosetta compiles. Read by the Quick
 * start test (test/quickstart.test.ts) and the consumer check
 * (tools/consumer-check.ts), so both run what users paste.
 */

/** The TypeScript code block of the README's "## Quick start" section (the first one, as rosetta reads it). */
export function quickStartSource(readme: string): string {
  const section = /^## Quick start\n([\s\S]*?)(?=^## )/m.exec(readme);
  if (!section) throw new Error('README.md has no "## Quick start" section');
  const block = /^```(?:ts|typescript)\b[^\n]*\n([\s\S]*?)^```$/m.exec(section[1]);
  if (!block) throw new Error('the Quick start has no TypeScript code block');
  return block[1];
}
