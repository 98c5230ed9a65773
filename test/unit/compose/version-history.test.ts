import { describe, expect, it } from 'vitest';
import type { VersionEntry } from '../../../src/model/document.js';
import { WORKING_DRAFT, type VersionContext } from '../../../src/model/version.js';
import { composeModel, policyManifest, sectionModule } from '../../support/compose-fixture.js';
import { blockText } from '../../support/model-query.js';

const released: VersionEntry[] = [
  { version: '1.0.0', date: '2024-06-30', author: 'Ada Lovelace', approver: 'Bob Hope', summary: 'First release' },
  { version: '1.1.0', date: '2025-01-31', author: 'Ada Lovelace', approver: 'Bob Hope', summary: 'NIS2 reporting added' },
];

/** A one-section policy that prints its own version, with a review interval of its own when given. */
function versionedPolicy(reviewIntervalMonths?: number) {
  return {
    ...sectionModule({ id: 'stamp', title: 'Stamp', body: 'This is version {{policy.version}}, reviewed every {{policy.reviewIntervalMonths}} months.\n' }),
    ...policyManifest('p', ['stamp'], reviewIntervalMonths === undefined ? '' : `reviewIntervalMonths: ${reviewIntervalMonths}`),
  };
}

describe('composeDocument: version and history', () => {
  it('ends a draft\'s history with a draft row written by the owner and approved by nobody yet', async () => {
    const model = await composeModel(versionedPolicy(), { policy: 'p', version: WORKING_DRAFT });
    expect(model.history).toEqual([{ version: 'draft', date: null, author: 'Ada Lovelace', approver: null, summary: 'Working draft' }]);
    expect(model.policy).toMatchObject({ version: 'draft', status: 'draft', effectiveDate: null, nextReviewDate: null, reviewIntervalMonths: 12 });
    expect(blockText(model.sections[0]!.blocks)).toEqual(['This is version draft, reviewed every 12 months.']);
  });

  it('puts the draft row after every released version, oldest first', async () => {
    const version: VersionContext = { version: 'draft', status: 'draft', date: null, history: released };
    const model = await composeModel(versionedPolicy(), { policy: 'p', version });
    expect(model.history.map((row) => row.version)).toEqual(['1.0.0', '1.1.0', 'draft']);
    expect(model.history.slice(0, 2)).toEqual(released);
  });

  it('writes the draft row in the document language', async () => {
    const model = await composeModel({}, { lang: 'sv', version: WORKING_DRAFT });
    expect(model.history).toEqual([{ version: 'draft', date: null, author: 'Ada Lovelace', approver: null, summary: 'Arbetsutkast' }]);
  });

  it('gives a release its history as stored, no draft row, and dates from its release date', async () => {
    const version: VersionContext = { version: '1.1.0', status: 'released', date: '2025-01-31', history: released };
    const model = await composeModel(versionedPolicy(), { policy: 'p', version });
    expect(model.history).toEqual(released);
    expect(model.policy).toMatchObject({ version: '1.1.0', status: 'released', effectiveDate: '2025-01-31', nextReviewDate: '2026-01-31' });
    expect(blockText(model.sections[0]!.blocks)).toEqual(['This is version 1.1.0, reviewed every 12 months.']);
  });

  it('takes the review interval from the manifest over the organisation, clamping the next review to the month end', async () => {
    const version: VersionContext = { version: '1.1.0', status: 'released', date: '2025-01-31', history: released };
    const model = await composeModel(versionedPolicy(1), { policy: 'p', version });
    expect(model.policy).toMatchObject({ reviewIntervalMonths: 1, nextReviewDate: '2025-02-28' });
    expect(blockText(model.sections[0]!.blocks)).toEqual(['This is version 1.1.0, reviewed every 1 months.']);
  });
});
