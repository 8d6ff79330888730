// §9 digest as group-robot markdown (issue 21): WeCom (企业微信) and DingTalk (钉钉) group robots show a short
// message in the chat, so it carries the headline, the summary table as lines, and a few cases per kind, then
// the link to the web app. WeCom's markdown is a subset (headings, bold, links, quotes, three font colours; no
// tables), so both flavours use only those. The content is digest-view.ts's, like the mail's.
import type { Digest } from '../digest';
import { type DigestRenderOptions, type DigestView, digestView, moreLine } from './digest-view';

export type RobotFlavour = 'wecom' | 'dingtalk';

/** WeCom: "markdown内容，最长不超过4096个字节". DingTalk: kept to the same order of size, a chat message. */
export const robotMaxBytes: Record<RobotFlavour, number> = { wecom: 4096, dingtalk: 8000 };

export interface RobotMarkdown {
  /** DingTalk shows it in the conversation list; WeCom has no title field (it leads the content). */
  title: string;
  markdown: string;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function layout(view: DigestView, flavour: RobotFlavour): string {
  const lines: string[] = [`### ${view.title}`, `${view.unitLine}`, ''];
  lines.push(view.headline.map((h) => `${h.label} **${h.value}**`).join(' · '), '');
  if (view.summaryRows.length > 0) {
    lines.push(`**${view.summaryTitle}**`);
    for (const [name, fresh, open, done] of view.summaryRows) {
      lines.push(`> ${name}：新升级 ${fresh} · 未办结 ${open} · 已办结 ${done}`);
    }
    lines.push('');
  }
  const colour = flavour === 'wecom';
  for (const section of view.sections) {
    if (section.total === 0 && section.key !== 'stillOpen') continue;
    lines.push(`**${section.title}（${section.total}）**`);
    if (section.note) lines.push(section.note);
    if (section.total === 0) lines.push(section.empty);
    for (const group of section.groups) {
      lines.push(
        colour
          ? `<font color="warning">${group.label}（${group.total}）</font>`
          : `${group.label}（${group.total}）`,
      );
      for (const line of group.lines) lines.push(`- ${line}`);
      if (group.more > 0)
        lines.push(colour ? `<font color="comment">${moreLine(group, null)}</font>` : moreLine(group, null));
    }
    lines.push('');
  }
  if (view.link) lines.push(`[在网页中查看和处理](${view.link})`);
  lines.push(colour ? `<font color="comment">${view.footer}</font>` : view.footer);
  return lines.join('\n');
}

/** The digest for a group robot, within the robot's size limit: fewer lines per kind first, then cut. */
export function renderDigestMarkdown(
  digest: Digest,
  flavour: RobotFlavour,
  options: DigestRenderOptions = {},
): RobotMarkdown {
  const max = robotMaxBytes[flavour];
  let view = digestView(digest, options);
  for (const perGroup of [5, 3, 1, 0]) {
    view = digestView(digest, { ...options, maxPerGroup: perGroup });
    const text = layout(view, flavour);
    if (bytes(text) <= max) return { title: view.subject, markdown: text };
  }
  // Still too long (very many townships): cut whole lines and say where the rest is.
  const tail = `\n……（内容过长，已截断${view.link ? `，全部见 [网页](${view.link})` : ''}）`;
  const out: string[] = [];
  let size = bytes(tail);
  for (const line of layout(view, flavour).split('\n')) {
    const b = bytes(line) + 1;
    if (size + b > max) break;
    out.push(line);
    size += b;
  }
  return { title: view.subject, markdown: `${out.join('\n')}${tail}` };
}
