// Preloaded with `node --require` (tests only): this process's clock runs BACKFILL_TEST_CLOCK_SKEW_MS behind (a
// negative value) or ahead, as on a host whose clock is off. Date.now() and `new Date()` without arguments shift;
// dates built from a value do not.
'use strict';
const skew = Number(process.env.BACKFILL_TEST_CLOCK_SKEW_MS || 0);
if (skew !== 0) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  class SkewedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(realNow() + skew);
      else super(...args);
    }
    static now() {
      return realNow() + skew;
    }
  }
  globalThis.Date = SkewedDate;
}
