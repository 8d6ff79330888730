// Header synonyms (interface.md "Additions of December 2026": 户主证件号码, 村代码, 人口数 at least) and a
// county's mapping file.
import { describe, expect, it } from 'vitest';
import { householdHeaderSynonyms, resolveColumnMap } from '../../lib/domain/household-headers';
import { householdFields, normaliseHeader } from '../../lib/domain/household-input';

describe('household header names', () => {
  it('takes the synonyms interface.md names', () => {
    expect(normaliseHeader('户主证件号码')).toBe('headIdNumber');
    expect(normaliseHeader('村代码')).toBe('villageCode');
    expect(normaliseHeader('人口数')).toBe('members');
  });

  it('takes a unit in brackets, line breaks and spaces inside a header cell', () => {
    expect(normaliseHeader('工资性收入（元）')).toBe('wageIncome');
    expect(normaliseHeader('家庭人口数(人)')).toBe('members');
    expect(normaliseHeader('户主\n身份证号')).toBe('headIdNumber');
    expect(normaliseHeader(' 户 编 号 ')).toBe('householdId');
    expect(normaliseHeader('备注')).toBeNull();
  });

  it('gives every synonym one field, never another column’s Chinese header', () => {
    const zh = new Map<string, string>(householdFields.map((f) => [f.zh, f.field]));
    const seen = new Map<string, string>();
    for (const [field, names] of Object.entries(householdHeaderSynonyms)) {
      for (const name of names ?? []) {
        expect(zh.get(name) ?? field).toBe(field);
        expect(seen.get(name) ?? field).toBe(field);
        seen.set(name, field);
        expect(normaliseHeader(name)).toBe(field);
      }
    }
  });
});

describe('a column mapping file', () => {
  it('maps a county’s own headers to fields named in English or Chinese', () => {
    const map = resolveColumnMap({ 所在村编号: 'villageCode', '户主 证件': '户主身份证号' }, normaliseHeader);
    expect(map).toEqual({
      ok: true,
      value: new Map([
        ['所在村编号', 'villageCode'],
        ['户主证件', 'headIdNumber'],
      ]),
    });
  });

  it('refuses what is not a map of known columns, or names one field twice', () => {
    expect(resolveColumnMap(['a'], normaliseHeader)).toMatchObject({ ok: false });
    expect(resolveColumnMap({ 甲: 'nope' }, normaliseHeader)).toEqual({
      ok: false,
      message: '"甲": "nope" is not a household column',
    });
    expect(resolveColumnMap({ 甲: 'members', 乙: '家庭人口数' }, normaliseHeader)).toEqual({
      ok: false,
      message: '"乙" and "甲" both map to members',
    });
  });
});
