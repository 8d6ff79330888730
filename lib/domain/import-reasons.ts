// The reasons of an import's errors file in Chinese for the officer who fixes the file, with a stable
// English code beside them (issue 19). The checks (household-input, measure-input, resident-id, money, the
// imports and the workbook reader) word their reasons in English; each is matched here to its code and
// Chinese wording, values carried over. A reason not listed keeps its English text under code `invalid`.

export interface ExplainedReason {
  /** Stable English code, e.g. `check_digit`. */
  code: string;
  /** 中文原因. */
  zh: string;
}

type Rule = [RegExp, string, (m: RegExpExecArray) => string];

const rules: Rule[] = [
  [/^is required$/, 'required', () => '必填，不能为空'],
  [
    /^is required when status is monitored$/,
    'monitored_since_required',
    () => '监测状态为“监测中”时必须填写纳入监测日期',
  ],
  [/^must be text or a number$/, 'invalid_value', () => '应为文字或数字'],
  [/^"(.*)" is not a whole number$/, 'not_integer', (m) => `“${m[1]}”不是整数`],
  [/^must be at least (\S+) \(got (\S+)\)$/, 'too_small', (m) => `不能小于 ${m[1]}（填的是 ${m[2]}）`],
  [/^must be at most (\d+) characters$/, 'too_long', (m) => `最多 ${m[1]} 个字`],
  [/^must be at most (\S+) \(got (\S+)\)$/, 'too_large', (m) => `不能大于 ${m[1]}（填的是 ${m[2]}）`],
  [/^must be 1–32 characters/, 'bad_household_id', () => '户编号应为1–32位字母、数字或“-”'],
  [/^"(.*)" is not a 12-digit village code$/, 'bad_village_code', (m) => `“${m[1]}”不是12位村级区划代码`],
  [/^must be 18 characters \(got (\d+)\)$/, 'id_length', (m) => `身份证号应为18位（填的是${m[1]}位）`],
  [/^must be 17 digits followed by a digit or X$/, 'id_format', () => '身份证号应为17位数字加1位数字或X'],
  [/^check digit is wrong \(expected (\S+)\)$/, 'check_digit', (m) => `身份证号校验位错误（应为 ${m[1]}）`],
  [
    /^"(.*)" has more than 2 decimal places/,
    'too_many_decimals',
    (m) => `“${m[1]}”超过两位小数（金额精确到分）`,
  ],
  [/^"(.*)" is not an amount in yuan/, 'not_an_amount', (m) => `“${m[1]}”不是金额（单位元，如 1234.50）`],
  [
    /^"(.*)" is too large \(at most (\S+) yuan\)$/,
    'amount_too_large',
    (m) => `“${m[1]}”过大（最多 ${m[2]} 元）`,
  ],
  [/^"(.*)" must not be negative$/, 'negative_amount', (m) => `“${m[1]}”不能为负数`],
  [/^is empty: expected an amount/, 'required', () => '金额不能为空'],
  [/^is not a finite number$/, 'not_an_amount', () => '不是有效数字'],
  [
    /^"(.*)" is not a date as YYYY-MM-DD$/,
    'not_a_date',
    (m) => `“${m[1]}”不是日期（应为 2026-12-01、2026/12/1 或 2026年12月1日）`,
  ],
  [/^(\S+) is after the as-of date (\S+)$/, 'after_as_of', (m) => `${m[1]} 晚于导入基准日 ${m[2]}`],
  [
    /^"(.*)" is not a category/,
    'unknown_category',
    (m) => `“${m[1]}”不是监测对象类别（脱贫不稳定户、边缘易致贫户、突发严重困难户、脱贫户、一般农户）`,
  ],
  [
    /^"(.*)" is not a status/,
    'unknown_status',
    (m) => `“${m[1]}”不是监测状态（未纳入、识别中、监测中、风险已消除）`,
  ],
  [/^"(.*)" is not 1\/0, 是\/否 or true\/false$/, 'not_yes_no', (m) => `“${m[1]}”应填 是/否 或 1/0`],
  [
    /^unknown risk factor (.*) \(codes:/,
    'unknown_risk_factor',
    (m) =>
      `未知的风险类型 ${m[1]}（因病、因残、因学、因灾、因意外、因产业失败、因就业不稳、缺劳动力、住房、因疫、其他）`,
  ],
  [
    /^laborFull \+ laborPartial \((\d+)\) is more than members \((\d+)\)$/,
    'labor_exceeds_members',
    (m) => `普通劳动力与弱劳动力合计 ${m[1]} 人，超过家庭人口数 ${m[2]} 人`,
  ],
  [/^householdId repeats row (\d+)$/, 'duplicate_row', (m) => `户编号与第 ${m[1]} 行重复`],
  [
    /^warning: headIdNumber is also the head of household (\S+) \(row (\d+)\); the row was imported$/,
    'duplicate_head_id',
    (m) => `提示：户主身份证号与第 ${m[2]} 行（户编号 ${m[1]}）相同，本行已导入，请核实`,
  ],
  [/^code (\d+) repeats row (\d+)$/, 'duplicate_code', (m) => `区划代码 ${m[1]} 与第 ${m[2]} 行重复`],
  [
    /^"(.*)" is not a 6-, 9- or 12-digit division code$/,
    'bad_division_code',
    (m) => `“${m[1]}”不是6位、9位或12位区划代码`,
  ],
  [
    /^unknown parent township (\d+) of (\d+)$/,
    'unknown_parent',
    (m) => `上级乡镇 ${m[1]} 未登记（请在文件中加入该乡镇或先导入）`,
  ],
  [/^(?:village )?(\d+) is outside county (\d+)$/, 'outside_county', (m) => `${m[1]} 不属于本县（${m[2]}）`],
  [
    /^village (\d+) is not a registered division of county (\d+)/,
    'unknown_village',
    (m) => `村级区划代码 ${m[1]} 不在本县（${m[2]}）已登记的行政区划中`,
  ],
  [
    /^"(.*)" is not a measure type/,
    'unknown_measure_type',
    (m) =>
      `“${m[1]}”不是帮扶措施类型（产业帮扶、就业帮扶、综合保障、教育帮扶、健康帮扶、住房保障、饮水安全、防贫保险、社会帮扶、扶志扶智、其他）`,
  ],
  [
    /^"(.*)": the start date after the colon is not a date/,
    'not_a_date',
    (m) => `“${m[1]}”冒号后的开始日期不是日期`,
  ],
  [
    /^a measure without a date needs monitoredSince/,
    'measure_date_required',
    () => '帮扶措施未写开始日期时须填写纳入监测日期（或写成“类型:日期”）',
  ],
  [
    /^"(.*)" is not a measure status/,
    'unknown_measure_status',
    (m) => `“${m[1]}”不是措施状态（计划、实施中、已完成）`,
  ],
  [
    /^a measure starting (\S+), after the as-of date, can only be planned$/,
    'future_measure_not_planned',
    (m) => `开始日期 ${m[1]} 晚于导入基准日，状态只能为“计划”`,
  ],
  [
    /^the same measure \(household, type, start date\) as row (\d+)$/,
    'duplicate_row',
    (m) => `与第 ${m[1]} 行为同一措施（同户、同类型、同开始日期）`,
  ],
  [
    /^no household (\S+) \(import the household first\)$/,
    'household_not_found',
    (m) => `没有户编号为 ${m[1]} 的农户（请先导入农户）`,
  ],
  [
    /^stored as a number, shows as (\S+): digits past the 15th are lost/,
    'id_stored_as_number',
    (m) => `Excel 把它存成了数字（显示为 ${m[1]}），第15位以后的数字已丢失；请把该列设为文本格式后重新录入`,
  ],
  [/^the cell shows the error (\S+)$/, 'cell_error', (m) => `单元格显示错误 ${m[1]}`],
  [
    /^a formula without a saved result/,
    'formula_without_result',
    () => '公式没有保存计算结果：请在 Excel 中打开并保存后再导入',
  ],
  [
    /^the household was changed by someone else during the import/,
    'conflict',
    () => '导入期间该户被他人修改，请重新导入该行',
  ],
  [
    /^could not be written \(its lead case is already open\)/,
    'write_failed',
    () => '未能写入（其线索案件已存在），请重新导入',
  ],
  [/^could not be written: (.*)$/, 'write_failed', (m) => `未能写入：${m[1]}`],
];

export function explainReason(reason: string): ExplainedReason {
  for (const [pattern, code, zh] of rules) {
    const m = pattern.exec(reason);
    if (m) return { code, zh: zh(m) };
  }
  return { code: 'invalid', zh: reason };
}
