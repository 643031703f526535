// A film card as every page draws it: poster (or a text tile), title, genres, reasons, buttons.
import { el, label } from "./api.js";

/** A poster, lazy-loaded; a plain tile with the title where there is none or it fails to load. */
export function poster(film, size = "") {
  const tile = el("div", { class: `poster-tile ${size}`, "aria-hidden": "true" }, label(film));
  if (!film.poster) return tile;
  const img = el("img", {
    class: `poster ${size}`,
    src: film.poster,
    alt: `Poster of ${label(film)}`,
    loading: "lazy",
    decoding: "async",
    width: 342,
    height: 513,
  });
  img.addEventListener("error", () => img.replaceWith(tile));
  return img;
}

/**
 * One card. `actions` maps a button's name to what it does: like, dislike, seen, similar;
 * only the ones given are drawn.
 */
export function card(film, actions = {}) {
  const buttons = [
    actions.like &&
      el(
        "button",
        {
          type: "button",
          class: "act like",
          "aria-label": `Like ${label(film)}`,
          onclick: () => actions.like(film),
        },
        "👍",
      ),
    actions.dislike &&
      el(
        "button",
        {
          type: "button",
          class: "act dislike",
          "aria-label": `Not for me: ${label(film)}`,
          onclick: () => actions.dislike(film),
        },
        "👎",
      ),
    actions.seen &&
      el(
        "button",
        {
          type: "button",
          class: "act seen",
          "aria-label": `Seen ${label(film)}`,
          onclick: () => actions.seen(film),
        },
        "👀 Seen",
      ),
    actions.similar &&
      el(
        "button",
        { type: "button", class: "act similar", onclick: () => actions.similar(film) },
        "More like this",
      ),
  ].filter(Boolean);
  return el(
    "li",
    { class: "card", "data-movie-id": film.movieId },
    poster(film),
    el(
      "div",
      { class: "card-body" },
      el("h3", { class: "card-title" }, label(film)),
      film.genres?.length ? el("p", { class: "genres" }, film.genres.join(" · ")) : null,
      el(
        "ul",
        { class: "reasons" },
        (film.reasons ?? []).map((r) => el("li", {}, r)),
      ),
      buttons.length ? el("div", { class: "actions" }, buttons) : null,
    ),
  );
}

/** Replaces a list's cards with these. */
export function showCards(list, films, actions) {
  list.replaceChildren(...films.map((f) => card(f, actions)));
}
