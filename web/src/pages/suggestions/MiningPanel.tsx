// The last mining job and running a new one: POST /v1/mining/jobs with its thresholds, then
// GET /v1/mining/jobs/{id} twice a second until it is done, with its stage and progress.
import { useEffect, useState } from 'react';
import { errorText } from '../../api/client';
import { miningJob, miningJobs, startMiningJob, type MiningJob, type MiningParams, type PairMeasure } from '../../api/suggestions';
import { useSession } from '../../auth/session';
import { ErrorNote } from '../../ui/bits';
import { useResource } from '../../ui/useResource';
import { ago } from './suggestionFormat';

interface Props {
  /** Offer "Run" (the key may start jobs). */
  editable: boolean;
  /** Open the settings at once (nothing to review yet). */
  prominent: boolean;
  onFinished: (job: MiningJob) => void;
  /** Filter the inbox to one job's suggestions. */
  onShowJob: (id: string) => void;
}

const DEFAULTS = { min_pair_count: '3', min_confidence: '0.05', min_lift: '1.5', top_k: '10', measure: 'confidence' };

function isActive(job: MiningJob | undefined): boolean {
  return job?.state === 'queued' || job?.state === 'running';
}

export function MiningPanel({ editable, prominent, onFinished, onShowJob }: Props) {
  const { api } = useSession();
  const jobs = useResource('mining-jobs', (s) => miningJobs(api, s));
  const [current, setCurrent] = useState<MiningJob | null>(null);
  const [form, setForm] = useState(DEFAULTS);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const latest = current ?? jobs.data?.items[0];
  const active = isActive(latest);

  // Follow a queued or running job until it ends.
  const followId = active ? latest?.id : undefined;
  useEffect(() => {
    if (!followId) return;
    const ctrl = new AbortController();
    let done = false;
    const timer = setInterval(() => {
      miningJob(api, followId, ctrl.signal).then(
        (job) => {
          if (done) return;
          setCurrent(job);
          if (!isActive(job)) {
            done = true;
            clearInterval(timer);
            onFinished(job);
          }
        },
        (e: unknown) => {
          if (!ctrl.signal.aborted) setError(errorText(e));
        },
      );
    }, 500);
    return () => {
      clearInterval(timer);
      ctrl.abort();
    };
  }, [api, followId, onFinished]);

  function run() {
    setStarting(true);
    setError(null);
    const params: MiningParams = {
      min_pair_count: Number(form.min_pair_count),
      min_confidence: Number(form.min_confidence),
      min_lift: Number(form.min_lift),
      top_k: Number(form.top_k),
      measure: form.measure as PairMeasure,
    };
    startMiningJob(api, params)
      .then(setCurrent)
      .catch((e: unknown) => {
        setError(errorText(e));
      })
      .finally(() => {
        setStarting(false);
      });
  }

  const field = (key: keyof typeof DEFAULTS, label: string, help: string, step = 'any') => (
    <div className="field">
      <label htmlFor={`mine-${key}`}>{label}</label>
      <input
        id={`mine-${key}`}
        type="number"
        min="0"
        step={step}
        value={form[key]}
        aria-describedby={`mine-${key}-help`}
        onChange={(e) => {
          setForm((f) => ({ ...f, [key]: e.target.value }));
        }}
      />
      <span id={`mine-${key}-help`} className="muted small">
        {help}
      </span>
    </div>
  );

  return (
    <section className="panel mining" aria-labelledby="mining-title">
      <header className="group-header">
        <h2 id="mining-title">Mining</h2>
        {latest && <JobSummary job={latest} onShow={onShowJob} />}
      </header>
      {!latest && jobs.data && <p className="muted small">
          No mining job has run since the server started; pending suggestions below come from
          earlier runs.
        </p>}
      {active && latest && (
        <div className="job-progress" role="status">
          <progress max={1} value={latest.progress} aria-label="Mining progress" />
          <span className="small">
            {latest.state === 'queued' ? 'Queued…' : `${latest.stage || 'running'}… ${Math.round(latest.progress * 100)}%`}
          </span>
        </div>
      )}
      {latest?.state === 'failed' && <ErrorNote>{`Job ${latest.id} failed: ${latest.error ?? 'no reason given'}`}</ErrorNote>}
      {editable && (
        <details className="mining-settings" open={prominent}>
          <summary>Run a mining job over the order history</summary>
          <form
            className="mining-form"
            onSubmit={(e) => {
              e.preventDefault();
              run();
            }}
          >
            {field('min_pair_count', 'Orders together, at least', 'orders holding both', '1')}
            {field('min_confidence', 'Confidence, at least', '0 to 1')}
            {field('min_lift', 'Lift, at least', '1 = by chance')}
            {field('top_k', 'Partners per product', 'at most', '1')}
            <div className="field">
              <label htmlFor="mine-measure">Rank partners by</label>
              <select
                id="mine-measure"
                value={form.measure}
                onChange={(e) => {
                  setForm((f) => ({ ...f, measure: e.target.value }));
                }}
              >
                <option value="confidence">confidence</option>
                <option value="lift">lift</option>
                <option value="count">orders together</option>
              </select>
            </div>
            <button type="submit" className="primary" disabled={starting || active}>
              {active ? 'Mining…' : 'Run mining job'}
            </button>
          </form>
        </details>
      )}
      <ErrorNote>{error ?? jobs.error}</ErrorNote>
    </section>
  );
}

function JobSummary({ job, onShow }: { job: MiningJob; onShow: (id: string) => void }) {
  const s = job.stats;
  const when = job.finished_at || job.started_at || job.created_at;
  return (
    <p className="small job-summary" data-job={job.id} data-state={job.state}>
      <span className={`badge ${job.state === 'succeeded' ? 'ok' : job.state === 'failed' ? 'bad' : 'warn'}`}>
        {job.state}
      </span>{' '}
      <code>{job.id}</code> {ago(when)}
      {job.state === 'succeeded' && (
        <>
          {' '}
          · {s.baskets} orders, {s.products} products, {s.pairs} pairs → <strong>{s.suggestions} suggestions</strong>
          {s.baskets === 0 && ' (no orders yet: import orders or connect a channel first)'}
          {s.suggestions > 0 && (
            <>
              {' '}
              <button
                type="button"
                className="link small"
                onClick={() => {
                  onShow(job.id);
                }}
              >
                show only these
              </button>
            </>
          )}
        </>
      )}
    </p>
  );
}
