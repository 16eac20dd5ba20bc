// /intake: the order intake console. Sources with their health and last delivery, open failures
// ranked by impact with what to do, dead letters (filters in the URL) with their payload and
// error, replay one or many (or a dry run first) and follow each to its result, and the replay
// history. Replaying is offered only to keys that may (intake_write).
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { errorText } from '../../api/client';
import {
  deadLetters,
  intakeFailures,
  intakeReplays,
  intakeSources,
  type DeadLetterFilter,
} from '../../api/intake';
import { useSession } from '../../auth/session';
import { ErrorNote, Loading, PageHeader } from '../../ui/bits';
import { useResource } from '../../ui/useResource';
import { DeadLetterDetail } from './DeadLetterDetail';
import { DeadLetterFilters, DeadLetterList, OutcomeBadge, type RowOutcome } from './DeadLetterList';
import { FailureGroups } from './FailureGroups';
import { ReplayHistory } from './ReplayHistory';
import { runReplay, type ReplayRun } from './replayRun';
import { SourcesTable } from './SourcesTable';
import './intake.css';

const FILTER_KEYS = ['channel', 'account', 'class', 'state', 'from', 'to'] as const;

export function IntakePage() {
  const { api, may } = useSession();
  const canReplay = may('intake_write');
  const [params, setParams] = useSearchParams();
  const filter: DeadLetterFilter = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) (filter as Record<string, string>)[k] = v;
  }
  const openParam = params.get('dead_letter');
  const openId = openParam ? Number(openParam) : null;

  const [nonce, setNonce] = useState(0);
  const sources = useResource(`intake-sources#${nonce}`, (s) => intakeSources(api, s));
  const failures = useResource(`intake-failures#${nonce}`, (s) => intakeFailures(api, s));
  const letters = useResource(`dead-letters:${JSON.stringify(filter)}#${nonce}`, (s) =>
    deadLetters(api, { ...filter, limit: 200 }, s),
  );
  const replays = useResource(`intake-replays#${nonce}`, (s) => intakeReplays(api, s));
  const reloadAll = () => {
    setNonce((n) => n + 1);
  };

  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [run, setRun] = useState<ReplayRun | null>(null);
  const [busy, setBusy] = useState(false);
  const [replayError, setReplayError] = useState<string | null>(null);

  function update(change: Record<string, string | null>) {
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [k, v] of Object.entries(change)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );
  }

  function replay(ids: number[], dryRun: boolean) {
    setBusy(true);
    setReplayError(null);
    runReplay(api, ids, dryRun, setRun)
      .then(() => {
        if (!dryRun) {
          setSelected(new Set());
          reloadAll();
        } else {
          setNonce((n) => n + 1); // the dry run is recorded too
        }
      })
      .catch((e: unknown) => {
        setReplayError(errorText(e));
      })
      .finally(() => {
        setBusy(false);
      });
  }

  const outcomes: Record<number, RowOutcome> = {};
  for (const i of run?.items ?? []) outcomes[i.deadLetter] = { outcome: i.outcome, error: i.error };
  const channels = [...new Set((sources.data?.items ?? []).map((s) => s.channel))].sort();
  const items = letters.data?.items ?? [];
  const selectedOpen = items.filter((d) => d.state === 'open' && selected.has(d.id)).map((d) => d.id);

  return (
    <section>
      <PageHeader title="Intake">
        <button type="button" onClick={reloadAll}>
          Refresh
        </button>
      </PageHeader>

      <section className="intake-section" aria-labelledby="sources-title">
        <h2 id="sources-title">Sources</h2>
        <ErrorNote>{sources.error}</ErrorNote>
        {!sources.data ? (
          !sources.error && <Loading what="intake sources" />
        ) : (
          <SourcesTable
            sources={sources.data.items}
            onShowDeadLetters={(channel, account) => {
              update({ channel, account, state: null, class: null, from: null, to: null });
              document.getElementById('dead-letters-title')?.scrollIntoView();
            }}
          />
        )}
      </section>

      <section className="intake-section" aria-labelledby="failures-title">
        <h2 id="failures-title">
          Failures by impact{' '}
          {failures.data && failures.data.groups > failures.data.items.length && (
            <span className="muted small">(the first {failures.data.items.length} of {failures.data.groups})</span>
          )}
        </h2>
        <ErrorNote>{failures.error}</ErrorNote>
        {failures.data && (
          <FailureGroups
            groups={failures.data.items}
            onPick={(ids) => {
              update({ channel: null, account: null, state: null, class: null, from: null, to: null });
              setSelected(new Set(ids));
              document.getElementById('dead-letters-title')?.scrollIntoView();
            }}
          />
        )}
      </section>

      <section className="intake-section" aria-labelledby="dead-letters-title">
        <h2 id="dead-letters-title">Dead letters</h2>
        {canReplay && selectedOpen.length > 0 && (
          <div className="bulk-bar" role="group" aria-label="Selected dead letters">
            <strong>{selectedOpen.length} selected</strong>
            <button
              type="button"
              disabled={busy}
              onClick={() => {
                replay(selectedOpen, true);
              }}
            >
              Dry run selected
            </button>
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => {
                replay(selectedOpen, false);
              }}
            >
              Replay selected
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
        <DeadLetterFilters
          filter={filter}
          onFilter={(change) => {
            update(change as Record<string, string>);
          }}
          channels={channels}
        />
        {run && (
          <ReplaySummary
            run={run}
            onOpen={(id) => {
              update({ dead_letter: String(id) });
            }}
          />
        )}
        <ErrorNote>{replayError}</ErrorNote>
        <div className={openId !== null ? 'dl-layout with-detail' : 'dl-layout'}>
          <div className="dl-list">
            <ErrorNote>{letters.error}</ErrorNote>
            {!letters.data && !letters.error ? (
              <Loading what="dead letters" />
            ) : (
              <DeadLetterList
                items={items}
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
                openId={openId}
                onOpen={(id) => {
                  update({ dead_letter: openId === id ? null : String(id) });
                }}
                canReplay={canReplay}
                outcomes={outcomes}
              />
            )}
          </div>
          {openId !== null && (
            <DeadLetterDetail
              key={openId}
              id={openId}
              refresh={nonce}
              canReplay={canReplay}
              busy={busy}
              onReplay={replay}
              onClose={() => {
                update({ dead_letter: null });
              }}
            />
          )}
        </div>
      </section>

      <section className="intake-section" aria-labelledby="replays-title">
        <h2 id="replays-title">Replay history</h2>
        <ErrorNote>{replays.error}</ErrorNote>
        {replays.data && <ReplayHistory items={replays.data.items} />}
      </section>
    </section>
  );
}

function ReplaySummary({ run, onOpen }: { run: ReplayRun; onOpen: (id: number) => void }) {
  return (
    <div className="notice replay-summary" role="status">
      <strong>
        {run.dryRun ? `Dry run ${run.id}` : `Replay ${run.id}`}
        {run.following ? ': the intake is going through it again…' : ':'}
      </strong>
      <ul>
        {run.items.map((i) => (
          <li key={`${i.deadLetter}`} data-outcome-of={i.deadLetter}>
            dead letter {i.deadLetter} ({i.orderId ?? `delivery ${i.delivery}`}): <OutcomeBadge o={i} />
            {i.outcome === 'stored' && ' the order is stored'}
            {i.newDeadLetter !== undefined && (
              <>
                {' as '}
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    if (i.newDeadLetter !== undefined) onOpen(i.newDeadLetter);
                  }}
                >
                  dead letter {i.newDeadLetter}
                </button>
              </>
            )}
            {i.error && <span className="muted"> — {i.error}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
