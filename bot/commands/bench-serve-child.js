// The `big` bench's serving child (train, or start and time chat turns): its own process, so
// its peak RSS is its own. Source is TypeScript run through tsx's loader (as in bin.js).
import { register } from "tsx/esm/api";

register();
await import("./bench-serve-child.ts");
