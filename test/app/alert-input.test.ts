import { describe, expect, it } from 'vitest';
import { alertInputSchema, normaliseAlertHeader, parseAlertInput } from '../../lib/domain/alert-input';

const valid = {
  department: 'medical_insurance',
  alertId: 'YB-1',
  householdId: 'H0001',
  type: 'large_medical_expense',
  amount: '1,234.50',
  date: '2026-11-28',
  note: '',
};

describe('parseAlertInput', () => {
  it('reads amounts in yuan as integer fen', () => {
    expect(parseAlertInput(valid)).toMatchObject({ ok: true, value: { amount: 123450, note: null } });
  });

  it('accepts the Chinese department names', () => {
    expect(parseAlertInput({ ...valid, department: '医保局' })).toMatchObject({
      ok: true,
      value: { department: 'medical_insurance' },
    });
  });

  it('reports every failing field at once', () => {
    const r = parseAlertInput({
      department: 'police',
      alertId: '',
      type: 'x',
      amount: '1.234',
      date: '2026-13-01',
    });

    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.field)).toEqual([
      'department',
      'alertId',
      'amount',
      'date',
      'householdId',
    ]);
  });

  it('requires a household id or a head ID number', () => {
    const r = parseAlertInput({ ...valid, householdId: ' ' });

    expect(r).toEqual({
      ok: false,
      errors: [{ field: 'householdId', message: 'give householdId or headIdNumber' }],
    });
  });

  it('rejects an ID number with a wrong check digit', () => {
    const r = parseAlertInput({ ...valid, householdId: null, headIdNumber: '532931198001011235' });

    expect(!r.ok && r.errors[0]).toMatchObject({
      field: 'headIdNumber',
      message: expect.stringContaining('check digit'),
    });
  });

  it('gives the same answer through the zod schema', () => {
    expect(alertInputSchema.safeParse({ ...valid, amount: 12.5 }).data?.amount).toBe(1250);
    expect(alertInputSchema.safeParse({ ...valid, department: 'x' }).error?.issues[0]?.path).toEqual([
      'department',
    ]);
  });
});

describe('normaliseAlertHeader', () => {
  it('maps English and Chinese headers, with or without a BOM', () => {
    expect(
      ['\uFEFFdepartment', 'AlertId', '户主身份证号', '金额', 'unknown'].map(normaliseAlertHeader),
    ).toEqual(['department', 'alertId', 'headIdNumber', 'amount', null]);
  });
});
