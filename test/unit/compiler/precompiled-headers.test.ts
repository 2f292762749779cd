/**
 * Issue 22 (the CLI's start): the build reads the package macros' front matter (YAML) once and keeps it as JSON,
 * so `backfill compile` does not parse it again. What the build keeps must be what YAML reads, or nothing.
 */
import path from 'node:path';
import YAML from 'yaml';
import { buildTimeHeader, packageTemplates } from '../../../src/compiler/precompile-templates';
import { frontMatter, parseSafe } from '../../../src/compiler/template-ast';
import { NO_ARG_HELPERS } from '../../../src/compiler/template-env';

describe('build-time macro headers', () => {
  const macros = packageTemplates().filter((t) => path.basename(path.dirname(t.file)) === 'macros');

  it('every package macro has one, equal to what YAML reads at run time', () => {
    expect(macros.length).toBeGreaterThanOrEqual(4);
    for (const m of macros) {
      const text = frontMatter(parseSafe(m.source, m.file, new Set(NO_ARG_HELPERS), [])!);
      expect(text).not.toBeNull();
      const kept = buildTimeHeader(text!);
      expect(kept).toBeDefined();
      expect(JSON.parse(kept!)).toEqual(YAML.parse(text!));
    }
  });

  it.each([
    ['a YAML .inf (JSON would write null)', 'args:\n  n: { type: integer, default: .inf }'],
    ['a !!binary value (JSON would write its bytes as an object)', 'args: [1, 2]\nx: !!binary aGVsbG8='],
    ['not YAML', 'args: [unclosed'],
    ['prose, not a mapping', 'Writes the rows of one day.'],
    ['a list', '- a\n- b'],
  ])('left to run time: %s', (_what, text) => {
    expect(buildTimeHeader(text)).toBeUndefined();
  });

  it('a plain mapping is kept as its JSON', () => {
    expect(buildTimeHeader('description: d\nargs:\n  stage_table_name: { type: stage_table, required: true }')).toBe('{"description":"d","args":{"stage_table_name":{"type":"stage_table","required":true}}}');
  });
});
