/** validateArgs: a macro's declared arguments are checked before any SQL is rendered (SPEC §4). */
import { macroHeader, validateArgs, type MacroHeader } from '../../../src/compiler/macro-args';
import { UsageError } from '../../../src/errors';

const MODELS = new Map([
  ['card_shipped', 'CardWasShipped'],
  ['payment_completed', 'PaymentCompleted'],
]);

const HEADER: MacroHeader = macroHeader.parse({
  args: {
    stage_table_name: { type: 'stage_table', required: true },
    event_id: { type: 'event_id' },
    event_ids: { type: 'event_ids' },
    set: { type: 'set_map' },
    where: { type: 'where_map' },
    business_key: { type: 'column_or_path' },
    lookback_days: { type: 'integer', default: 14, min: 0, max: 3650 },
    description: { type: 'string', default: 'by default' },
    dry: { type: 'boolean' },
    tags: { type: 'string_list' },
  },
  exactly_one_of: [['event_id', 'event_ids']],
});

const BASE = { stage_table_name: 'card_shipped', event_id: 'e-1' };

function validate(raw: unknown, header: MacroHeader = HEADER, models: ReadonlyMap<string, string> = MODELS): Record<string, unknown> {
  return validateArgs('test_macro', header, raw, models);
}

/** The UsageError message for `raw`, failing the test when it is accepted. */
function refusal(raw: unknown, header: MacroHeader = HEADER, models: ReadonlyMap<string, string> = MODELS): string {
  try {
    validate(raw, header, models);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as UsageError).message;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be refused`);
}

describe('accepted arguments', () => {
  test('defaults are filled, absent optional args are null, event_name comes from the stage table', () => {
    expect(validate(BASE)).toEqual({
      stage_table_name: 'card_shipped',
      event_id: 'e-1',
      event_ids: null,
      set: null,
      where: null,
      business_key: null,
      lookback_days: 14,
      description: 'by default',
      dry: null,
      tags: null,
      event_name: 'CardWasShipped',
    });
  });

  test('given values override defaults', () => {
    const args = validate({ ...BASE, lookback_days: 0, description: 'mine', dry: false });
    expect(args).toMatchObject({ lookback_days: 0, description: 'mine', dry: false });
  });

  test('stage_table_name resolves to its own model event name', () => {
    expect(validate({ ...BASE, stage_table_name: 'payment_completed' })['event_name']).toBe('PaymentCompleted');
  });

  test('event_ids are deduplicated, keeping their order', () => {
    const args = validate({ stage_table_name: 'card_shipped', event_ids: ['b', 'a', 'b', 'c', 'a'] });
    expect(args['event_ids']).toEqual(['b', 'a', 'c']);
  });

  test('set and where maps accept JSON paths and event columns, scalars, lists and null', () => {
    const args = validate({
      ...BASE,
      set: { '$.Status': 'Failed', '$.card.retries': 2, '$.ok': true },
      where: { '$.Status': 'Pending', user_id: ['u1', 'u2'], event_advisor_id: null },
      business_key: '$.TransactionId',
    });
    expect(args['set']).toEqual({ '$.Status': 'Failed', '$.card.retries': 2, '$.ok': true });
    expect(args['where']).toEqual({ '$.Status': 'Pending', user_id: ['u1', 'u2'], event_advisor_id: null });
    expect(args['business_key']).toBe('$.TransactionId');
  });

  test('a macro without a stage_table arg gets event_name null', () => {
    const header = macroHeader.parse({ args: { note: { type: 'string', required: true } } });
    expect(validate({ note: 'hi' }, header)).toEqual({ note: 'hi', event_name: null });
  });

  test('integer bounds are inclusive', () => {
    expect(validate({ ...BASE, lookback_days: 3650 })['lookback_days']).toBe(3650);
    expect(validate({ ...BASE, lookback_days: 0 })['lookback_days']).toBe(0);
  });
});

describe('refused arguments', () => {
  test.each([null, ['card_shipped'], 'card_shipped', 7])('--args %j (not a mapping) is refused naming the macro', (raw) => {
    const message = refusal(raw);
    expect(message).toMatch(/^--args: must be a YAML or JSON mapping/);
    expect(message).toContain("'test_macro'");
  });

  test('an unknown key is refused, naming the key', () => {
    expect(refusal({ ...BASE, lookbak_days: 3 })).toMatch(/unknown key 'lookbak_days'/);
  });

  test('a missing required arg is refused, naming it', () => {
    expect(refusal({ event_id: 'e-1' })).toContain('--args.stage_table_name');
  });

  test('exactly_one_of: both given', () => {
    expect(refusal({ ...BASE, event_ids: ['e-2'] })).toMatch(/--args\.event_id: give only one of event_id or event_ids/);
  });

  test('exactly_one_of: none given', () => {
    expect(refusal({ stage_table_name: 'card_shipped' })).toMatch(/--args\.event_id: one of event_id or event_ids is required/);
  });

  test('a stage table that does not exist lists the models', () => {
    const message = refusal({ ...BASE, stage_table_name: 'card_shiped' });
    expect(message).toContain('--args.stage_table_name');
    expect(message).toMatch(/no such stage model; models: card_shipped, payment_completed/);
  });

  test('with no models at all the message says so', () => {
    expect(refusal(BASE, HEADER, new Map())).toMatch(/\(none in models\/\)/);
  });

  test.each(["e'1", 'e"1', 'e;1', 'e\\1', 'e`1', 'e\n1', ''])('event_id %j is refused', (id) => {
    expect(refusal({ ...BASE, event_id: id })).toContain('--args.event_id');
  });

  test('one bad id among event_ids is refused, naming its position', () => {
    expect(refusal({ stage_table_name: 'card_shipped', event_ids: ['ok-1', "x' OR '1'='1"] })).toContain('--args.event_ids.1');
  });

  test('an empty event_ids list is refused', () => {
    expect(refusal({ stage_table_name: 'card_shipped', event_ids: [] })).toMatch(/--args\.event_ids: must hold at least one id/);
  });

  test.each(['$.a b', "$.a'", 'Status', '$', '$.a..b', '$[0]'])('set with bad path %j is refused naming the path', (p) => {
    const message = refusal({ ...BASE, set: { [p]: 'x' } });
    expect(message).toContain(`--args.set.${p}`);
  });

  test('a bad map key says what a valid key looks like (how to fix it)', () => {
    expect(refusal({ ...BASE, set: { '$.a b': 'x' } })).toMatch(/JSON path.*\$\.Status/);
    expect(refusal({ ...BASE, where: { 'status; drop': 'x' } })).toMatch(/event column .* or a JSON path/);
  });

  test('an empty set is refused', () => {
    expect(refusal({ ...BASE, set: {} })).toMatch(/--args\.set: must set at least one JSON path/);
  });

  test('a set value that is an object is refused', () => {
    expect(refusal({ ...BASE, set: { '$.a': { nested: 1 } } })).toContain('--args.set');
  });

  test('where on something that is neither a column nor a JSON path is refused', () => {
    expect(refusal({ ...BASE, where: { 'status; drop': 'x' } })).toContain('--args.where');
  });

  test('business_key must be an event column or a JSON path', () => {
    expect(refusal({ ...BASE, business_key: 'amount' })).toMatch(/--args\.business_key: must be an event column .* or a JSON path/);
  });

  test.each<[unknown, RegExp]>([
    [-1, />=\s*0|too small/i],
    [3651, /<=\s*3650|too big/i],
    [1.5, /whole number/],
    ['14', /number/],
  ])('lookback_days %j is refused', (value, why) => {
    const message = refusal({ ...BASE, lookback_days: value });
    expect(message).toContain('--args.lookback_days');
    expect(message).toMatch(why);
  });

  test('an empty string is refused', () => {
    expect(refusal({ ...BASE, description: '' })).toMatch(/--args\.description: must not be empty/);
  });

  test('a boolean arg refuses a string', () => {
    expect(refusal({ ...BASE, dry: 'yes' })).toContain('--args.dry');
  });

  test('an empty string_list is refused', () => {
    expect(refusal({ ...BASE, tags: [] })).toContain('--args.tags');
  });
});

describe('macro headers', () => {
  test('an unknown arg type is refused', () => {
    expect(macroHeader.safeParse({ args: { x: { type: 'float' } } }).success).toBe(false);
  });

  test('an unknown header key or arg-spec key is refused', () => {
    expect(macroHeader.safeParse({ argz: {} }).success).toBe(false);
    expect(macroHeader.safeParse({ args: { x: { type: 'string', requird: true } } }).success).toBe(false);
  });

  test('an exactly_one_of group needs two names', () => {
    expect(macroHeader.safeParse({ exactly_one_of: [['a']] }).success).toBe(false);
  });
});
