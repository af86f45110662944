// One colour per person, the same in every tab (and later every chart): the person's rank in the
// Authors table picks a class `author-N` from a palette of distinguishable hues (report.css), so
// the first PALETTE_SIZE people never share one. The hues are mid-tones that show on light, dark
// and high-contrast backgrounds; text never sits on them (they are swatches beside the text).

export const PALETTE_SIZE = 16;

export function authorColour(rank: number): number {
  return ((rank % PALETTE_SIZE) + PALETTE_SIZE) % PALETTE_SIZE;
}
