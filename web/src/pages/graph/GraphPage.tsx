// /graph/:sku: the neighbourhood of a product as a graph. Depth and types are chosen above it;
// clicking a node fetches its own neighbours (depth 1) and merges them in; cycles and
// contradictions are drawn red and listed; the picture exports as PNG or SVG.
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { errorText } from '../../api/client';
import type { Graph } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorNote, Loading, PageHeader } from '../../ui/bits';
import { useResource } from '../../ui/useResource';
import { GraphCanvas } from './GraphCanvas';
import { GraphLegend } from './GraphLegend';
import { exportGraph } from './exportImage';
import { mergeGraphs, topCategory } from './graphModel';

const MAX_NODES = 500;

export function GraphPage() {
  const { sku } = useParams();
  if (!sku) return <GraphStart />;
  return (
    <ReactFlowProvider>
      <ProductGraph key={sku} sku={sku} />
    </ReactFlowProvider>
  );
}

function GraphStart() {
  const navigate = useNavigate();
  const [text, setText] = useState('');
  return (
    <section>
      <PageHeader title="Graph" />
      <form
        className="panel filters"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) void navigate(`/graph/${encodeURIComponent(text.trim())}`);
        }}
      >
        <div className="field">
          <label htmlFor="graph-sku">Product SKU</label>
          <input
            id="graph-sku"
            value={text}
            placeholder="RUN-SHOE-001"
            onChange={(e) => {
              setText(e.target.value);
            }}
          />
        </div>
        <button type="submit" className="primary">
          Show graph
        </button>
      </form>
      <p className="muted">
        Or open a product in the <Link to="/catalog">catalog</Link> and choose “Open in graph”.
      </p>
    </section>
  );
}

interface Expansions {
  key: string;
  graphs: Graph[];
  expanded: Set<string>;
}

function ProductGraph({ sku }: { sku: string }) {
  const { api } = useSession();
  const [params, setParams] = useSearchParams();
  const depth = Math.min(3, Math.max(1, Number(params.get('depth') ?? '2') || 2));
  const typesParam = params.get('types');
  const types = useResource('types', (s) => api.relationTypes(s));
  const allTypes = (types.data?.items ?? []).map((t) => t.name);
  const chosen = typesParam === null ? null : typesParam.split(',').filter(Boolean);
  const query = { depth, types: chosen ?? undefined, max_nodes: MAX_NODES };
  const baseKey = JSON.stringify([sku, query]);
  const base = useResource(baseKey, (s) => api.graph(sku, query, s));

  const [exp, setExp] = useState<Expansions>({ key: baseKey, graphs: [], expanded: new Set([sku]) });
  if (exp.key !== baseKey) setExp({ key: baseKey, graphs: [], expanded: new Set([sku]) });
  const [selected, setSelected] = useState<string | null>(sku);
  const [expanding, setExpanding] = useState<string | null>(null);
  const [expandError, setExpandError] = useState<string | null>(null);
  // The finding whose products are outlined on the graph.
  const [flagged, setFlagged] = useState<string | null>(null);

  const data = base.data ? mergeGraphs(base.data, exp.graphs) : null;

  function expand(target: string) {
    setSelected(target);
    if (exp.expanded.has(target) || expanding) return;
    setExpanding(target);
    setExpandError(null);
    api
      .graph(target, { depth: 1, types: query.types, max_nodes: MAX_NODES })
      .then((g) => {
        setExp((e) =>
          e.key === baseKey
            ? { key: e.key, graphs: [...e.graphs, g], expanded: new Set([...e.expanded, target]) }
            : e,
        );
      })
      .catch((err: unknown) => {
        setExpandError(`${target}: ${errorText(err)}`);
      })
      .finally(() => {
        setExpanding(null);
      });
  }

  function setParam(name: string, value: string | null) {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(name);
    else next.set(name, value);
    setParams(next, { replace: true });
  }

  function toggleType(t: string) {
    const current = new Set(chosen ?? allTypes);
    if (current.has(t)) current.delete(t);
    else current.add(t);
    const list = allTypes.filter((x) => current.has(x));
    setParam('types', list.length === allTypes.length ? null : list.join(','));
  }

  const node = selected ? data?.nodes.get(selected) : undefined;
  const flaggedSkus = data?.findings.find((f) => f.message === flagged)?.skus;
  return (
    <section className="graph-page">
      <PageHeader
        title={
          <>
            Graph <span className="sku-title">{sku}</span>
          </>
        }
      >
        <div className="field inline">
          <label htmlFor="graph-depth">Depth</label>
          <select
            id="graph-depth"
            value={depth}
            onChange={(e) => {
              setParam('depth', e.target.value);
            }}
          >
            <option value="1">1</option>
            <option value="2">2</option>
            <option value="3">3</option>
          </select>
        </div>
        <fieldset className="type-filter">
          <legend className="sr-only">Relationship types</legend>
          {allTypes.map((t) => (
            <label key={t} className="check">
              <input
                type="checkbox"
                checked={chosen === null || chosen.includes(t)}
                onChange={() => {
                  toggleType(t);
                }}
              />
              {t}
            </label>
          ))}
        </fieldset>
        {data && <ExportButtons sku={sku} />}
      </PageHeader>
      <ErrorNote>{base.error ?? types.error}</ErrorNote>
      {data?.truncated && (
        <p className="warning">
          The graph was cut at {MAX_NODES} products; choose a smaller depth or fewer types to see
          all of it.
        </p>
      )}
      <div className="graph-layout">
        <div className="graph-canvas panel" aria-busy={base.loading || expanding !== null}>
          {data ? (
            <GraphCanvas
              data={data}
              types={types.data?.items ?? []}
              expanded={exp.expanded}
              selected={selected}
              flagged={flaggedSkus}
              onSelect={expand}
            />
          ) : (
            !base.error && <Loading what="the graph" />
          )}
        </div>
        <aside className="graph-side">
          <section className="panel" aria-label="Selected product">
            <h2>Selected</h2>
            {node ? (
              <>
                <p>
                  <strong>{node.sku}</strong> {node.name}
                  <br />
                  <span className="muted small">
                    {node.category} · {node.brand} · {node.price} {node.currency}
                    {node.in_stock ? '' : ' · out of stock'}
                  </span>
                </p>
                <div className="page-actions">
                  <button
                    type="button"
                    disabled={exp.expanded.has(node.sku) || expanding !== null}
                    onClick={() => {
                      expand(node.sku);
                    }}
                  >
                    {expanding === node.sku
                      ? 'Expanding…'
                      : exp.expanded.has(node.sku)
                        ? 'Expanded'
                        : 'Expand neighbours'}
                  </button>
                  <Link className="button-link" to={`/catalog/${encodeURIComponent(node.sku)}`}>
                    Product
                  </Link>
                  {node.sku !== sku && (
                    <Link className="button-link" to={`/graph/${encodeURIComponent(node.sku)}`}>
                      Centre here
                    </Link>
                  )}
                </div>
              </>
            ) : (
              <p className="muted">Click a product to expand its neighbours.</p>
            )}
            <ErrorNote>{expandError}</ErrorNote>
            <p className="muted small">
              Click a product (or Tab to it and press Enter) to add its neighbours.
            </p>
          </section>
          {data && (
            <section className="panel" aria-label="Findings">
              <h2>
                Findings <span className="muted small">({data.findings.length})</span>
              </h2>
              {data.findings.length === 0 ? (
                <p className="muted small">No cycles or contradictions here.</p>
              ) : (
                <ul className="findings">
                  {data.findings.map((f) => {
                    const on = flagged === f.message;
                    return (
                      <li key={f.kind + f.message}>
                        <button
                          type="button"
                          className={`finding${on ? ' on' : ''}`}
                          aria-pressed={on}
                          title="Outline its products on the graph"
                          onClick={() => {
                            setFlagged(on ? null : f.message);
                          }}
                        >
                          <span className="badge bad">{f.kind}</span> {f.message}
                        </button>
                      </li>
                    );
                  })}
                </ul>
              )}
              <p className="muted small">
                {data.nodes.size} products, {data.edges.size} links
              </p>
            </section>
          )}
          {data && (
            <GraphLegend
              categories={[...new Set([...data.nodes.values()].map((n) => topCategory(n.category)))]}
              nodes={[...data.nodes.values()]}
              types={[...new Set([...data.edges.values()].map((e) => e.type))]}
            />
          )}
        </aside>
      </div>
    </section>
  );
}

function ExportButtons({ sku }: { sku: string }) {
  const flow = useReactFlow();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'png' | 'svg' | null>(null);
  function run(format: 'png' | 'svg') {
    setError(null);
    setBusy(format);
    exportGraph(format, flow.getNodes(), `affinity-graph-${sku}`)
      .catch((e: unknown) => {
        setError(errorText(e));
      })
      .finally(() => {
        setBusy(null);
      });
  }
  return (
    <>
      <button
        type="button"
        disabled={busy !== null}
        onClick={() => {
          run('png');
        }}
      >
        {busy === 'png' ? 'Exporting…' : 'Export PNG'}
      </button>
      <button
        type="button"
        disabled={busy !== null}
        onClick={() => {
          run('svg');
        }}
      >
        {busy === 'svg' ? 'Exporting…' : 'Export SVG'}
      </button>
      <ErrorNote>{error}</ErrorNote>
    </>
  );
}
