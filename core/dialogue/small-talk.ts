/**
 * Small talk: a whole message that greets the bot or asks what it is for, with no film in it.
 * Whole-message patterns with a closed list of words after the greeting, so "Hello, Dolly!",
 * "Hey Arnold!" or "Good Morning, Vietnam" never match: those are titles, not hellos.
 */
export type SmallTalk = "hello" | "question" | "request";

const END = String.raw`[\s!.,~?]*$`;
const TO_WHOM = String.raw`(?:\s+(?:there|all|everyone|everybody|folks|matinee|bot|friend))?`;

const HELLO = new RegExp(
  String.raw`^(?:hi+|hello+|hey+|heya|hiya|howdy|yo|hallo|greetings|good (?:morning|afternoon|evening|day)|안녕(?:하세요)?|하이)${TO_WHOM}${END}`,
  "iu",
);

const QUESTION = new RegExp(
  String.raw`^(?:(?:hi|hello|hey)[\s,!]+)?(?:what can you do|what do you do|what are you|who are you|how does (?:this|it) work|how do (?:i|you) use (?:this|you|it)|what is this)${END}`,
  "iu",
);

const REQUEST = new RegExp(
  String.raw`^(?:(?:hi|hello|hey)[\s,!]+)?(?:(?:can|could) you\s+)?(?:please\s+)?(?:help me (?:find|pick|choose)|find me|i need|i want|i'm looking for|looking for)\s+(?:a|an|some)\s+(?:good\s+)?(?:movie|film)s?(?:\s+to watch)?(?:\s+(?:for\s+)?tonight)?(?:\s+please)?${END}`,
  "iu",
);

export function smallTalk(text: string): SmallTalk | undefined {
  const t = text.trim().replace(/’/g, "'");
  if (HELLO.test(t)) return "hello";
  if (QUESTION.test(t)) return "question";
  if (REQUEST.test(t)) return "request";
  return undefined;
}
