// §9 digest as plain text (the text/plain part of the mail, and SNS's message body).
// Never an ID number; names arrive already masked (digest.ts).
import { type Digest, type DigestCase, digestUnit, groupByTownshipAndKind } from '../digest';
import { localDateOf } from '../time';
import { caseKindLabels, caseLevelLabels, digestSectionLabels } from './labels';

export interface DigestRenderOptions {
  /** Dates are shown as local dates in this zone (default Asia/Shanghai, spec §4). */
  timeZone?: string;
}

const sections = ['newlyEscalated', 'stillOpen', 'resolved'] as const;

/** e.g. 防返贫监测日报 县532931 2026-12-07：新升级 2，仍未办结 5，已办结 1 */
export function digestSubject(digest: Digest): string {
  const unit = digestUnit(digest);
  const c = digest.counts;
  return (
    `防返贫监测日报 ${caseLevelLabels[unit.level]}${unit.code} ${digest.date}：` +
    `${digestSectionLabels.newlyEscalated} ${c.newlyEscalated}，${digestSectionLabels.stillOpen} ${c.stillOpen}，` +
    `${digestSectionLabels.resolved} ${c.resolved}`
  );
}

/** One case on one line, e.g. 户 H001 张*明 · 村 532931101201 · 开案 2026-12-02 · 5 个工作日 · 升级 乡镇 2026-12-07 → 县 2026-12-14 */
export function describeCase(c: DigestCase, timeZone: string): string {
  const parts: string[] = [];
  if (c.householdId !== null) parts.push(`户 ${c.householdId}${c.headName ? ` ${c.headName}` : ''}`);
  if (c.villageCode !== null) parts.push(`村 ${c.villageCode}`);
  parts.push(`开案 ${localDateOf(c.openedAt, timeZone)}`);
  parts.push(`${c.ageInWorkingDays} 个工作日`);
  if (c.escalations.length > 0) {
    parts.push(
      `升级 ${c.escalations.map((e) => `${caseLevelLabels[e.level]} ${localDateOf(e.at, timeZone)}`).join(' → ')}`,
    );
  }
  if (c.resolvedAt !== null) parts.push(`办结 ${localDateOf(c.resolvedAt, timeZone)}`);
  return parts.join(' · ');
}

export function renderDigestText(digest: Digest, options: DigestRenderOptions = {}): string {
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const lines: string[] = [digestSubject(digest), ''];
  for (const section of sections) {
    const cases = digest[section];
    lines.push(`【${digestSectionLabels[section]}】${cases.length}`);
    if (cases.length === 0) lines.push('  无');
    for (const township of groupByTownshipAndKind(cases)) {
      lines.push(`  乡镇 ${township.townshipCode}`);
      for (const group of township.kinds) {
        lines.push(`    ${caseKindLabels[group.kind]}（${group.cases.length}）`);
        for (const c of group.cases) lines.push(`      - ${describeCase(c, timeZone)}`);
      }
    }
    lines.push('');
  }
  lines.push(`截至 ${digest.asOf}。户主姓名已脱敏，本邮件不含身份证号。`);
  return `${lines.join('\n')}\n`;
}
