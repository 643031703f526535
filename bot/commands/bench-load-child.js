// The `big` bench's loading child: its own process, so its peak RSS is the load's alone.
// Source is TypeScript run through tsx's loader (as in bin.js).
import { register } from "tsx/esm/api";

register();
await import("./bench-load-child.ts");
