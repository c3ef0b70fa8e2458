import { draftMonth } from '../server/modules/money/index.js';
import { systemCtx } from '../server/platform/context.js';
import { type LatencyRow, percentile, type Q, r1, sequentialGet, withSession } from './orders.js';
import { ADMIN, type DbTarget, loginToken, type SanbaoServer } from './servers.js';

/*
 * The monthly outlet settlement at the size (bench/README.md, "Settlement"): a month of
 * completed orders spread over bench outlets, loaded set-based into PostgreSQL with the facts the
 * statements read — the four met milestones of each order (HQ dispatch, center dispatch, on site,
 * the 7-day cap, with the clock figures stored when met, on the 24×7 calendar) and its warranty decision — then every statement of the month drafted by
 * `draftMonth` (the code behind POST /api/statements/draft), one outlet's statement recomputed
 * through the API, and the statement list read as HQ and as a center.
 */

/**
 * The pseudo-random figures of order number `n` (an SQL expression), from one multiplicative hash:
 * a figure of `n` modulo a small number would repeat with the outlet (order g is the outlet g mod
 * 2,000's), so every outlet gets the same mix of fast and slow, near and far, paid and not.
 */
const mix = (n: string) => `((${n})::bigint * 2654435761 % 4294967296)`;
const onSiteMin = (h: string) => `(60 + ${h} % 5000)`;
const thenMin = (h: string) => `(30 + (${h} / 5000) % 8000)`;

export const SETTLE_TARGETS = { draftSeconds: 60, recomputeMs: 1000, listP95Ms: 50 };

export interface SettleData {
  orders: number;
  outlets: number;
  milestones: number;
  decisions: number;
  month: string;
  /** How many months the orders spread over, ending with `month`. */
  months: number;
  seconds: Record<string, number>;
  superuser: boolean;
}

/** Timed SQL, logged. */
async function step(q: Q, seconds: Record<string, number>, name: string, text: string, log: (m: string) => void) {
  const t = performance.now();
  const rows = await q(text);
  seconds[name] = r1((performance.now() - t) / 1000 + (seconds[name] ?? 0));
  log(`settle: ${name} ${seconds[name]} s`);
  return rows;
}

/**
 * `outlets` bench outlets (`SB-0001…`, round robin under the demo's centers) and `orders` orders
 * completed last month (company time zone) — or over the `months` months ending with it —, evenly
 * over that time and the outlets, each in its
 * outlet's province (what the reports group by). Order g: on site
 * after 1 h–84 h (one in three far), resolved 30 min–5.6 days later (some past the 7-day cap), each
 * dispatch step 2–21 min (some past its 15), the product line the demo's lines in turn; the warranty
 * decision says the company pays labour for 9 orders in 10.
 */
export async function loadSettlementData(
  app: SanbaoServer,
  target: DbTarget,
  size: { orders: number; outlets: number; months?: number },
  log: (m: string) => void,
): Promise<SettleData> {
  return withSession(app.database, target, async (q) => {
    const seconds: Record<string, number> = {};
    const su = await q(`select rolsuper from pg_roles where rolname = current_user`).catch(() => []);
    const superuser = su[0]?.rolsuper === true;
    const [tz] = await q(`select coalesce((select value #>> '{}' from setting_versions where key = 'company.timeZone'
      order by effective_from desc limit 1), 'Asia/Shanghai') as tz`);
    const timeZone = String(tz?.tz ?? 'Asia/Shanghai');
    const [m] = await q(
      `select to_char(date_trunc('month', now() at time zone '${timeZone}') - interval '1 month', 'YYYY-MM') as month`,
    );
    const month = String(m!.month);
    // Spread over `months` months ending with last month (1: all in last month, the settlement's case).
    const months = Math.max(1, Math.floor(size.months ?? 1));
    const from = `(('${month}-01'::date - interval '${months - 1} months')::timestamp at time zone '${timeZone}')`;
    const to = `(('${month}-01'::date + interval '1 month')::timestamp at time zone '${timeZone}')`;

    await step(
      q,
      seconds,
      'outlets',
      `insert into org_units (id, parent_id, path, kind, code, name, province_code, active)
       select o.id, c.id, c.path || o.id::text || '/', 'outlet', 'SB-' || lpad(o.g::text, 4, '0'), '压测网点' || o.g, c.province_code, true
       from (select gen_random_uuid() as id, g from generate_series(1, ${size.outlets}) g) o
       join (select id, path, province_code, row_number() over (order by code) - 1 as i, count(*) over () as n
             from org_units where kind = 'center') c on c.i = (o.g - 1) % c.n`,
      log,
    );

    const defs = await q(`select indexname, indexdef from pg_indexes i
      where tablename in ('work_orders', 'sla_milestones', 'warranty_decisions')
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`);
    for (const d of defs) await q(`drop index if exists "${d.indexname}"`);
    if (superuser) await q('set session_replication_role = replica');

    const chunk = 200_000;
    for (let start = 1; start <= size.orders; start += chunk) {
      const end = Math.min(size.orders, start + chunk - 1);
      await step(
        q,
        seconds,
        'orders',
        `with o as (select array_agg(o.id order by o.code) as ids, array_agg(o.path order by o.code) as paths,
                           array_agg(o.parent_id order by o.code) as cids,
                           array_agg(o.province_code order by o.code) as pcs, count(*)::int as n
                    from org_units o where o.kind = 'outlet' and o.code like 'SB-%'),
         cu as (select array_agg(id order by code) as ids, count(*)::int as n from customers),
         un as (select array_agg(id order by serial_no) as ids, count(*)::int as n from units),
         pl as (select array_agg(id order by code) as ids, count(*)::int as n from product_lines),
         g as (select g, ${from} + make_interval(secs => (g - 0.5) * extract(epoch from ${to} - ${from}) / ${size.orders}) as done,
                      ${onSiteMin(mix('g'))} as on_site_min, ${thenMin(mix('g'))} as then_min, ${mix('g')} as h
               from generate_series(${start}, ${end}) g)
         insert into work_orders (id, code, customer_id, unit_id, product_line_id, service_type, priority, fault_description, state,
           holder_unit_id, org_path, center_id, outlet_id, customer_kind, zone, province_code, reported_at, created_at, updated_at,
           completed_at)
         select gen_random_uuid(), 'SB' || lpad(g.g::text, 9, '0'), cu.ids[1 + g.g % cu.n], un.ids[1 + g.g % un.n],
           pl.ids[1 + g.g % pl.n], 'on_site', 2, '压测结算工单', 'completed',
           o.ids[1 + g.g % o.n], o.paths[1 + g.g % o.n], o.cids[1 + g.g % o.n], o.ids[1 + g.g % o.n], 'individual',
           case when (g.h / 7) % 3 = 0 then 'far' else 'near' end, o.pcs[1 + g.g % o.n],
           g.done - make_interval(mins => (g.on_site_min + g.then_min)::int),
           g.done - make_interval(mins => (g.on_site_min + g.then_min)::int), g.done, g.done
         from g cross join o cross join cu cross join un cross join pl`,
        log,
      );
    }

    await step(
      q,
      seconds,
      'milestones',
      `with p as (select id, version from sla_policies where code = 'default' order by version desc limit 1),
       cal as (select id from sla_calendars where code = 'hotline-24x7'),
       w as (select id, code, org_path, reported_at as r, completed_at as c, zone,
                    (2 + (${mix('substr(code, 3)')} / 11) % 20)::int as hq_min, (2 + (${mix('substr(code, 3)')} / 13) % 20)::int as ce_min,
                    ${onSiteMin(mix('substr(code, 3)'))} as on_site_min
             from work_orders where code like 'SB%'),
       k as (select w.*, v.key, v.lim, v.started, v.met from w cross join lateral (values
               ('hq_dispatch', 15, w.r, w.r + make_interval(mins => w.hq_min)),
               ('center_dispatch', 15, w.r + make_interval(mins => w.hq_min), w.r + make_interval(mins => w.hq_min + w.ce_min)),
               ('on_site', case w.zone when 'far' then 4320 else 1440 end, w.r, w.r + make_interval(mins => w.on_site_min::int)),
               ('resolved_cap', 10080, w.r, w.c)) v(key, lim, started, met))
       insert into sla_milestones (order_id, order_code, org_path, key, policy_id, policy_version, calendar_id, base_limit_minutes,
         limit_minutes, warn_at_percent, paused_by_parts, escalation, responsible_level, state, started_at, due_at, warn_at,
         met_at, ended_at, late_minutes, remaining_minutes, paused_minutes, created_at, updated_at)
       select k.id, k.code, k.org_path, k.key, p.id, p.version, cal.id, k.lim, k.lim, 75, false, '["handler"]'::jsonb,
         case when k.key like '%dispatch' then 'handler' else 'outlet' end, 'met', k.started,
         k.started + make_interval(mins => k.lim), k.started + make_interval(mins => k.lim * 3 / 4),
         k.met, k.met, greatest(0, ceil(extract(epoch from k.met - k.started) / 60) - k.lim)::int,
         floor(k.lim - extract(epoch from k.met - k.started) / 60 + 1e-9)::int, 0, k.started, k.met
       from k cross join p cross join cal`,
      log,
    );

    await step(
      q,
      seconds,
      'decisions',
      `insert into warranty_decisions (order_id, unit_id, subject, covered, rule, labour, parts, reasons, org_path, decided_at, decided_by_name)
       select w.id, w.unit_id, 'unit', w.paid, 'unit_term', case when w.paid then 'company' else 'customer' end,
         case when w.paid then 'company' else 'customer' end, '[]'::jsonb, w.org_path, w.reported_at, '压测'
       from (select id, unit_id, org_path, reported_at, (${mix('substr(code, 3)')} / 17) % 10 <> 0 as paid
             from work_orders where code like 'SB%') w`,
      log,
    );

    if (superuser) await q('set session_replication_role = origin');
    const t = performance.now();
    for (const d of defs) await q(String(d.indexdef));
    seconds.indexes = r1((performance.now() - t) / 1000);
    log(`settle: ${defs.length} indexes rebuilt in ${seconds.indexes} s`);
    await q('analyze org_units');
    await q('analyze work_orders');
    await q('analyze sla_milestones');
    await q('analyze warranty_decisions');
    const [c] = await q(`select (select count(*) from work_orders where code like 'SB%')::int as orders,
      (select count(*) from sla_milestones where order_code like 'SB%')::int as milestones,
      (select count(*) from warranty_decisions where decided_by_name = '压测')::int as decisions`);
    return {
      orders: Number(c!.orders),
      outlets: size.outlets,
      milestones: Number(c!.milestones),
      decisions: Number(c!.decisions),
      month,
      months,
      seconds,
      superuser,
    };
  });
}

export interface SettleResult {
  database: 'postgres';
  month: string;
  draft: {
    seconds: number;
    drafted: number;
    recomputed: number;
    skipped: number;
    ordersPerSecond: number;
    metTarget: boolean;
  };
  recompute: { orders: number; lines: number; times: number[]; p50Ms: number; maxMs: number; metTarget: boolean };
  list: LatencyRow[];
}

/** Drafts the month, recomputes one bench outlet's statement through the API, reads the list. */
export async function settleRound(
  app: SanbaoServer,
  data: SettleData,
  opts: { seconds: number; maxRequests: number; warmup: number; recomputes: number },
  log: (m: string) => void,
): Promise<SettleResult> {
  const ctx = systemCtx(app.database.db, { name: 'bench' });
  const t0 = performance.now();
  const drafted = await draftMonth(app.database.db, ctx, data.month);
  const draftSeconds = r1((performance.now() - t0) / 1000);
  log(`settle: drafted ${JSON.stringify(drafted)} in ${draftSeconds} s`);

  const token = await loginToken(app.url, ADMIN.username, ADMIN.password);
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const units = await get<{ items: { id: string; code: string }[] }>('/api/org/units');
  const outlet = units.items.find((u) => u.code === 'SB-0001');
  if (!outlet) throw new Error('settle: bench outlet SB-0001 not found');
  const list = await get<{ items: { id: string; orderCount: number; lineCount: number }[] }>(
    `/api/statements?month=${data.month}&unitId=${outlet.id}`,
  );
  const one = list.items[0];
  if (!one) throw new Error('settle: no statement for SB-0001');
  const times: number[] = [];
  for (let i = 0; i < opts.recomputes; i++) {
    const t = performance.now();
    const res = await fetch(`${app.url}/api/statements/${one.id}/recompute`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    times.push(r1(performance.now() - t));
    if (!res.ok) throw new Error(`recompute: ${res.status} ${await res.text()}`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  log(`settle: recompute of ${one.orderCount} orders, ${one.lineCount} lines: ${times.join(', ')} ms`);

  const listRows: LatencyRow[] = [];
  for (const [scenario, user, password, query] of [
    ['statement list, HQ (page 1)', ADMIN.username, ADMIN.password, `month=${data.month}`],
    [
      'statement list, HQ, drafts (page 1)',
      ADMIN.username,
      ADMIN.password,
      `month=${data.month}&state=draft&kind=outlet`,
    ],
  ] as const) {
    const tok = user === ADMIN.username ? token : await loginToken(app.url, user, password);
    const r = await sequentialGet(`${app.url}/api/statements?${query}`, tok, opts);
    const row: LatencyRow = {
      scenario,
      user,
      database: 'postgres',
      request: `GET /api/statements?${query}`,
      requests: r.times.length,
      meanItems: r.times.length ? Math.round(r.items / r.times.length) : 0,
      total: r.total,
      p50Ms: r1(percentile(r.times, 50)),
      p95Ms: r1(percentile(r.times, 95)),
      p99Ms: r1(percentile(r.times, 99)),
      maxMs: r1(r.times.at(-1) ?? 0),
      non2xx: r.non2xx,
      targetP95Ms: SETTLE_TARGETS.listP95Ms,
      metTarget: r.non2xx === 0 && percentile(r.times, 95) < SETTLE_TARGETS.listP95Ms,
    };
    if (r.firstError) log(`settle: ${scenario}: ${r.firstError}`);
    listRows.push(row);
  }
  return {
    database: 'postgres',
    month: data.month,
    draft: {
      seconds: draftSeconds,
      drafted: drafted.drafted,
      recomputed: drafted.recomputed,
      skipped: drafted.skipped,
      ordersPerSecond: Math.round(data.orders / Math.max(draftSeconds, 0.001)),
      metTarget: draftSeconds < SETTLE_TARGETS.draftSeconds,
    },
    recompute: {
      orders: one.orderCount,
      lines: one.lineCount,
      times,
      p50Ms: r1(percentile(sorted, 50)),
      maxMs: sorted.at(-1) ?? 0,
      metTarget: (sorted.at(-1) ?? Number.POSITIVE_INFINITY) < SETTLE_TARGETS.recomputeMs,
    },
    list: listRows,
  };
}
