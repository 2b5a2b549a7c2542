// citation-js ships no type declarations; these cover the calls Crosswalk makes.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown, options?: { forceType?: string });
    format(kind: 'bibliography' | 'citation' | 'bibtex' | 'ris' | 'data', options?: Record<string, unknown>): string;
    data: unknown[];
  }
  export const plugins: { config: { get(name: string): unknown } };
}
declare module '@citation-js/plugin-csl';
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
