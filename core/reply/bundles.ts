import type { Card } from "./reply.ts";

export interface Bundle {
  /** The English label ("Crime films, classics"); front ends say `genre` and `era` their own way. */
  label: string;
  /** What the label says, for other languages: a genre and an era, or none for the last bundle ("More picks"). */
  genre?: string;
  era?: Era;
  cards: Card[];
}

/** Lists shorter than this read fine as one list. */
const MIN_CARDS_TO_BUNDLE = 6;
const MIN_BUNDLE = 3;
const MAX_BUNDLES = 3;
/** A label that covers most of the list says nothing: "Action films" over 8 of 10 cards. */
const MAX_SHARE = 0.6;

const PLURAL: Record<string, string> = {
  Action: "action films",
  Adventure: "adventures",
  Animation: "animated films",
  Children: "family films",
  Comedy: "comedies",
  Crime: "crime films",
  Documentary: "documentaries",
  Drama: "dramas",
  Fantasy: "fantasy films",
  "Film-Noir": "noirs",
  Horror: "horror films",
  IMAX: "IMAX films",
  Musical: "musicals",
  Mystery: "mysteries",
  Romance: "romances",
  "Sci-Fi": "science fiction",
  Thriller: "thrillers",
  War: "war films",
  Western: "westerns",
};

export type Era = "classic" | "recent" | "any";

function eraOf(year: number | null, newest: number): Era {
  if (year === null) return "any";
  if (year < 1980) return "classic";
  if (year >= newest - 8) return "recent";
  return "any";
}

function labelOf(genre: string, era: Era): string {
  const noun = PLURAL[genre] ?? genre.toLowerCase();
  if (era === "classic") return `${noun[0]!.toUpperCase()}${noun.slice(1)}, classics`;
  if (era === "recent") return `Recent ${noun}`;
  return `${noun[0]!.toUpperCase()}${noun.slice(1)}`;
}

/**
 * Splits a list into 2–3 labelled bundles ("Crime films, classics", "Recent thrillers") when
 * the cards fall into such groups, keeping rank order inside each; undefined when one list
 * reads better. Every label is true of every card under it (only the last, "More picks",
 * collects the rest).
 */
export function bundle(cards: readonly Card[], newestYear: number): Bundle[] | undefined {
  if (cards.length < MIN_CARDS_TO_BUNDLE) return undefined;
  let left = cards.map((c, rank) => ({ card: c, rank }));
  const bundles: { label: string; genre?: string; era?: Era; members: typeof left }[] = [];
  const named = new Map<string, { genre: string; era: Era }>();
  while (bundles.length < MAX_BUNDLES - 1 && left.length >= MIN_BUNDLE) {
    const groups = new Map<string, typeof left>();
    for (const entry of left) {
      const era = eraOf(entry.card.year, newestYear);
      for (const g of entry.card.genres) {
        // A genre with an era says more than the genre alone, so it wins a tie in size.
        for (const e of era === "any" ? (["any"] as const) : [era, "any" as const]) {
          const key = labelOf(g, e);
          named.set(key, { genre: g, era: e });
          groups.set(key, [...(groups.get(key) ?? []), entry]);
        }
      }
    }
    const best = [...groups]
      .filter(
        ([, m]) => m.length >= MIN_BUNDLE && m.length < left.length && m.length <= MAX_SHARE * cards.length,
      )
      .sort((a, b) => b[1].length - a[1].length || specificity(b[0]) - specificity(a[0]))[0];
    if (!best) break;
    bundles.push({ label: best[0], ...named.get(best[0]), members: best[1] });
    const taken = new Set(best[1]);
    left = left.filter((e) => !taken.has(e));
  }
  bundles.sort((a, b) => (a.members[0]?.rank ?? 0) - (b.members[0]?.rank ?? 0));
  if (left.length > 0) bundles.push({ label: "More picks", members: left });
  if (bundles.length < 2) return undefined;
  return bundles.map((b) => ({
    label: b.label,
    ...(b.genre !== undefined ? { genre: b.genre, era: b.era } : {}),
    cards: b.members.map((m) => m.card),
  }));
}

function specificity(label: string): number {
  return label.startsWith("Recent") || label.endsWith("classics") ? 1 : 0;
}
