// §9 digest as HTML mail: one column, inline CSS only (mail clients drop <style>), readable on a phone.
// Every interpolated value is escaped. Never an ID number; names arrive already masked (digest.ts).
import { type Digest, digestUnit, groupByTownshipAndKind } from '../digest';
import { type DigestRenderOptions, describeCase, digestSubject } from './digest-text';
import { caseKindLabels, caseLevelLabels, digestSectionLabels } from './labels';

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const sections = ['newlyEscalated', 'stillOpen', 'resolved'] as const;

const sectionColour: Record<(typeof sections)[number], string> = {
  newlyEscalated: '#c0392b',
  stillOpen: '#b9770e',
  resolved: '#1e8449',
};

const FONT = "-apple-system,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif";

export function renderDigestHtml(digest: Digest, options: DigestRenderOptions = {}): string {
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const unit = digestUnit(digest);
  const e = escapeHtml;
  const out: string[] = [];
  const subject = digestSubject(digest);

  out.push(
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${e(subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f4f4f4;">',
    `<div style="max-width:600px;margin:0 auto;padding:16px;background:#ffffff;color:#222222;font-family:${e(FONT)};font-size:15px;line-height:1.6;">`,
    `<h1 style="font-size:19px;margin:0 0 4px 0;">防返贫监测日报</h1>`,
    `<p style="margin:0 0 12px 0;color:#555555;">${e(caseLevelLabels[unit.level])} ${e(unit.code)} · ${e(digest.date)}</p>`,
  );

  out.push('<p style="margin:0 0 16px 0;">');
  out.push(
    sections
      .map(
        (s) =>
          `<span style="display:inline-block;margin-right:12px;">${e(digestSectionLabels[s])} <strong style="color:${sectionColour[s]};">${digest[s].length}</strong></span>`,
      )
      .join(''),
  );
  out.push('</p>');

  for (const section of sections) {
    const cases = digest[section];
    out.push(
      `<h2 style="font-size:17px;margin:20px 0 8px 0;padding-left:8px;border-left:4px solid ${sectionColour[section]};">${e(digestSectionLabels[section])}（${cases.length}）</h2>`,
    );
    if (cases.length === 0) out.push('<p style="margin:0;color:#888888;">无</p>');
    for (const township of groupByTownshipAndKind(cases)) {
      out.push(`<h3 style="font-size:15px;margin:12px 0 4px 0;">乡镇 ${e(township.townshipCode)}</h3>`);
      for (const group of township.kinds) {
        out.push(
          `<p style="margin:6px 0 2px 0;font-weight:bold;">${e(caseKindLabels[group.kind])}（${group.cases.length}）</p>`,
          '<ul style="margin:0 0 8px 0;padding-left:18px;">',
        );
        for (const c of group.cases) {
          out.push(`<li style="margin:0 0 4px 0;">${e(describeCase(c, timeZone))}</li>`);
        }
        out.push('</ul>');
      }
    }
  }

  out.push(
    `<p style="margin:24px 0 0 0;font-size:12px;color:#888888;">截至 ${e(digest.asOf)}。户主姓名已脱敏，本邮件不含身份证号。</p>`,
    '</div></body></html>',
  );
  return `${out.join('\n')}\n`;
}
