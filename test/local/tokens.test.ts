import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyFile, localTokens } from '../../lib/local/tokens';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'fanpin-tokens-'));

describe('local tokens', () => {
  it('a token issued for a township verifies with its role, unit, issuer and audience', async () => {
    const tokens = await localTokens(dataDir());

    const claims = await tokens.verifyToken(await tokens.issueToken({ role: 'township', unit: '532931101' }));

    expect(claims).toMatchObject({
      role: 'township',
      unit: '532931101',
      sub: 'local:township:532931101',
      iss: 'fanpin-local',
      aud: 'fanpin',
      scope: 'fanpin/api',
    });
    expect(claims.exp).toBeGreaterThan(claims.iat);
  });

  it('17-10: refuses a token without the API scope, as the AWS authorizer does', async () => {
    const tokens = await localTokens(dataDir());
    const subject = { role: 'county', unit: '532931' } as const;

    await expect(tokens.verifyToken(await tokens.issueToken(subject, { scope: null }))).rejects.toThrow(
      /API scope fanpin\/api/,
    );
    await expect(
      tokens.verifyToken(await tokens.issueToken(subject, { scope: 'openid other-app/read' })),
    ).rejects.toThrow(/API scope/);
    await expect(
      tokens.verifyToken(await tokens.issueToken(subject, { scope: 'openid fanpin/api' })),
    ).resolves.toMatchObject({ unit: '532931' });
  });

  it('the key is created once and reused by the next process on the same data dir', async () => {
    const dir = dataDir();
    const token = await (await localTokens(dir)).issueToken({ role: 'county', unit: '532931' });

    expect(existsSync(keyFile(dir))).toBe(true);
    await expect((await localTokens(dir)).verifyToken(token)).resolves.toMatchObject({ unit: '532931' });
  });

  it('rejects a token whose claims were tampered with', async () => {
    const tokens = await localTokens(dataDir());
    const [header, payload, signature] = (
      await tokens.issueToken({ role: 'village', unit: '532931101201' })
    ).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'county', unit: '532931' })).toString(
      'base64url',
    );

    await expect(tokens.verifyToken(`${header}.${forged}.${signature}`)).rejects.toThrow(/does not verify/);
  });

  it('rejects a token signed by another data dir', async () => {
    const token = await (await localTokens(dataDir())).issueToken({ role: 'county', unit: '532931' });

    await expect((await localTokens(dataDir())).verifyToken(token)).rejects.toThrow(/does not verify/);
  });

  it('rejects an expired token', async () => {
    const tokens = await localTokens(dataDir());
    const token = await tokens.issueToken(
      { role: 'county', unit: '532931' },
      { ttlSeconds: 60, nowMs: 1_000_000_000_000 },
    );

    await expect(tokens.verifyToken(token, { nowMs: 1_000_000_120_000 })).rejects.toThrow(/does not verify/);
  });

  it.each([
    ['township', '5329311', /township unit code is 9 digits/],
    ['village', '532931101', /village unit code is 12 digits/],
    ['county', '53293a', /county unit code is 6 digits/],
    ['province', '530000', /role "province" must be one of/],
  ])('refuses to issue a %s token for unit %s', async (role, unit, message) => {
    const tokens = await localTokens(dataDir());

    await expect(tokens.issueToken({ role: role as 'county', unit })).rejects.toThrow(message);
  });
});
