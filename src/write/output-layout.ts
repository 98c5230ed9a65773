/** Output file names: `<org>/<policy>/<version>/<policy>[.<lang>].<ext>`; the default language has no suffix. */
export function outputFolder(organisationId: string, policyId: string, version: string): string {
  return `${organisationId}/${policyId}/${version}`;
}

export function outputFileName(policyId: string, lang: string, defaultLang: string, extension: string): string {
  return lang === defaultLang ? `${policyId}.${extension}` : `${policyId}.${lang}.${extension}`;
}

export const MANIFEST_FILE = 'manifest.json';
