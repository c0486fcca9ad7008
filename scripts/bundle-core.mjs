// Bundles one module of src/ with esbuild, as the extension and the CLI ship it, and loads the
// bundle: the benchmarks time shipped code, not code run through a TypeScript loader.
import * as esbuild from 'esbuild';
import path from 'node:path';
import { createRequire } from 'node:module';

export const PROJECT_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** Bundles `entry` (relative to the project root) to `outfile` (a .cjs path) and requires it. */
export async function bundleCore(entry, outfile) {
  await esbuild.build({
    entryPoints: [path.join(PROJECT_ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  return createRequire(import.meta.url)(outfile);
}
