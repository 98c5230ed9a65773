import { describe, expect, it } from 'vitest';
import { labelsFor } from '../../../src/i18n/labels.js';
import { addMonths, draftVersion, historyOf, releasedDocument, WORKING_DRAFT } from '../../../src/model/version.js';
import type { ReleaseRecord } from '../../../src/schema/release.js';

/** A stored release of `incident-management`; `documents` holds whatever models the test gives it. */
function release(version: string, date: string, summary: string, documents: ReleaseRecord['documents'] = {}): ReleaseRecord {
  return {
    format: 'policymark-release/1',
    policy: 'incident-management',
    version,
    date,
    author: 'Ada Lovelace',
    approver: 'Bob Hope',
    summary,
    organisation: { id: 'acme' },
    inputs: [],
    documents,
    sha256: '0'.repeat(64),
  };
}

/** A stored document model as JSON: the released labels are only the ones that existed then. */
function storedModel(lang: 'en' | 'sv', labels: Record<string, string>): Record<string, unknown> {
  return { modelVersion: 1, lang, labels, policy: { id: 'incident-management', version: '1.0.0' }, sections: [], appendix: [], history: [] };
}

describe('addMonths', () => {
  it('adds calendar months and clamps to the end of shorter months', () => {
    expect(addMonths('2026-03-15', 12)).toBe('2027-03-15');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('crosses year ends, keeps a day every month has, and pads the result', () => {
    expect(addMonths('2025-12-15', 1)).toBe('2026-01-15');
    expect(addMonths('2025-11-30', 36)).toBe('2028-11-30');
    expect(addMonths('2025-08-31', 1)).toBe('2025-09-30');
    expect(addMonths('2025-01-05', 0)).toBe('2025-01-05');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
  });

  it('does not depend on the time zone of the machine', () => {
    const saved = process.env['TZ'];
    try {
      process.env['TZ'] = 'Pacific/Kiritimati';
      expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
      process.env['TZ'] = 'America/Adak';
      expect(addMonths('2025-03-01', 1)).toBe('2025-04-01');
    } finally {
      if (saved === undefined) delete process.env['TZ'];
      else process.env['TZ'] = saved;
    }
  });
});

describe('historyOf', () => {
  it('turns releases into history rows, in the order given', () => {
    const rows = historyOf([release('1.0.0', '2024-06-30', 'First release'), release('1.1.0', '2025-01-31', 'NIS2 added')]);
    expect(rows).toEqual([
      { version: '1.0.0', date: '2024-06-30', author: 'Ada Lovelace', approver: 'Bob Hope', summary: 'First release' },
      { version: '1.1.0', date: '2025-01-31', author: 'Ada Lovelace', approver: 'Bob Hope', summary: 'NIS2 added' },
    ]);
  });

  it('has no rows for a policy never released', () => {
    expect(historyOf([])).toEqual([]);
  });
});

describe('draftVersion', () => {
  it('is the undated draft with every release so far as its history', () => {
    const releases = [release('1.0.0', '2024-06-30', 'First release')];
    expect(draftVersion(releases)).toEqual({ version: 'draft', status: 'draft', date: null, history: historyOf(releases) });
  });

  it('is the working draft when nothing was released', () => {
    expect(draftVersion([])).toEqual(WORKING_DRAFT);
  });
});

describe('releasedDocument', () => {
  it('returns the stored model of the language, with labels added since the release filled in', () => {
    const stored = storedModel('en', { documentControl: 'Document control (as released)' });
    const model = releasedDocument(release('1.0.0', '2024-06-30', 'First', { en: stored }), 'en');
    expect(model?.policy).toEqual({ id: 'incident-management', version: '1.0.0' });
    // The released text wins over today's labels; labels it did not have come from today's.
    expect(model?.labels.documentControl).toBe('Document control (as released)');
    expect(model?.labels.versionHistory).toBe(labelsFor('en').versionHistory);
    expect(Object.keys(model?.labels ?? {}).sort()).toEqual(Object.keys(labelsFor('en')).sort());
  });

  it('fills labels in the released document\'s own language', () => {
    const model = releasedDocument(release('1.0.0', '2024-06-30', 'First', { sv: storedModel('sv', {}) }), 'sv');
    expect(model?.labels).toEqual(labelsFor('sv'));
  });

  it('does not change the stored record', () => {
    const stored = storedModel('en', {});
    releasedDocument(release('1.0.0', '2024-06-30', 'First', { en: stored }), 'en');
    expect(stored['labels']).toEqual({});
  });

  it('is undefined for a language the release does not have, and for a model of another shape version', () => {
    const record = release('1.0.0', '2024-06-30', 'First', { en: { ...storedModel('en', {}), modelVersion: 2 } });
    expect(releasedDocument(record, 'sv')).toBeUndefined();
    expect(releasedDocument(record, 'en')).toBeUndefined();
  });
});
