import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../cdk/config';
import exampleCn from '../../cdk/config.example.cn.json';
import example from '../../cdk/config.example.json';

const base = {
  stage: 'dev',
  region: 'us-east-1',
  auth: { issuer: 'https://issuer.example.org', audience: ['web'] },
  mail: { from: 'fanpin@example.org' },
};

describe('deployment configuration', () => {
  it('accepts both shipped examples', () => {
    expect(parseConfig(example).partition).toBe('aws');
    expect(parseConfig(exampleCn).partition).toBe('aws-cn');
  });

  it('sends mail through SES where SES is offered, and through SNS in the China regions', () => {
    expect(parseConfig(base).mail.mode).toBe('ses');
    expect(parseConfig({ ...base, region: 'cn-north-1' }).mail.mode).toBe('sns');
  });

  it("defaults the web app's OIDC sign-in to code + PKCE with the access token, and takes only origins for connectOrigins", () => {
    expect(parseConfig(base).web.oidc).toEqual({
      scope: 'openid fanpin/api',
      bearer: 'access_token',
      connectOrigins: [],
    });
    expect(() =>
      parseConfig({
        ...base,
        web: { oidc: { connectOrigins: ['https://pool.auth.us-east-1.amazoncognito.com/oauth2'] } },
      }),
    ).toThrow(/web\.oidc\.connectOrigins\.0: an origin/);
  });

  it('17-10: the web app asks for the API scope and sends the access token, or the configuration is refused', () => {
    const scoped = { ...base, auth: { ...base.auth, scopes: ['fanpin-api'] } };
    expect(parseConfig(scoped).web.oidc.scope).toBe('openid fanpin-api');
    expect(
      parseConfig({ ...base, web: { oidc: { scope: 'openid offline_access fanpin/api' } } }).web.oidc.scope,
    ).toBe('openid offline_access fanpin/api');
    expect(() => parseConfig({ ...base, web: { oidc: { scope: 'openid' } } })).toThrow(
      /web\.oidc\.scope: must include one of the API scopes fanpin\/api/,
    );
    expect(() => parseConfig({ ...base, web: { oidc: { bearer: 'id_token' } } })).toThrow(
      /web\.oidc\.bearer: the API requires/,
    );
  });

  it('rejects SES in a region without it, naming the field', () => {
    expect(() =>
      parseConfig({ ...base, region: 'cn-northwest-1', mail: { ...base.mail, mode: 'ses' } }),
    ).toThrow(/mail\.mode: SES is not available in cn-northwest-1/);
  });

  it('names every invalid field and the file it came from', () => {
    const attempt = () =>
      parseConfig(
        { ...base, stage: 'Prod', auth: { issuer: 'http://plain.example.org', audience: [] } },
        'x.json',
      );
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/x\.json[\s\S]*stage:[\s\S]*auth\.issuer:[\s\S]*auth\.audience:/);
  });

  it('17-10: requires the API scope fanpin/api by default, takes others, and refuses none or a scope with a space', () => {
    expect(parseConfig(base).auth.scopes).toEqual(['fanpin/api']);
    expect(parseConfig({ ...base, auth: { ...base.auth, scopes: ['fanpin-api'] } }).auth.scopes).toEqual([
      'fanpin-api',
    ]);
    expect(() => parseConfig({ ...base, auth: { ...base.auth, scopes: [] } })).toThrow(
      /auth\.scopes: at least one/,
    );
    expect(() => parseConfig({ ...base, auth: { ...base.auth, scopes: ['a b'] } })).toThrow(
      /auth\.scopes\.0/,
    );
  });

  it('rejects unknown fields, so a typo does not silently fall back to a default', () => {
    expect(() => parseConfig({ ...base, alarmEmial: 'ops@example.org' })).toThrow(/alarmEmial/);
  });

  it('takes the SES identity from the sender address unless given', () => {
    expect(parseConfig(base).mail.sesIdentity).toBe('example.org');
    expect(
      parseConfig({ ...base, mail: { ...base.mail, sesIdentity: 'fanpin@example.org' } }).mail.sesIdentity,
    ).toBe('fanpin@example.org');
  });

  it('reads the file named by the `config` context value', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'fanpin-cdk-')), 'c.json');
    writeFileSync(path, JSON.stringify({ ...base, stage: 'fromfile' }));
    expect(loadConfig(new App({ context: { config: path } }).node).stage).toBe('fromfile');
  });

  it('says how to pass a configuration when there is none', () => {
    expect(() => loadConfig(new App().node)).toThrow(/-c config=/);
  });
});
