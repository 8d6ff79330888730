// Local delivery (interface.md "Digests"): DIR/outbox/<outboxName>.html, .txt and .json.
// Each file is written to a temp name and renamed into place, so a reader never sees half a file.
// The .json is written last, by hard-linking its temp file to the final name: the link fails if the
// name exists, so of two racing sends exactly one delivers, and a re-run is a no-op (`duplicate`).
import { randomUUID } from 'node:crypto';
import { link, mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MailDeliveryError, type Mailer, type MailMessage, type SendResult } from '../../ports/mailer';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export interface OutboxMailer extends Mailer {
  readonly outboxDir: string;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

function safeName(name: string, what: string): string {
  if (!SAFE_NAME.test(name) || name.includes('..')) {
    throw new MailDeliveryError(`outbox: ${what} "${name}" is not a safe file name`, false, 'invalid_name');
  }
  return name;
}

/** `dataDir` is the local stack's data directory (default .fanpin/); files go to dataDir/outbox/. */
export function createOutboxMailer(options: { dataDir: string }): OutboxMailer {
  const outboxDir = join(options.dataDir, 'outbox');
  const tempPath = (final: string) => `${final}.${process.pid}-${randomUUID()}.tmp`;

  async function writeAtomically(final: string, content: string | Uint8Array): Promise<void> {
    const tmp = tempPath(final);
    await writeFile(tmp, content);
    await rename(tmp, final);
  }

  return {
    outboxDir,
    async send(message: MailMessage): Promise<SendResult> {
      const name = safeName(message.outboxName, 'outboxName');
      const attachments = (message.attachments ?? []).map((a) => ({
        ...a,
        filename: safeName(a.filename, 'attachment'),
      }));
      await mkdir(outboxDir, { recursive: true });
      const marker = join(outboxDir, `${name}.json`);
      if (await exists(marker)) return { delivered: false, duplicate: true };

      await writeAtomically(join(outboxDir, `${name}.html`), message.html);
      await writeAtomically(join(outboxDir, `${name}.txt`), message.text);
      for (const a of attachments) await writeAtomically(join(outboxDir, `${name}.${a.filename}`), a.content);

      const json = message.json ?? {
        subject: message.subject,
        to: message.to,
        idempotencyKey: message.idempotencyKey,
      };
      const tmp = tempPath(marker);
      await writeFile(tmp, `${JSON.stringify(json, null, 2)}\n`);
      try {
        await link(tmp, marker);
        return { delivered: true, duplicate: false };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') return { delivered: false, duplicate: true };
        throw e;
      } finally {
        await unlink(tmp);
      }
    },
  };
}
