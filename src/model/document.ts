import type { LabelKey } from '../i18n/labels.js';
import type { DocumentTier } from '../schema/policy.js';

/**
 * The document model: one composed policy for one organisation in one language, free of any output
 * format. Every renderer, the diff and the coverage computation work on this; nothing here knows about
 * pages, styles or Markdown syntax. It is plain JSON (the `model.json` golden).
 */

/** Inline content. */
export type Inline =
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'strong'; readonly children: readonly Inline[] }
  | { readonly type: 'emphasis'; readonly children: readonly Inline[] }
  | { readonly type: 'code'; readonly value: string }
  | { readonly type: 'link'; readonly url: string; readonly children: readonly Inline[] }
  | { readonly type: 'break' }
  | PlaceholderInline
  /** A tracked change (only in a redline): what was inserted or deleted, by whom and when (YYYY-MM-DD). */
  | {
      readonly type: 'revision';
      readonly change: 'insert' | 'delete';
      readonly author: string;
      readonly date: string;
      readonly children: readonly Inline[];
    };

/**
 * A value the organisation left unset (template mode): what the client is to fill in. With `value`, it
 * is a value the schema filled from a default, printed as it is and marked for the client to adapt.
 */
export interface PlaceholderInline {
  readonly type: 'placeholder';
  /** What to fill in, in the document's language, e.g. "Name of the incident manager". */
  readonly label: string;
  /**
   * The organisation field it stands for, as its template field path below `org`
   * (`roles.incidentManager.name`, `tools.ticketing`, `incident.reportingChannels.0`; see
   * src/template/field-paths.ts). Absent where a placeholder stands for no single field.
   */
  readonly path?: string;
  /** Only for a default to adapt: the value the schema gave the field, as printed. */
  readonly value?: string;
}

/**
 * The text of a fixed field the document prints outside its sections (the organisation's names, the
 * owner's and approver's name and title, a version history author): the value, or in a template the
 * placeholder standing for a value the organisation left unset. The placeholder has the shape of the
 * placeholder inline, so a field and a section mark it the same way; a plain string is always a valid
 * value (released snapshots store nothing else). Read it with {@link fieldToText} where only text fits.
 */
export type FieldText = string | PlaceholderInline;

/** A field's display text: the value itself, or a placeholder's label in square brackets, "[label]". */
export function fieldToText(field: FieldText): string {
  return typeof field === 'string' ? field : field.value ?? `[${field.label}]`;
}

export type Alignment = 'left' | 'center' | 'right' | null;

export interface TableCell {
  readonly children: readonly Inline[];
}

/** Block content. Headings are not blocks: they are sections, so numbering and the outline are structural. */
export type Block =
  | { readonly type: 'paragraph'; readonly children: readonly Inline[] }
  | { readonly type: 'list'; readonly ordered: boolean; readonly start?: number; readonly items: readonly ListItem[] }
  | {
      readonly type: 'table';
      readonly align: readonly Alignment[];
      readonly header: readonly TableCell[];
      readonly rows: readonly (readonly TableCell[])[];
      /**
       * Short forms of the header cells by column (null: none), for a matrix whose headers do not fit
       * whole even on a landscape page: renderers then show them, with a legend under the table.
       */
      readonly abbreviations?: readonly (string | null)[];
      /**
       * A table of many columns of running text (the Statement of Applicability): set in the widest
       * text column a format has (a landscape page) even where its longest words would fit a narrower one.
       */
      readonly wide?: boolean;
    }
  | { readonly type: 'quote'; readonly children: readonly Block[] }
  | { readonly type: 'codeBlock'; readonly value: string }
  | { readonly type: 'rule' };

export interface ListItem {
  readonly children: readonly Block[];
}

/** A control a section implements, resolved against its framework catalog. */
export interface ControlReference {
  readonly framework: string;
  /** Canonical id, e.g. `5.24`, `CC7.3`, `Art. 33(1)`. */
  readonly id: string;
  /** Title from the catalog (of the nearest listed control for paragraph-level references). */
  readonly title: string;
  /**
   * `supports`: the section is relevant to the control but does not fulfil it alone. Absent: the section
   * implements the control (what `controls:` in a module's front matter says).
   */
  readonly strength?: 'supports';
}

/**
 * A numbered section. Level 1 sections are the policy's modules; deeper levels come from the module
 * body's own headings.
 */
export interface Section {
  /** Stable id: the module id for level 1, `<module>/<slug>` below. Used by diff to follow sections. */
  readonly id: string;
  /** Dotted number, e.g. `4` or `4.2`. */
  readonly number: string;
  readonly level: 1 | 2 | 3 | 4 | 5 | 6;
  readonly title: string;
  /** The module this section comes from; its kind and controls are on level 1 only. */
  readonly module: string;
  readonly kind?: string;
  readonly controls: readonly ControlReference[];
  readonly blocks: readonly Block[];
  readonly sections: readonly Section[];
  /**
   * Only in a redline: the heading as inline content with tracked changes, number included. Renderers
   * show it in place of `number` and `title`, which hold the accepted text.
   */
  readonly heading?: readonly Inline[];
}

export interface PersonRef {
  readonly name: FieldText;
  readonly title: FieldText;
  /** The organisation role key, e.g. `ciso`. */
  readonly role: string;
}

export interface VersionEntry {
  readonly version: string;
  /** ISO date (YYYY-MM-DD), or null for the working draft. */
  readonly date: string | null;
  /** A release's author; the working draft's row names the policy owner, a placeholder in a template. */
  readonly author: FieldText;
  readonly approver: string | null;
  readonly summary: string;
}

/** One row of the control-mapping appendix: a control and the sections that cover it. */
export interface AppendixControl {
  readonly id: string;
  readonly title: string;
  /** Sections that implement the control: numbers and titles, in document order. */
  readonly sections: readonly { readonly number: string; readonly title: string }[];
  /** Sections that only support the control, shown apart; absent when there are none. */
  readonly supportedBy?: readonly { readonly number: string; readonly title: string }[];
}

export interface AppendixFramework {
  readonly framework: string;
  readonly name: string;
  readonly controls: readonly AppendixControl[];
}

/** Fixed text in the document's language (labels of the document control block, etc.). */
export type Labels = Readonly<Record<LabelKey, string>>;

/** Another document of the set, cited by title and version. */
export interface RelatedDocument {
  readonly id: string;
  readonly title: string;
  /**
   * The version of its latest release, or `draft` when it has none; absent where the document is named
   * by title only (a policy's implementing documents: a new version of a procedure does not change the
   * approved policy, and each procedure states its version in its own document control).
   */
  readonly version?: string;
}

export interface DocumentModel {
  readonly modelVersion: 1;
  readonly lang: string;
  readonly labels: Labels;
  readonly organisation: {
    readonly id: string;
    readonly legalName: FieldText;
    readonly shortName: FieldText;
    readonly branding: {
      readonly primaryColor: string;
      readonly font: string;
      readonly pageSize: 'A4' | 'Letter';
      /** Project-relative path of the logo image, if any. */
      readonly logo: string | null;
    };
  };
  readonly policy: {
    readonly id: string;
    readonly title: string;
    readonly version: string;
    readonly status: 'draft' | 'released';
    readonly classification: string;
    readonly owner: PersonRef;
    readonly approver: PersonRef;
    readonly reviewIntervalMonths: number;
    /** ISO date, or null while a draft has not been approved. */
    readonly effectiveDate: string | null;
    readonly nextReviewDate: string | null;
    /** Absent in documents released before tiers existed: those are policies. */
    readonly tier?: DocumentTier;
    /** A standard or procedure: the policy it implements, as it stood when this document was composed. */
    readonly implements?: RelatedDocument;
    /** A policy: the standards and procedures that implement it; absent when there are none. */
    readonly implementedBy?: readonly RelatedDocument[];
    /**
     * A release's signature: the fingerprint (`SHA256:...`) of the key its approver signed it with, or
     * null when it was released unsigned. Absent in a draft and in releases older than signing.
     */
    readonly signature?: string | null;
  };
  readonly history: readonly VersionEntry[];
  readonly sections: readonly Section[];
  readonly appendix: readonly AppendixFramework[];
  /**
   * Only in a template: every placeholder, with where it appears, for the "to complete" checklist at the
   * start of the document. Values printed outside the sections (owner, approver, organisation name) are
   * {@link FieldText} placeholders in those places.
   */
  readonly toComplete?: readonly ToCompleteItem[];
}

/** One thing a client must fill in, and the places (section numbers and titles, or a fixed part) it appears. */
export interface ToCompleteItem {
  readonly label: string;
  /** The organisation field, as in {@link PlaceholderInline.path}, where the placeholder names one. */
  readonly path?: string;
  readonly where: readonly string[];
}
