const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2015-04-24" → "April 24, 2015"; "2015-07" → "July 2015". */
export function formatDate(date: string, dateNote?: string): string {
  const [year, month, day] = date.split('-');
  const monthName = MONTHS[Number(month) - 1] ?? '';
  const text = day ? `${monthName} ${Number(day)}, ${year}` : `${monthName} ${year}`;
  return dateNote ? `${text} (${dateNote})` : text;
}

export function yearOf(date: string): string {
  return date.slice(0, 4);
}

export const relationVerb: Record<string, string> = {
  replaces: 'Replaces',
  reinstates: 'Reinstates',
  revokes: 'Revokes',
  rescinds: 'Rescinds',
  implements: 'Implements',
  revises: 'Revises',
  related: 'Related to',
};
