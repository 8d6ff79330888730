import { describe, expect, it } from 'vitest';
import { householdFromInput } from '../../lib/domain/household-from-input';
import {
  categoryAliases,
  formatInputError,
  guaranteeValueAliases,
  householdFields,
  householdInputSchema,
  normaliseHeader,
  parseHouseholdInput,
  riskFactorAliases,
  statusAliases,
} from '../../lib/domain/household-input';

const ctx = { asOfDate: '2026-03-01' };

/** A CSV row as the CSV reader hands it over: header-mapped, every cell text. */
const aRow = (o: Record<string, unknown> = {}): Record<string, unknown> => ({
  householdId: 'H0001',
  villageCode: '532931101201',
  headName: '张三明',
  headIdNumber: '532931198001011234',
  category: '边缘易致贫户',
  status: '监测中',
  members: '4',
  laborFull: '2',
  laborPartial: '1',
  wageIncome: '12000.50',
  businessIncome: '-1500',
  propertyIncome: '',
  transferIncome: '3000',
  priorYearNetIncome: '20000',
  largeExpenditure: '5000',
  food: '1',
  clothing: '是',
  education: 'true',
  medical: '0',
  housing: '',
  water: '否',
  riskFactors: '因病；因学、disability',
  monitoredSince: '2025-06-01',
  contactName: '李四',
  lastVisitDate: '2026-02-15',
  ...o,
});

const errorsOf = (o: Record<string, unknown>) => {
  const r = parseHouseholdInput(aRow(o), ctx);
  return r.ok ? [] : r.errors;
};

describe('parseHouseholdInput', () => {
  it('reads a CSV row into fen and codes', () => {
    expect(parseHouseholdInput(aRow(), ctx)).toEqual({
      ok: true,
      value: {
        householdId: 'H0001',
        villageCode: '532931101201',
        headName: '张三明',
        headIdNumber: '532931198001011234',
        category: 'edge',
        status: 'monitored',
        members: 4,
        laborFull: 2,
        laborPartial: 1,
        wageIncome: 1_200_050,
        businessIncome: -150_000,
        propertyIncome: 0,
        transferIncome: 300_000,
        priorYearNetIncome: 2_000_000,
        largeExpenditure: 500_000,
        guarantees: {
          food: true,
          clothing: true,
          education: true,
          medical: false,
          housing: true,
          water: false,
        },
        riskFactors: ['illness', 'education', 'disability'],
        monitoredSince: '2025-06-01',
        contactName: '李四',
        lastVisitDate: '2026-02-15',
      },
    });
  });

  it('reads a JSON body with numbers and booleans', () => {
    const r = parseHouseholdInput(
      aRow({
        members: 4,
        laborFull: 2,
        laborPartial: 0,
        wageIncome: 12000.5,
        food: false,
        riskFactors: ['illness'],
        villageCode: 532931101201,
      }),
      ctx,
    );
    expect(r.ok && r.value).toMatchObject({
      members: 4,
      wageIncome: 1_200_050,
      riskFactors: ['illness'],
      villageCode: '532931101201',
    });
    expect(r.ok && r.value.guarantees.food).toBe(false);
  });

  it('defaults status to none, category to general and empty amounts to 0', () => {
    const r = parseHouseholdInput(
      aRow({ status: '', category: undefined, wageIncome: '', monitoredSince: '' }),
      ctx,
    );
    expect(r.ok && r.value).toMatchObject({
      status: 'none',
      category: 'general',
      wageIncome: 0,
      monitoredSince: null,
    });
  });

  it('upper-cases an x check digit', () => {
    const r = parseHouseholdInput(aRow({ headIdNumber: '11010519491231002x' }), ctx);
    expect(r.ok && r.value.headIdNumber).toBe('11010519491231002X');
  });

  it('reports every failing field at once, in field order', () => {
    const r = parseHouseholdInput(
      aRow({
        headIdNumber: '532931198001011235',
        members: '0',
        wageIncome: '12.345',
        category: 'poor',
        riskFactors: '因病;赌博',
      }),
      ctx,
    );
    expect(r.ok ? [] : r.errors.map(formatInputError)).toEqual([
      'headIdNumber: check digit is wrong (expected 4)',
      'category: "poor" is not a category (one of unstable, edge, sudden, alleviated, general, 脱贫不稳定户, 边缘易致贫户, 突发严重困难户, 脱贫户, 一般农户)',
      'members: must be at least 1 (got 0)',
      'wageIncome: "12.345" has more than 2 decimal places (yuan are counted to the fen)',
      expect.stringMatching(/^riskFactors: unknown risk factor "赌博"/),
    ]);
  });

  it.each([
    ['householdId', '', 'is required'],
    ['householdId', 'H 1', 'must be 1–32 characters of A–Z, a–z, 0–9 or -'],
    ['householdId', 'H'.repeat(33), 'must be 1–32 characters of A–Z, a–z, 0–9 or -'],
    ['villageCode', '53293110120', '"53293110120" is not a 12-digit village code'],
    ['villageCode', '5.32931E+11', '"5.32931E+11" is not a 12-digit village code'],
    ['headName', '  ', 'is required'],
    ['headIdNumber', '', 'is required'],
    ['headIdNumber', '5329311980010112', 'must be 18 characters (got 16)'],
    ['status', 'removed', expect.stringMatching(/^"removed" is not a status/)],
    ['members', '', 'is required'],
    ['members', '2.5', '"2.5" is not a whole number'],
    ['laborFull', '-1', '"-1" is not a whole number'],
    ['propertyIncome', '-1', '"-1" must not be negative'],
    ['largeExpenditure', '-0.01', '"-0.01" must not be negative'],
    ['transferIncome', 'abc', '"abc" is not an amount in yuan such as 1234.50'],
    ['food', '2', '"2" is not 1/0, 是/否 or true/false'],
    ['monitoredSince', '2026-02-30', '"2026-02-30" is not a date as YYYY-MM-DD'],
    ['monitoredSince', '2026-03-02', '2026-03-02 is after the as-of date 2026-03-01'],
    ['lastVisitDate', '2026-03-02', '2026-03-02 is after the as-of date 2026-03-01'],
  ])('%s = %j: %s', (field, value, message) => {
    expect(errorsOf({ [field]: value })).toEqual([{ field, message }]);
  });

  it('requires monitoredSince when the status is monitored', () => {
    expect(errorsOf({ monitoredSince: '' })).toEqual([
      { field: 'monitoredSince', message: 'is required when status is monitored' },
    ]);
  });

  it('accepts a missing monitoredSince for other statuses', () => {
    expect(errorsOf({ status: 'none', monitoredSince: '' })).toEqual([]);
  });

  it('refuses more workers than members', () => {
    expect(errorsOf({ members: '3', laborFull: '2', laborPartial: '2' })).toEqual([
      { field: 'laborPartial', message: 'laborFull + laborPartial (4) is more than members (3)' },
    ]);
  });

  it('accepts workers equal to members', () => {
    expect(errorsOf({ members: '3', laborFull: '2', laborPartial: '1' })).toEqual([]);
  });

  it('accepts a visit on the as-of date and dates as Excel writes them', () => {
    const r = parseHouseholdInput(aRow({ lastVisitDate: '2026-03-01', monitoredSince: '2025/6/1' }), ctx);
    expect(r.ok && [r.value.lastVisitDate, r.value.monitoredSince]).toEqual(['2026-03-01', '2025-06-01']);
  });

  it('ignores unknown keys', () => {
    expect(errorsOf({ 备注: 'x' })).toEqual([]);
  });

  it('never echoes an ID number in an error', () => {
    const [e] = errorsOf({ headIdNumber: '532931198001011235' });
    expect(e?.message).not.toContain('5329311980');
  });
});

describe('value aliases', () => {
  it.each(Object.entries(categoryAliases))('category %s → %s', (text, code) => {
    const r = parseHouseholdInput(aRow({ category: text }), ctx);
    expect(r.ok && r.value.category).toBe(code);
  });

  it.each(Object.entries(statusAliases))('status %s → %s', (text, code) => {
    const r = parseHouseholdInput(aRow({ status: text }), ctx);
    expect(r.ok && r.value.status).toBe(code);
  });

  it.each(Object.entries(riskFactorAliases))('risk factor %s → %s', (text, code) => {
    const r = parseHouseholdInput(aRow({ riskFactors: text }), ctx);
    expect(r.ok && r.value.riskFactors).toEqual([code]);
  });

  it.each([...Object.entries(guaranteeValueAliases), ['TRUE', true], ['False', false], ['', true]] as const)(
    'guarantee %j → %s',
    (text, secure) => {
      const r = parseHouseholdInput(aRow({ housing: text }), ctx);
      expect(r.ok && r.value.guarantees.housing).toBe(secure);
    },
  );

  it.each([';', '；', '、'])('separates risk factors with %s', (sep) => {
    const r = parseHouseholdInput(aRow({ riskFactors: `illness${sep}因灾${sep} other ` }), ctx);
    expect(r.ok && r.value.riskFactors).toEqual(['illness', 'disaster', 'other']);
  });

  it('drops a repeated risk factor', () => {
    const r = parseHouseholdInput(aRow({ riskFactors: 'illness;因病' }), ctx);
    expect(r.ok && r.value.riskFactors).toEqual(['illness']);
  });
});

describe('headers', () => {
  it.each(householdFields.map(({ field, zh }) => [field, zh]))(
    '%s and %s name the same column',
    (field, zh) => {
      expect(normaliseHeader(field)).toBe(field);
      expect(normaliseHeader(zh)).toBe(field);
      expect(normaliseHeader(field.toUpperCase())).toBe(field);
      expect(normaliseHeader(`  ${zh} `)).toBe(field);
    },
  );

  it('drops a BOM from the first header', () => {
    expect(normaliseHeader('\uFEFF户编号')).toBe('householdId');
    expect(normaliseHeader('\uFEFFhouseholdId')).toBe('householdId');
  });

  it('does not know other columns', () => {
    expect(normaliseHeader('备注')).toBeNull();
  });

  it('lists the 25 columns of the contract and measures (帮扶措施) of its December 2026 additions', () => {
    expect(householdFields).toHaveLength(26);
    expect(householdFields.at(-1)).toEqual({ field: 'measures', zh: '帮扶措施' });
  });
});

describe('householdInputSchema', () => {
  it('is the same schema for API bodies', () => {
    const parsed = householdInputSchema.safeParse(aRow());
    expect(parsed.success && parsed.data.wageIncome).toBe(1_200_050);
  });

  it('applies the cross-field rules', () => {
    expect(householdInputSchema.safeParse(aRow({ monitoredSince: '' })).success).toBe(false);
  });
});

describe('householdFromInput', () => {
  const at = '2026-03-01T00:00:00+08:00';
  // D16: the sealed number a use case hands over (opaque here).
  const headId = { masked: '532931********1234', hash: 'hash', sealed: 'v1.local.k.iv.body' };
  const input = () => {
    const r = parseHouseholdInput(aRow(), ctx);
    if (!r.ok) throw new Error('fixture');
    return r.value;
  };

  it('creates a household from a new row', () => {
    expect(householdFromInput(input(), null, { at, headId })).toMatchObject({
      householdId: 'H0001',
      status: 'monitored',
      contact: { name: '李四', assignedAt: at },
      lastHomeVisit: '2026-02-15',
      lastContact: '2026-02-15',
      measureSummary: { count: 0, firstStart: null, latestStarts: [], types: [] },
      assessment: null,
    });
  });

  it('changes nothing when the same row is applied again', () => {
    const first = householdFromInput(input(), null, { at, headId });
    expect(householdFromInput(input(), first, { at: '2026-04-01T00:00:00+08:00', headId })).toEqual(first);
  });

  it('opens the identification procedure for an imported candidate', () => {
    const r = parseHouseholdInput(aRow({ status: '识别中' }), ctx);
    expect(r.ok && householdFromInput(r.value, null, { at, headId })).toMatchObject({
      status: 'candidate',
      candidateFrom: 'none',
      lead: { source: 'village', proposedCategory: 'edge' },
      procedure: { kind: 'identification', awaiting: 'verify' },
    });
  });
});
