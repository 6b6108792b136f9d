// @ts-check
/**
 * The buyer's page: lists a sale's items with live availability, counts down to
 * the opening by the server's clock (Redis's, not the browser's), buys with one
 * click (the button grays out at once, and an Idempotency-Key makes a repeated
 * request harmless), then follows the order: pending → placed → paid, or
 * released with the reason, with the hold's deadline counting down.
 *
 * The buyer is `?buyer=<id>` (a stand-in for your sign-in); the sale is
 * `?sale=<id>`, or the first the server runs.
 */

/**
 * The JSON the server answers (see examples/http: catalog.ts, purchase-response.ts).
 * @typedef {{ itemId: string, name: string, priceCents: number, currency: string,
 *   available: number, total: number }} CatalogItem
 * @typedef {{ saleId: string, title: string,
 *   phase: 'not_loaded' | 'not_started' | 'open' | 'sold_out' | 'ended',
 *   nowMs: number, startMs: number | null, endMs: number | null, holdMs: number,
 *   perUserLimit: number, items: CatalogItem[] }} Catalog
 * @typedef {{ id: string, state: 'held' | 'sold' | 'released', quantity: number,
 *   releaseReason: string | null, createdAtMs: number, deadlineMs: number }} Reservation
 * @typedef {'pending' | 'placed' | 'paid' | 'released' | 'failed'} OrderState
 * @typedef {{ state: OrderState, reason: string | null, reservation: Reservation }} OrderStatus
 * @typedef {{ order: { state: OrderState, reason: string | null }, reservation: Reservation }} Purchased
 * @typedef {{ remaining: number, reservations: Reservation[] }} Standing
 * @typedef {{ sales: { saleId: string }[] }} SaleList
 * @typedef {{ reason?: string, error?: string, message?: string, retryAfterMs?: number }} Problem
 * @typedef {{ status: number, body: unknown, retryAfterMs: number }} Answer
 */

/**
 * An answer's body, as the type its status promises.
 * @template T
 * @param {Answer} answer
 * @returns {T}
 */
const bodyOf = (answer) => /** @type {T} */ (answer.body);

/** The order in an order-status answer. @param {Answer} answer @returns {OrderStatus} */
const orderOf = (answer) => /** @type {{ order: OrderStatus }} */ (answer.body).order;

/** An error or refusal body, or an empty one. @param {Answer} answer @returns {Problem} */
const problemOf = (answer) => /** @type {Problem | null} */ (answer.body) ?? {};

const POLL_MS = 1000;
const TICK_MS = 250;
const FINAL = new Set(['paid', 'released', 'failed']);

const REFUSALS = /** @type {Record<string, string>} */ ({
  sold_out: 'Sold out. Units come back if a buyer does not pay: keep the page open.',
  insufficient_stock: 'Not that many left.',
  limit_reached: 'Limit reached: you already hold or bought as many as one buyer may.',
  not_started: 'Not open yet: wait for the countdown.',
  ended: 'The sale has ended.',
  not_loaded: 'This sale is not running.',
  busy: 'Very busy right now: trying again in a moment helps.',
  rate_limited: 'Too many tries: wait a moment before the next one.',
});

const RELEASE_REASONS = /** @type {Record<string, string>} */ ({
  expired: 'your hold ran out before payment; the unit went back on sale',
  cancelled: 'you cancelled; the unit went back on sale',
  write_failed: 'the order could not be written; the unit went back on sale',
  sink_rejected: 'the order could not be written; the unit went back on sale',
});

const params = new URLSearchParams(location.search);

const state = {
  buyer: params.get('buyer') ?? rememberedBuyer(),
  saleId: params.get('sale') ?? '',
  /** Server clock minus browser clock, from the last catalog read. */
  offsetMs: 0,
  /** @type {Catalog | null} */
  catalog: null,
  /** A purchase request is in flight. */
  buying: false,
  /** @type {OrderStatus | null} */
  order: null,
  /** @type {OrderState[]} */
  history: [],
  /** Units this buyer may still reserve in this sale, once known. */
  /** @type {number | null} */
  remaining: null,
  /** Browser time until which purchases are rate limited. */
  retryAt: 0,
  /** @type {{ text: string, tone: 'good' | 'bad' | '' } | null} */
  message: null,
  /** An order action (pay, cancel) is in flight. */
  acting: false,
};

/** The browser's remembered buyer id, made up once. */
function rememberedBuyer() {
  const stored = localStorage.getItem('flash-sale-buyer');
  if (stored !== null) return stored;
  const made = `buyer-${crypto.randomUUID().slice(0, 8)}`;
  localStorage.setItem('flash-sale-buyer', made);
  return made;
}

/** @param {string} id */
function element(id) {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`#${id} is missing from the page`);
  return found;
}

const serverNow = () => Date.now() + state.offsetMs;

/** `m:ss`, or `h:mm:ss` from an hour on; never negative. */
function countdown(/** @type {number} */ ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${String(h)}:${String(m).padStart(2, '0')}:${s}` : `${String(m)}:${s}`;
}

/**
 * One JSON request as this buyer.
 * @param {'GET' | 'POST'} method
 * @param {string} path
 * @param {{ json?: unknown, key?: string }} [send]
 * @returns {Promise<Answer>}
 */
async function api(method, path, send = {}) {
  /** @type {Record<string, string>} */
  const headers = { 'x-user-id': state.buyer };
  if (send.key !== undefined) headers['idempotency-key'] = send.key;
  if (send.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    ...(send.json === undefined ? {} : { body: JSON.stringify(send.json) }),
  });
  const retryAfter = Number(response.headers.get('retry-after') ?? '0');
  return {
    status: response.status,
    body: await response.json().catch(() => null),
    retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : 0,
  };
}

const salePath = (/** @type {string} */ rest) =>
  `/sales/${encodeURIComponent(state.saleId)}${rest}`;

// ── reading ────────────────────────────────────────────────────────────────

async function refreshCatalog() {
  const sentAt = Date.now();
  const answer = await api('GET', salePath('/catalog'));
  if (answer.status !== 200) {
    say(problemOf(answer).message ?? 'This sale is not available.', 'bad');
    return;
  }
  /** @type {Catalog} */
  const catalog = bodyOf(answer);
  // Redis's clock read halfway through the round trip, as well as we can tell.
  state.offsetMs = catalog.nowMs - (sentAt + Date.now()) / 2;
  state.catalog = catalog;
  render();
}

/** @param {OrderStatus} order */
function follow(order) {
  const changed = state.history[state.history.length - 1] !== order.state;
  state.order = order;
  if (changed) state.history.push(order.state);
  render();
  if (changed) void refreshMe(); // what this buyer may still reserve has moved
}

async function refreshOrder() {
  const order = state.order;
  if (order === null || FINAL.has(order.state)) return;
  const answer = await api('GET', salePath(`/orders/${encodeURIComponent(order.reservation.id)}`));
  if (answer.status === 200) follow(orderOf(answer));
}

/** This buyer's standing: how many more units they may reserve. */
async function refreshMe() {
  const answer = await api('GET', salePath('/me'));
  if (answer.status !== 200) return null;
  /** @type {Standing} */
  const standing = bodyOf(answer);
  state.remaining = standing.remaining;
  render();
  return standing;
}

/** After a reload: pick up this buyer's latest reservation of the sale. */
async function resume() {
  const me = await refreshMe();
  if (me === null) return;
  /** @type {Reservation[]} */
  const reservations = me.reservations;
  const latest = reservations[reservations.length - 1];
  if (latest === undefined) return;
  const order = await api('GET', salePath(`/orders/${encodeURIComponent(latest.id)}`));
  if (order.status === 200) follow(orderOf(order));
}

// ── acting ─────────────────────────────────────────────────────────────────

/** @param {string} text @param {'good' | 'bad' | ''} tone */
function say(text, tone) {
  state.message = { text, tone };
  render();
}

/** @param {string} itemId */
async function buy(itemId) {
  if (state.buying) return;
  state.buying = true;
  state.message = null;
  render(); // the button grays out before the request leaves: no double submit
  try {
    const answer = await api('POST', salePath('/purchase'), {
      json: { item: itemId },
      key: crypto.randomUUID(), // a retry of this click would reuse it; a new click gets a new one
    });
    if (answer.status === 200) {
      state.history = [];
      /** @type {Purchased} */
      const purchased = bodyOf(answer);
      follow({ ...purchased.order, reservation: purchased.reservation });
      state.message = null;
    } else if (answer.status === 429) {
      state.retryAt = Date.now() + (problemOf(answer).retryAfterMs ?? answer.retryAfterMs);
      state.order = null; // the last order is over; the message now is the wait
    } else if (answer.status === 409 || answer.status === 404) {
      const reason = problemOf(answer).reason ?? '';
      say(REFUSALS[reason] ?? `Refused: ${reason}`, 'bad');
    } else if (answer.status >= 500) {
      say('The sale is busy. Try again in a moment.', 'bad');
    } else {
      say(problemOf(answer).message ?? `Refused (${String(answer.status)}).`, 'bad');
    }
  } catch {
    say('No connection. Try again.', 'bad');
  } finally {
    state.buying = false;
    await refreshCatalog();
  }
}

/** @param {'confirm' | 'cancel'} action */
async function act(action) {
  const order = state.order;
  if (order === null || state.acting) return;
  state.acting = true;
  render();
  try {
    const path = salePath(`/reservations/${encodeURIComponent(order.reservation.id)}/${action}`);
    const answer = await api('POST', path);
    if (answer.status !== 200 && problemOf(answer).error === 'RESERVATION_RELEASED') {
      say('Too late: the hold had run out. You were not charged.', 'bad');
    } else if (answer.status !== 200) {
      say(problemOf(answer).message ?? 'That did not work. Try again.', 'bad');
    }
    const fresh = await api('GET', salePath(`/orders/${encodeURIComponent(order.reservation.id)}`));
    if (fresh.status === 200) follow(orderOf(fresh));
  } finally {
    state.acting = false;
    await refreshCatalog();
  }
}

// ── drawing ────────────────────────────────────────────────────────────────

/** The sale window line, by the server's clock. */
function windowText(/** @type {Catalog} */ catalog) {
  const now = serverNow();
  if (catalog.phase === 'not_loaded') return { text: 'This sale is not running.', tone: 'closed' };
  if (catalog.phase === 'ended') return { text: 'This sale has ended.', tone: 'closed' };
  if (catalog.phase === 'sold_out') {
    return {
      text: 'Sold out for now: a unit comes back when a hold runs out unpaid.',
      tone: 'closed',
    };
  }
  if (catalog.startMs !== null && now < catalog.startMs) {
    return { text: `Opens in ${countdown(catalog.startMs - now)}`, tone: '' };
  }
  const closes = catalog.endMs === null ? '' : `, closes in ${countdown(catalog.endMs - now)}`;
  const hold = countdown(catalog.holdMs);
  return { text: `On sale now${closes}. Win a unit, then pay within ${hold}.`, tone: 'open' };
}

/** How long until purchases are allowed again: `N s` under a minute, else `m:ss`. */
function retryIn() {
  const ms = Math.max(1000, state.retryAt - Date.now());
  return ms < 60_000 ? `${String(Math.ceil(ms / 1000))} s` : countdown(ms);
}

const activeOrder = () =>
  state.order !== null && (state.order.state === 'pending' || state.order.state === 'placed');

/** The buy button's label, and whether it may be pressed. */
function buyButton(/** @type {Catalog} */ catalog, /** @type {CatalogItem} */ item) {
  const now = serverNow();
  if (catalog.phase === 'ended' || catalog.phase === 'not_loaded') return ['Closed', false];
  if (catalog.startMs !== null && now < catalog.startMs) {
    return [`Opens in ${countdown(catalog.startMs - now)}`, false];
  }
  if (state.buying) return ['Buying…', false];
  if (activeOrder()) return ['Reserved for you', false];
  if (item.available === 0) return ['Sold out', false];
  if (state.remaining === 0) return ['Limit reached', false];
  if (Date.now() < state.retryAt) return [`Retry in ${retryIn()}`, false];
  return ['Buy now', true];
}

const money = (/** @type {CatalogItem} */ item) =>
  new Intl.NumberFormat(undefined, { style: 'currency', currency: item.currency }).format(
    item.priceCents / 100,
  );

function renderItems(/** @type {Catalog} */ catalog) {
  const list = element('items');
  const template = /** @type {HTMLTemplateElement} */ (element('item-template'));
  for (const item of catalog.items) {
    let card = /** @type {HTMLElement | null} */ (
      list.querySelector(`[data-item-id="${CSS.escape(item.itemId)}"]`)
    );
    if (card === null) {
      const fragment = /** @type {DocumentFragment} */ (template.content.cloneNode(true));
      card = /** @type {HTMLElement} */ (fragment.firstElementChild);
      card.dataset.itemId = item.itemId;
      const id = item.itemId;
      card.querySelector('button')?.addEventListener('click', () => void buy(id));
      list.append(card);
    }
    const shown = card;
    const part = (/** @type {string} */ selector) =>
      /** @type {HTMLElement} */ (shown.querySelector(selector));
    part('.item-name').textContent = item.name;
    part('.item-price').textContent = money(item);
    part('.item-stock').textContent =
      item.available === 0 ? 'Sold out' : `${String(item.available)} of ${String(item.total)} left`;
    card.classList.toggle('sold-out', item.available === 0);
    const [label, enabled] = buyButton(catalog, item);
    const button = /** @type {HTMLButtonElement} */ (part('button'));
    button.textContent = String(label);
    button.disabled = !enabled;
  }
}

function renderOrder() {
  const panel = element('order');
  const order = state.order;
  panel.hidden = order === null;
  if (order === null) return;
  const badge = element('order-state');
  badge.textContent = order.state;
  badge.className = `state ${order.state}`;
  const reason = order.reason === null ? '' : (RELEASE_REASONS[order.reason] ?? order.reason);
  element('order-reason').textContent =
    order.state === 'pending'
      ? 'unit held; your order is being written'
      : order.state === 'placed'
        ? 'order placed; awaiting payment'
        : order.state === 'paid'
          ? ''
          : reason;
  element('order-deadline').textContent = activeOrder()
    ? `Pay within ${countdown(order.reservation.deadlineMs - serverNow())}`
    : '';
  const history = element('order-history');
  history.replaceChildren(
    ...state.history.map((step) =>
      Object.assign(document.createElement('li'), { textContent: step }),
    ),
  );
  const pay = /** @type {HTMLButtonElement} */ (element('pay'));
  const cancel = /** @type {HTMLButtonElement} */ (element('cancel'));
  pay.hidden = cancel.hidden = !activeOrder();
  // Take payment only once the order is written (placed).
  pay.disabled = state.acting || order.state !== 'placed';
  cancel.disabled = state.acting;
}

function renderResult() {
  const result = element('result');
  const order = state.order;
  let message = state.message;
  if (message === null && Date.now() < state.retryAt) {
    message = { text: `Too many requests. Retry in ${retryIn()}.`, tone: 'bad' };
  }
  if (message === null && order !== null) {
    if (activeOrder()) {
      const left = countdown(order.reservation.deadlineMs - serverNow());
      message = { text: `You got it! Pay within ${left}.`, tone: 'good' };
    } else if (order.state === 'paid') {
      message = { text: "Paid. It's yours.", tone: 'good' };
    } else {
      message = {
        text: `Released: ${RELEASE_REASONS[order.reason ?? ''] ?? 'the unit went back on sale'}.`,
        tone: 'bad',
      };
    }
  }
  result.hidden = message === null;
  result.textContent = message?.text ?? '';
  result.className = `result ${message?.tone ?? ''}`;
}

function render() {
  element('buyer').textContent = state.buyer;
  const catalog = state.catalog;
  if (catalog === null) return;
  element('title').textContent = catalog.title;
  document.title = catalog.title;
  const window = windowText(catalog);
  const line = element('window');
  line.textContent = window.text;
  line.className = `window ${window.tone}`;
  renderItems(catalog);
  renderOrder();
  renderResult();
}

// ── start ──────────────────────────────────────────────────────────────────

async function start() {
  element('pay').addEventListener('click', () => void act('confirm'));
  element('cancel').addEventListener('click', () => {
    state.message = null;
    void act('cancel');
  });
  render();
  if (state.saleId === '') {
    const answer = await api('GET', '/sales');
    /** @type {SaleList} */
    const list = answer.status === 200 ? bodyOf(answer) : { sales: [] };
    state.saleId = list.sales[0]?.saleId ?? '';
    if (state.saleId === '') {
      say('No sale is running on this server.', 'bad');
      return;
    }
  }
  await refreshCatalog();
  await resume();
  setInterval(render, TICK_MS); // countdowns
  setInterval(() => {
    void refreshCatalog().then(refreshOrder);
  }, POLL_MS);
  document.body.dataset.ready = 'true';
}

void start();
