// ReportStore on the table: monthly reports by unit and month, and townships' submissions.
import type { ReportStore, ReportSubmission, StoredReport } from '../../ports/report-store';
import { type Item, recordOf, reportKey, submissionKey } from './keys';
import { isConditionFailure, type StoreContext } from './store-context';

export function createDynamoReportStore({ db, getItem, putItem }: StoreContext): ReportStore {
  return {
    async putMonthly(report) {
      await putItem({
        ...(report as unknown as Item),
        ...reportKey(report.unitCode, report.month),
        _type: 'report',
      });
    },
    async getMonthly<R>(unitCode: string, month: string) {
      const item = await getItem(reportKey(unitCode, month), false);
      return item ? recordOf<StoredReport<R>>(item) : null;
    },
    async getMonthlyRange<R>(unitCode: string, from: string, to: string) {
      // One partition, RPT#unit: the monthly reports (M#…) sort apart from the submissions (SUB#…).
      const items = await db.queryAll({
        pk: reportKey(unitCode, from).pk,
        sk: { op: 'between', value: reportKey(unitCode, from).sk, upper: reportKey(unitCode, to).sk },
        forward: true,
      });
      return items.map((i) => recordOf<StoredReport<R>>(i));
    },
    async getMonthlyMany<R>(unitCodes: readonly string[], month: string) {
      const items = await db.getMany(
        [...new Set(unitCodes)].map((u) => reportKey(u, month)),
        false,
      );
      const reports = items.map((i) => recordOf<StoredReport<R>>(i));
      return new Map(reports.map((r) => [r.unitCode, r]));
    },
    async submit(submission) {
      try {
        await putItem(
          {
            ...submission,
            ...submissionKey(submission.townshipCode, submission.month),
            _type: 'submission',
          },
          { expression: 'attribute_not_exists(pk)', names: {}, values: {} },
        );
        return { created: true, submission };
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        const existing = await getItem(submissionKey(submission.townshipCode, submission.month));
        return { created: false, submission: recordOf<ReportSubmission>(existing ?? {}) };
      }
    },
    async submission(townshipCode, month) {
      const item = await getItem(submissionKey(townshipCode, month));
      return item ? recordOf<ReportSubmission>(item) : null;
    },
    async submissions(townshipCodes, month) {
      const items = await db.getMany(
        [...new Set(townshipCodes)].map((t) => submissionKey(t, month)),
        false,
      );
      const found = items.map((i) => recordOf<ReportSubmission>(i));
      return new Map(found.map((s) => [s.townshipCode, s]));
    },
  };
}
