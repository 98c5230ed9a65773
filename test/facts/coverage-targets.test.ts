import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/project.js';

/**
 * The coverage targets of the complete policy set (issue 21), on the example with every document released,
 * counting only what a section implements: Annex A at least 85 of 93, every clause 4-10 requirement,
 * SOC 2 CC1-CC9 at least 90%, the NIS2 articles named below all, and the GDPR articles an ISMS addresses.
 */
interface Control { id: string; group: string; counted: boolean; covered: boolean }
interface Framework { framework: string; controls: Control[] }

describe('coverage of the bundled library on the example', () => {
  it('meets the targets for ISO 27001, SOC 2, NIS2 and GDPR', { timeout: 120_000 }, async () => {
    const run = await runCli(['coverage', '--org', 'examples/kestrel/organisation.yaml', '--format', 'json'], REPO_ROOT);
    expect(run.code, run.stderr).toBe(0);
    const frameworks = (JSON.parse(run.stdout) as { frameworks: Framework[] }).frameworks;
    const controls = (id: string) => frameworks.find((f) => f.framework === id)?.controls.filter((c) => c.counted) ?? [];
    const uncovered = (list: Control[]) => list.filter((c) => !c.covered).map((c) => c.id);

    const iso = controls('iso27001');
    const annexA = iso.filter((c) => /^[5-8]$/.test(c.group));
    expect(annexA).toHaveLength(93);
    expect(annexA.filter((c) => c.covered).length).toBeGreaterThanOrEqual(85);
    expect(uncovered(iso.filter((c) => c.group === 'clauses'))).toEqual([]);

    const cc = controls('soc2').filter((c) => /^CC[1-9]$/.test(c.group));
    expect(cc.length).toBe(33);
    expect(cc.filter((c) => c.covered).length / cc.length).toBeGreaterThanOrEqual(0.9);

    const nis2 = controls('nis2');
    const named = nis2.filter((c) => /^Art\. (20\(2\)|21\(2\)\([a-j]\)|21\([34]\)|23\b)/.test(c.id));
    expect(named.length).toBeGreaterThanOrEqual(15);
    expect(uncovered(named)).toEqual([]);

    const gdpr = controls('gdpr');
    const articles = ['Art. 5', 'Art. 24', 'Art. 25', 'Art. 28', 'Art. 30', 'Art. 32', 'Art. 33', 'Art. 34', 'Art. 35', 'Art. 36', 'Art. 37', 'Art. 38', 'Art. 39'];
    expect(uncovered(gdpr.filter((c) => articles.includes(c.id)))).toEqual([]);
    expect(gdpr.filter((c) => articles.includes(c.id))).toHaveLength(articles.length);
  });
});
