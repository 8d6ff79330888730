// What the web app says for the API's numbers: a case's deadline in plain words, a masked head name,
// and the grade's rules as sentences with the household's numbers.
import { describe, expect, it } from 'vitest';
import { type Case, deadlineWords, type Household, maskName, ruleSentences } from '../../web/src/words';

const aCase = (patch: Partial<Case>): Case =>
  ({
    status: 'open',
    level: 'village',
    workingDaysLeft: 2,
    plannedEscalations: [
      { level: 'township', at: '2026-12-07T06:00:00.000+08:00' },
      { level: 'county', at: '2026-12-14T06:00:00.000+08:00' },
    ],
    ...patch,
  }) as Case;

describe('deadlineWords', () => {
  it.each([
    [{}, '还剩2个工作日，之后上报乡镇'],
    [{ workingDaysLeft: 0 }, '今日到期，下次巡查将上报乡镇'],
    [
      { level: 'township', plannedEscalations: [{ level: 'county', at: '2026-12-14T06:00:00.000+08:00' }] },
      '还剩2个工作日，之后上报县',
    ],
    [{ level: 'county', plannedEscalations: [] }, '已上报至县，须尽快办结'],
    [{ status: 'resolved' }, '已解决'],
  ] as [Partial<Case>, string][])('%o → %s', (patch, words) => {
    expect(deadlineWords(aCase(patch))).toBe(words);
  });
});

describe('maskName', () => {
  it.each([
    ['张三明', '张*明'],
    ['王五', '王*'],
    ['欧阳春燕', '欧**燕'],
    ['李', '李'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

describe('ruleSentences', () => {
  it('says each matched rule with the household’s numbers', () => {
    const household = {
      matchedRules: ['R1', 'R2', 'Y2'],
      guarantees: {
        food: true,
        clothing: true,
        education: true,
        medical: false,
        housing: true,
        water: false,
      },
      derived: {
        netIncome: 6400,
        perCapitaIncome: 3200,
        labour: 'partial',
        transferShare: 0.625,
        incomeDrop: 0,
        expenditureBurden: 0,
        gap: true,
      },
    } as unknown as Household;

    expect(ruleSentences(household)).toEqual([
      'R1：人均纯收入 3,200 元，低于收入红线（一级/红色标准）',
      'R2：“两不愁三保障”及饮水安全有缺口：基本医疗、饮水安全未保障',
      'Y2：转移性收入占 63%，收入主要依靠帮扶资金',
    ]);
  });
});
