// A replay (or dry run) and, for a real one, following each requeued delivery until the worker
// has been through it again, to say per dead letter whether its order was stored or failed again.
import type { AffinityApi } from '../../api/api';
import { intakeDelivery, replayDeadLetters, type Delivery } from '../../api/intake';

export interface ReplayRunItem {
  deadLetter: number;
  delivery: number;
  orderId: string | null;
  /** would_store | would_park | would_fail | requeued | stored | parked | failed | pending */
  outcome: string;
  error?: string;
  /** The new dead letter when it failed again. */
  newDeadLetter?: number;
  ordersStored?: number;
}

export interface ReplayRun {
  id: number;
  dryRun: boolean;
  items: ReplayRunItem[];
  /** Still waiting for requeued deliveries. */
  following: boolean;
}

const sleep = (ms: number) =>
  new Promise((r) => {
    setTimeout(r, ms);
  });

/** What happened to a dead letter's order in its delivery's latest pass. */
export function settle(item: ReplayRunItem, d: Delivery): ReplayRunItem {
  const again = d.failures.find(
    (f) => f.id > item.deadLetter && f.state === 'open' && (item.orderId === null || f.order_id === item.orderId),
  );
  if (again) {
    return {
      ...item,
      outcome: again.kind === 'parked' ? 'parked' : 'failed',
      error: again.message,
      newDeadLetter: again.kind === 'parked' ? undefined : again.id,
    };
  }
  return { ...item, outcome: 'stored', ordersStored: d.orders_stored };
}

export async function runReplay(
  api: AffinityApi,
  ids: number[],
  dryRun: boolean,
  onUpdate: (run: ReplayRun) => void,
): Promise<ReplayRun> {
  const result = await replayDeadLetters(api, ids, dryRun);
  let run: ReplayRun = {
    id: result.replay,
    dryRun,
    following: !dryRun,
    items: result.items.map((i) => ({
      deadLetter: i.dead_letter,
      delivery: i.delivery,
      orderId: i.order_id,
      outcome: i.outcome,
      error: i.error,
    })),
  };
  onUpdate(run);
  if (dryRun) return run;
  const deliveries = [...new Set(run.items.map((i) => i.delivery))];
  const settled = new Map<number, Delivery>();
  for (let tries = 0; tries < 120 && settled.size < deliveries.length; tries++) {
    await sleep(250);
    for (const id of deliveries) {
      if (settled.has(id)) continue;
      const d = await intakeDelivery(api, id);
      if (d.state !== 'pending') settled.set(id, d);
    }
  }
  run = {
    ...run,
    following: false,
    items: run.items.map((i) => {
      const d = settled.get(i.delivery);
      return d ? settle(i, d) : { ...i, outcome: 'pending', error: 'still waiting for the intake worker' };
    }),
  };
  onUpdate(run);
  return run;
}
