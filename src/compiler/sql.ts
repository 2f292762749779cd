/** A fragment of SQL text that is already safe: helpers return it, and templates emit it verbatim. */
export class Sql {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
  toHTML(): string {
    return this.text;
  }
}

export function sql(text: string): Sql {
  return new Sql(text);
}

/** One statement to send to the warehouse, with its bound parameters (named, for dialects that bind them). */
export interface Statement {
  readonly sql: string;
  readonly params: Readonly<Record<string, unknown>>;
}
