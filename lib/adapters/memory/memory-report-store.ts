// The in-memory twin of lib/adapters/dynamodb/report-store.ts.
import type { ReportStore, ReportSubmission, StoredReport } from '../../ports/report-store';
import { clone, type MemoryState } from './memory-state';

export function createMemoryReportStore(s: MemoryState): ReportStore {
  const { reports, submissions } = s;

  return {
    async putMonthly(report) {
      reports.set(`${report.unitCode}#${report.month}`, clone(report) as StoredReport);
    },
    async getMonthly<R>(unitCode: string, month: string) {
      const r = reports.get(`${unitCode}#${month}`);
      return r ? (clone(r) as StoredReport<R>) : null;
    },
    async getMonthlyMany<R>(unitCodes: readonly string[], month: string) {
      const out = new Map<string, StoredReport<R>>();
      for (const u of unitCodes) {
        const r = reports.get(`${u}#${month}`);
        if (r) out.set(u, clone(r) as StoredReport<R>);
      }
      return out;
    },
    async submit(submission) {
      const key = `${submission.townshipCode}#${submission.month}`;
      const existing = submissions.get(key);
      if (existing) return { created: false, submission: clone(existing) };
      submissions.set(key, clone(submission));
      return { created: true, submission: clone(submission) };
    },
    async submission(townshipCode, month) {
      const s = submissions.get(`${townshipCode}#${month}`);
      return s ? clone(s) : null;
    },
    async submissions(townshipCodes, month) {
      const out = new Map<string, ReportSubmission>();
      for (const t of townshipCodes) {
        const found = submissions.get(`${t}#${month}`);
        if (found) out.set(t, clone(found));
      }
      return out;
    },
  };
}
