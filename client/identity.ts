/** The name and colour a person shows to others. The name comes from their session and can be changed here. */
export interface Identity {
  name: string;
  color: string;
}

// Distinct, readable on white, and not the highlight colours annotations will use.
const PALETTE = ['#c2410c', '#0f766e', '#7c3aed', '#b91c1c', '#1d4ed8', '#a16207', '#be185d', '#15803d', '#4338ca', '#0e7490'];

const NAME_KEY = 'crosswalk.displayName';

export function colorFor(seed: string): string {
  let hash = 0;
  for (let i = 0; i < seed.length; i++) hash = (hash * 31 + seed.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length]!;
}

export function loadIdentity(sessionName: string, clientId: number): Identity {
  const stored = localStorage.getItem(NAME_KEY)?.trim();
  const name = stored || sessionName;
  return { name, color: colorFor(`${name}:${clientId}`) };
}

export function saveDisplayName(name: string): void {
  localStorage.setItem(NAME_KEY, name.trim().slice(0, 60));
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0]![0]! + parts[parts.length - 1]![0]! : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}
