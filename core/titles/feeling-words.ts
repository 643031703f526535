/**
 * How people say what they thought of a film in chat, as patterns, one list per feeling.
 * Not general sentiment words: in film talk "scary", "creepy", "sad" and "dark" describe a
 * film people loved ("still creeps me out, great film"), so only evaluative language counts
 * here: verdicts, what the film did to the viewer ("bored me", "lost me", "wrecked me"),
 * what they did about it ("fell asleep during", "couldn't finish"), lukewarm words, and
 * intent ("need to watch"). Each list is joined into one pattern; where matches overlap, a
 * list earlier in FEELING_PATTERNS wins, so "didn't like" is read before its "like".
 */
import type { Sentiment } from "./sentiment.ts";

// Defending a film against others' opinion reads as liking it: before "hate" can be a dislike.
const DEFENDED = [
  "gets? (?:way |so |far )?(?:too much|a lot of|so much) (?:hate|flak|crap|shit)",
  "deserves? (?:way |a lot |so much )?more (?:love|credit|attention)",
  "(?:more fun|better|scarier|funnier) than (?:people|everyone|most people) (?:think|say|give it credit)",
  "than it gets credit for",
  "(?:so |hugely |massively |very |criminally )?underrated",
  "(?:not|isn'?t|wasn'?t|never) (?:that |too |as )?(?:bad|boring)",
];

const DISLIKED = [
  "(?<=\\bbut )not\\b",
  "hate[ds]?|hating|dislike[ds]?|can'?t stand|loathe[ds]?",
  "(?:not|was ?n'?t|were ?n'?t|never been|is ?n'?t) (?:a |the |that )?(?:big |huge |really )?fan",
  "not (?:really )?(?:into|big on|interested in|my (?:cup of tea|thing|type))",
  "(?:(?:did|do|does|could|can|would) ?(?:n[o']?t|not)|cannot|never) (?:really |even |quite )?(?:like|love|enjoy|get into|care for|stand|finish|get through|sit through)",
  "(?:was ?n'?t|is ?n'?t|were ?n'?t|not) (?:that |very |so |really |as |even )?(?:good|great|funny|fun|scary|interesting|worth it)",
  "not so much|not for me|no thanks",
  "fell asleep|falling asleep|dozed off|nodded off|gave up (?:on|after)|turned it off|walked out|switched it off",
  "bor(?:ed|ing)|snooze(?:fest)?|tedious|dull",
  "(?:a |such a |hot |total |complete |huge )mess|messy",
  "ma(?:de|kes?) (?:zero|no|little) sense|nonsens(?:e|ical)|incoherent",
  "(?:way |far |much |so |just |wa+y )?too long|overlong|dragg?(?:ed|s|ing)?(?= |$|[.,!])",
  "lost me|lose me|did nothing for me|went nowhere",
  "over-?rated|over-?hyped|forgettable|depressing|disappoint(?:ed|ing|ment)|let ?down|letdown",
  "waste of (?:time|money)|cringe(?:y|worthy)?|cringy|unwatchable|painful|pretentious|ruined|sucked|sucks",
  "(?:a|such a|total|complete) joke|joke of a",
  "awful|terrible|horrible|worst|garbage|trash|rubbish|meh|lame|stupid|dumb|bland|a mess|a slog|slog",
  "(?:was|is|so|pretty|really|just|kinda) (?:bad|mid)",
];

// Intent or not having seen it: the person names the film, not an opinion.
const UNSEEN = [
  "have ?n[o']?t (?:yet )?(?:seen|watched|see|gotten to)|not (?:yet )?(?:seen|watched)|never (?:seen|watched|saw)",
  "did ?n[o']?t (?:see|watch)|yet to (?:see|watch)|never got (?:around|round) to",
  "(?:still |really )?(?:need|needs|have|got|want|wanna|meaning|meant|plan|planning|hope|hoping|going|gonna|gotta) (?:to )?(?:finally )?(?:watch|see|check)",
  "(?:will|might|should) (?:finally )?(?:watch|see|check)",
  "on my (?:watch ?)?list|in my queue|heard (?:of|about)|any good|worth (?:it|watching|a watch|seeing)",
  "should i (?:watch|see)|is it (?:good|worth)|check (?:it |that |this )?out|looking forward|have you seen|what is .{1,40} about",
];

// Lukewarm: said after the film's verb ("was fine i guess", "pretty average", "just ok").
const LUKEWARM = [
  "(?:is|was|s|were|are|felt|seemed|just|pretty|kinda|kind of|fairly|only|quite|mostly) (?:just |pretty |kinda |really |only |so |fairly )?(?:fine|ok|okay|alright|all right|decent|average|mediocre|so-so|passable|watchable)",
  "fine i guess|it'?s fine|mixed feelings|middle of the road|nothing special|not bad not great",
];

const LIKED = [
  "lov(?:e[ds]?|ing)|liked|likes|liking|enjoy(?:ed|s)?|adore[ds]?",
  // "like" is a verb only after its subject or an adverb: "was like 40 mins" is filler.
  "(?<=\\b(?:i|we|you|u|they|really|also|just|kinda|totally|actually|still|do|did|would|d) )like",
  "favou?rite|favs?|great|amazing|awesome|brilliant|fantastic|masterpiece|good|funny|hilarious|classic",
  // Awards are names, not verdicts: "winning best picture".
  "best(?! (?:picture|actor|actress|director|supporting|original|animated|foreign|film at|score))",
  "perfect|peak|goat|gem|banger|slaps?|10/10|untouchable|rewatchable|vibe|iconic|legendary|incredible|beautiful",
  "blew my mind|mind-?blowing|wrecked me|gives? me (?:chills|goosebumps)|edge of my seat|stuck with me",
];

/** Most specific first: where two matches overlap, the earlier list's wins. */
export const FEELING_PATTERNS: [Sentiment, RegExp][] = [
  ["like", DEFENDED],
  ["dislike", DISLIKED],
  ["neutral", UNSEEN],
  ["neutral", LUKEWARM],
  ["like", LIKED],
].map(([feeling, list]) => [
  feeling as Sentiment,
  new RegExp(`\\b(?:${(list as string[]).join("|")})(?![\\w'])`, "gi"),
]);
