import type { FrameworkId } from '../schema/common.js';

/**
 * A curated crosswalk between two framework catalogs: which controls of the source intersect each
 * control of the target. Intersecting is symmetric: neither fulfils the other alone.
 */
export interface Crosswalk {
  readonly title: string;
  readonly version: string;
  readonly source: FrameworkId;
  readonly target: FrameworkId;
  /** Where the crosswalk comes from and how it was made: its provenance. */
  readonly description: string;
  readonly maps: readonly { readonly target: string; readonly sources: readonly string[] }[];
}

/**
 * policymark's curated crosswalk from ISO/IEC 27001:2022 to the cybersecurity risk-management measures
 * of NIS2 Art. 21(2)(a)-(j). Made by reading the titles and scope of each clause and Annex A control
 * (the standard's control titles, as in frameworks/iso27001.yaml) against each point of Art. 21(2) of
 * Directive (EU) 2022/2555; no text of either is reproduced. Every pair only intersects: an ISO control
 * contributes to the NIS2 measure without fulfilling it alone, and the other way round. Not reviewed by
 * an auditor: its provenance says `draft` until one has.
 */
export const ISO27001_NIS2_CROSSWALK: Crosswalk = {
  title: 'ISO/IEC 27001:2022 to NIS2 Art. 21(2) cybersecurity risk-management measures',
  version: '1.0.0',
  source: 'iso27001',
  target: 'nis2',
  description:
    'A curated crosswalk from the clauses and Annex A controls of ISO/IEC 27001:2022 to the measures of Article 21(2)(a) to (j) of Directive (EU) 2022/2555 (NIS2), made by policymark from the control titles and the points of the Article. Each pair intersects: implementing the ISO control contributes to the NIS2 measure without fulfilling it alone. Review it against your own reading before relying on it.',
  maps: [
    { target: 'Art. 21(2)(a)', sources: ['Clause 6.1.2', 'Clause 6.1.3', 'Clause 5.2', '5.1'] },
    { target: 'Art. 21(2)(b)', sources: ['5.24', '5.25', '5.26', '5.27', '5.28', '6.8'] },
    { target: 'Art. 21(2)(c)', sources: ['5.29', '5.30', '8.13', '8.14'] },
    { target: 'Art. 21(2)(d)', sources: ['5.19', '5.20', '5.21', '5.22', '5.23'] },
    { target: 'Art. 21(2)(e)', sources: ['8.8', '8.25', '8.26', '8.29', '8.32'] },
    { target: 'Art. 21(2)(f)', sources: ['Clause 9.1', 'Clause 9.2', '5.35', '5.36'] },
    { target: 'Art. 21(2)(g)', sources: ['6.3', '8.7', '8.9'] },
    { target: 'Art. 21(2)(h)', sources: ['8.24'] },
    { target: 'Art. 21(2)(i)', sources: ['6.1', '6.2', '6.4', '6.5', '5.9', '5.10', '5.15', '5.18'] },
    { target: 'Art. 21(2)(j)', sources: ['8.5', '5.14'] },
  ],
};

/** Every curated crosswalk policymark ships. */
export const CROSSWALKS: readonly Crosswalk[] = [ISO27001_NIS2_CROSSWALK];
