// The pages' one way to the server: JSON in, JSON out, errors as thrown messages.

/** Calls the API; a non-2xx answer throws its error message (the server names the field). */
export async function api(path, body) {
  const res = await fetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error ?? `request failed (${res.status})`);
  return data;
}

/** An element with attributes and children; text is always set as text, never as HTML. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export function label(film) {
  return film.year ? `${film.title} (${film.year})` : film.title;
}

/** Says something to the person (and to screen readers) in the page's status line. */
export function say(text) {
  const status = document.getElementById("status");
  if (status) status.textContent = text;
}

/** Wires the "Forget me" button every page has. */
export function wireForget(after) {
  const button = document.getElementById("forget");
  if (!button) return;
  button.addEventListener("click", async () => {
    if (!window.confirm("Forget everything Matinee knows about you on this site?")) return;
    await api("/api/forget", {});
    say("Forgotten: your films and ratings here are gone.");
    after?.();
  });
}
