/** `related-work corpus --hf-daily FROM[..TO] --out FILE.jsonl`: a corpus from Hugging Face Daily Papers. */
import path from 'node:path';
import { DAILY_VENUE, dailyCorpusLine, dailyRange, fetchDailyPapers, writeLinesAtomic } from '../core/online/dailyCorpus';
import { errorLine } from '../core/online/http';
import { formatProviderError } from '../core/online/online';
import { huggingFaceProvider } from '../core/online/providers/huggingface';
import { deadlineOf, ONLINE_FLAGS, onlineSetup, ttyProgress, withInterrupt } from './online';
import { parseCommand, UsageError } from './options';
import { displayPath, type Output } from './report';

/** Fetches every day of the range; writes the file only when every day was read. */
export async function corpus(argv: string[], io: Output): Promise<number> {
  const { common, values, positionals } = parseCommand(argv, {
    'hf-daily': { type: 'string' },
    out: { type: 'string' },
    offline: ONLINE_FLAGS.offline,
    mailto: ONLINE_FLAGS.mailto,
    timeout: ONLINE_FLAGS.timeout,
  });
  const spec = values['hf-daily'] as string | undefined;
  const out = values.out as string | undefined;
  if (common.help || !spec || !out || positionals.length) throw new UsageError('corpus wants --hf-daily FROM[..TO] --out FILE.jsonl');
  let days: string[];
  try {
    days = dailyRange(spec);
  } catch (err) {
    throw new UsageError(`--hf-daily: ${(err as Error).message}`);
  }
  const setup = onlineSetup(common, values);
  const hf = huggingFaceProvider({ http: setup.http, baseUrl: setup.config.baseUrls?.hf });
  let result;
  try {
    const notice = (message: string) => io.err(`related-work: online: warning: ${formatProviderError({ provider: hf.name, message })}`);
    const deadline = deadlineOf(values, 'corpus', setup.http);
    const progress = ttyProgress((done, total) => `Hugging Face Daily Papers: ${days[done]} (day ${done + 1} of ${total})`);
    try {
      result = await withInterrupt((signal) => fetchDailyPapers(hf, days, { signal, notice, deadline, progress: progress.show }));
    } finally {
      progress.clear();
    }
  } catch (err) {
    io.err(`related-work: online: ${formatProviderError({ provider: hf.name, message: errorLine(err) })}`);
    return 1;
  }
  const file = path.resolve(out);
  await writeLinesAtomic(file, result.records.map(dailyCorpusLine));
  for (const d of result.perDay) io.out(`${d.date}: ${d.papers} ${d.papers === 1 ? 'paper' : 'papers'}`);
  io.out(`${result.records.length} papers from ${DAILY_VENUE} written to ${displayPath(file)}`);
  return 0;
}
