// /suggestions: the inbox of links proposed by mining, with their evidence (orders together,
// support, confidence, lift). Filter by status, type, product and job (in the URL), sort, page on,
// accept or reject one or many (a refusal stays on its row), and run a mining job from here.
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError, errorText } from '../../api/client';
import {
  decideSuggestion,
  getSuggestion,
  listSuggestions,
  type MinedSuggestion,
  type MiningJob,
  type SuggestionQuery,
  type SuggestionStatus,
} from '../../api/suggestions';
import { useSession } from '../../auth/session';
import { ErrorNote, Loading, PageHeader } from '../../ui/bits';
import { useDebounced, useResource } from '../../ui/useResource';
import { MiningPanel } from './MiningPanel';
import { SuggestionTable } from './SuggestionTable';
import { isSortKey, sortSuggestions, SORTS } from './suggestionFormat';
import './suggestions.css';

const PAGE = 50;
const STATUSES = ['pending', 'accepted', 'rejected', 'all'] as const;

export function SuggestionsPage() {
  const { api, may } = useSession();
  const editable = may('write');
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const status = (STATUSES as readonly string[]).includes(statusParam ?? '')
    ? (statusParam as SuggestionStatus | 'all')
    : 'pending';
  const type = params.get('type') ?? '';
  const job = params.get('job') ?? '';
  const sortParam = params.get('sort');
  const sort = isSortKey(sortParam) ? sortParam : 'confidence';
  const [skuText, setSkuText] = useState(params.get('sku') ?? '');
  const sku = useDebounced(skuText.trim(), 300);

  function setParam(key: string, value: string) {
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  }

  const query: SuggestionQuery = { status, type: type || undefined, sku: sku || undefined, job: job || undefined };
  const key = JSON.stringify(query);
  const types = useResource('relation-types', (s) => api.relationTypes(s));
  const first = useResource(`suggestions:${key}`, (s) => listSuggestions(api, { ...query, limit: PAGE }, s));
  // Further pages, valid for the first page they follow (a reload or a filter change drops them).
  const [more, setMore] = useState<{ base: unknown; items: MinedSuggestion[]; next: number | null }>({
    base: null,
    items: [],
    next: null,
  });
  const [moreError, setMoreError] = useState<string | null>(null);
  const extra = more.base === first.data ? more : null;
  const next = extra ? extra.next : (first.data?.next_cursor ?? null);

  // Decisions made here show on their rows until the list is asked for again.
  const [decided, setDecided] = useState<Record<number, MinedSuggestion>>({});
  const [errors, setErrors] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState<Set<number>>(new Set());
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  // Another filter: refusals and the selection were about the rows of the last one.
  const [shownKey, setShownKey] = useState(key);
  if (shownKey !== key) {
    setShownKey(key);
    setErrors({});
    setSelected(new Set());
  }

  const loaded = [...(first.data?.items ?? []), ...(extra?.items ?? [])].map((x) => decided[x.id] ?? x);
  const items = sortSuggestions(loaded, sort);
  const selectedPending = items.filter((x) => x.status === 'pending' && selected.has(x.id)).map((x) => x.id);

  function loadMore() {
    if (next === null || !first.data) return;
    const base = first.data;
    setMoreError(null);
    listSuggestions(api, { ...query, limit: PAGE, cursor: next }).then(
      (page) => {
        setMore((m) => ({
          base,
          items: [...(m.base === base ? m.items : []), ...page.items],
          next: page.next_cursor,
        }));
      },
      (e: unknown) => {
        setMoreError(errorText(e));
      },
    );
  }

  const reloadFirst = first.reload;
  const refresh = useCallback(() => {
    setDecided({});
    setErrors({});
    setSelected(new Set());
    reloadFirst();
  }, [reloadFirst]);

  const onJobDone = useCallback(
    (j: MiningJob) => {
      setNotice(
        j.state === 'succeeded'
          ? `Mining job ${j.id} found ${j.stats.suggestions} suggestions in ${j.stats.baskets} orders.`
          : `Mining job ${j.id} ${j.state}.`,
      );
      refresh();
    },
    [refresh],
  );

  async function decide(ids: number[], decision: 'accept' | 'reject'): Promise<{ ok: number; refused: number }> {
    let ok = 0;
    let refused = 0;
    setBusy((b) => new Set([...b, ...ids]));
    for (const id of ids) {
      try {
        const x = await decideSuggestion(api, id, decision);
        ok++;
        setDecided((d) => ({ ...d, [id]: x }));
        setErrors(({ [id]: _gone, ...rest }) => rest);
      } catch (e) {
        refused++;
        setErrors((m) => ({ ...m, [id]: errorText(e) }));
        // Decided elsewhere meanwhile: show how, beside the refusal.
        if (e instanceof ApiError && e.status === 409) {
          await getSuggestion(api, id).then(
            (x) => {
              setDecided((d) => ({ ...d, [id]: x }));
            },
            () => undefined,
          );
        }
      }
      setBusy((b) => new Set([...b].filter((x) => x !== id)));
      setSelected((s) => new Set([...s].filter((x) => x !== id)));
    }
    return { ok, refused };
  }

  function decideMany(decision: 'accept' | 'reject') {
    setNotice(null);
    void decide(selectedPending, decision).then(({ ok, refused }) => {
      const verb = decision === 'accept' ? 'Accepted' : 'Rejected';
      setNotice(`${verb} ${ok}${refused ? `; ${refused} refused (see the rows)` : ''}.`);
    });
  }

  const empty = first.data && first.data.items.length === 0;
  const filtered = !!(type || sku || job || status !== 'pending');
  return (
    <section>
      <PageHeader title="Suggestions">
        <button type="button" onClick={refresh}>
          Refresh
        </button>
      </PageHeader>
      <p className="muted">
        Links proposed from what is bought together. Accepting one makes a link with origin{' '}
        <code>mined:&lt;job&gt;</code>; rejecting one means the pair is never suggested again.
      </p>
      <MiningPanel
        editable={editable}
        prominent={!!empty && !filtered}
        onFinished={onJobDone}
        onShowJob={(id) => {
          setParam('job', id);
        }}
      />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <div className="filters" role="search" aria-label="Filter suggestions">
        <div className="field">
          <label htmlFor="sg-status">Status</label>
          <select
            id="sg-status"
            value={status}
            onChange={(e) => {
              setParam('status', e.target.value === 'pending' ? '' : e.target.value);
            }}
          >
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sg-type">Type</label>
          <select
            id="sg-type"
            value={type}
            onChange={(e) => {
              setParam('type', e.target.value);
            }}
          >
            <option value="">all types</option>
            {(types.data?.items ?? []).map((t) => (
              <option key={t.name}>{t.name}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sg-sku">Product</label>
          <input
            id="sg-sku"
            type="search"
            placeholder="SKU (either side)"
            value={skuText}
            onChange={(e) => {
              setSkuText(e.target.value);
              setParam('sku', e.target.value.trim());
            }}
          />
        </div>
        {job && (
          <div className="field">
            <span>Job</span>
            <span className="chip">
              <code>{job}</code>
              <button
                type="button"
                className="link small"
                aria-label="Any job"
                onClick={() => {
                  setParam('job', '');
                }}
              >
                ✕
              </button>
            </span>
          </div>
        )}
        <div className="field">
          <label htmlFor="sg-sort">Sort by</label>
          <select
            id="sg-sort"
            value={sort}
            onChange={(e) => {
              setParam('sort', e.target.value === 'confidence' ? '' : e.target.value);
            }}
          >
            {SORTS.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      </div>

      {editable && selectedPending.length > 0 && (
        <div className="bulk-bar" role="group" aria-label="Selected suggestions">
          <strong>{selectedPending.length} selected</strong>
          <button
            type="button"
            className="primary"
            onClick={() => {
              decideMany('accept');
            }}
          >
            Accept selected
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => {
              decideMany('reject');
            }}
          >
            Reject selected
          </button>
          <button
            type="button"
            onClick={() => {
              setSelected(new Set());
            }}
          >
            Clear selection
          </button>
        </div>
      )}

      <ErrorNote>{first.error}</ErrorNote>
      {!first.data ? (
        !first.error && <Loading what="suggestions" />
      ) : items.length === 0 ? (
        <p className="muted empty-inbox">
          {filtered
            ? 'No suggestion matches these filters.'
            : editable
              ? 'No pending suggestions. Run a mining job over the order history to get some.'
              : 'No pending suggestions.'}
        </p>
      ) : (
        <>
          <SuggestionTable
            items={items}
            editable={editable}
            selected={selected}
            onSelect={(ids, on) => {
              setSelected((s) => {
                const n = new Set(s);
                for (const id of ids) {
                  if (on) n.add(id);
                  else n.delete(id);
                }
                return n;
              });
            }}
            busy={busy}
            errors={errors}
            onDecide={(id, decision) => {
              setNotice(null);
              void decide([id], decision);
            }}
          />
          <div className="pager">
            <span className="muted small">
              {items.length} shown{next !== null ? ', more on the server' : ''}; sorted by {SORTS.find((s) => s.key === sort)?.label}
              {next !== null ? ' among those shown' : ''}
            </span>
            {next !== null && (
              <button type="button" onClick={loadMore}>
                Load more
              </button>
            )}
          </div>
          <ErrorNote>{moreError}</ErrorNote>
        </>
      )}
    </section>
  );
}
