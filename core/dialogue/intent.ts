import { type SmallTalk, smallTalk } from "./small-talk.ts";

/** What a message asks for, before any title is looked up. */
export type Intent =
  | { kind: "help" }
  /** "hi", "what can you do?", "help me find a movie": small talk, no film in it. */
  | { kind: "greet"; talk: SmallTalk }
  /** "import", "import letterboxd": how to send a history export (the file itself arrives as its own event). */
  | { kind: "import" }
  | { kind: "forget" }
  | { kind: "confirm"; yes: boolean }
  | { kind: "profile" }
  | { kind: "more" }
  /** "more like Heat", "something similar to Alien". */
  | { kind: "similar"; query: string }
  /** "I've seen it", "seen them all", "seen #3". `which`: 1-based positions in the last list, or "all". */
  | { kind: "seen"; which: number[] | "all" }
  /** "watch later #2", "save it". */
  | { kind: "watchlist"; which: number[] | "all" }
  /** "something newer / older / lighter". */
  | { kind: "refine"; direction: "newer" | "older" | "lighter" }
  /** "region DE": where-to-watch country. */
  | { kind: "region"; code: string }
  /** "movie night with Ann and Bob"; "movie night with everyone": all who opted in here. */
  | { kind: "group"; members: string[]; everyone?: boolean }
  /** "language ko", "/language", "speak korean", "한국어로", "영어로": which language to speak (none: ask). */
  | { kind: "language"; code?: string }
  /** "close vote", "end the vote": the movie night's asker ends its vote now. */
  | { kind: "closeVote" }
  /** "no, I meant the 1990 one", "2" after "Did you mean…?" — resolved against the pending question. */
  | { kind: "correct"; text: string }
  /** Anything else: the message tells us about films and tastes (or we say we found none). */
  | { kind: "tell" };

const WHOLE: [RegExp, Intent["kind"]][] = [
  [/^\/?(help|\?|commands)\W*$/i, "help"],
  // A few commands in Korean ("도움말", "더 보여줘", "프로필"): the words a Korean speaker types first.
  [/^(도움말|도움|명령어)[\s.!?]*$/u, "help"],
  [/^(더|더 보여 ?줘|더 보여 ?주세요|추천|추천해 ?줘|추천해 ?주세요|다음)[\s.!?]*$/u, "more"],
  [/^(프로필|내 취향)[\s.!?]*$/u, "profile"],
  [/^\/?(reset|forget|forget me|start over|clear|delete my data|forget everything)\W*$/i, "forget"],
  [
    /^\/?(profile|my profile|what do you know about me|what do i like|my taste|show my profile)\W*$/i,
    "profile",
  ],
  [
    /^\/?(more|next|recommend|suggest|more please|show me more|something else|what should i watch( next| tonight)?|any ideas|recommend (me )?something|give me (some )?(recommendations|suggestions|ideas))\W*$/i,
    "more",
  ],
];

/** "language ko", "/lang", "언어 한국어". */
const LANGUAGE_COMMAND = /^\/?(?:language|lang|언어)(?:\s+([\p{L}-]{2,20}))?[\s.!?]*$/iu;
/** "speak korean", "in english please", "switch to korean", "korean please". */
const LANGUAGE_REQUEST =
  /^(?:(?:please\s+)?(?:speak|talk|answer|reply|switch to|change to|use)(?:\s+(?:to me\s+)?in)?|in)\s+(korean|english)(?:\s+please)?[\s.!?]*$|^(korean|english)\s+please[\s.!?]*$/i;
/** "한국어로", "영어로 말해 주세요", "한국어로 바꿔 줘", "한국어". */
const LANGUAGE_KOREAN =
  /^(한국어|한국말|영어)(?:로|으로)?(?:\s*(?:말해|얘기해|대답해|바꿔|해)\s*(?:줘|주세요|줄래|요)?)?[\s.!?~]*$/u;

function languageIntent(t: string): Intent | undefined {
  const command = LANGUAGE_COMMAND.exec(t);
  if (command) return command[1] ? { kind: "language", code: command[1] } : { kind: "language" };
  const request = LANGUAGE_REQUEST.exec(t);
  if (request) return { kind: "language", code: (request[1] ?? request[2])! };
  const korean = LANGUAGE_KOREAN.exec(t);
  if (korean) return { kind: "language", code: korean[1]! };
  return undefined;
}

const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  last: -1,
};

/** "#-1", "#0", "#1234", "number -2": shaped like a list position, but no list has it. */
const BAD_POSITION = /^\s*(?:number\s*|#\s*)[-+]?\d+\s*$|^\s*[-+]\d+\s*$|^\s*#?\d{3,}\s*$/i;

/** "it", "that one", "#3", "the second one", "them all" → positions in the last list. */
function positions(phrase: string): number[] | "all" | undefined {
  const p = phrase.trim().toLowerCase();
  if (/^(it|that|that one|this|this one|the top one)$/.test(p)) return [1];
  if (/^((all )?(of )?(them|these|those)( all)?|all|all of them|every one|everything)$/.test(p)) return "all";
  const numbers = [...p.matchAll(/#?(\d{1,2})\b/g)].map((m) => Number(m[1]));
  if (numbers.length > 0 && /^(#?\d{1,2}|numbers?|and|,|\s|the)*$/.test(p.replace(/#?\d{1,2}/g, "")))
    return numbers;
  const ordinal = /^the (\w+)(?: one)?$/.exec(p);
  if (ordinal && ORDINALS[ordinal[1]!] !== undefined) return [ORDINALS[ordinal[1]!]!];
  return undefined;
}

/**
 * Commands are whole messages ("help", "/more"), and requests have a fixed shape ("more
 * like X", "seen it"), so a film called "Help!" or "More" still works inside a sentence.
 */
export function classify(text: string): Intent {
  // "!help" is how many chat bots take commands: the same as "/help".
  const t = text
    .trim()
    .replace(/’/g, "'")
    .replace(/^!(?=\p{L})/u, "/");
  for (const [re, kind] of WHOLE) if (re.test(t)) return { kind } as Intent;
  const language = languageIntent(t);
  if (language) return language;
  const talk = smallTalk(t);
  if (talk) return { kind: "greet", talk };
  if (/^\/?import(?:\s|$)/i.test(t)) return { kind: "import" };

  const region = /^\/?(?:region|country|my country is|i'?m in)\s+([a-z]{2})\W*$/i.exec(t);
  if (region) return { kind: "region", code: region[1]!.toUpperCase() };

  const confirm =
    /^(yes|yep|yeah|sure|ok|okay|do it|confirm|no|nope|cancel|never ?mind|don't)\b[\s,!.]*(forget (me|it|everything))?\W*$/i.exec(
      t,
    );
  if (confirm)
    return { kind: "confirm", yes: /^(yes|yep|yeah|sure|ok|okay|do it|confirm)/i.test(confirm[1]!) };

  const similar =
    /^\/?(?:similar(?: to)?|more like|(?:something|anything|films?|movies?|stuff|more films?|more movies?)(?: (?:just|a bit|kind of))? (?:like|similar to))\s+(.+?)[\s?!.]*$/i.exec(
      t,
    );
  if (similar && !/^(it|that|this)$/i.test(similar[1]!)) return { kind: "similar", query: similar[1]! };

  const seen = /^(?:i(?:'ve| have)?\s+)?(?:already\s+)?(?:seen|watched|saw)\s+(.+?)(?:\s+already)?\W*$/i.exec(
    t,
  );
  if (seen) {
    const which = positions(seen[1]!);
    if (which) return { kind: "seen", which };
    // "seen #-1", "seen #0", "seen #999": a position, just not one the list has; never a title.
    if (BAD_POSITION.test(seen[1]!)) return { kind: "seen", which: [0] };
  }
  const save = /^(?:save|bookmark|watch ?list|add to (?:my )?watch ?list|watch later)\s*(.*?)\W*$/i.exec(t);
  if (save) {
    const which = save[1] ? positions(save[1]) : [1];
    if (which) return { kind: "watchlist", which };
    if (BAD_POSITION.test(save[1] ?? "")) return { kind: "watchlist", which: [0] };
  }

  const refine =
    /^(?:(?:show me |give me |got |have you got |any(?:thing)? )?(?:something|anything|some(?:thing)? a bit|more|a bit)\s+)?(newer|more recent|recent|older|classic|lighter|less dark|funnier|happier|more fun)(?:\s+(?:stuff|films?|movies?|ones?|please|instead))*\W*$/i.exec(
      t,
    );
  if (refine) {
    const w = refine[1]!.toLowerCase();
    const direction = /newer|recent/.test(w) ? "newer" : /older|classic/.test(w) ? "older" : "lighter";
    return { kind: "refine", direction };
  }

  const group = /^\/?(?:movie ?night|group|watch(?:ing)? together)(?:\s+(?:with|for))?[\s:]+(.+?)\W*$/i.exec(
    t,
  );
  if (/^\/?(?:close|end|finish|stop)(?: the)? (?:vote|poll|voting)\W*$/i.test(t))
    return { kind: "closeVote" };
  if (group && /^(?:every(?:one|body)|all(?: of us)?)(?: here)?$/i.test(group[1]!.trim()))
    return { kind: "group", members: [], everyone: true };
  if (group) {
    const members = group[1]!
      .split(/\s*(?:,|\band\b|&|\+)\s*/i)
      .map((m) => m.replace(/^@/, "").trim())
      .filter((m) => m && !/^(me|myself|i)$/i.test(m));
    if (members.length > 0) return { kind: "group", members };
  }

  const correct = /^(?:no[,.!]?\s+)?(?:i\s+)?(?:meant|mean)\s+(.+?)\W*$/i.exec(t);
  if (correct) return { kind: "correct", text: correct[1]! };
  if (/^(?:#?\d{1,2}|(?:18|19|20)\d\d|the (?:18|19|20)\d\d one)$/i.test(t))
    return { kind: "correct", text: t };
  return { kind: "tell" };
}
