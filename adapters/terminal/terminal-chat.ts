import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { translator } from "../../core/i18n/i18n.ts";
import type { Matinee } from "../../core/matinee.ts";
import type { Choice } from "../../core/reply/actions.ts";
import type { PollOption, Reply } from "../../core/reply/reply.ts";
import { importCommand, readImportFile } from "./import-file.ts";
import { renderReply, terminalChoices } from "./render.ts";

export interface TerminalChatOptions {
  matinee: Matinee;
  input: Readable;
  output: Writable;
  /** Whose profile this is: one per account on this machine. */
  userId: string;
  /** Whether a person is typing (show prompts) or lines are piped in (echo them instead). */
  interactive: boolean;
  /**
   * The terminal's locale ("ko_KR.UTF-8" from LANG, or "ko"): the language for someone new;
   * `language en` / `language ko` chooses, and the choice is kept.
   */
  locale?: string;
}

const PROMPT = "you › ";
const QUIT = /^\s*\/?(quit|exit|bye|q)\s*$/i;
/** "/user ann": hand the keyboard to someone else (each person keeps their own profile). */
const SWITCH_USER = /^\s*\/user\s+([\p{L}\p{N}_.-]{1,32})\s*$/iu;
const CHOICE_NUMBER = /^\s*\[?(\d{1,2})\]?\s*$/;
/** "vote 2": a vote in the movie night's poll, by whoever has the keyboard. */
const VOTE = /^\s*\/?vote\s+#?(\d{1,2})\s*$/i;
/** The terminal is one place: its movie-night vote is kept here, the counts go to the core at the close. */
const PLACE = "terminal";

/** The vote open at this terminal: this front end is the platform, so it counts the votes. */
interface TerminalPoll {
  messageRef: string;
  options: PollOption[];
  /** Each person's vote (one each; voting again changes it). */
  votes: Map<string, number>;
}

export const GREETING = translator().t("term-greeting");

/** "ko_KR.UTF-8" (POSIX locale) → "ko-KR"; "C" and "POSIX" say nothing. */
export function localeOfEnv(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  const tag = raw?.split(/[.@]/)[0]?.replace(/_/g, "-");
  return tag && tag !== "C" && tag !== "POSIX" ? tag : undefined;
}

/** Renders one turn's replies, numbering cards and choices across the whole turn. */
function renderTurn(replies: Reply[]): { text: string; choices: Choice[] } {
  let position = 1;
  const choices: Choice[] = [];
  const parts = replies.map((reply) => {
    const text = renderReply(reply, position, choices.length + 1);
    position += reply.cards?.length ?? 0;
    choices.push(...terminalChoices(reply));
    return text;
  });
  return { text: parts.map((p) => `${p}\n`).join("\n"), choices };
}

/**
 * The terminal front end: lines in, core replies out. Lines are handled one at a time in
 * order, so piped input behaves exactly like typing.
 */
export async function runTerminalChat(options: TerminalChatOptions): Promise<void> {
  const { matinee, input, output, interactive } = options;
  let userId = options.userId;
  const speakerOf = (id: string) => ({
    platform: "terminal",
    userId: id,
    name: id,
    ...(options.locale ? { locale: options.locale } : {}),
  });
  // What this front end says itself, in the language of whoever has the keyboard.
  let tr = translator(await matinee.language(speakerOf(userId)));
  // The buttons of the last turn, pressed by typing their number.
  let choices: Choice[] = [];
  let poll: TerminalPoll | undefined;
  /** Opens and ends votes as the replies ask, and adds the close's announcement to them. */
  const withVotes = async (replies: Reply[]): Promise<Reply[]> => {
    const out: Reply[] = [];
    for (const reply of replies) {
      out.push(reply);
      if (reply.endPoll && poll?.messageRef === reply.endPoll.messageRef) {
        const ended = poll;
        poll = undefined;
        const counts = ended.options.map((_, i) => [...ended.votes.values()].filter((v) => v === i).length);
        out.push(
          ...(await matinee.pollClosed({
            platform: "terminal",
            place: PLACE,
            messageRef: ended.messageRef,
            counts,
          })),
        );
      }
      if (reply.poll) {
        poll = {
          messageRef: `terminal:poll:${reply.poll.id}`,
          options: reply.poll.options,
          votes: new Map(),
        };
        await matinee.pollSent({
          platform: "terminal",
          place: PLACE,
          pollId: reply.poll.id,
          messageRef: poll.messageRef,
        });
      }
    }
    return out;
  };
  const vote = (n: number): string => {
    if (!poll) return tr.t("term-no-vote");
    const option = poll.options[n - 1];
    if (!option) return tr.t("term-vote-range", { count: poll.options.length });
    poll.votes.set(userId, n - 1);
    return tr.t("term-voted", { user: userId, film: option.label });
  };
  const write = (text: string) => output.write(`${text}\n`);
  const rl = createInterface({
    input,
    ...(interactive ? { output, prompt: PROMPT, terminal: true } : { terminal: false }),
  });
  // Ctrl-D (or Ctrl-C) at a terminal closes the interface, possibly while a turn is still
  // being answered. The turn is finished and printed, but no prompt follows: prompting a
  // closed interface resumes stdin, and a flowing TTY keeps the process alive after "Bye!".
  let closed = false;
  rl.once("close", () => {
    closed = true;
  });
  const prompt = () => {
    if (interactive && !closed) rl.prompt();
  };
  write(tr.t("term-greeting"));
  write("");
  prompt();
  for await (const line of rl) {
    if (!interactive) write(`${PROMPT}${line}`);
    if (QUIT.test(line)) break;
    const switched = SWITCH_USER.exec(line);
    const voted = VOTE.exec(line);
    const number = CHOICE_NUMBER.exec(line);
    const chosen = number ? choices[Number(number[1]) - 1] : undefined;
    if (voted) {
      write(`${vote(Number(voted[1]))}\n`);
    } else if (switched) {
      userId = switched[1]!;
      choices = [];
      tr = translator(await matinee.language(speakerOf(userId)));
      write(`${tr.t("term-now-chatting", { user: userId })}\n`);
    } else if (line.trim()) {
      try {
        // "import PATH": this front end reads the file and hands the core its bytes.
        const importing = chosen ? undefined : importCommand(line);
        const speaker = speakerOf(userId);
        const replies = await matinee.handle(
          chosen
            ? { ...speaker, action: chosen.action }
            : importing
              ? { ...speaker, upload: await readImportFile(importing.path, importing.format) }
              : { ...speaker, text: line },
        );
        const turn = renderTurn(await withVotes(replies));
        choices = turn.choices;
        write(turn.text);
        // A turn may have changed the language (`language ko`): this front end follows.
        const said = replies.find((r) => r.lang)?.lang;
        if (said && said !== tr.lang) tr = translator(said);
        else if (!said && tr.lang !== "en") tr = translator(await matinee.language(speaker));
      } catch (error) {
        write(tr.t("term-error", { error: (error as Error).message }));
      }
    }
    prompt();
  }
  rl.close();
  write(tr.t("term-bye"));
}
