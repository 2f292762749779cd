export interface PgServer {
  readonly dir: string;
  readonly data: string;
  readonly url: string;
}
export function startServer(): Promise<PgServer>;
export function stopServer(server: PgServer): void;
export const PASSWORD_USER: string;
export const PASSWORD: string;
