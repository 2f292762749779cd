/**
 * The types shared by the template environment and its helpers: what a render sees, and the part of the
 * environment helpers use. Their own file so that helpers.ts and template-env.ts import each other in one direction.
 */
import type Handlebars from 'handlebars';
import type { Vars } from '../config/schema';
import type { TargetAdapter } from './target-adapter';
import type { Dialect, TimestampText } from './dialect';
import type { DayRange } from './days';
import type { ParamBinder } from './params';
import type { Sql } from './sql';

/** What helpers may read while a template renders. */
export interface RenderState {
  readonly asOf: Date;
  readonly vars: Vars;
  /** Set while a stage model renders: what `{{events}}` stands for. */
  readonly model?: {
    readonly eventName: string;
    readonly ranges: readonly DayRange[] | null;
    /** Also the events with side-table rows written in these bounds, wherever they land outside `ranges`. */
    readonly touched?: TouchedEvents | null;
    /** The other days holding copies of the ids in `ranges`, by the copy index (null or absent: not looked up). */
    readonly copyRanges?: readonly DayRange[] | null;
    /** The benchmark's floor: the model over the original, without the semantics. */
    readonly floor?: boolean;
    /** Renders `{{events}}` as a bare name, so the model's own SQL can be inspected (or given an `events` CTE). */
    readonly probe?: boolean;
  };
  /** Set while an operation renders: its lookups of the copy index (rebuild/copy-index.ts). */
  readonly copies?: CopyLookups;
  /** Set while one batch of a batched operation renders: the days `{{batch_filter}}` keeps. */
  readonly batch?: readonly DayRange[];
  /** Set while the package's private SQL renders: the fragments it dispatches are the package's, not a project's. */
  readonly packageSql?: boolean;
}

/**
 * An operation's lookups of the copy index: the effective sets limited to days that searched every other day for
 * copies (`asked`, filled while rendering), and the other days holding those copies (`found`, by `copyKey`).
 */
export interface CopyLookups {
  readonly asked: Array<{ readonly eventName: string; readonly ranges: readonly DayRange[] }>;
  readonly found: ReadonlyMap<string, readonly DayRange[]>;
}

/** The key of one lookup: an event name and its day ranges. */
export function copyKey(eventName: string, ranges: readonly DayRange[]): string {
  return `${eventName}|${ranges.map((r) => `${r.start.toISOString()}/${r.end.toISOString()}`).join(',')}`;
}

/** The events a targeted run replaces one by one: those with side-table rows written in (since, upto]. */
export interface TouchedEvents {
  readonly since: TimestampText;
  readonly upto: TimestampText;
  /**
   * Their ids, when the planner read them already and they are few (TOUCHED_IDS_INLINE at most), on a target that
   * bills each scan (BigQuery): written as a parameter instead of read from the side tables again by every statement.
   * Read only for models whose stage rows sit on their event's day (rebuild/row-wise.ts partitionFollowsEvents), which
   * the moved-key delete of rebuild/replace_days relies on; null otherwise.
   */
  readonly ids?: readonly string[] | null;
}

/** The quoted names of the configured tables, ready for templates. */
export interface QuotedTables {
  readonly original: Sql;
  readonly exceptions: Sql;
  readonly exclusions: Sql;
  readonly framework_schema: Sql;
  readonly stage_schema: Sql;
}

/** What helpers see of the template environment (implemented by TemplateEnv). */
export interface HelperEnv {
  readonly hb: typeof Handlebars;
  readonly dialect: Dialect;
  /** The target's strategies, which templates read at compile time (e.g. whether OR-ed ranges are pruned). */
  readonly adapter: TargetAdapter;
  readonly tables: QuotedTables;
  readonly binder: ParamBinder;
  /** Renders the dispatched template `name` for this dialect (falling back to the default one). */
  dispatch(name: string, context: object, state: RenderState): Sql;
}
