import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Matinee } from "../../core/matinee.ts";
import { renderReply } from "./render.ts";

export interface TerminalChatOptions {
  matinee: Matinee;
  input: Readable;
  output: Writable;
  /** Whose profile this is: one per account on this machine. */
  userId: string;
  /** Whether a person is typing (show prompts) or lines are piped in (echo them instead). */
  interactive: boolean;
}

const PROMPT = "you › ";
const QUIT = /^\s*\/?(quit|exit|bye|q)\s*$/i;

export const GREETING = [
  "🎬 Matinee: tell me films you love, and I'll suggest what to watch next.",
  'For example: "I loved The Godfather and Heat". Type `help` for more, `quit` to leave.',
].join("\n");

/**
 * The terminal front end: lines in, core replies out. Lines are handled one at a time in
 * order, so piped input behaves exactly like typing.
 */
export async function runTerminalChat(options: TerminalChatOptions): Promise<void> {
  const { matinee, input, output, userId, interactive } = options;
  const write = (text: string) => output.write(`${text}\n`);
  const rl = createInterface({
    input,
    ...(interactive ? { output, prompt: PROMPT, terminal: true } : { terminal: false }),
  });
  write(GREETING);
  write("");
  if (interactive) rl.prompt();
  for await (const line of rl) {
    if (!interactive) write(`${PROMPT}${line}`);
    if (QUIT.test(line)) break;
    if (line.trim()) {
      try {
        const replies = await matinee.handle({ platform: "terminal", userId, text: line });
        for (const reply of replies) write(`${renderReply(reply)}\n`);
      } catch (error) {
        write(`Sorry, something went wrong handling that: ${(error as Error).message}`);
      }
    }
    if (interactive) rl.prompt();
  }
  rl.close();
  write("Bye! Enjoy the film. 🍿");
}
