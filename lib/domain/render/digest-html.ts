// §9 digest as HTML mail: one column, inline CSS only (mail clients drop <style>), readable on a phone.
// The content is digest-view.ts's; this only lays it out. Every interpolated value is escaped. Never an ID
// number; names arrive already masked (digest.ts).
import type { Digest } from '../digest';
import { type DigestRenderOptions, type DigestSectionKey, digestView, moreLine } from './digest-view';

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const sectionColour: Record<DigestSectionKey, string> = {
  newlyEscalated: '#c0392b',
  newlyOpened: '#8e44ad',
  stillOpen: '#b9770e',
  resolved: '#1e8449',
  escalatedToCounty: '#2c3e50',
};

const FONT = "-apple-system,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif";
const CELL = 'padding:4px 6px;border-bottom:1px solid #e5e5e5;';

export function renderDigestHtml(digest: Digest, options: DigestRenderOptions = {}): string {
  const view = digestView(digest, options);
  const e = escapeHtml;
  const out: string[] = [];

  out.push(
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${e(view.subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f4f4f4;">',
    `<div style="max-width:600px;margin:0 auto;padding:16px;background:#ffffff;color:#222222;font-family:${e(FONT)};font-size:15px;line-height:1.6;">`,
    `<h1 style="font-size:19px;margin:0 0 4px 0;">${e(view.title)}</h1>`,
    `<p style="margin:0 0 12px 0;color:#555555;">${e(view.unitLine)}</p>`,
  );

  out.push(
    `<p style="margin:0 0 16px 0;">${view.headline
      .map(
        (h) =>
          `<span style="display:inline-block;margin-right:12px;">${e(h.label)} <strong>${h.value}</strong></span>`,
      )
      .join('')}</p>`,
  );

  if (view.summaryRows.length > 0) {
    out.push(
      `<h2 style="font-size:17px;margin:16px 0 8px 0;">${e(view.summaryTitle)}</h2>`,
      '<table role="presentation" style="width:100%;border-collapse:collapse;font-size:14px;">',
      `<tr>${view.summaryHead
        .map(
          (h, i) =>
            `<th style="${CELL}text-align:${i === 0 ? 'left' : 'right'};color:#555555;font-weight:normal;">${e(h)}</th>`,
        )
        .join('')}</tr>`,
    );
    for (const row of view.summaryRows) {
      out.push(
        `<tr>${row
          .map((cell, i) => `<td style="${CELL}text-align:${i === 0 ? 'left' : 'right'};">${e(cell)}</td>`)
          .join('')}</tr>`,
      );
    }
    out.push('</table>');
  }

  for (const section of view.sections) {
    out.push(
      `<h2 style="font-size:17px;margin:20px 0 8px 0;padding-left:8px;border-left:4px solid ${sectionColour[section.key]};">${e(section.title)}（${section.total}）</h2>`,
    );
    if (section.note) out.push(`<p style="margin:0 0 4px 0;color:#555555;">${e(section.note)}</p>`);
    if (section.total === 0) out.push(`<p style="margin:0;color:#888888;">${e(section.empty)}</p>`);
    for (const group of section.groups) {
      out.push(
        `<p style="margin:6px 0 2px 0;font-weight:bold;">${e(group.label)}（${group.total}）</p>`,
        '<ul style="margin:0 0 8px 0;padding-left:18px;">',
      );
      for (const line of group.lines) out.push(`<li style="margin:0 0 4px 0;">${e(line)}</li>`);
      if (group.more > 0) {
        const more = `及另外 ${group.more} ${group.unitWord}`;
        out.push(
          view.link
            ? `<li style="margin:0 0 4px 0;list-style:none;color:#555555;">${e(more)}，<a href="${e(view.link)}">全部查看</a></li>`
            : `<li style="margin:0 0 4px 0;list-style:none;color:#555555;">${e(moreLine(group, null))}</li>`,
        );
      }
      out.push('</ul>');
    }
  }

  if (view.link) {
    out.push(`<p style="margin:20px 0 0 0;"><a href="${e(view.link)}">在网页中查看和处理</a></p>`);
  }
  out.push(
    `<p style="margin:24px 0 0 0;font-size:12px;color:#888888;">${e(view.footer)}</p>`,
    '</div></body></html>',
  );
  return `${out.join('\n')}\n`;
}
