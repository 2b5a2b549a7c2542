import { Cite } from '@citation-js/core';
import '@citation-js/plugin-ris';
import type { CslItem } from '../annotation.js';
import type { ExportModel } from './model.js';
import { bibliographySources } from './html.js';

function items(model: ExportModel): Record<string, unknown>[] {
  return bibliographySources(model).map((item, i) => ({ ...item, id: `source${i + 1}` }));
}

/** The cited sources as CSL-JSON. */
export function exportCslJson(model: ExportModel): string {
  return JSON.stringify(items(model), null, 2);
}

// RIS is one tag per line: a line break inside a value would start a tag of its own.
const oneLine = (value: unknown): unknown =>
  typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : Array.isArray(value) ? value.map(oneLine) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, oneLine(v)])) : value;

/** The cited sources as RIS, written by citation-js (what Zotero, EndNote and Mendeley read). */
export function exportRis(model: ExportModel): string {
  const sources = items(model).map((item) => oneLine(item));
  return sources.length ? new Cite(sources).format('ris') : '';
}

/*
 * BibTeX is written here rather than by citation-js (0.8 and 0.9 alike): it puts names without a
 * given name, DOIs and URLs into the file unescaped and reads `<i>` in a title as markup, so one
 * source's title or author could close its field and write others. citation-js still reads the
 * file back in the tests, beside pandoc.
 */

// BibTeX balances braces without regard to backslashes, so `\{` and `\}` are written only for
// pairs that nest; a lone brace becomes a command. pandoc 2.17 knows `\{` and `\_` but not
// `\textbraceleft` or `\textunderscore`, hence the mix.
const TEX: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '#': '\\#',
  $: '\\$',
  '%': '\\%',
  '&': '\\&',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
};

/** Text as the content of a braced BibTeX field: every TeX special escaped, braces balanced. */
function texText(text: string): string {
  const chars = Array.from(text.replace(/[\u0000-\u001f\u007f]+/g, ' '));
  const out = chars.map((c) => TEX[c] ?? c);
  const open: number[] = [];
  chars.forEach((c, i) => {
    if (c === '{') open.push(i);
    else if (c === '}') {
      const from = open.pop();
      if (from === undefined) out[i] = '\\textbraceright{}';
      else [out[from], out[i]] = ['\\{', '\\}'];
    }
  });
  for (const i of open) out[i] = '\\textbraceleft{}';
  return out.join('');
}

// URL and DOI fields are read verbatim, where no escape exists: the characters that would
// unbalance the field or start a command are percent-encoded, which names the same address.
const verbatim = (value: string) => value.replace(/[{}\\\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

type CslName = NonNullable<CslItem['author']>[number];

function name(n: CslName): string {
  if ('literal' in n) return `{${texText(n.literal)}}`;
  // A comma or a lone "and" at the top level would split the name or the list of names.
  const given = n.given ? texText(n.given).replace(/,/g, '{,}').replace(/(^|\s)(and)(?=\s|$)/gi, '$1{$2}') : '';
  return given ? `{${texText(n.family)}}, ${given}` : `{${texText(n.family)}}`;
}

const ENTRY_TYPE: Record<CslItem['type'], string> = {
  'article-journal': 'article',
  'article-newspaper': 'article',
  book: 'book',
  chapter: 'incollection',
  report: 'techreport',
  // BibLaTeX's legal types, which pandoc and citation-js read back as legislation and cases.
  legislation: 'legislation',
  bill: 'legislation',
  regulation: 'legislation',
  treaty: 'legal',
  legal_case: 'jurisdiction',
  // BibLaTeX's type, which pandoc, citation-js and Zotero read as a web page (`misc` loses that).
  webpage: 'online',
  'post-weblog': 'online',
  'article-magazine': 'article',
  article: 'article',
  'entry-encyclopedia': 'inreference',
  'paper-conference': 'inproceedings',
  thesis: 'phdthesis',
  manuscript: 'unpublished',
  speech: 'misc',
  personal_communication: 'misc',
  document: 'misc',
  dataset: 'misc',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "ICE2013Secure": the first author's and the title's first words with the year, in ASCII. */
function citationKey(item: CslItem, taken: Set<string>): string {
  const word = (text: string | undefined) => (text ?? '').normalize('NFKD').replace(/[^A-Za-z0-9\s]/g, '').trim().split(/\s+/)[0] ?? '';
  const first = item.author?.[0];
  const who = first ? word('literal' in first ? first.literal : first.family) : '';
  const stem = `${who}${item.issued?.['date-parts'][0]?.[0] ?? ''}${word(item.title)}` || 'source';
  let key = stem;
  for (let n = 2; taken.has(key); n++) key = `${stem}-${n}`;
  taken.add(key);
  return key;
}

function entry(item: CslItem, key: string): string {
  const type = ENTRY_TYPE[item.type];
  const [year, month, day] = item.issued?.['date-parts'][0] ?? [];
  const fields: [string, string][] = [];
  if (item.author?.length) fields.push(['author', `{${item.author.map(name).join(' and ')}}`]);
  // Titles are protected whole: policy titles keep their capitals, and readers that change the
  // case of unprotected words (styles, pandoc) give them back as written.
  fields.push(['title', `{{${texText(item.title)}}}`]);
  if (item['container-title']) fields.push([type === 'incollection' ? 'booktitle' : 'journal', `{{${texText(item['container-title'])}}}`]);
  if (item.publisher) fields.push([type === 'techreport' ? 'institution' : 'publisher', `{${texText(item.publisher)}}`]);
  if (year !== undefined) fields.push(['year', `{${year}}`]);
  if (month !== undefined && MONTHS[month - 1]) fields.push(['month', MONTHS[month - 1]!]);
  if (day !== undefined && month !== undefined) fields.push(['day', `{${day}}`]);
  if (item['publisher-place']) fields.push(['address', `{${texText(item['publisher-place'])}}`]);
  if (item.volume) fields.push(['volume', `{${texText(item.volume)}}`]);
  // BibTeX's "number" is an article's issue, a report's (or an order's) own number.
  const number = type === 'article' ? item.issue : item.number;
  if (number) fields.push(['number', `{${texText(number)}}`]);
  if (item.genre && type === 'techreport') fields.push(['type', `{${texText(item.genre)}}`]);
  if (item.edition) fields.push(['edition', `{${texText(item.edition)}}`]);
  if (item.page) fields.push(['pages', `{${texText(item.page)}}`]);
  if (item.ISBN) fields.push(['isbn', `{${verbatim(item.ISBN)}}`]);
  if (item.DOI) fields.push(['doi', `{${verbatim(item.DOI)}}`]);
  if (item.URL) fields.push(['url', `{${verbatim(item.URL)}}`]);
  return `@${type}{${key},\n${fields.map(([field, value]) => `\t${field} = ${value},\n`).join('')}}\n`;
}

/** The cited sources as BibTeX. */
export function exportBibtex(model: ExportModel): string {
  const taken = new Set<string>();
  return bibliographySources(model)
    .map((item) => entry(item, citationKey(item, taken)))
    .join('\n');
}
