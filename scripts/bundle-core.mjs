// Bundles one module of src/ with esbuild, as the extension and the CLI ship it, and loads the
// bundle: the benchmarks time shipped code, not code run through a TypeScript loader.
import * as esbuild from 'esbuild';
import path from 'node:path';
import { createRequire } from 'node:module';

export const PROJECT_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/**
 * Bundles `entry` (relative to the project root) to `outfile` (a .cjs path). With
 * `analysisWorker`, the second thread of large index builds is bundled beside it, where the
 * engine looks for it (as dist/ has it): run from source it would start through tsx instead.
 */
export async function bundle(entry, outfile, { analysisWorker = false } = {}) {
  const options = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    external: ['tsx/cjs'],
  };
  await esbuild.build({ ...options, entryPoints: [path.join(PROJECT_ROOT, entry)], outfile });
  if (analysisWorker) {
    const worker = path.join(PROJECT_ROOT, 'src/core/index/analysisWorker.ts');
    await esbuild.build({ ...options, entryPoints: [worker], outfile: path.join(path.dirname(outfile), 'analysisWorker.js') });
  }
}

/** Bundles `entry` (relative to the project root) to `outfile` (a .cjs path) and requires it. */
export async function bundleCore(entry, outfile) {
  await bundle(entry, outfile);
  return createRequire(import.meta.url)(outfile);
}
