/** The parts of OSCAL 1.2.2's JSON models that policymark writes and reads. */
import { POLICYMARK_NS } from '../schema/oscal.js';

export interface OscalProperty {
  readonly name: string;
  readonly value: string;
  readonly ns?: string;
  readonly class?: string;
}

export interface OscalLink {
  readonly href: string;
  readonly rel?: string;
  readonly 'media-type'?: string;
  readonly text?: string;
}

export interface OscalRole {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
}

export interface OscalParty {
  readonly uuid: string;
  readonly type: 'person' | 'organization';
  readonly name: string;
  readonly 'email-addresses'?: readonly string[];
  readonly 'member-of-organizations'?: readonly string[];
  readonly props?: readonly OscalProperty[];
}

export interface OscalMetadata {
  readonly title: string;
  readonly 'last-modified': string;
  readonly version: string;
  readonly 'oscal-version': string;
  readonly props?: readonly OscalProperty[];
  readonly links?: readonly OscalLink[];
  readonly roles?: readonly OscalRole[];
  readonly parties?: readonly OscalParty[];
  readonly remarks?: string;
}

export interface OscalPart {
  readonly id?: string;
  readonly name: string;
  readonly prose?: string;
}

export interface OscalControl {
  readonly id: string;
  readonly class?: string;
  readonly title: string;
  readonly props?: readonly OscalProperty[];
  readonly parts?: readonly OscalPart[];
  readonly controls?: readonly OscalControl[];
}

export interface OscalGroup {
  readonly id?: string;
  readonly class?: string;
  readonly title: string;
  readonly props?: readonly OscalProperty[];
  readonly groups?: readonly OscalGroup[];
  readonly controls?: readonly OscalControl[];
}

export interface OscalCatalog {
  readonly catalog: {
    readonly uuid: string;
    readonly metadata: OscalMetadata;
    readonly groups?: readonly OscalGroup[];
    readonly controls?: readonly OscalControl[];
  };
}

export interface OscalResponsibleRole {
  readonly 'role-id': string;
  readonly 'party-uuids'?: readonly string[];
}

export interface OscalImplementedRequirement {
  readonly uuid: string;
  readonly 'control-id': string;
  readonly description: string;
  readonly props?: readonly OscalProperty[];
  readonly links?: readonly OscalLink[];
}

export interface OscalControlImplementation {
  readonly uuid: string;
  readonly source: string;
  readonly description: string;
  readonly 'implemented-requirements': readonly OscalImplementedRequirement[];
}

export interface OscalComponent {
  readonly uuid: string;
  readonly type: string;
  readonly title: string;
  readonly description: string;
  readonly props?: readonly OscalProperty[];
  readonly links?: readonly OscalLink[];
  readonly 'responsible-roles'?: readonly OscalResponsibleRole[];
  readonly 'control-implementations'?: readonly OscalControlImplementation[];
}

export interface OscalComponentDefinition {
  readonly 'component-definition': {
    readonly uuid: string;
    readonly metadata: OscalMetadata;
    readonly components?: readonly OscalComponent[];
  };
}

/** A policymark property: the namespace marks it as ours, not one of OSCAL's own names. */
export function pmProp(name: string, value: string): OscalProperty {
  return { name, value, ns: POLICYMARK_NS };
}

/** OSCAL text fields may not start or end with white space, nor be empty. */
export function oscalText(text: string): string {
  return text.replace(/\s+/g, ' ').trim() || '-';
}
