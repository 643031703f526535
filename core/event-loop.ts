/**
 * Lets the event loop run before a turn's next heavy step (reading the message, then
 * recommending), so timers, sockets and the turns of other people that arrived at the same
 * moment get their go in between. With the SQLite store every await of a turn resolves at
 * once (better-sqlite3 is synchronous), so without this, turns arriving together run back to
 * back and hold the loop for their sum: 20 of them, about 200 ms on this machine.
 */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
