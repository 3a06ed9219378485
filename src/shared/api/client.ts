import type { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../errors';
import { User } from '../domain/user';
import {
  OkResponse,
  SetupStatus,
  TokenPair,
  type AcceptInviteRequest,
  type LoginRequest,
  type SetupRequest,
} from './auth';

type Body<S extends z.ZodType> = z.input<S>;

/** Where the refresh token survives a reload (localStorage in the browser, memory in tests). */
export interface RefreshTokenStore {
  read(): string | null;
  /** Keeps a new token (null: forget it) and the user it belongs to. */
  write(token: string | null, user?: User | null): void;
  /**
   * The user the stored token belongs to, where the store keeps it (the tray's remembered sign-in):
   * lets `resume` sign in offline as them when the server cannot be reached.
   */
  readUser?(): User | null;
}

/** How a refresh went: a new token pair, a refusal (sign in again), or no answer (try later). */
type RefreshOutcome = 'refreshed' | 'refused' | 'unreachable';

/** Codes the client adds to the server's: the server could not be reached, or answered nonsense. */
export type ClientErrorCode = ErrorCode | 'network' | 'bad_response';

/** A refused or failed API call; `message` is a sentence to show the user. */
export class ApiError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly status: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Whether a value is an ApiError with the given code. */
export function isApiError(err: unknown, code?: ClientErrorCode): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}

export interface TandemClientOptions {
  /** Server origin, e.g. `https://help.example.com`; '' means the page's own origin. */
  baseUrl: string;
  refreshTokens: RefreshTokenStore;
  /** Injected for tests and runtimes without a global fetch. */
  fetch?: typeof fetch;
}

type Listener = (user: User | null) => void;

/**
 * The HTTP API client of the console and tray renderers. It keeps the access token in memory only,
 * the refresh token in the store it is given, refreshes once when the server says `token_expired`
 * and retries, and turns every refusal into an ApiError carrying the server's sentence.
 */
export class TandemClient {
  private accessToken: string | null = null;
  private currentUser: User | null = null;
  private refreshing: Promise<RefreshOutcome> | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: TandemClientOptions) {
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** The signed-in user, or null. */
  get user(): User | null {
    return this.currentUser;
  }

  /** The current access token (memory only), for other channels such as the sync stream. */
  get accessTokenNow(): string | null {
    return this.accessToken;
  }

  /**
   * Gets a new access token through the same single-flight refresh as the client's own calls (a
   * refresh token works once); throws when the user must sign in again.
   */
  async refreshAccessToken(): Promise<string> {
    const outcome = await this.refresh();
    // A server that cannot be reached is not a sign-out: the caller tries again later.
    if (outcome === 'unreachable') throw new ApiError('network', 'The Tandem server cannot be reached. Check your connection and try again.', 0);
    if (outcome !== 'refreshed' || !this.accessToken) throw new ApiError('unauthenticated', 'Your session has ended. Sign in again.', 401);
    return this.accessToken;
  }

  /** Whether the user is signed in from the remembered sign-in without the server having confirmed it yet. */
  get offline(): boolean {
    return this.currentUser !== null && this.accessToken === null;
  }

  /** Calls `listener` whenever the signed-in user changes; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Signs in; throws ApiError `totp_required` when a second factor must be added to the request. */
  async signIn(request: LoginRequest): Promise<User> {
    const pair = await this.send('POST', '/api/auth/login', request, TokenPair, false);
    return this.adopt(pair);
  }

  /**
   * Restores a session from the stored refresh token; null when there is none or it is spent. When
   * the server cannot be reached and the store remembers the token's user, signs in offline as that
   * user (no access token; `offline` is true) so an app can work on its local data; the first
   * refresh that reaches the server completes the session, or ends it if the token was refused.
   */
  async resume(): Promise<User | null> {
    if (!this.options.refreshTokens.read()) return null;
    const outcome = await this.refresh();
    if (outcome === 'refreshed') return this.currentUser;
    if (outcome === 'refused') return null;
    const remembered = this.options.refreshTokens.readUser?.() ?? null;
    if (remembered) this.setUser(remembered);
    return remembered;
  }

  /** Creates the first admin with the one-time setup token, and signs in as them. */
  async completeSetup(request: Body<typeof SetupRequest>): Promise<User> {
    return this.adopt(await this.send('POST', '/api/setup', request, TokenPair, false));
  }

  /** Whether the server still waits for its first admin. */
  async setupStatus(): Promise<boolean> {
    return (await this.send('GET', '/api/setup', undefined, SetupStatus, false)).needsSetup;
  }

  /** Sets the password of an invited account and signs in. */
  async acceptInvite(request: Body<typeof AcceptInviteRequest>): Promise<User> {
    return this.adopt(await this.send('POST', '/api/auth/accept-invite', request, TokenPair, false));
  }

  /** Reloads the signed-in user (after enrolling two-factor, say). */
  async reloadUser(): Promise<User> {
    const user = await this.get('/api/auth/me', User);
    this.setUser(user);
    return user;
  }

  /** Signs this session out. The local session ends even when the server cannot be reached. */
  async signOut(): Promise<void> {
    try {
      if (this.accessToken) await this.post('/api/auth/logout', {}, OkResponse);
    } finally {
      this.forget();
    }
  }

  /** Signs out every session of this account, this one included. */
  async signOutEverywhere(): Promise<void> {
    try {
      await this.send('POST', '/api/auth/logout-all', {}, undefined, true);
    } finally {
      this.forget();
    }
  }

  /** GET a path and parse the answer with `schema`. */
  get<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
    return this.send('GET', path, undefined, schema, true);
  }

  /** POST a JSON body and parse the answer with `schema`. */
  post<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
    return this.send('POST', path, body, schema, true);
  }

  /** DELETE a path and parse the answer with `schema`. */
  delete<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
    return this.send('DELETE', path, undefined, schema, true);
  }

  /** PATCH a JSON body and parse the answer with `schema`. */
  patch<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
    return this.send('PATCH', path, body, schema, true);
  }

  private async send<S extends z.ZodType>(
    method: string,
    path: string,
    body: unknown,
    schema: S | undefined,
    authenticated: boolean,
  ): Promise<z.infer<S>> {
    // Signed in offline (see resume): get an access token first, or the server's 401 would sign us out.
    if (authenticated && this.offline) await this.refresh();
    let response = await this.call(method, path, body, authenticated);
    if (authenticated && response.status === 401) {
      const error = await readError(response);
      if (error.code !== 'token_expired' || (await this.refresh()) !== 'refreshed') {
        if (error.code !== 'token_expired') this.forget();
        throw error;
      }
      response = await this.call(method, path, body, authenticated);
    }
    if (!response.ok) {
      const error = await readError(response);
      // A session the server no longer accepts is over here too.
      if (authenticated && error.status === 401) this.forget();
      throw error;
    }
    const json: unknown = await response.json().catch(() => undefined);
    if (!schema) return json as z.infer<S>;
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError('bad_response', 'The server sent an answer this app does not understand. Update the app or ask your admin.', response.status);
    }
    return parsed.data;
  }

  private async call(method: string, path: string, body: unknown, authenticated: boolean): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (authenticated && this.accessToken) headers.authorization = `Bearer ${this.accessToken}`;
    try {
      return await this.fetchImpl(`${this.options.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch {
      throw new ApiError('network', 'The Tandem server cannot be reached. Check your connection and try again.', 0);
    }
  }

  /** Trades the refresh token for a new pair; concurrent callers share one attempt. */
  private refresh(): Promise<RefreshOutcome> {
    this.refreshing ??= (async (): Promise<RefreshOutcome> => {
      const refreshToken = this.options.refreshTokens.read();
      if (!refreshToken) return 'refused';
      try {
        this.adopt(await this.send('POST', '/api/auth/refresh', { refreshToken }, TokenPair, false));
        return 'refreshed';
      } catch (err) {
        // No answer (network, or a proxy's 5xx while the server is down) keeps the token for a
        // later try; a refusal means the session is over.
        if (isApiError(err, 'network') || (isApiError(err) && err.status >= 500)) return 'unreachable';
        this.forget();
        return 'refused';
      }
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private adopt(pair: TokenPair): User {
    this.accessToken = pair.accessToken;
    this.options.refreshTokens.write(pair.refreshToken, pair.user);
    this.setUser(pair.user);
    return pair.user;
  }

  private forget(): void {
    this.accessToken = null;
    this.options.refreshTokens.write(null, null);
    this.setUser(null);
  }

  private setUser(user: User | null): void {
    if (this.currentUser === user) return;
    this.currentUser = user;
    for (const listener of this.listeners) listener(user);
  }
}

/** A memory-only refresh token store (tests, and windows that must not persist a session). */
export function memoryRefreshTokens(initial: string | null = null): RefreshTokenStore {
  let token = initial;
  return { read: () => token, write: (value) => void (token = value) };
}

async function readError(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  const error = (body as { error?: { code?: unknown; message?: unknown; retryAfterSeconds?: unknown } } | undefined)?.error;
  const code = typeof error?.code === 'string' && error.code in ERROR_CODES ? (error.code as ErrorCode) : 'internal';
  const message =
    typeof error?.message === 'string' && error.message
      ? error.message
      : `The server could not complete this (HTTP ${response.status}). Try again in a moment.`;
  const retry = typeof error?.retryAfterSeconds === 'number' ? error.retryAfterSeconds : undefined;
  return new ApiError(code, message, response.status, retry);
}
