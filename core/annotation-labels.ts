import type { AnnotationKind, ComparisonRelation, CritiqueCategory } from './annotation.js';

/** How the app and the exports name annotation kinds, critique categories and relations. */
export const KIND_LABEL: Record<AnnotationKind, string> = { citation: 'Citation', critique: 'Critique', comparison: 'Comparison', question: 'Question' };

export const CATEGORY_LABEL: Record<CritiqueCategory, string> = {
  'factual-claim': 'Factual claim',
  'legal-basis': 'Legal basis',
  'civil-liberties': 'Civil liberties',
  'data-and-methods': 'Data and methods',
  rhetoric: 'Rhetoric',
};

/** The verb in "The later passage … this one". */
export const RELATION_LABEL: Record<ComparisonRelation, string> = {
  retains: 'retains',
  narrows: 'narrows',
  broadens: 'broadens',
  replaces: 'replaces',
  rescinds: 'rescinds',
  reinstates: 'reinstates',
  contradicts: 'contradicts',
  implements: 'implements',
  related: 'is related to',
};
