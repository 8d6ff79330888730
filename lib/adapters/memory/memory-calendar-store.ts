// The in-memory twin of lib/adapters/dynamodb/calendar-store.ts.
import { DomainError } from '../../domain/errors';
import type { CalendarStore, LoadedCalendarYear } from '../../ports/calendar-store';

export function createMemoryCalendarStore(): CalendarStore {
  const versions = new Map<number, LoadedCalendarYear[]>();
  const current = (year: number) => versions.get(year)?.at(-1);
  return {
    async loadedYears() {
      return [...versions.keys()].sort((a, b) => a - b).map((y) => structuredClone(current(y)!));
    },
    async save(year, expectedVersion) {
      if ((current(year.year)?.version ?? 0) !== expectedVersion) {
        throw new DomainError(
          'conflict',
          `the calendar of ${year.year} was loaded by someone else meanwhile`,
        );
      }
      const stored: LoadedCalendarYear = { ...structuredClone(year), version: expectedVersion + 1 };
      versions.set(year.year, [...(versions.get(year.year) ?? []), stored]);
      return structuredClone(stored);
    },
    async versions(year) {
      return structuredClone(versions.get(year) ?? []);
    },
  };
}
