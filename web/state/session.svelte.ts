/**
 * Who is logged in (GET /api/auth/me), the login dialog and the CSRF token for the API client.
 * A login or logout reloads the page: every layer then loads what the new role may see.
 */
import { authApi, type Me } from '../api/auth.js';
import { authHooks } from '../api/client.js';

export class Session {
  me = $state.raw<Me | null>(null);
  dialogOpen = $state(false);
  /** Why the dialog was opened (the 401's detail), shown above the form. */
  reason = $state<string | null>(null);
  /** A request needed a login: the header shows a hint with the login button. */
  loginHint = $state(false);
  /** GET /api/auth/me has answered (or failed): until then nobody knows what the caller may see. */
  loaded = $state(false);

  get authenticated(): boolean {
    return this.me?.authenticated ?? false;
  }
  get mustChangePassword(): boolean {
    return this.me?.user?.mustChangePassword ?? false;
  }
  can(permission: string): boolean {
    return (this.me?.permissions as string[] | undefined)?.includes(permission) ?? false;
  }

  set(me: Me): void {
    this.me = me;
    authHooks.csrfToken = me.csrfToken;
  }

  async load(): Promise<void> {
    try {
      this.set(await authApi.me());
    } catch {
      /* the public view works without it */
    }
    this.loaded = true;
    if (this.mustChangePassword) this.dialogOpen = true;
  }

  ask(reason: string | null = null): void {
    if (this.authenticated && !this.mustChangePassword) return;
    this.reason = reason;
    this.dialogOpen = true;
  }

  async login(username: string, password: string): Promise<void> {
    const me = await authApi.login(username, password);
    // Not set before the reload: the new permissions would start loading layers on a page that
    // is about to go (a wasted request, cut off by the reload).
    if (!me.user?.mustChangePassword) return location.reload();
    this.set(me);
  }

  async changePassword(current: string, next: string): Promise<void> {
    await authApi.changePassword(current, next);
    location.reload();
  }

  async logout(): Promise<void> {
    await authApi.logout().catch(() => undefined);
    location.reload();
  }
}

export const session = new Session();
// A 401 that asks for a login (not a failed login itself) offers the login dialog.
authHooks.onLoginRequired = (detail) => {
  if (!session.dialogOpen) {
    session.reason = detail;
    session.loginHint = true;
  }
};
