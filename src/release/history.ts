import type { VersionContext } from '../compose/compose-document.js';
import type { DocumentModel, VersionEntry } from '../model/document.js';
import type { ReleaseRecord } from '../schema/release.js';
import { labelsFor } from '../i18n/labels.js';
import type { Language } from '../schema/common.js';

/** The version history rows of a policy's releases, oldest first. */
export function historyOf(releases: readonly ReleaseRecord[]): VersionEntry[] {
  return releases.map((r) => ({ version: r.version, date: r.date, author: r.author, approver: r.approver, summary: r.summary }));
}

/** The working copy: every release so far in its history, then itself as a draft. */
export function draftVersion(releases: readonly ReleaseRecord[]): VersionContext {
  return { version: 'draft', status: 'draft', date: null, history: historyOf(releases) };
}

/** A stored release's document in one language, or undefined when it was not released in that language. */
export function releasedDocument(release: ReleaseRecord, lang: string): DocumentModel | undefined {
  const document = release.documents[lang as keyof ReleaseRecord['documents']];
  // The seal guarantees these are the bytes policymark stored; the version field guards the model shape.
  if (!document || document.modelVersion !== 1) return undefined;
  const model = document as unknown as DocumentModel;
  // Labels added to policymark after the release fill in; the released text itself never changes.
  return { ...model, labels: { ...labelsFor(model.lang as Language), ...model.labels } };
}
