// The demo county the local stack seeds on first start: a deterministic, synthetic but realistic county
// (532931, 6 townships × 5 villages, ~1,200 households: what DynamoDB Local writes within the minute `npm start` allows) across every category and status — monitored
// households in red, yellow and blue, candidates with leads, watch households, eliminated, alleviated and
// general households — with contacts, measures and past visits, so some visits are due and some overdue.
// Names are generated from common surnames and given-name characters; ID numbers are valid (check digit)
// but belong to no one. It goes through the same import path as `fanpin import households`.

import { refreshCalendar } from '../app/calendar';
import { registerDivisions } from '../app/divisions';
import { type ImportRow, importHouseholds } from '../app/import-households';
import { type Division, divisionOf } from '../domain/divisions';
import type { Household, Measure, MeasureType } from '../domain/model';
import { residentIdCheckDigit } from '../domain/resident-id';
import { addDays, localDateOf } from '../domain/time';
import { prng } from '../prng';
import { localChangeDeps } from './commands/import-households';
import type { SeedDemo } from './handlers';

export const demoCounty = '532931';
const townships = 6;
const villagesPerTownship = 5;

const surnames = Array.from(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
);
const givenChars = Array.from(
  '建国华明军伟芳秀英兰桂珍玉凤丽红霞梅海平志强永春林德文光荣福贵生发富祥云山春燕晓敏杰涛斌刚勇成金银宝德顺利兴旺学成家和',
);

type Rng = () => number;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const between = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

function chineseName(r: Rng): string {
  const given = r() < 0.7 ? pick(r, givenChars) + pick(r, givenChars) : pick(r, givenChars);
  return pick(r, surnames) + given;
}

function residentId(r: Rng, seq: number, today: string): string {
  const year = Number(today.slice(0, 4)) - between(r, 22, 82);
  const birth = `${year}${String(between(r, 1, 12)).padStart(2, '0')}${String(between(r, 1, 28)).padStart(2, '0')}`;
  const first17 = `${demoCounty}${birth}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckDigit(first17);
}

export interface DemoHousehold {
  row: Record<string, string>;
  /** Measures added after the import (the CSV has no measure columns). */
  measures: Measure[];
}

type Profile =
  | 'general'
  | 'alleviated'
  | 'watch'
  | 'lowIncome'
  | 'candidate'
  | 'red'
  | 'yellow'
  | 'blue'
  | 'eliminated';

// Share of households per profile (per mille).
const profiles: [Profile, number][] = [
  ['general', 520],
  ['alleviated', 230],
  ['watch', 50],
  ['lowIncome', 15],
  ['candidate', 20],
  ['red', 30],
  ['yellow', 45],
  ['blue', 60],
  ['eliminated', 30],
];

function profileOf(r: Rng): Profile {
  let x = r() * 1000;
  for (const [p, share] of profiles) {
    x -= share;
    if (x < 0) return p;
  }
  return 'general';
}

const yuan = (n: number) => String(Math.round(n));
const measureTypes: MeasureType[] = [
  'industry',
  'employment',
  'social_security',
  'medical',
  'education',
  'housing',
];

/** One household: facts drawn so its profile's rules hold (per-capita lines 4,000 / 7,000 / 9,000 yuan). */
function demoHousehold(r: Rng, village: string, seq: number, today: string): DemoHousehold {
  const profile = profileOf(r);
  const members = between(r, 1, 6);
  // Yellow (Y1/Y2, spec §5): above the monitoring line but without labour, or living on transfers.
  const yellowByLabour = profile === 'yellow' && r() < 0.5;
  const laborFull = yellowByLabour ? 0 : Math.min(members, between(r, profile === 'yellow' ? 1 : 0, 3));
  const laborPartial = yellowByLabour ? 0 : Math.min(members - laborFull, between(r, 0, 1));
  const perCapita: Record<Profile, [number, number]> = {
    general: [12_000, 40_000],
    alleviated: [10_000, 25_000],
    watch: [7_200, 8_900],
    lowIncome: [5_000, 6_800],
    candidate: [3_500, 6_800],
    red: [2_000, 3_800],
    yellow: [7_200, 9_500],
    blue: [7_500, 11_000],
    eliminated: [9_500, 16_000],
  };
  const [lo, hi] = perCapita[profile];
  const net = between(r, lo, hi) * members;
  const transfer = Math.round(net * (profile === 'yellow' && !yellowByLabour ? 0.85 : 0.05 + r() * 0.3));
  const business = Math.round((net - transfer) * r() * 0.25);
  const property = r() < 0.2 ? between(r, 200, 1500) : 0;
  const wage = Math.max(0, net - transfer - business - property);
  const monitored = profile === 'red' || profile === 'yellow' || profile === 'blue';
  const category =
    profile === 'general' || profile === 'watch' || profile === 'lowIncome'
      ? 'general'
      : profile === 'alleviated' || profile === 'eliminated'
        ? 'alleviated'
        : pick(r, ['edge', 'edge', 'unstable', 'sudden'] as const);
  const status = monitored
    ? 'monitored'
    : profile === 'candidate'
      ? 'candidate'
      : profile === 'eliminated'
        ? 'eliminated'
        : 'none';
  const risks =
    monitored || profile === 'candidate'
      ? [pick(r, ['因病', '因残', '因学', '因灾', '因意外', '缺劳动力', '因就业不稳'])]
      : [];
  const monitoredSince = monitored || profile === 'eliminated' ? addDays(today, -between(r, 45, 700)) : '';
  // Past visits: red every 14 days, yellow monthly, blue quarterly; some have slipped (overdue).
  const visitAge = { red: [3, 25], yellow: [5, 45], blue: [10, 120] } as const;
  const lastVisit = monitored ? addDays(today, -between(r, ...visitAge[profile as 'red'])) : '';
  const householdId = `H${village}${String(seq).padStart(3, '0')}`;
  const row: Record<string, string> = {
    householdId,
    villageCode: village,
    headName: chineseName(r),
    headIdNumber: residentId(r, seq + Number(village.slice(-3)) * 7, today),
    category,
    status,
    members: String(members),
    laborFull: String(laborFull),
    laborPartial: String(laborPartial),
    wageIncome: yuan(wage),
    businessIncome: yuan(business),
    propertyIncome: yuan(property),
    transferIncome: yuan(transfer),
    priorYearNetIncome: yuan(net * (profile === 'red' && r() < 0.5 ? 1.8 : 1 + (r() - 0.5) * 0.2)),
    largeExpenditure: '0',
    food: '1',
    clothing: '1',
    education: profile === 'red' && r() < 0.2 ? '0' : '1',
    medical: '1',
    housing: profile === 'red' && r() < 0.2 ? '0' : '1',
    water: '1',
    riskFactors: risks.join('、'),
    monitoredSince,
    contactName: monitored && r() < 0.9 ? chineseName(r) : '',
    lastVisitDate: lastVisit,
  };
  const measures: Measure[] =
    monitored && r() < 0.8
      ? [
          {
            measureId: `${householdId}-M1`,
            type: pick(r, measureTypes),
            startDate: addDays(monitoredSince, between(r, 3, 25)),
            status: 'active',
          },
        ]
      : [];
  return { row, measures };
}

/** The whole county, deterministically (same seed → same households). Larger shapes serve benchmarks. */
export function* demoHouseholds(
  today: string,
  shape: { seed?: number; townships?: number; villagesPerTownship?: number } = {},
): Generator<DemoHousehold> {
  const r = prng(shape.seed ?? 532931);
  for (let t = 1; t <= (shape.townships ?? townships); t++) {
    for (let v = 1; v <= (shape.villagesPerTownship ?? villagesPerTownship); v++) {
      const village = `${demoCounty}${String(100 + t)}${String(200 + v)}`;
      const size = between(r, 30, 50);
      for (let seq = 1; seq <= size; seq++) yield demoHousehold(r, village, seq, today);
    }
  }
}

// Synthetic but plausible names of the demo county's townships and villages (no real place is meant).
const townshipNames = ['城关镇', '龙潭乡', '石门镇', '白沙乡', '青山镇', '河西乡', '马鞍山乡', '清水镇'];
const villageStems = Array.from('上下东西南北中新老大小前后高');
const villageRoots = [
  '坝',
  '寨',
  '沟',
  '湾',
  '坪',
  '营',
  '庄',
  '河',
  '岭',
  '塘',
  '山',
  '桥',
  '田',
  '林',
  '冲',
  '岗',
  '垭',
  '箐',
];

/** The demo county, its townships and villages with names (deterministic; larger shapes for benchmarks). */
export function demoDivisions(shape: { townships?: number; villagesPerTownship?: number } = {}): Division[] {
  const out: Division[] = [divisionOf(demoCounty, '云岭县')];
  for (let t = 1; t <= (shape.townships ?? townships); t++) {
    const code = `${demoCounty}${String(100 + t)}`;
    const base = townshipNames[(t - 1) % townshipNames.length] as string;
    out.push(
      divisionOf(
        code,
        t > townshipNames.length
          ? `${base.slice(0, -1)}${Math.ceil(t / townshipNames.length)}${base.slice(-1)}`
          : base,
      ),
    );
    const count = shape.villagesPerTownship ?? villagesPerTownship;
    for (let v = 1; v <= count; v++) {
      const i = (t * 7 + v * 5) % (villageStems.length * villageRoots.length);
      const stem = villageStems[i % villageStems.length] as string;
      const root = villageRoots[Math.floor(i / villageStems.length) % villageRoots.length] as string;
      const suffix = v > villageStems.length * villageRoots.length ? String(v) : '';
      out.push(
        divisionOf(`${code}${String(200 + v)}`, `${stem}${root}${suffix}${v % 7 === 0 ? '社区' : '村'}`),
      );
    }
  }
  return out;
}

/** Seeds the demo county into the local stack's table (the stack calls it on first start). */
export const seedDemo: SeedDemo = async ({ stack, now, log }) => {
  const started = Date.now();
  const deps = localChangeDeps(stack);
  await refreshCalendar(deps, now);
  const today = localDateOf(now, 'Asia/Shanghai');
  // The county's divisions first: its households' village codes are then checked against them.
  await registerDivisions(deps.store, demoDivisions(), new Map(), {
    at: now,
    actor: { kind: 'system', name: 'demo-seed' },
    newId: deps.newId,
  });
  // Measures are not CSV columns: the import adds them to the household it builds from the row, so each
  // household is one write.
  const measures = new Map<string, Measure[]>();
  const rows = (function* (): Generator<ImportRow> {
    let rowNumber = 1;
    for (const h of demoHouseholds(today)) {
      if (h.measures.length) measures.set(h.row.householdId as string, h.measures);
      yield { rowNumber: ++rowNumber, record: h.row };
    }
  })();
  const { summary, villages } = await importHouseholds(deps, rows, {
    asOf: now,
    actor: { kind: 'system', name: 'demo-seed' },
    concurrency: 16,
    newMeasures: (h: Household) => measures.get(h.householdId) ?? [],
  });
  log(
    `demo county ${demoCounty}: ${summary.created} households in ${villages.length} villages, ${measures.size} with measures (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
};
