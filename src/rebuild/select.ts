import type { ModelDef } from '../compiler/project';
import type { RunContext } from '../compiler/statements';
import { UsageError } from '../errors';
import { didYouMean } from '../suggest';

/**
 * dbt-style model selection, the one used by run, check, plan run, compile, compile run, changes initial-sync and ls.
 * A term is `name`, a wildcard (`payment*`, `*_shipped`, `?`), `tag:finance` (from `{{config tags=[…]}}`) or
 * `event:CardWasShipped` (wildcards too). Values separated by spaces, or given as several `--select`s, are a union;
 * `a,b` is an intersection (`tag:finance,event:Payment*`). `--exclude` takes the same terms and removes its models.
 * `event:X+` (dbt's "and what it feeds") means the same as `event:X`: a model reads one event name and nothing reads
 * a model, so there is no graph to walk; `+` elsewhere is refused rather than silently ignored.
 * A term that matches no model is bad usage (exit 2), with a did-you-mean.
 */
export interface Selection {
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
}

/** The models a selection picks, in project order (all when nothing is selected), or a UsageError. */
export function selectModels(ctx: RunContext, select: readonly string[] | undefined, exclude?: readonly string[]): ModelDef[] {
  const all = [...ctx.compiled.models.values()];
  const names = (): string => all.map((m) => m.name).join(', ') || '(none)';
  if (select && terms(select).length === 0) throw new UsageError(`--select: name at least one model; models: ${names()}`);
  const picked = select ? union(all, terms(select), '--select') : new Set(all);
  const dropped = exclude ? union(all, terms(exclude), '--exclude') : new Set<ModelDef>();
  const result = all.filter((m) => picked.has(m) && !dropped.has(m));
  if (exclude && result.length === 0) throw new UsageError(`--exclude: removes every selected model; models: ${names()}`);
  return result;
}

/** Every term of the option's values (`-s 'a b' -s c` → a, b, c). */
function terms(values: readonly string[]): string[] {
  return values.flatMap((v) => String(v).split(/\s+/)).filter((t) => t !== '');
}

function union(all: readonly ModelDef[], list: readonly string[], option: string): Set<ModelDef> {
  const out = new Set<ModelDef>();
  for (const term of list) {
    const parts = term.split(',').filter((p) => p !== '');
    const hit = all.filter((m) => parts.every((p) => matches(m, p, option)));
    if (hit.length === 0) {
      const what = /^[A-Za-z0-9_]+$/.test(term) ? `no model named '${term}'` : `'${term}' matches no model`;
      throw new UsageError(`${option}: ${what}${suggestion(term, parts, all)}`);
    }
    for (const m of hit) out.add(m);
  }
  return out;
}

function matches(m: ModelDef, part: string, option: string): boolean {
  const colon = part.indexOf(':');
  const method = colon < 0 ? '' : part.slice(0, colon);
  let value = colon < 0 ? part : part.slice(colon + 1);
  if (method === 'event' && value.endsWith('+')) value = value.slice(0, -1);
  if (value.includes('+')) {
    throw new UsageError(`${option}: '${part}': '+' (dbt's graph operator) means something only as event:<name>+ (the models fed by that event name, the same as event:<name>); no model reads another`);
  }
  if (method === '') return glob(value).test(m.name);
  if (method === 'tag') return (m.config.tags ?? []).some((t) => glob(value).test(t));
  if (method === 'event') return glob(value).test(m.config.event_name);
  throw new UsageError(`${option}: unknown selector method '${method}'${didYouMean(method, METHODS)}; methods: ${METHODS.join(', ')} (or a model name or wildcard)`);
}

const METHODS = ['tag', 'event'];

/** `payment*` → /^payment.*$/ (`*` any run, `?` one character; everything else literal). */
function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** The did-you-mean and the list that fits the term's method: models, tags or event names. */
function suggestion(term: string, parts: readonly string[], all: readonly ModelDef[]): string {
  const part = parts.length === 1 ? parts[0]! : term;
  const [method, value] = part.includes(':') ? [part.slice(0, part.indexOf(':')), part.slice(part.indexOf(':') + 1)] : ['', part];
  const pool = method === 'tag' ? [...new Set(all.flatMap((m) => m.config.tags ?? []))].sort() : method === 'event' ? [...new Set(all.map((m) => m.config.event_name))] : all.map((m) => m.name);
  const label = method === 'tag' ? 'tags' : method === 'event' ? 'event names' : 'models';
  const hint = didYouMean(value.replace(/\+$/, ''), pool);
  return `${hint.replace(/'(.*)'/, (_q, c: string) => `'${method ? `${method}:` : ''}${c}'`)}; ${label}: ${pool.join(', ') || '(none)'}`;
}
