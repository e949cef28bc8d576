/**
 * Prints the size of every Lambda bundle (`<dir>/**\/index.js`, written by
 * `npx projen bundle`) against a budget, and fails when one is above it or
 * when there is none.
 *
 * The republisher's bundle, minified with the AWS SDK v3's ES module builds
 * (mainFields module,main), measured about 400 KiB; unminified, 1.7 MB. The
 * budget leaves room for the handler to grow, not for a lost minify flag.
 *
 * Usage: ts-node tools/bundle-size.ts [assets]
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

/** The largest a Lambda bundle may be, in bytes. */
export const BUNDLE_BUDGET_BYTES = 600 * 1024;

/** One bundle's size. */
export interface BundleSize {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** The size of every `index.js` under `dir`, sorted by path. */
export function bundleSizes(dir: string): BundleSize[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name === 'index.js') found.push(full);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return found.sort().map(file => {
    const content = fs.readFileSync(file);
    return { file, bytes: content.length, gzipBytes: zlib.gzipSync(content, { level: 9 }).length };
  });
}

/** The report lines and whether every bundle is within `budget`. */
export function bundleReport(sizes: BundleSize[], budget: number = BUNDLE_BUDGET_BYTES): { lines: string[]; ok: boolean } {
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  if (sizes.length === 0) return { lines: ['bundle-size: no Lambda bundle found (run \'npx projen bundle\')'], ok: false };
  const lines = sizes.map(s => `bundle-size: ${s.file} ${kib(s.bytes)} (gzip ${kib(s.gzipBytes)}), budget ${kib(budget)}`
    + (s.bytes > budget ? ` EXCEEDED by ${kib(s.bytes - budget)}` : ` (${Math.round(100 * s.bytes / budget)} %)`));
  return { lines, ok: sizes.every(s => s.bytes <= budget) };
}

if (require.main === module) {
  const { lines, ok } = bundleReport(bundleSizes(process.argv[2] ?? 'assets'));
  (ok ? console.log : console.error)(lines.join('\n'));
  if (!ok) process.exit(1);
}
