import { z } from 'zod';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { CatalogSchema, type Catalog, type CatalogControl } from '../schema/catalog.js';
import { FrameworkIdSchema, LANGUAGES } from '../schema/common.js';
import { parseYamlSource, positionOf } from '../source/yaml-source.js';
import { POLICYMARK_NS } from '../schema/oscal.js';
import { validateYaml } from './zod-issues-to-diagnostics.js';

const PropSchema = z.looseObject({ name: z.string().min(1), value: z.string(), ns: z.string().optional(), class: z.string().optional() });
type Prop = z.infer<typeof PropSchema>;

interface ControlShape {
  id: string;
  title: string;
  props?: Prop[] | undefined;
  parts?: { name: string; prose?: string | undefined }[] | undefined;
  controls?: ControlShape[] | undefined;
}
const PartSchema = z.looseObject({ name: z.string().min(1), prose: z.string().optional() });
const ControlSchema: z.ZodType<ControlShape> = z.lazy(() =>
  z.looseObject({ id: z.string().min(1), title: z.string().min(1), props: z.array(PropSchema).optional(), parts: z.array(PartSchema).optional(), controls: z.array(ControlSchema).optional() }),
);
interface GroupShape {
  id?: string | undefined;
  title: string;
  props?: Prop[] | undefined;
  groups?: GroupShape[] | undefined;
  controls?: ControlShape[] | undefined;
}
const GroupSchema: z.ZodType<GroupShape> = z.lazy(() =>
  z.looseObject({ id: z.string().min(1).optional(), title: z.string().min(1), props: z.array(PropSchema).optional(), groups: z.array(GroupSchema).optional(), controls: z.array(ControlSchema).optional() }),
);

/** What policymark reads of an OSCAL catalog; every other field is allowed and left alone. */
const OscalCatalogSchema = z.looseObject({
  catalog: z.looseObject({
    uuid: z.string().min(1),
    metadata: z.looseObject({ title: z.string().min(1), version: z.string().min(1), props: z.array(PropSchema).optional() }),
    groups: z.array(GroupSchema).optional(),
    controls: z.array(ControlSchema).optional(),
  }),
});

const own = (props: readonly Prop[] | undefined, name: string): Prop[] => (props ?? []).filter((p) => p.name === name && p.ns === POLICYMARK_NS);
/** OSCAL's `label` property is the citation people use (`AC-1`, `GV.OC-01`); the id is the fallback. */
const label = (props: readonly Prop[] | undefined, id: string): string => (props ?? []).find((p) => p.name === 'label' && p.ns === undefined)?.value ?? id;
const titles = (props: readonly Prop[] | undefined): Partial<Record<(typeof LANGUAGES)[number], string>> | undefined => {
  const found = Object.fromEntries(LANGUAGES.flatMap((lang) => own(props, 'title').filter((p) => p.class === lang).map((p) => [lang, p.value])));
  return Object.keys(found).length > 0 ? found : undefined;
};
const notRequired = (props: readonly Prop[] | undefined): { requirement?: false } => (own(props, 'requirement').some((p) => p.value === 'false') ? { requirement: false } : {});

/**
 * An OSCAL catalog (JSON) as a framework catalog: each group (at any depth) a group, each control (sub-
 * controls included, after their parent) a control, cited by its `label` property where it has one.
 * A file that is not a usable OSCAL catalog gives positioned diagnostics, as a malformed YAML catalog does.
 * `framework` is the id the catalog is known by: the policymark `framework` property, else the file's name.
 */
export function catalogFromOscal(file: string, text: string, framework: string): { value?: Catalog; diagnostics: Diagnostic[] } {
  const parsed = parseYamlSource(file, text);
  if (!parsed.value) return { diagnostics: parsed.diagnostics };
  const source = parsed.value;
  const checked = validateYaml(source, OscalCatalogSchema, 'OSCAL catalog');
  if (!checked.value) return { diagnostics: [...parsed.diagnostics, ...checked.diagnostics] };
  const { catalog } = checked.value;
  const id = own(catalog.metadata.props, 'framework')[0]?.value ?? framework;
  const groups: Catalog['groups'] = [];
  const controls: CatalogControl[] = [];
  const addControls = (list: readonly ControlShape[] | undefined, group: string): void => {
    for (const control of list ?? []) {
      const summary = control.parts?.find((p) => p.name === 'statement' || p.name === 'overview')?.prose;
      controls.push({ id: label(control.props, control.id), title: control.title, ...(titles(control.props) ? { titles: titles(control.props) } : {}), group, ...(summary ? { summary } : {}), ...notRequired(control.props) });
      addControls(control.controls, group);
    }
  };
  const addGroups = (list: readonly GroupShape[] | undefined, path: string): void => {
    (list ?? []).forEach((group, index) => {
      const groupId = label(group.props, group.id ?? `${path}${index + 1}`);
      groups.push({ id: groupId, title: group.title, ...(titles(group.props) ? { titles: titles(group.props) } : {}), ...notRequired(group.props) });
      addControls(group.controls, groupId);
      addGroups(group.groups, `${groupId}.`);
    });
  };
  addGroups(catalog.groups, 'group-');
  if ((catalog.controls ?? []).length > 0) {
    groups.push({ id: 'controls', title: 'Controls' });
    addControls(catalog.controls, 'controls');
  }
  const aliases = own(catalog.metadata.props, 'alias').flatMap((p) => {
    const alias = z.object({ prefix: z.string(), replace: z.string() }).safeParse(parseJson(p.value));
    return alias.success ? [alias.data] : [];
  });
  const result = CatalogSchema.safeParse({
    id,
    name: catalog.metadata.title,
    ...(titles(catalog.metadata.props) ? { names: titles(catalog.metadata.props) } : {}),
    edition: catalog.metadata.version,
    source: own(catalog.metadata.props, 'source')[0]?.value ?? `OSCAL catalog "${catalog.metadata.title}" (uuid ${catalog.uuid})`,
    aliases,
    groups,
    controls,
  });
  if (result.success) return { value: result.data, diagnostics: parsed.diagnostics };
  const badId = !FrameworkIdSchema.safeParse(id).success;
  return {
    diagnostics: [
      ...parsed.diagnostics,
      badId
        ? diagnostic('schema/invalid-value', file, positionOf(source, ['catalog', 'metadata']), `The OSCAL catalog would be known as the framework "${id}", which is not usable as a framework id.`, { hint: 'Name the file with lower-case letters, digits and "-" (nist-csf.json), or give the metadata a policymark `framework` property with such an id.' })
        : diagnostic('schema/invalid-value', file, positionOf(source, ['catalog']), `The OSCAL catalog has no controls policymark can use: ${result.error.issues[0]?.message ?? 'invalid'}.`, { fieldPath: 'catalog' }),
    ],
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
