/**
 * The engine `npm run bench` times, bundled as the CLI and the extension ship it (bench.ts): run
 * through a TypeScript loader, the index build's second thread would first compile its source.
 */
export { Library } from '../src/core/library';
export { prepareRanking, rankText } from '../src/core/rank/rank';
export { plainTextOf } from '../src/core/draft/scan';
