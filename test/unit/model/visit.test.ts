import { describe, expect, it } from 'vitest';
import type { Block, Section } from '../../../src/model/document.js';
import { inlinesIn, sectionsInOrder } from '../../../src/model/visit.js';

const section = (id: string, sections: Section[] = []): Section => ({ id, number: id, level: 1, title: id, module: id, controls: [], blocks: [], sections });

describe('sectionsInOrder', () => {
  it('lists sections depth first in document order, each with its parent', () => {
    const tree = [section('1', [section('1.1', [section('1.1.1')]), section('1.2')]), section('2')];
    expect(sectionsInOrder(tree).map(({ section: s, parent }) => `${s.id}<${parent ?? '-'}`)).toEqual(['1<-', '1.1<1', '1.1.1<1.1', '1.2<1', '2<-']);
  });
});

describe('inlinesIn', () => {
  it('reaches inlines in paragraphs, nested lists, quotes, table cells and inside other inlines', () => {
    const t = (value: string) => ({ type: 'text' as const, value });
    const blocks: Block[] = [
      { type: 'paragraph', children: [t('a'), { type: 'strong', children: [t('b')] }] },
      { type: 'list', ordered: false, items: [{ children: [{ type: 'paragraph', children: [t('c')] }, { type: 'list', ordered: true, start: 1, items: [{ children: [{ type: 'paragraph', children: [t('d')] }] }] }] }] },
      { type: 'quote', children: [{ type: 'paragraph', children: [{ type: 'placeholder', label: 'e' }] }] },
      { type: 'table', align: [null], header: [{ children: [t('f')] }], rows: [[{ children: [{ type: 'link', url: 'https://x', children: [t('g')] }] }]] },
      { type: 'codeBlock', value: 'not inline' },
    ];
    const texts = inlinesIn(blocks).map((inline) => (inline.type === 'text' ? inline.value : inline.type === 'placeholder' ? `[${inline.label}]` : inline.type));
    expect(texts).toEqual(['a', 'strong', 'b', 'c', 'd', '[e]', 'f', 'link', 'g']);
  });
});
