// Try it: films typed with autocomplete become likes in the web profile; the list follows.
import { api, el, label, say, wireForget } from "./api.js";
import { showCards } from "./cards.js";

const input = document.getElementById("film");
const box = document.getElementById("suggestions");
const loved = document.getElementById("loved");
const cards = document.getElementById("cards");
const heading = document.getElementById("list-h");
const back = document.getElementById("back");
let options = [];
let active = -1;
let typed = 0;

function closeBox() {
  box.hidden = true;
  box.replaceChildren();
  input.setAttribute("aria-expanded", "false");
  input.removeAttribute("aria-activedescendant");
  options = [];
  active = -1;
}

function highlight(i) {
  active = i;
  for (const [n, li] of [...box.children].entries()) li.setAttribute("aria-selected", String(n === i));
  if (i >= 0) input.setAttribute("aria-activedescendant", `option-${i}`);
}

async function complete() {
  const q = input.value.trim();
  const mine = ++typed;
  if (q.length < 2) return closeBox();
  const { titles } = await api(`/api/titles?q=${encodeURIComponent(q)}`);
  if (mine !== typed) return; // a later keystroke's answer is the one to show
  options = titles.slice(0, 8);
  if (options.length === 0) return closeBox();
  box.replaceChildren(
    ...options.map((t, i) =>
      el(
        "li",
        {
          id: `option-${i}`,
          role: "option",
          "aria-selected": "false",
          "data-movie-id": t.movieId,
          onmousedown: (e) => {
            e.preventDefault();
            choose(t);
          },
        },
        t.label,
      ),
    ),
  );
  box.hidden = false;
  input.setAttribute("aria-expanded", "true");
  highlight(0);
}

async function choose(option) {
  closeBox();
  input.value = "";
  await api("/api/feedback", { movieId: option.movieId, signal: "like" });
  say(`Added ${option.label}.`);
  await refresh();
}

input.addEventListener("input", () => {
  complete().catch((e) => say(e.message));
});
input.addEventListener("keydown", (e) => {
  if (e.key === "ArrowDown" && options.length) {
    e.preventDefault();
    highlight((active + 1) % options.length);
  } else if (e.key === "ArrowUp" && options.length) {
    e.preventDefault();
    highlight((active - 1 + options.length) % options.length);
  } else if (e.key === "Escape") closeBox();
});
input.addEventListener("blur", () => setTimeout(closeBox, 100));
document.getElementById("add").addEventListener("submit", (e) => {
  e.preventDefault();
  if (active >= 0 && options[active]) choose(options[active]).catch((err) => say(err.message));
});

/** Feedback on a card: recorded as a chat turn; the list is asked for again and redrawn in place. */
const actions = {
  like: (film) => feedback(film, "like", `Noted: you like ${label(film)}.`),
  dislike: (film) => feedback(film, "dislike", `Noted: not ${label(film)}. Here is another instead.`),
  seen: (film) => feedback(film, "seen", `Marked ${label(film)} as seen.`),
  similar: (film) => similar(film),
};

async function feedback(film, signal, text) {
  await api("/api/feedback", { movieId: film.movieId, signal });
  say(text);
  await refresh();
}

async function similar(film) {
  const { recommendations } = await api(`/api/similar/${film.movieId}?k=10`);
  heading.textContent = `Films like ${label(film)}`;
  back.hidden = false;
  showCards(cards, recommendations, actions);
  heading.scrollIntoView({ behavior: "smooth", block: "start" });
}

back.addEventListener("click", () => refresh().catch((e) => say(e.message)));

async function refresh() {
  const [profile, list] = await Promise.all([api("/api/profile"), api("/api/recommend", { k: 10 })]);
  loved.replaceChildren(
    ...(profile.liked.length
      ? profile.liked.map((f) => el("li", { class: "chip" }, label(f)))
      : [el("li", { class: "empty" }, "None yet.")]),
  );
  heading.textContent = profile.liked.length ? "Picks for you" : "Popular picks to start with";
  back.hidden = true;
  showCards(cards, list.recommendations, actions);
}

document.getElementById("import-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const file = document.getElementById("import-file").files[0];
  if (!file) return say("Choose a file first.");
  const res = await fetch(`/api/import?name=${encodeURIComponent(file.name)}`, {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: file,
  });
  const data = await res.json().catch(() => ({}));
  say(res.ok ? data.text : (data.error ?? "The import failed."));
  await refresh();
});

wireForget(() => refresh());
refresh().catch((e) => say(e.message));
