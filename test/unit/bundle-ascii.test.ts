/** The CLI bundle's text in ASCII (src/build/bundle-cli.ts asciiOnly): what was not ASCII is escaped, the rest as it was. */
import { asciiOnly } from '../../src/build/bundle-cli';

describe('asciiOnly', () => {
  it('escapes every non-ASCII character and keeps ASCII text as it is', () => {
    expect(asciiOnly('// x IN … — ±15 ≤12\nconst a = 1;')).toBe('// x IN \\u2026 \\u2014 \\u00b115 \\u226412\nconst a = 1;');
    const out = asciiOnly('/** ü */ "é"');
    expect([...out].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
    // In a string literal the escape stands for the same character.
    expect(eval(asciiOnly("'é…'"))).toBe('é…');
  });
});
