// Tune: the reranking's diversity λ and recency α as sliders, re-ranking the list as they move.
import { api, el, label, say, wireForget } from "./api.js";

const diversity = document.getElementById("diversity");
const recency = document.getElementById("recency");
const ranked = document.getElementById("ranked");
const note = document.getElementById("taste-note");
/** A taste to tune on for someone who has told the site nothing yet: three well-known films. */
const EXAMPLE = [858, 6, 1214];
let defaults;
let taste = {};
let asked = 0;

async function rank() {
  const mine = ++asked;
  const body = {
    ...taste,
    k: 15,
    ...(defaults ? { diversity: Number(diversity.value), recency: Number(recency.value) } : {}),
  };
  const list = await api("/api/recommend", body);
  if (mine !== asked) return; // a later slider position's answer is the one to show
  if (!defaults) {
    defaults = list.rerank;
    setDials(defaults);
  }
  document.getElementById("diversity-value").textContent = Number(diversity.value).toFixed(2);
  document.getElementById("recency-value").textContent = Number(recency.value).toFixed(2);
  ranked.replaceChildren(
    ...list.recommendations.map((f) =>
      el(
        "li",
        { "data-movie-id": f.movieId },
        label(f),
        el("span", { class: "score" }, `${f.genres.join(", ")} · score ${f.score.toFixed(3)}`),
      ),
    ),
  );
}

function setDials(values) {
  diversity.value = String(values.diversity);
  recency.value = String(values.recency);
}

let timer;
for (const dial of [diversity, recency]) {
  dial.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => rank().catch((e) => say(e.message)), 60);
  });
}
document.getElementById("reset").addEventListener("click", () => {
  if (defaults) setDials(defaults);
  rank().catch((e) => say(e.message));
});

async function start() {
  const profile = await api("/api/profile");
  if (profile.liked.length > 0) {
    taste = {};
    note.textContent = `Your films: ${profile.liked.map(label).join(", ")}.`;
  } else {
    taste = { likeIds: EXAMPLE };
    note.textContent =
      "You have told Matinee no films yet, so this is tuned on an example taste: The Godfather, Heat and Alien. Add your own on Try it or Rate to start.";
  }
  await rank();
}

wireForget(() => start());
start().catch((e) => say(e.message));
