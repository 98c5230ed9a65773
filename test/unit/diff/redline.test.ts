import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignBy, redlineSections, trackedInlines, trackedText, type RevisionMark } from '../../../src/diff/redline.js';
import type { Block, Inline, Section } from '../../../src/model/document.js';
import { canonicalJson } from '../../../src/release/release-hash.js';

const MARK: RevisionMark = { author: 'Ada Lovelace', date: '2026-03-01' };

/** Inline content with every tracked change accepted or rejected, as Word does it. */
function resolve(inlines: readonly Inline[], mode: 'accept' | 'reject'): Inline[] {
  const drop = mode === 'accept' ? 'delete' : 'insert';
  return inlines.flatMap((node): Inline[] => {
    if (node.type === 'revision') return node.change === drop ? [] : resolve(node.children, mode);
    if ('children' in node) return [{ ...node, children: resolve(node.children, mode) }];
    return [node];
  });
}

/** Text with white space runs as one space and formatting as markers, for comparing resolved content. */
function shown(inlines: readonly Inline[]): string {
  return raw(inlines)
    .replace(/\s+/g, ' ')
    // Formatting markers around nothing but a split point: "*a** b*" shows as "*a b*" does.
    .replace(/\*\*|__/g, '')
    // A link split at a change shows as two links to the same target: one, as it reads.
    .replace(/\]\(([^)]*)\)\[(?=[^\]]*\]\(\1\))/g, '')
    .trim();
}

function raw(inlines: readonly Inline[]): string {
  return inlines
    .map((node): string => {
      switch (node.type) {
        case 'text': return node.value;
        case 'strong': return `*${raw(node.children)}*`;
        case 'emphasis': return `_${raw(node.children)}_`;
        case 'link': return `[${raw(node.children)}](${node.url})`;
        case 'code': return `\`${node.value}\``;
        case 'placeholder': return `{${node.label}}`;
        case 'break': return '\n';
        case 'revision': return raw(node.children);
      }
    })
    .join('');
}

const word = fc.constantFrom('report', 'within', 'one', 'day', '8', 'hours', '1.1.0', '2026-03-02', 'current.', '(GDPR', 'Art.', '33)');
const text = fc.array(word, { minLength: 1, maxLength: 6 }).map((words) => words.join(' '));
const inline: fc.Arbitrary<Inline> = fc.oneof(
  text.map((value): Inline => ({ type: 'text', value: `${value} ` })),
  text.map((value): Inline => ({ type: 'strong', children: [{ type: 'text', value }] })),
  text.map((value): Inline => ({ type: 'link', url: 'https://example.org', children: [{ type: 'text', value }] })),
  fc.constant<Inline>({ type: 'code', value: 'x = 1' }),
);
const inlines = fc.array(inline, { maxLength: 5 });

describe('alignBy', () => {
  it('reads back both sequences: the a items of its steps give a, the b items give b', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 12 }), (a, b) => {
        const steps = alignBy(a, b, String, (x, y) => x % 2 === y % 2);
        expect(steps.flatMap((s) => (s.op === 'insert' ? [] : [s.a]))).toEqual(a);
        expect(steps.flatMap((s) => (s.op === 'delete' ? [] : [s.b]))).toEqual(b);
        for (const step of steps) if (step.op === 'change') expect(step.a % 2).toBe(step.b % 2);
      }),
    );
  });
});

describe('trackedInlines', () => {
  it('accepting every change gives b, rejecting every change gives a, formatting included', () => {
    fc.assert(
      fc.property(inlines, inlines, (a, b) => {
        const tracked = trackedInlines(a, b, MARK);
        expect(shown(resolve(tracked, 'accept'))).toBe(shown(b));
        expect(shown(resolve(tracked, 'reject'))).toBe(shown(a));
      }),
    );
  });

  it('marks only what changed, with the mark of version b, and joins changes split by white space', () => {
    const tracked = trackedText('P2 is resolved within 1 business day.', 'P2 is resolved within 8 hours.', MARK);
    expect(tracked).toEqual([
      { type: 'text', value: 'P2 is resolved within ' },
      { type: 'revision', change: 'delete', author: 'Ada Lovelace', date: '2026-03-01', children: [{ type: 'text', value: '1 business day' }] },
      { type: 'revision', change: 'insert', author: 'Ada Lovelace', date: '2026-03-01', children: [{ type: 'text', value: '8 hours' }] },
      { type: 'text', value: '.' },
    ]);
  });

  it('changes a version number or a date whole, and keeps punctuation after a changed word', () => {
    const changed = (before: string, after: string): string[] => trackedText(before, after, MARK).flatMap((node) => (node.type === 'revision' ? [`${node.change}:${shown(node.children)}`] : []));
    expect(changed('1.0.0', '1.1.0')).toEqual(['delete:1.0.0', 'insert:1.1.0']);
    expect(changed('2025-11-03', '2026-03-02')).toEqual(['delete:2025-11-03', 'insert:2026-03-02']);
    expect(changed('Keeps this policy current.', 'Keeps this policy current and reviewed.')).toEqual(['insert:and reviewed']);
  });

  it('marks a word whose formatting changed', () => {
    const tracked = trackedInlines([{ type: 'text', value: 'log in ServiceNow' }], [{ type: 'text', value: 'log in ' }, { type: 'strong', children: [{ type: 'text', value: 'ServiceNow' }] }], MARK);
    expect(tracked.filter((node) => node.type === 'revision').map((node) => canonicalJson(node))).toHaveLength(2);
    expect(trackedInlines([{ type: 'text', value: 'same' }], [{ type: 'text', value: 'same' }], MARK)).toEqual([{ type: 'text', value: 'same' }]);
  });
});

function section(id: string, title: string, blocks: Block[] = [], sections: Section[] = [], number = '1'): Section {
  return { id, number, level: 1, title, module: id, controls: [], blocks, sections };
}

describe('redlineSections', () => {
  it('deletes a moved section where it was and inserts it where it is, and knows which redline section each one became', () => {
    const a = [section('purpose', 'Purpose', [], [], '1'), section('roles', 'Roles', [], [], '2'), section('notification', 'Notification', [], [], '3')];
    const b = [section('notification', 'Notification', [], [], '1'), section('purpose', 'Purpose', [], [], '2'), section('roles', 'Roles', [], [], '3')];
    const { sections, origins } = redlineSections(a, b, MARK);
    expect(sections.map((s) => `${s.id}:${s.heading?.map((h) => (h.type === 'revision' ? h.change : 'text')).join(',') ?? 'kept'}`)).toEqual([
      'notification:insert',
      // The number changed, the title did not: number deleted and inserted, then the tab and the title.
      'purpose:delete,insert,text,text',
      'roles:delete,insert,text,text',
      'notification:delete',
    ]);
    expect(origins.get(a[2]!)).toBe(sections[3]);
    expect(origins.get(b[0]!)).toBe(sections[0]);
    expect(origins.get(a[0]!)).toBe(origins.get(b[1]!));
  });

  it('pairs changed blocks of one kind and inserts or deletes rows, list items and paragraphs whole', () => {
    const cell = (value: string) => ({ children: [{ type: 'text' as const, value }] });
    const table = (rows: string[][]): Block => ({ type: 'table', align: [null, null], header: [cell('Role'), cell('Holder')], rows: rows.map((row) => row.map(cell)) });
    const list = (items: string[]): Block => ({ type: 'list', ordered: false, items: items.map((value) => ({ children: [{ type: 'paragraph', children: [{ type: 'text', value }] }] })) });
    const a = [section('roles', 'Roles', [table([['Owner', 'Ada'], ['CEO', 'Bob']]), list(['desk', 'mail'])])];
    const b = [section('roles', 'Roles', [table([['Owner', 'Ada'], ['CEO', 'Bob'], ['Press', 'Eve']]), list(['desk', 'phone', 'mail']), { type: 'paragraph', children: [{ type: 'text', value: 'New.' }] }])];
    const [only] = redlineSections(a, b, MARK).sections;
    const [t, l, p] = only!.blocks;
    expect(t?.type === 'table' && t.rows[2]!.every((c) => c.children.length === 1 && c.children[0]!.type === 'revision')).toBe(true);
    expect(t?.type === 'table' && t.rows.slice(0, 2).every((row) => row.every((c) => c.children[0]!.type === 'text'))).toBe(true);
    expect(l?.type === 'list' && l.items.map((item) => (item.children[0]!.type === 'paragraph' ? item.children[0]!.children[0]!.type : '?'))).toEqual(['text', 'revision', 'text']);
    expect(p).toEqual({ type: 'paragraph', children: [{ type: 'revision', change: 'insert', author: 'Ada Lovelace', date: '2026-03-01', children: [{ type: 'text', value: 'New.' }] }] });
  });
});
