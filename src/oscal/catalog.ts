import type { Catalog } from '../schema/catalog.js';
import { LANGUAGES } from '../schema/common.js';
import { oscalControlId, oscalGroupId } from './control-id.js';
import { OSCAL_VERSION } from '../schema/oscal.js';
import { oscalText, pmProp, type OscalCatalog, type OscalControl, type OscalGroup, type OscalProperty } from './oscal-model.js';
import { stableUuid } from './uuid.js';

/**
 * A framework catalog as an OSCAL catalog: one group per catalog group, its controls in catalog order.
 * Each control keeps its citation as OSCAL's `label` property (what an import reads back as the id);
 * what OSCAL has no field for (names and titles in other languages, `requirement: false`, aliases, the source)
 * is kept in policymark properties, so that an import gives the same catalog.
 */
export function catalogToOscal(catalog: Catalog, lastModified: string): OscalCatalog {
  const groups = catalog.groups.map((group): OscalGroup => {
    const controls = catalog.controls.filter((c) => c.group === group.id).map((control): OscalControl => ({
      id: oscalControlId(catalog.id, control.id),
      title: oscalText(control.title),
      props: [
        { name: 'label', value: control.id },
        ...titleProps(control.titles),
        ...(control.requirement === false ? [pmProp('requirement', 'false')] : []),
      ],
      ...(control.summary ? { parts: [{ id: `${oscalControlId(catalog.id, control.id)}_smt`, name: 'statement', prose: oscalText(control.summary) }] } : {}),
    }));
    return {
      id: oscalGroupId(catalog.id, group.id),
      title: oscalText(group.title),
      props: [{ name: 'label', value: group.id }, ...titleProps(group.titles), ...(group.requirement === false ? [pmProp('requirement', 'false')] : [])],
      ...(controls.length > 0 ? { controls } : {}),
    };
  });
  return {
    catalog: {
      uuid: stableUuid(`catalog/${catalog.id}/${catalog.edition}`),
      metadata: {
        title: oscalText(catalog.name),
        'last-modified': lastModified,
        version: oscalText(catalog.edition),
        'oscal-version': OSCAL_VERSION,
        props: [
          pmProp('framework', catalog.id),
          pmProp('source', oscalText(catalog.source)),
          ...titleProps(catalog.names),
          ...catalog.aliases.map((alias) => pmProp('alias', JSON.stringify(alias))),
        ],
      },
      groups,
    },
  };
}

function titleProps(titles: Partial<Record<string, string>> | undefined): OscalProperty[] {
  return LANGUAGES.flatMap((lang) => (titles?.[lang] ? [{ ...pmProp('title', oscalText(titles[lang])), class: lang }] : []));
}

