// The API client: openapi-fetch typed by the paths generated from the API's OpenAPI document
// (api-types.ts), on the page's own origin, with the session's bearer token. Failures become ApiFailure
// with a sentence an officer can act on.
import createClient from 'openapi-fetch';
import type { paths } from './api-types';
import { expiredWords, freshSession, signOut } from './session';

export const api = createClient<paths>({ baseUrl: location.origin });

/** The session ended before the request was sent (its token expired and could not be renewed). */
class SignedOut extends Error {}

api.use({
  async onRequest({ request }) {
    const s = await freshSession();
    if (!s) throw new SignedOut();
    request.headers.set('authorization', `Bearer ${s.token}`);
    return request;
  },
});

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; details?: { field: string; message: string }[] };
}

function sentence(status: number, body: ErrorBody | undefined): string {
  switch (status) {
    case 401:
      return '登录已过期或无效，请重新登录。';
    case 403:
      return '无权查看或办理：该内容不在您负责的范围内。如需办理，请联系上级或所属单位。';
    case 404:
      return '未找到：该户或案件不存在，可能编号有误。';
    case 409:
      return '该户刚被他人修改，或当前状态不允许此操作。请刷新后查看最新情况再办理。';
    case 422:
    case 400: {
      const details = body?.error?.details ?? [];
      return details.length
        ? `填写有误：${details.map((d) => `${d.field}：${d.message}`).join('；')}`
        : `填写有误：${body?.error?.message ?? ''}`;
    }
    default:
      return '服务暂时不可用，请稍后重试。';
  }
}

/** The answer's data, or an ApiFailure (a 401 also signs out). */
export async function must<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch (e) {
    if (e instanceof SignedOut) throw new ApiFailure(401, expiredWords);
    throw new ApiFailure(0, '网络连接失败，请检查网络后重试。已填写的内容不会丢失。');
  }
  if (result.response.ok && result.data !== undefined) return result.data;
  const status = result.response.status;
  if (status === 401) signOut('登录已过期或无效，请重新登录。刚才填写的内容未提交，重新登录后仍在原处。');
  throw new ApiFailure(status, sentence(status, result.error as ErrorBody | undefined));
}
