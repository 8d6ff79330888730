// §9 digest as plain text (the text/plain part of the mail, and SNS's message body). The content is
// digest-view.ts's; this only lays it out. Never an ID number; names arrive already masked (digest.ts).
import type { Digest } from '../digest';
import { type DigestRenderOptions, type DigestView, digestView, moreLine } from './digest-view';

export { type DigestRenderOptions, describeCase, digestSubject } from './digest-view';

/** The summary table as aligned text columns (CJK characters count as two columns). */
function table(head: string[], rows: string[][]): string[] {
  const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0);
  const cols = head.map((_, i) => Math.max(...[head, ...rows].map((r) => width(r[i] ?? ''))));
  const pad = (s: string, i: number) =>
    i === 0 ? s + ' '.repeat(cols[i]! - width(s)) : s.padStart(cols[i]!);
  return [head, ...rows].map((r) => `  ${r.map((cell, i) => pad(cell, i)).join('  ')}`);
}

export function renderViewText(view: DigestView): string {
  const lines: string[] = [view.subject, ''];
  lines.push(view.headline.map((h) => `${h.label} ${h.value}`).join(' · '), '');
  if (view.summaryRows.length > 0) {
    lines.push(`【${view.summaryTitle}】`, ...table(view.summaryHead, view.summaryRows), '');
  }
  for (const section of view.sections) {
    lines.push(`【${section.title}】${section.total}`);
    if (section.note) lines.push(`  ${section.note}`);
    if (section.total === 0) lines.push(`  ${section.empty}`);
    for (const group of section.groups) {
      lines.push(`  ${group.label}（${group.total}）`);
      for (const line of group.lines) lines.push(`    - ${line}`);
      if (group.more > 0) lines.push(`    ${moreLine(group, view.link)}`);
    }
    lines.push('');
  }
  if (view.link) lines.push(`在线查看：${view.link}`);
  lines.push(view.footer);
  return `${lines.join('\n')}\n`;
}

export function renderDigestText(digest: Digest, options: DigestRenderOptions = {}): string {
  return renderViewText(digestView(digest, options));
}
