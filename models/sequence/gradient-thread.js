// A gradient helper thread's entry. Source is TypeScript run through tsx's loader (as in
// bot/bin.js); a worker thread does not inherit the loader its parent registered.
import { register } from "tsx/esm/api";

register();
await import("./gradient-thread.ts");
