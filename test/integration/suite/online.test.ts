// Runs inside a real VS Code extension host: the online sources of the extension (OnlineService,
// Search Papers' online section, Set API Key) against HTTP servers on 127.0.0.1 that answer with
// the arXiv Atom / Semantic Scholar JSON of test/fixtures/online. `relatedWork.online.*` are set
// in the user settings and restored after each test.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProviderId } from '../../../src/core/online/online';
import { copyBibtex } from '../../../src/extension/cite/addToBibliography';
import type { RelatedWorkApi } from '../../../src/extension/extension';
import { SIDEBAR_TEST_COMMANDS, type DisplayedResults } from '../../../src/extension/sidebar/sidebarProvider';
import { startServer, type FakeServer, type Respond, type Seen } from './fakeServer';
import { featureDeps, openFixture, waitFor } from './util';

// out/integration/suite -> project root
const ROOT = path.resolve(__dirname, '..', '..', '..');
const fixture = (name: string) => fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'online', name), 'utf8');

const arxivApi: Respond = (r) =>
  r.url.startsWith('/api/query') ? [200, 'application/atom+xml', fixture('arxiv-search.xml')] : [404, 'text/plain', 'no'];
const s2Api =
  (fail?: (r: Seen) => boolean): Respond =>
  (r) =>
    fail?.(r)
      ? [500, 'text/plain', 'boom']
      : r.url.startsWith('/graph/v1/paper/search')
        ? [200, 'application/json', fixture('s2-search.json')]
        : [404, 'text/plain', 'no'];
const alwaysFailing: Respond = () => [500, 'text/plain', 'always failing'];
/** A Semantic Scholar paper id (40 hex digits) made from any text. */
const s2Id = (text: string) => createHash('sha1').update(text).digest('hex');

/** Sets `relatedWork.online.<key>` in the user settings (undefined removes it). */
async function setOnline(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('relatedWork').update(`online.${key}`, value, vscode.ConfigurationTarget.Global);
}

/**
 * Fake providers for the tests of a suite; call it in the suite body, since it registers the
 * teardown that closes the servers a test started and removes the `relatedWork.online` settings
 * (the next test must neither reach a closed port nor start with online search on).
 */
function fakeProviders() {
  const servers: FakeServer[] = [];
  teardown(async () => {
    for (const key of ['enabled', 'providers', 'baseUrls', 'mailto']) await setOnline(key, undefined);
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  /** One server per provider, answering with its `Respond`. */
  async function start<P extends ProviderId>(responders: Record<P, Respond>): Promise<Record<P, FakeServer>> {
    const started = {} as Record<P, FakeServer>;
    for (const id of Object.keys(responders) as P[]) {
      started[id] = await startServer(responders[id]);
      servers.push(started[id]);
    }
    return started;
  }

  /**
   * Points the providers' base URLs at the servers; then, unless told otherwise, selects exactly
   * these providers and turns online search on.
   */
  async function connect(started: Partial<Record<ProviderId, FakeServer>>, { providers = true, enabled = true } = {}): Promise<void> {
    const ids = Object.keys(started) as ProviderId[];
    await setOnline('baseUrls', Object.fromEntries(ids.map((id) => [id, started[id]!.base])));
    if (providers) await setOnline('providers', ids);
    if (enabled) await setOnline('enabled', true);
  }

  return {
    start,
    connect,
    async serve<P extends ProviderId>(responders: Record<P, Respond>, settings?: { providers?: boolean; enabled?: boolean }): Promise<Record<P, FakeServer>> {
      const started = await start(responders);
      await connect(started, settings);
      return started;
    },
  };
}

/** Collects the warnings the extension shows while the suite's patch is in place. */
function captureWarnings(): { warnings: string[]; restore(): void } {
  const warnings: string[] = [];
  const w = vscode.window as { showWarningMessage: unknown };
  const original = w.showWarningMessage;
  w.showWarningMessage = (m: string) => (warnings.push(m), Promise.resolve(undefined));
  return { warnings, restore: () => (w.showWarningMessage = original) };
}

const token = () => new vscode.CancellationTokenSource().token;

suite('Online sources', () => {
  let api: RelatedWorkApi;
  const fake = fakeProviders();

  suiteSetup(async function () {
    this.timeout(120_000);
    ({ api } = await openFixture('paper.tex', 'latex'));
    await api.library.whenReady();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  test('with online search off, nothing reaches the network', async () => {
    const { arxiv, s2 } = await fake.serve({ arxiv: arxivApi, s2: s2Api() }, { providers: false, enabled: false });
    assert.equal(api.online.enabled, false);
    const result = await api.online.search('attention sinks off', token());
    assert.deepEqual(result, { records: [], errors: [] });
    // Search Papers shows local results only.
    const done = vscode.commands.executeCommand('relatedWork.searchPapers', 'attention sinks quickpick off');
    await new Promise((r) => setTimeout(r, 1500));
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await done;
    assert.equal(arxiv.requests.length + s2.requests.length, 0);
  });

  test('enabled: the service returns the servers’ papers, marked online', async () => {
    const { arxiv, s2 } = await fake.serve({ arxiv: arxivApi, s2: s2Api() });
    assert.equal(api.online.enabled, true);
    const result = await api.online.search('streaming attention sinks', token());
    assert.deepEqual(result.errors, []);
    const titles = result.records.map((r) => r.title);
    assert.ok(titles.includes('Efficient Streaming Language Models with Attention Sinks'), titles.join(' | '));
    assert.ok(titles.includes('Vision Transformers Need Registers for Attention Maps'), titles.join(' | '));
    assert.ok(result.records.every((r) => r.origin.kind === 'online' && !r.inBibliography));
    assert.equal(arxiv.requests.length, 1);
    assert.equal(s2.requests.length, 1);
    assert.match(arxiv.requests[0]!.url, /^\/api\/query\?/);

    // An online paper gets a BibTeX entry like any paper outside the bibliography.
    const deps = featureDeps(api);
    const registers = result.records.find((r) => r.title.startsWith('Vision Transformers Need Registers'))!;
    await copyBibtex(deps, registers);
    const bib = await vscode.env.clipboard.readText();
    assert.match(bib, /^@\w+\{darcet2024vision\w*,/, bib);
    assert.match(bib, /doi\s*=\s*\{10\.5555\/reg\.2024\}/i, bib);
  });

  test('enabled: Search Papers asks the providers for the typed query', async () => {
    const { s2 } = await fake.serve({ s2: s2Api() });
    const done = vscode.commands.executeCommand('relatedWork.searchPapers', 'registers quickpick online');
    await waitFor('the online request of Search Papers', () => s2.requests.length > 0, 15_000);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await done;
    assert.match(s2.requests[0]!.url, /query=registers\+quickpick\+online/);
  });

  test('Search Papers shows a server’s payloads as text: icon syntax escaped, no control or bidi character (defect 2)', async () => {
    const hostile = {
      paperId: s2Id('evil1'),
      title: '$(alert) Click [here](command:workbench.action.terminal.new) \u001b[2J\u202Eexe.txt quickpick payload',
      abstract: 'Payload $(bug) <img src=x> \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007',
      venue: '$(gear) Venue',
      year: 2024,
      externalIds: { ArXiv: '2401.99999' },
      authors: [{ name: 'Eve $(account) \u0007Red' }],
    };
    await fake.serve({ s2: (r) => (r.url.startsWith('/graph/v1/paper/search') ? [200, 'application/json', JSON.stringify({ total: 1, data: [hostile] })] : [404, 'text/plain', 'no']) });
    const w = vscode.window as { createQuickPick: typeof vscode.window.createQuickPick };
    const createQuickPick = w.createQuickPick;
    let picker: vscode.QuickPick<vscode.QuickPickItem> | undefined;
    w.createQuickPick = <T extends vscode.QuickPickItem>() => (picker = createQuickPick.call(vscode.window) as vscode.QuickPick<vscode.QuickPickItem>) as unknown as vscode.QuickPick<T>;
    try {
      const done = vscode.commands.executeCommand('relatedWork.searchPapers', 'quickpick payload');
      const row = await waitFor('the server’s paper in the picker', () => picker?.items.find((i) => i.label.includes('Click')), 15_000);
      assert.equal(row.label, '$(globe) \\$(alert) Click [here](command:workbench.action.terminal.new) [2Jexe.txt quickpick payload');
      assert.equal(row.description, 'Semantic Scholar · Red · 2024');
      assert.match(row.detail ?? '', /^Payload \\\$\(bug\) <img src=x> \]8;;https:\/\/evil\.examplelink\]8;;$/);
      for (const text of [row.label, row.description ?? '', row.detail ?? '']) {
        assert.doesNotMatch(text, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/, JSON.stringify(text));
      }
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await done;
    } finally {
      w.createQuickPick = createQuickPick;
    }
  });

  test('a failing provider warns once, naming it, and leaves local results alone', async function () {
    this.timeout(60_000);
    const { arxiv: bad } = await fake.serve({ arxiv: alwaysFailing });
    const localBefore = await api.library.search({ query: 'attention', limit: 10 });
    assert.ok(localBefore.length > 0);
    const capture = captureWarnings();
    try {
      const first = await api.online.search('failing query one', token());
      const second = await api.online.search('failing query two', token());
      assert.deepEqual(first.records, []);
      assert.equal(first.errors.length, 1);
      assert.equal(first.errors[0]!.provider, 'arXiv');
      assert.equal(second.errors.length, 1);
      assert.equal(capture.warnings.length, 1, capture.warnings.join('\n'));
      assert.match(capture.warnings[0]!, /arXiv/);
      assert.match(capture.warnings[0]!, /500/);
    } finally {
      capture.restore();
    }
    assert.ok(bad.requests.length >= 2);
    const localAfter = await api.library.search({ query: 'attention', limit: 10 });
    assert.deepEqual(
      localAfter.map((s) => s.record.id),
      localBefore.map((s) => s.record.id),
    );
  });

  test('Fetch Missing Abstracts stores abstracts in the extension cache, not in the .bib, and the index uses them', async function () {
    this.timeout(60_000);
    const LORA_ABSTRACT = 'We propose Low-Rank Adaptation (fetched).';
    const { s2 } = await fake.start({
      s2: (r) => {
        if (r.method !== 'POST' || !r.url.startsWith('/graph/v1/paper/batch')) return [404, 'text/plain', 'no'];
        const ids = (JSON.parse(r.body) as { ids: string[] }).ids;
        const answers = ids.map((id) =>
          id.toLowerCase() === 'doi:10.48550/arxiv.2106.09685'
            ? { paperId: s2Id('lora'), title: 'LoRA', abstract: LORA_ABSTRACT, externalIds: { DOI: '10.48550/arXiv.2106.09685' }, authors: [] }
            : null,
        );
        return [200, 'application/json', JSON.stringify(answers)];
      },
    });
    const { api: a } = await openFixture('editing/actions.tex', 'latex');
    await waitFor('actions.bib in the library', async () => (await a.library.bibliography({})).some((r) => r.key === 'hu2021lora'));
    const bibFile = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'editing', 'actions.bib');
    const bibBefore = fs.readFileSync(bibFile, 'utf8');

    const w = vscode.window as { showInformationMessage: unknown };
    const original = w.showInformationMessage;
    const infos: string[] = [];
    w.showInformationMessage = (m: string) => (infos.push(m), Promise.resolve(undefined));
    // What the worker did (each load is a log line): the abstracts are indexed in place, no full build.
    const loads: string[] = [];
    const sub = a.library.onDidLoad((s) => loads.push(s.kind));
    try {
      // Off: no request, the user is told how to turn it on.
      await vscode.commands.executeCommand('relatedWork.fetchMissingAbstracts');
      assert.equal(s2.requests.length, 0);
      assert.match(infos.at(-1) ?? '', /relatedWork\.online\.enabled/);

      await fake.connect({ s2 });
      loads.length = 0;
      const result = await vscode.commands.executeCommand<{ candidates: number; fetched: number }>('relatedWork.fetchMissingAbstracts');
      assert.ok(result && result.fetched === 1, JSON.stringify(result));
      assert.equal(s2.requests.length, 1);
      assert.match(infos.at(-1) ?? '', /^Related Work: Fetched 1 of \d+ missing abstract/);
    } finally {
      w.showInformationMessage = original;
    }
    const stored = await a.online.abstracts.read();
    assert.equal([...stored.values()].filter((v) => v === LORA_ABSTRACT).length, 1);
    assert.equal(fs.readFileSync(bibFile, 'utf8'), bibBefore);
    // The library re-indexes with the fetched abstract: the entry now has it, the .bib still not.
    await waitFor('the fetched abstract in the index', async () => (await a.library.lookup({ keys: ['hu2021lora'] }))[0]?.abstract === LORA_ABSTRACT);
    await waitFor('the library to be ready again', () => a.library.status.state === 'ready');
    sub.dispose();
    assert.deepEqual(loads, ['abstracts'], 'one in-place update, no open or rebuild');
    assert.equal(fs.readFileSync(bibFile, 'utf8'), bibBefore);
  });

  test('Set API Key stores the key in SecretStorage; it reaches the server as x-api-key and never the log', async function () {
    this.timeout(60_000);
    const key = `sk-test-${Date.now()}-secret`;
    const { s2 } = await fake.serve({ s2: s2Api((r) => r.url.includes('fail')) });

    const w = vscode.window as { showQuickPick: unknown; showInputBox: unknown; showInformationMessage: unknown };
    const original = { showQuickPick: w.showQuickPick, showInputBox: w.showInputBox, showInformationMessage: w.showInformationMessage };
    const inputs: vscode.InputBoxOptions[] = [];
    w.showQuickPick = async (items: Thenable<{ label: string }[]> | { label: string }[]) => (await items).find((i) => i.label === 'Semantic Scholar');
    w.showInputBox = async (options: vscode.InputBoxOptions) => (inputs.push(options), key);
    w.showInformationMessage = () => Promise.resolve(undefined);
    const capture = captureWarnings();
    try {
      await vscode.commands.executeCommand('relatedWork.setApiKey');
      assert.equal(inputs[0]?.password, true);
      assert.equal(await api.online.hasApiKey('s2'), true);

      const ok = await api.online.search('api key query', token());
      assert.ok(ok.records.length > 0);
      assert.equal(s2.requests.at(-1)!.headers['x-api-key'], key);
      assert.ok(!s2.requests.at(-1)!.url.includes(key));
      const failed = await api.online.search('api key fail query', token());
      assert.equal(failed.errors.length, 1);
      assert.equal(s2.requests.at(-1)!.headers['x-api-key'], key);

      // Not in the settings, the warnings, nor the output channel's log file.
      assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('relatedWork')).includes(key));
      assert.ok(capture.warnings.length > 0 && capture.warnings.every((m) => !m.includes(key)));
      const logs = await waitFor(
        'the output log to show the failure',
        () => {
          const text = outputLogs(api);
          return text.includes('Semantic Scholar: HTTP 500') ? text : undefined;
        },
        15_000,
      );
      assert.ok(!logs.includes(key), 'the API key is in the output log');
    } finally {
      Object.assign(w, original);
      capture.restore();
      await api.online.setApiKey('s2', '');
    }
    assert.equal(await api.online.hasApiKey('s2'), false);
  });
});

// The sidebar's search box, driven through its internal command (what the box does, resolving
// with what was displayed, online section included); the DOM is the e2e test's business.
suite('Sidebar: online section of a search', () => {
  let api: RelatedWorkApi;
  const fake = fakeProviders();
  const sidebarSearch = (query: string) => vscode.commands.executeCommand<DisplayedResults>(SIDEBAR_TEST_COMMANDS.search, query);
  const S2_TITLES = ['Efficient Streaming Language Models with Attention Sinks', 'Vision Transformers Need Registers for Attention Maps'];

  suiteSetup(async function () {
    this.timeout(120_000);
    ({ api } = await openFixture('paper.tex', 'latex'));
    await api.library.whenReady();
  });

  test('online off: local results only, no request', async () => {
    const { s2 } = await fake.serve({ s2: s2Api() }, { enabled: false });
    const r = await sidebarSearch('attention sinks sidebar off');
    assert.equal(r.error, undefined);
    assert.ok(r.suggestions.length > 0, 'local results');
    assert.equal(r.online, undefined);
    await new Promise((done) => setTimeout(done, 300));
    assert.equal(s2.requests.length, 0);
  });

  test('online on: local results first, then the server’s papers not already local', async () => {
    const { s2 } = await fake.serve({ s2: s2Api() });
    const local = await api.library.search({ query: 'attention sinks registers', limit: 100 });
    const r = await sidebarSearch('attention sinks registers');
    assert.equal(r.error, undefined);
    assert.equal(s2.requests.length, 1);
    assert.match(s2.requests[0]!.url, /^\/graph\/v1\/paper\/search\?.*query=attention\+sinks\+registers/);
    assert.ok(r.suggestions.length > 0, 'local results');
    assert.ok(r.suggestions.every((s) => s.record.origin.kind !== 'online'), 'the local part holds library papers only');
    const online = r.online ?? [];
    assert.ok(online.length > 0, 'an online section');
    assert.ok(online.every((s) => S2_TITLES.includes(s.record.title)), online.map((s) => s.record.title).join(' | '));
    const shown = new Set(r.suggestions.map((s) => s.record.title.toLowerCase()));
    assert.ok(online.every((s) => !shown.has(s.record.title.toLowerCase())), 'online papers among the local results are left out');
    // One the library holds beyond the results shown is the library's card, not an online one.
    const held = new Set(local.map((s) => s.record.title.toLowerCase()));
    assert.ok(online.every((s) => (s.record.origin.kind === 'online') === !held.has(s.record.title.toLowerCase())), online.map((s) => `${s.record.title} (${s.record.origin.kind})`).join(' | '));
  });

  test('a paper of the .bib that the server also returns is shown once, as the library’s card with its badge', async () => {
    const rag = {
      paperId: s2Id('rag1'),
      title: 'Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks',
      abstract: 'RAG.',
      venue: 'NeurIPS',
      year: 2020,
      externalIds: { ArXiv: '2005.11401' },
      authors: [{ authorId: '9', name: 'Patrick Lewis' }],
    };
    const answer = JSON.parse(fixture('s2-search.json')) as { data: unknown[] };
    answer.data.push(rag, { ...rag, paperId: s2Id('rag2') });
    await fake.serve({ s2: (r) => (r.url.startsWith('/graph/v1/paper/search') ? [200, 'application/json', JSON.stringify(answer)] : [404, 'text/plain', 'no']) });
    const r = await sidebarSearch('attention sinks registers library card');
    assert.ok(!r.suggestions.some((s) => s.record.key === 'lewis2020rag'), 'not among the local results shown');
    const cards = [...r.suggestions, ...(r.online ?? [])].filter((s) => /retrieval-augmented generation/i.test(s.record.title));
    assert.equal(cards.length, 1, cards.map((s) => `${s.record.id} (${s.record.origin.kind})`).join(', '));
    assert.equal(cards[0]!.record.key, 'lewis2020rag');
    assert.equal(cards[0]!.record.origin.kind, 'bibtex');
    assert.equal(cards[0]!.inBibliography, true);
  });

  test('a newer search cancels the pending online request', async () => {
    await fake.serve({
      s2: (r) => (r.url.includes('search') ? [200, 'application/json', fixture('s2-search.json')] : [404, 'text/plain', 'no']),
    });
    const first = sidebarSearch('attention sinks first');
    const second = sidebarSearch('attention registers second');
    const [a, b] = await Promise.all([first, second]);
    assert.ok(!a.online?.length, 'the superseded search shows no online section');
    assert.ok((b.online ?? []).length > 0, 'the newer one does');
  });

  test('More like this: asks Semantic Scholar for the paper’s arXiv id and shows the recommendations', async () => {
    const { s2 } = await fake.serve(
      {
        s2: (r) =>
          r.url.startsWith('/graph/v1/paper/search')
            ? [200, 'application/json', fixture('s2-search.json')]
            : r.url.startsWith('/recommendations/v1/papers/forpaper/')
              ? [200, 'application/json', fixture('s2-recommendations.json')]
              : [404, 'text/plain', 'no'],
      },
      { enabled: false },
    );
    const moreLike = (id: string) => vscode.commands.executeCommand<DisplayedResults | undefined>(SIDEBAR_TEST_COMMANDS.moreLikeThis, id);

    // Off: not offered, and nothing is asked.
    const off = await sidebarSearch('attention sinks more like off');
    const offPaper = off.suggestions[0]!.record;
    assert.equal(api.online.canRecommend({ ...offPaper, arxiv: '2309.17453' }), false);
    const none = await moreLike(offPaper.id);
    assert.deepEqual(none?.suggestions, []);
    assert.equal(s2.requests.length, 0);

    await setOnline('enabled', true);
    const found = await sidebarSearch('attention sinks more like');
    const paper = [...found.suggestions, ...(found.online ?? [])].find((s) => s.record.arxiv)?.record;
    assert.ok(paper, 'a displayed paper with an arXiv id');
    assert.equal(api.online.canRecommend(paper), true);
    assert.equal(api.online.canRecommend({ doi: undefined, arxiv: undefined }), false);
    const r = await moreLike(paper.id);
    assert.ok(r);
    assert.equal(r.error, undefined);
    assert.equal(r.source, 'similar');
    assert.equal(r.title, `More like: ${paper.title}`);
    const asked = s2.requests.map((q) => decodeURIComponent(q.url)).filter((u) => u.startsWith('/recommendations/'));
    assert.equal(asked.length, 1);
    assert.ok(asked[0]!.startsWith(`/recommendations/v1/papers/forpaper/ARXIV:${paper.arxiv}?`), asked[0]);
    assert.deepEqual(r.suggestions.map((s) => s.record.title), ['StreamingLLM Follow-up: Sinks in State Space Models']);
    assert.ok(r.suggestions.every((s) => s.record.origin.kind === 'online'));
  });
});

/**
 * The text of every "Related Work" output channel log of this run: VS Code writes them to
 * `<user-data>/logs/<session>/…/output_logging_…/N-Related Work.log`; the user-data folder is found
 * from the extension's global storage (`<user-data>/User/globalStorage/<id>/online/abstracts.json`).
 */
function outputLogs(api: RelatedWorkApi): string {
  const userData = path.resolve(path.dirname(api.online.abstracts.file), '..', '..', '..', '..');
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && depth < 5) walk(p, depth + 1);
      else if (e.isFile() && e.name.endsWith('Related Work.log')) found.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(userData, 'logs'), 0);
  return found.join('\n');
}
