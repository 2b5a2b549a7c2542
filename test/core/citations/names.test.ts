import { describe, expect, it } from 'vitest';
import { formatNames, parseNames } from '../../../core/citations/names.js';

describe('authors typed one per line', () => {
  it('reads people as family and given names', () => {
    expect(parseNames('Kalhan, Anil\nJohnson, Jeh Charles\nMüller, J.-P.\nLe Guin, Ursula K.')).toEqual([
      { family: 'Kalhan', given: 'Anil' },
      { family: 'Johnson', given: 'Jeh Charles' },
      { family: 'Müller', given: 'J.-P.' },
      { family: 'Le Guin', given: 'Ursula K.' },
    ]);
  });

  it('keeps an organisation whole, with or without a comma', () => {
    expect(parseNames('U.S. Department of Homeland Security, Office of Inspector General')).toEqual([{ literal: 'U.S. Department of Homeland Security, Office of Inspector General' }]);
    expect(parseNames('U.S. Immigration and Customs Enforcement')).toEqual([{ literal: 'U.S. Immigration and Customs Enforcement' }]);
    expect(parseNames('Executive Office of the President, Office of Management and Budget')).toEqual([{ literal: 'Executive Office of the President, Office of Management and Budget' }]);
    expect(parseNames('American Civil Liberties Union, Inc.')).toEqual([{ literal: 'American Civil Liberties Union, Inc.' }]);
    expect(parseNames('{Smith, Jones}')).toEqual([{ literal: 'Smith, Jones' }]);
  });

  it('writes names back so that they read the same', () => {
    const cases: NonNullable<ReturnType<typeof parseNames>>[] = [
      [{ family: 'Kalhan', given: 'Anil' }],
      [{ literal: 'U.S. Department of Homeland Security, Office of Inspector General' }],
      [{ literal: 'Smith, Jones' }],
      [{ family: 'Plato' }],
      [{ literal: 'ICE' }, { family: 'Johnson', given: 'Jeh Charles' }],
    ];
    for (const names of cases) {
      const text = formatNames(names);
      const read = parseNames(text)!;
      // A family name alone is written in braces and reads back as that name, whole.
      expect(read.map((n) => ('literal' in n ? n.literal : `${n.family}|${n.given}`)), text).toEqual(names.map((n) => ('literal' in n ? n.literal : n.given ? `${n.family}|${n.given}` : n.family)));
    }
    expect(formatNames([{ literal: 'Smith, Jones' }])).toBe('{Smith, Jones}');
    expect(formatNames([{ literal: 'U.S. Department of Homeland Security, Office of Inspector General' }])).toBe('U.S. Department of Homeland Security, Office of Inspector General');
  });
});
