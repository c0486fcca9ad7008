import { main } from './cli/main';
import { stripControls } from './core/text/controls';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`related-work: ${stripControls(err instanceof Error ? err.message : String(err))}\n`);
    process.exitCode = 1;
  },
);
