// Types of bundle-core.mjs for the TypeScript scripts (bench.ts).
export declare const PROJECT_ROOT: string;
export declare function bundle(entry: string, outfile: string, options?: { analysisWorker?: boolean }): Promise<void>;
export declare function bundleCore(entry: string, outfile: string): Promise<unknown>;
