import type { ControlIndex } from '../catalog/control-index.js';
import type { Position } from '../diagnostics/diagnostic.js';
import type { Template } from '../template/template.js';
import type { YamlSource } from '../source/yaml-source.js';
import type { SourceFile } from '../source/source-file.js';
import type { FrameworkId, Language } from '../schema/common.js';
import type { Condition, ControlMapping, GeneratedContent, SectionKind } from '../schema/module.js';
import type { CoverageSource } from '../coverage/compute-coverage.js';
import type { Organisation, Person } from '../schema/organisation.js';
import type { PolicyManifest } from '../schema/policy.js';
import type { ReleaseRecord } from '../schema/release.js';
import type { AllowedSigner } from '../release/allowed-signers.js';
import type { ReleaseVerification } from './rules/release-approvals.js';
import type { Acknowledgement } from './validate-acknowledgements.js';

/** One language version of a section module. */
export interface ModuleVariant {
  readonly file: string;
  readonly lang: Language;
  readonly title: string;
  readonly template: Template;
  readonly frontMatter: YamlSource;
  /** The stamp of this file's translatable content (title and body), see translationStamp. */
  readonly contentStamp: string;
  /** In a translation: the stamp of the source version it translates, when it records one. */
  readonly translates: string | undefined;
}

/** A section module with its metadata (from the default-language file) and every language it exists in. */
export interface SectionModule {
  readonly id: string;
  readonly kind: SectionKind;
  /** Controls the section implements. */
  readonly controls: ControlMapping;
  /** Controls the section supports without fulfilling them alone. */
  readonly supports: ControlMapping;
  readonly when: Condition | undefined;
  readonly generated: GeneratedContent | undefined;
  /** A project's own module that replaces the library module with its id. */
  readonly overrides: boolean;
  /** File that holds the metadata. */
  readonly file: string;
  readonly frontMatter: YamlSource;
  readonly variants: ReadonlyMap<Language, ModuleVariant>;
}

export interface PolicyEntry {
  readonly manifest: PolicyManifest;
  readonly file: string;
  readonly source: YamlSource;
  /**
   * Where each entry of `manifest.sections` is written: in the manifest, or, for a section the
   * organisation inserts, in the organisation file.
   */
  readonly sectionAt: readonly { readonly file: string; readonly position: Position }[];
}

/** A section a policy's document contains in one language: its module and its place in the manifest. */
export interface IncludedSection {
  readonly module: SectionModule;
  /** Index into the (tailored) manifest's `sections`, for positions. */
  readonly index: number;
}

/** What one policy maps to, as an auditor reads it (see resolvePolicyMappings). */
export interface PolicyMappings extends CoverageSource {
  /** The policy has generated content (the Statement of Applicability), so it cites the others. */
  readonly generated: boolean;
}

/**
 * Everything a build needs, parsed, checked and resolved; the input of `compose`. Resolved means that
 * later stages never work these out again: roles are mapped to people, the organisation is given per
 * language, tailoring is applied to the manifests, and each policy's included sections are known.
 */
export interface ValidatedProject {
  /** The organisation in its first language (for messages and language-independent fields). */
  readonly organisation: Organisation;
  /** The organisation as each of its languages sees it. */
  readonly organisations: ReadonlyMap<Language, Organisation>;
  /** The organisation file as written, prose in every language: what releases store and diffs compare. */
  readonly organisationRecord: Readonly<Record<string, unknown>>;
  readonly organisationFile: string;
  readonly organisationSource: YamlSource;
  readonly modules: ReadonlyMap<string, SectionModule>;
  readonly policies: ReadonlyMap<string, PolicyEntry>;
  readonly catalogs: ReadonlyMap<FrameworkId, ControlIndex>;
  /** Released versions per policy id, oldest first. */
  readonly releases: ReadonlyMap<string, readonly ReleaseRecord[]>;
  /** What verification found for every stored release (all sound, or the project would not be valid). */
  readonly verifications: readonly ReleaseVerification[];
  /** The acknowledgement ledger (releases/acknowledgements.csv), sorted; empty when there is none. */
  readonly acknowledgements: readonly Acknowledgement[];
  /** The project's allowed_signers, parsed; undefined when the project has none. */
  readonly allowedSigners: { readonly file: string; readonly signers: readonly AllowedSigner[] } | undefined;
  /** Every input file read, for the build manifest. */
  readonly inputs: readonly SourceFile[];
  /** The person holding each role, per language; null where a role is given to nobody (template mode). */
  readonly roleHolders: ReadonlyMap<Language, ReadonlyMap<string, Person | null>>;
  /** Per policy and language, the sections its document contains (conditions evaluated). */
  readonly included: ReadonlyMap<string, ReadonlyMap<Language, readonly IncludedSection[]>>;
  /** Per language, what every policy maps to: its latest release, else its working draft. */
  readonly mappings: ReadonlyMap<Language, readonly PolicyMappings[]>;
}

/** What every cross-file rule receives: the parsed inputs, before the project is known to be valid. */
export interface RuleContext {
  readonly organisation: Organisation;
  /** The organisation as each of its languages sees it. */
  readonly organisations: ReadonlyMap<Language, Organisation>;
  readonly organisationFile: string;
  readonly organisationSource: YamlSource;
  readonly modules: ReadonlyMap<string, SectionModule>;
  /**
   * The library's modules before the project's own are laid over them: a module in `modules` that is
   * not the one here is the project's own (an override, or a module the library does not have).
   */
  readonly libraryModules: ReadonlyMap<string, SectionModule>;
  /** Ids of module files that exist but failed validation: references to them are not reported again. */
  readonly brokenModuleIds: ReadonlySet<string>;
  readonly policies: ReadonlyMap<string, PolicyEntry>;
  readonly catalogs: ReadonlyMap<FrameworkId, ControlIndex>;
  /** Template mode: values left empty become placeholders instead of errors. */
  readonly template: boolean;
  readonly included: ReadonlyMap<string, ReadonlyMap<Language, readonly IncludedSection[]>>;
  readonly mappings: ReadonlyMap<Language, readonly PolicyMappings[]>;
}
