// §12 who is asking and what they may see: the JWT claims `role` and `unit` (strings, as API Gateway's
// JWT authorizer passes them), and the prefix scope check. A refusal is logged without PII: role, unit,
// route and the target unit code only.
import { outsideScope } from '../app/api-deps';
import { isWithin } from '../domain/division-code';
import { DomainError } from '../domain/errors';
import { type Actor, type UnitLevel, unitLevels } from '../domain/model';
import type { ApiLogger } from './logger';

export interface Caller {
  role: UnitLevel;
  unit: string;
  sub: string;
}

const unitLength: Record<UnitLevel, number> = { county: 6, township: 9, village: 12 };

/** The caller from the authorizer's claims; 401 when a claim is missing or does not fit its role. */
export function callerFromClaims(claims: Record<string, unknown> | undefined | null): Caller {
  const role = typeof claims?.role === 'string' ? claims.role : '';
  const unit = typeof claims?.unit === 'string' ? claims.unit : '';
  if (!(unitLevels as readonly string[]).includes(role)) {
    throw new DomainError('unauthorized', 'the token carries no valid role claim', [
      { field: 'role', message: `one of ${unitLevels.join(', ')}` },
    ]);
  }
  const level = role as UnitLevel;
  if (!new RegExp(`^\\d{${unitLength[level]}}$`).test(unit)) {
    throw new DomainError('unauthorized', `the token's unit claim is not a ${level} code`, [
      { field: 'unit', message: `${unitLength[level]} digits` },
    ]);
  }
  const sub = typeof claims?.sub === 'string' && claims.sub ? claims.sub : `${level}:${unit}`;
  return { role: level, unit, sub };
}

/** §12: a village officer sees their village, a township officer their township, a county
 *  administrator their county (prefix check). Anything else is 403, logged without PII. */
export function requireScope(
  caller: Caller,
  target: string,
  context: { route: string; logger: ApiLogger },
): void {
  if (isWithin(caller.unit, target)) return;
  context.logger.warn('request outside the caller scope', {
    role: caller.role,
    unit: caller.unit,
    route: context.route,
    target,
  });
  // D16: the answer names nothing of the other scope (the log above keeps the target for operators).
  throw outsideScope();
}

/** Only `role` may take this action (e.g. a township submits its report). */
export function requireRole(
  caller: Caller,
  role: UnitLevel,
  context: { route: string; logger: ApiLogger; target: string },
): void {
  if (caller.role === role) return;
  context.logger.warn('request by a role that may not take it', {
    role: caller.role,
    unit: caller.unit,
    route: context.route,
    target: context.target,
  });
  throw new DomainError('forbidden', `only a ${role} officer may do this`);
}

export const actorOf = (caller: Caller): Actor => ({
  kind: 'user',
  role: caller.role,
  unit: caller.unit,
  sub: caller.sub,
});
