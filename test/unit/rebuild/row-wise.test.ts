/**
 * Which models a targeted run may correct event by event: those whose rows each depend on their own event alone.
 * Anything that reaches other rows or tables (grouping, windows, joins, subqueries, aggregates) keeps whole days.
 */
import { isRowWise } from '../../../src/rebuild/row-wise';
import { correctsByEvents } from '../../../src/rebuild/plan-days';
import { compiledContext, TempProjects } from '../../helpers/compile-context';

describe('isRowWise', () => {
  it.each([
    'select event_id, event_created_at, json_extract_string(event_data, \'$.Status\') as status from "events"',
    'select event_id, TRY_CAST(json_extract_string(event_data, \'$.At\') AS TIMESTAMP) as at from "events" where user_id is not null',
    // words inside literals, quoted names and comments do not count
    'select event_id, \'group by count(\' as note, "over" from "events" -- a join here is only a comment',
    'select event_id, coalesce(user_id, \'none\') as user_id, case when event_advisor_id is null then 0 else 1 end as advised from "events"',
  ])('row-wise: %s', (sql) => {
    expect(isRowWise(sql, false)).toBe(true);
  });

  it.each([
    ['a window', 'select event_id, row_number() over (partition by user_id order by event_created_at) as nth from "events"'],
    ['grouping', 'select user_id as event_id, min(event_created_at) as event_created_at from "events" group by user_id'],
    ['an aggregate without GROUP BY', 'select max(event_id) as event_id from "events"'],
    ['DISTINCT', 'select distinct event_id, user_id from "events"'],
    ['a join', 'select e.event_id, u.name from "events" e join users u on u.id = e.user_id'],
    ['a subquery', 'select event_id from "events" where user_id in (select id from vip)'],
    ['a second FROM', 'select event_id, extract(day from event_created_at) as d from "events"'],
    ['LIMIT', 'select event_id from "events" limit 10'],
    ['QUALIFY', 'select event_id from "events" qualify event_id is not null'],
    ['a set operation', 'select event_id from "events" union all select event_id from "events"'],
  ])('not row-wise: %s', (_what, sql) => {
    expect(isRowWise(sql, false)).toBe(false);
  });
});

describe('correctsByEvents', () => {
  const projects = new TempProjects();
  afterAll(() => projects.cleanup());
  const MODELS = {
    plain: '{{config event_name="CardWasShipped"}}\nselect event_id, event_created_at, {{json_value "event_data" "$.Status"}} as status from {{events}}',
    ranked: '{{config event_name="CardWasShipped"}}\nselect event_id, event_created_at, row_number() over (partition by user_id order by event_created_at) as nth from {{events}}',
    forced_days: '{{config event_name="CardWasShipped" corrections="days"}}\nselect event_id, event_created_at from {{events}}',
    forced_events: '{{config event_name="CardWasShipped" corrections="events"}}\nselect event_id, event_created_at, count(*) over () as n from {{events}}',
    other_key: '{{config event_name="CardWasShipped" unique_key="user_id"}}\nselect user_id, event_created_at from {{events}}',
  };

  it('follows the model: row-wise models by event, others by day, an explicit setting wins; another unique key keeps days', () => {
    const ctx = compiledContext(projects.make({ models: MODELS }), new Date('2026-11-23T00:00:00Z'));
    const by = (name: string): boolean => correctsByEvents(ctx, ctx.compiled.models.get(name)!);
    expect([by('plain'), by('ranked'), by('forced_days'), by('forced_events'), by('other_key')]).toEqual([true, false, false, true, false]);
  });

  it('refuses corrections="events" with another unique key, naming the setting', () => {
    expect(() => compiledContext(projects.make({ models: { bad: '{{config event_name="X" unique_key="user_id" corrections="events"}}\nselect user_id, event_created_at from {{events}}' } }), new Date())).toThrow(/corrections="events" needs unique_key "event_id"/);
  });
});
