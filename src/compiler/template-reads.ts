/** Blocks that render their body with another context (`{{#each xs}}` → each item): names inside are not top-level. */
const CONTEXT_BLOCKS = new Set(['each', 'with']);

interface Scope {
  /** How many context-changing blocks enclose the node. */
  readonly depth: number;
  readonly blockParams: ReadonlySet<string>;
}

/**
 * The top-level context names a parsed template reads (`{{model}}`, `{{#each ranges}}`, `../alias` or
 * `@root.partition_by` from inside a block), leaving out `tables`, helper names, `@data` and block params:
 * what its callers must pass.
 */
export function contextReads(ast: hbs.AST.Program): Set<string> {
  const reads = new Set<string>();
  program(ast, { depth: 0, blockParams: new Set() }, reads);
  reads.delete('tables');
  return reads;
}

function program(p: hbs.AST.Program | undefined, scope: Scope, reads: Set<string>): void {
  for (const node of p?.body ?? []) statement(node, scope, reads);
}

function statement(node: hbs.AST.Statement, scope: Scope, reads: Set<string>): void {
  if (node.type === 'MustacheStatement') call(node as hbs.AST.MustacheStatement, scope, reads);
  if (node.type !== 'BlockStatement') return;
  const block = node as hbs.AST.BlockStatement;
  call(block, scope, reads);
  const helper = block.path.type === 'PathExpression' ? (block.path as hbs.AST.PathExpression).original : '';
  const params = new Set([...scope.blockParams, ...(block.program?.blockParams ?? [])]);
  program(block.program, { depth: scope.depth + (CONTEXT_BLOCKS.has(helper) ? 1 : 0), blockParams: params }, reads);
  program(block.inverse, scope, reads);
}

/** A call's callee is a helper; its arguments and hash values are reads. */
function call(c: { params: hbs.AST.Expression[]; hash?: hbs.AST.Hash }, scope: Scope, reads: Set<string>): void {
  for (const e of [...c.params, ...(c.hash?.pairs ?? []).map((p) => p.value)]) expression(e, scope, reads);
}

function expression(e: hbs.AST.Expression, scope: Scope, reads: Set<string>): void {
  if (e.type === 'SubExpression') return call(e as hbs.AST.SubExpression, scope, reads);
  if (e.type !== 'PathExpression') return;
  const p = e as hbs.AST.PathExpression;
  if (p.data) {
    if (p.parts[0] === 'root' && p.parts[1] !== undefined) reads.add(p.parts[1]);
    return;
  }
  const head = p.parts[0];
  const own = !/^(this\b|\.\.\/|\.\/)/.test(p.original);
  if (head === undefined || scope.depth - p.depth !== 0 || (own && scope.blockParams.has(head))) return;
  reads.add(head);
}
