/**
 * The diagnostic code catalogue. Codes are permanent: add new ones, never rename or reuse.
 * Each entry says what the code means; the message of a diagnostic says what happened in the case at hand.
 */
export const CODES = {
  'load/unreadable-file': 'A file could not be read.',
  'load/invalid-utf8': 'A text file is not valid UTF-8.',
  'load/not-found': 'A file or folder that the input names does not exist.',
  'load/too-large': 'An input file is larger than policymark accepts.',
  'yaml/syntax': 'A YAML document could not be parsed.',
  'yaml/duplicate-key': 'A YAML mapping has the same key twice.',
  'yaml/too-complex': 'A YAML document uses aliases in a way that would expand beyond the limit.',
  'module/missing-front-matter': 'A section module does not start with a `---` YAML front-matter block.',
  'module/heading-level': 'A module body uses a level-1 heading, which is reserved for the module title.',
  'module/duplicate-id': 'Two section modules share the same id and language.',
  'module/missing-translation': 'A policy section has no module in the requested language.',
  'module/orphan-translation': 'A translation exists for a module id that has no default-language module.',
  'schema/missing-field': 'A required field is missing.',
  'schema/invalid-type': 'A field has a value of the wrong type.',
  'schema/invalid-value': 'A field has a value outside the allowed set or format.',
  'schema/unknown-field': 'A field is not part of the format.',
  'policy/duplicate-id': 'Two policy manifests share the same id.',
  'policy/unknown-module': 'A policy manifest lists a section module that does not exist.',
  'policy/duplicate-section': 'A policy manifest lists the same module twice.',
  'policy/unknown-role': 'A policy names an owner or approver role that the organisation does not define.',
  'policy/missing-title': 'A policy has no title in a language it is built in.',
  'policy/unknown-policy': 'A policy id given on the command line does not exist.',
  'policy/empty': 'Every section of a policy was excluded by its conditions.',
  'organisation/unknown-person': 'A role refers to a person id that is not in `people`.',
  'organisation/duplicate-person': 'Two people share the same id.',
  'organisation/unsupported-language': 'A language was requested that the organisation does not publish in.',
  'condition/unknown-variable': 'A module condition names an organisation variable that does not exist.',
  'template/syntax': 'A Handlebars expression in a module body could not be parsed.',
  'template/undefined-variable': 'A module body uses a variable that the organisation or policy does not define.',
  'template/unknown-helper': 'A module body calls a Handlebars helper that policymark does not provide.',
  'template/not-printable': 'A module body prints a group of fields or a list as if it were one value.',
  'template/partial': 'A module body uses a Handlebars partial, which policymark does not support.',
  'catalog/unknown-control': 'A module maps to a control id that is not in the framework catalog.',
  'catalog/missing': 'A framework catalog file is missing.',
  'catalog/duplicate-control': 'A framework catalog lists the same control id twice.',
} as const;

export type DiagnosticCode = keyof typeof CODES;
