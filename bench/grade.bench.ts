// Grades 1,000,000 synthetic households with the real rule path (assess: derived quantities,
// grading, leads, watch, visit schedule, elimination check) and prints households/second and
// the grade distribution. Deterministic: the same seed always builds the same households.
// Run: npm run bench:grade  (or npx tsx bench/grade.bench.ts [count])
import { performance } from 'node:perf_hooks';
import { assess } from '../lib/domain/assess';
import { summarizeMeasures } from '../lib/domain/measures';
import type { Household, HouseholdStatus, RiskFactor } from '../lib/domain/model';
import { guaranteeKeys, riskFactorCodes } from '../lib/domain/model';
import { defaultPolicy } from '../lib/domain/policy';
import { prng as rng } from '../lib/prng';

const COUNT = Number(process.argv[2] ?? 1_000_000);
const SEED = 20261201;
const asOf = '2026-12-01T02:00:00+08:00';

function generate(count: number): { households: Household[]; monthly: boolean[][] } {
  const r = rng(SEED);
  const int = (min: number, max: number) => min + Math.floor(r() * (max - min + 1));
  const households: Household[] = new Array(count);
  const monthly: boolean[][] = new Array(count);
  for (let i = 0; i < count; i++) {
    const members = int(1, 7);
    const laborFull = r() < 0.12 ? 0 : int(0, members);
    const laborPartial = int(0, members - laborFull);
    // Per-capita income spread around the lines (3,000–15,000 yuan), in fen.
    const perCapita = int(300_000, 1_500_000);
    const net = perCapita * members;
    const transferShare = r() < 0.15 ? 0.6 + r() * 0.4 : r() * 0.4;
    const transferIncome = Math.round(net * transferShare);
    const businessIncome = Math.round((net - transferIncome) * (r() - 0.2) * 0.5);
    const propertyIncome = int(0, 50_000);
    const wageIncome = net - transferIncome - businessIncome - propertyIncome;
    const priorYearNetIncome = Math.round(net * (0.6 + r() * 0.9));
    const largeExpenditure = r() < 0.2 ? Math.round(priorYearNetIncome * r() * 1.2) : 0;
    const guarantees = Object.fromEntries(
      guaranteeKeys.map((k) => [k, r() > 0.01]),
    ) as Household['guarantees'];
    const riskFactors = riskFactorCodes.filter(() => r() < 0.08) as RiskFactor[];
    const s = r();
    const status: HouseholdStatus =
      s < 0.6 ? 'monitored' : s < 0.85 ? 'none' : s < 0.95 ? 'eliminated' : 'candidate';
    households[i] = {
      householdId: `H${i}`,
      villageCode: `532931${String(101 + (i % 9)).padStart(3, '0')}${String(201 + (i % 40)).padStart(3, '0')}`,
      headName: '张三明',
      headIdNumber: '532931198001011234',
      category: status === 'none' ? 'general' : 'edge',
      status,
      candidateFrom: status === 'candidate' ? 'none' : null,
      removedReason: null,
      members,
      laborFull,
      laborPartial,
      wageIncome,
      businessIncome,
      propertyIncome,
      transferIncome,
      priorYearNetIncome,
      largeExpenditure,
      guarantees,
      riskFactors,
      measureSummary: summarizeMeasures(
        r() < 0.7 ? [{ measureId: 'M1', type: 'employment', startDate: '2026-03-01', status: 'active' }] : [],
      ),
      contact: null,
      monitoredSince: status === 'monitored' ? '2025-06-01' : null,
      eliminatedAt: status === 'eliminated' ? '2026-01-15' : null,
      classSince: null,
      visitClass: null,
      lastHomeVisit:
        r() < 0.8
          ? `2026-${String(int(6, 11)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`
          : null,
      lastContact: null,
      nextVisitDue: null,
      lead: null,
      procedure: null,
      assessment: null,
      version: 1,
      updatedAt: '2026-11-01T00:00:00+08:00',
    };
    monthly[i] = Array.from({ length: 6 }, () => r() < 0.9);
  }
  return { households, monthly };
}

const t0 = performance.now();
const { households, monthly } = generate(COUNT);
const t1 = performance.now();

const grades = { red: 0, yellow: 0, blue: 0, none: 0 };
const rules: Record<string, number> = {};
let leads = 0;
let watch = 0;
let eligible = 0;
let changed = 0;
for (let i = 0; i < COUNT; i++) {
  const r = assess(households[i]!, { policy: defaultPolicy, asOf, recentMonthly: monthly[i]! });
  grades[r.assessment.grade ?? 'none']++;
  for (const id of r.assessment.matchedRules) rules[id] = (rules[id] ?? 0) + 1;
  if (r.lead) leads++;
  if (r.assessment.watch) watch++;
  if (r.elimination?.eligible) eligible++;
  if (r.changed) changed++;
}
const t2 = performance.now();

const seconds = (t2 - t1) / 1000;
const pct = (n: number) => `${((100 * n) / COUNT).toFixed(1)}%`;
console.log(
  `households:        ${COUNT.toLocaleString('en-US')} (seed ${SEED}, generated in ${((t1 - t0) / 1000).toFixed(2)} s)`,
);
console.log(`assess (grade + leads + visits + elimination): ${seconds.toFixed(2)} s`);
console.log(`throughput:        ${Math.round(COUNT / seconds).toLocaleString('en-US')} households/second`);
console.log('grades:');
for (const [g, n] of Object.entries(grades))
  console.log(`  ${g.padEnd(7)} ${String(n).padStart(9)}  ${pct(n)}`);
console.log('matched rules:');
for (const id of ['R1', 'R2', 'R3', 'R4', 'R5', 'Y1', 'Y2', 'B0'])
  console.log(`  ${id.padEnd(7)} ${String(rules[id] ?? 0).padStart(9)}`);
console.log(`leads raised:      ${leads}  (${pct(leads)})`);
console.log(`watch households:  ${watch}`);
console.log(`eligible for elimination: ${eligible}`);
console.log(`changed:           ${changed}`);
