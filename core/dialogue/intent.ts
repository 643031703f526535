/** What a message asks for, before any title is looked up. */
export type Intent =
  | { kind: "help" }
  | { kind: "forget" }
  | { kind: "profile" }
  | { kind: "more" }
  /** Anything else: the message tells us about films (or we will say we found none). */
  | { kind: "tell" };

const RULES: [RegExp, Intent["kind"]][] = [
  [/^\/?(help|\?|what can you do|how does this work)\W*$/i, "help"],
  [/^\/?(reset|forget|forget me|start over|clear|delete my data)\W*$/i, "forget"],
  [/^\/?(profile|my profile|what do you know about me|what do i like)\W*$/i, "profile"],
  [
    /^\/?(more|next|recommend|suggest|more please|show me more|something else|what should i watch( next)?|any ideas)\W*$/i,
    "more",
  ],
];

/** Commands are whole messages ("help", "/more"), so a film called "Help!" still works mid-sentence. */
export function classify(text: string): Intent {
  const t = text.trim();
  for (const [re, kind] of RULES) if (re.test(t)) return { kind } as Intent;
  return { kind: "tell" };
}
