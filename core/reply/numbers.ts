/**
 * "100,000", without Intl: the first `toLocaleString` of a process loads ICU's locale data,
 * 30 to 50 ms with the event loop held, and the refusal of a huge message must be cheap.
 */
export function thousands(n: number): string {
  const whole = Math.trunc(n);
  const digits = String(Math.abs(whole)).replace(/\B(?=(\d{3})+$)/g, ",");
  return whole < 0 ? `-${digits}` : digits;
}
