// Rate to start: ten well-known films, each chosen by the stars given so far; then a list.
import { api, el, label, say, wireForget } from "./api.js";
import { poster, showCards } from "./cards.js";

const rater = document.getElementById("rater");
const result = document.getElementById("result");
const slot = document.getElementById("film-to-rate");
const progress = document.getElementById("progress");
const cards = document.getElementById("cards");
let rated = [];
let shown = [];
let current;
let wanted = 10;

async function next() {
  const answer = await api("/api/starter", { rated, shown });
  wanted = answer.wanted;
  progress.textContent = `${rated.length} of ${wanted} rated`;
  if (answer.done || !answer.film) return finish();
  current = answer.film;
  shown.push(current.movieId);
  slot.replaceChildren(
    poster(current, "big"),
    el(
      "div",
      {},
      el("h2", { id: "rate-title" }, label(current)),
      el("p", { class: "genres" }, current.genres.join(" · ")),
    ),
  );
  slot.setAttribute("data-movie-id", current.movieId);
}

async function rate(stars) {
  if (!current) return;
  const film = current;
  current = undefined;
  await api("/api/feedback", { movieId: film.movieId, rating: stars });
  rated.push({ movieId: film.movieId, rating: stars });
  say(`${label(film)}: ${stars} of 5.`);
  await next();
}

async function finish() {
  rater.hidden = true;
  result.hidden = false;
  const list = await api("/api/recommend", { k: 10 });
  showCards(cards, list.recommendations, {});
  say("Your first list, from your ratings.");
}

for (const button of document.querySelectorAll(".star")) {
  button.addEventListener("click", () => rate(Number(button.dataset.stars)).catch((e) => say(e.message)));
}
document.getElementById("skip").addEventListener("click", () => {
  current = undefined;
  next().catch((e) => say(e.message));
});
document.getElementById("again").addEventListener("click", () => {
  rated = [];
  result.hidden = true;
  rater.hidden = false;
  next().catch((e) => say(e.message));
});

wireForget(() => {
  rated = [];
  shown = [];
  result.hidden = true;
  rater.hidden = false;
  next().catch((e) => say(e.message));
});
next().catch((e) => say(e.message));
